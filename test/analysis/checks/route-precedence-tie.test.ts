import { listenerSetYaml, run, summary, FIXTURES } from './helpers';
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

  const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }] }
`;
  const route = (ns: string, name: string, rule: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${ns} }
spec: { parentRefs: [{ name: edge, namespace: infra }], hostnames: [shop.example.com], rules: [${rule}] }
`;
  const findingsOf = (...routes: string[]) => routePrecedenceTie.run(ManifestSet.fromYaml(gw + routes.join(''))).map((f) => `${f.object} ${f.path}`);

  test.each([
    ['the same backend name in two namespaces is two backends',
      [route('team-a', 'web', '{ backendRefs: [{ name: web, port: 80 }] }'), route('team-b', 'web', '{ backendRefs: [{ name: web, port: 80 }] }')],
      ['HTTPRoute team-b/web spec.rules[0]']],
    ['spelled-out defaults are the same backend',
      [route('shop', 'a', '{ matches: [{ path: { type: PathPrefix, value: /api } }], backendRefs: [{ name: api, port: 80 }] }'),
        route('shop', 'b', '{ matches: [{ path: { type: PathPrefix, value: /api/ } }], '
          + 'backendRefs: [{ group: "", kind: Service, name: api, namespace: shop, port: 80, weight: 1 }] }')],
      []],
    ['regular expressions of different lengths are ranked by length',
      [route('shop', 'a', '{ matches: [{ path: { type: RegularExpression, value: "/api/v[0-9]+/.*" } }], backendRefs: [{ name: a, port: 80 }] }'),
        route('shop', 'b', '{ matches: [{ path: { type: RegularExpression, value: "/static/.*" } }], backendRefs: [{ name: b, port: 80 }] }')],
      []],
    ['regular expressions of equal length tie',
      [route('shop', 'a', '{ matches: [{ path: { type: RegularExpression, value: "/a/.*" } }], backendRefs: [{ name: a, port: 80 }] }'),
        route('shop', 'b', '{ matches: [{ path: { type: RegularExpression, value: "/b/.*" } }], backendRefs: [{ name: b, port: 80 }] }')],
      ['HTTPRoute shop/b spec.rules[0].matches[0]']],
  ])('%s', (_title, routes, expected) => {
    expect(findingsOf(...routes)).toEqual(expected);
  });

  test('a match that ties with many routes names three and counts the rest', () => {
    const routes = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => route('shop', n, `{ backendRefs: [{ name: ${n}, port: 80 }] }`));
    const all = routePrecedenceTie.run(ManifestSet.fromYaml(gw + routes.join('')));
    const f = all.find((x) => x.object === 'HTTPRoute shop/f')!;
    expect(f.message).toContain('ties with HTTPRoute shop/a spec.rules[0] (and with HTTPRoute shop/b, HTTPRoute shop/c, HTTPRoute shop/d and 1 more)');
  });

  test('routes attached to a ListenerSet listener tie there too, and the finding names the ListenerSet', () => {
    const yaml = listenerSetYaml({
      gatewayNamespace: 'infra',
      from: 'All',
      listenerSetNamespace: 'shop',
      listener: '{ name: extra, port: 8080, protocol: HTTP, hostname: Shop.Example.com }',
      routes: [{ namespace: 'shop', name: 'a' }, { namespace: 'shop', name: 'b' }],
    });
    const all = routePrecedenceTie.run(ManifestSet.fromYaml(yaml));
    expect(all.map((f) => `${f.object} ${f.path}`)).toEqual(['HTTPRoute shop/b spec.rules[0]']);
    expect(all[0].message).toContain('for host "shop.example.com" on listener "extra" of ListenerSet shop/team');
  });

  test('no finding on a correct app', () => {
    expect(run(routePrecedenceTie, 'valid-app.yaml')).toEqual([]);
  });
});
