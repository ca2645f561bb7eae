import { run, summary, FIXTURES } from './helpers';
import { routePrecedenceTie } from '../../../src/analysis/checks/route-precedence-tie';
import { ManifestSet } from '../../../src/manifests/manifest-set';
import { TrafficSimulator } from '../../../src/simulation/traffic-simulator';

describe('IGW1022 matches of two routes tie on precedence, so creation order decides', () => {
  const findings = run(routePrecedenceTie, 'route-precedence-tie.yaml');

  test('reports each tied match once, on the route that loses, naming the winner and the other routes it ties with', () => {
    expect(summary(findings)).toEqual([
      'warning IGW1022 HTTPRoute shop/a-catch-all spec.rules[0].matches[0]',
      'warning IGW1022 HTTPRoute shop/payments spec.rules[0].matches[0]',
    ]);
    expect(findings[1].message).toBe('HTTPRoute shop/payments spec.rules[0].matches[0] ties with HTTPRoute shop/orders spec.rules[1].matches[0] '
      + '(and with HTTPRoute shop/orders-2) (PathPrefix /api) for host "shop.example.com" on listener "http" of Gateway shop/edge, and they route differently: the older route gets '
      + 'such requests, and HTTPRoute shop/orders when both are created in the same second, so the outcome depends on creation order and can '
      + 'flip when a route is recreated');
    expect(findings[1].fix).toBe('make one of the matches more specific (a longer path, a method, a header or query parameter), '
      + 'or put both rules into one HTTPRoute, where rule order decides');
    expect(findings[0].message).toMatch(/^HTTPRoute shop\/a-catch-all spec\.rules\[0\]\.matches\[0\] ties with HTTPRoute shop\/z-default spec\.rules\[0\] \(PathPrefix \/\) for host "\*\.example\.com" on listener "wild"/);
  });

  test('the simulator agrees: the winner gets the request', () => {
    const sim = TrafficSimulator.fromManifests(ManifestSet.fromPaths([`${FIXTURES}/route-precedence-tie.yaml`]), { assumeServicesExist: true });
    expect(sim.request({ host: 'shop.example.com', path: '/api/x' }).shareOf('orders')).toBe(1);
    expect(sim.request({ host: 'a.example.com', path: '/', port: 8080 }).shareOf('default')).toBe(1);
  });

  test('no finding on a correct app', () => {
    expect(run(routePrecedenceTie, 'valid-app.yaml')).toEqual([]);
  });
});
