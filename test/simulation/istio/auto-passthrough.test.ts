import { destinationRule, istioGateway } from './istio-objects';
import { service, simulate } from '../helpers';

/** An east-west gateway: AUTO_PASSTHROUGH on 15443 for every `.local` host. */
const eastWest = istioGateway([{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, hosts: ['*.local'], tls: { mode: 'AUTO_PASSTHROUGH' } }],
  'cross-network-gateway', 'istio-system', { istio: 'eastwestgateway' });
const objects = [eastWest, service('reviews', 'app', [9080]), destinationRule('reviews', { subsets: [{ name: 'v2', labels: { version: 'v2' } }] })];

describe('AUTO_PASSTHROUGH: the SNI names the cluster', () => {
  const sim = simulate(objects);

  test('outbound_.<port>_._.<host> reaches the Service port; with a subset, that subset', () => {
    const d = sim.request({ protocol: 'tls', port: 15443, sni: 'outbound_.9080_._.reviews.app.svc.cluster.local' });
    expect(d).toMatchObject({ status: 200, listener: 'tls', backendNames: ['reviews'] });
    expect(d.route).toBeUndefined();
    expect(d.backends[0]).toEqual(expect.objectContaining({ namespace: 'app', name: 'reviews', port: 9080, share: 1 }));
    expect(d.notes.join('\n')).toMatch(/AUTO_PASSTHROUGH: the SNI names the cluster/);
    const v2 = sim.request({ protocol: 'tls', port: 15443, sni: 'outbound_.9080_.v2_.reviews.app.svc.cluster.local' });
    expect(v2).toMatchObject({ status: 200 });
    expect(v2.backends[0].subset).toBe('v2');
  });

  test('an SNI that is not a cluster name, a host the server does not expose, or a missing subset closes the connection', () => {
    const plain = sim.request({ protocol: 'tls', port: 15443, sni: 'reviews.app.svc.cluster.local' });
    expect(plain.status).toBe(0);
    expect(plain.reason).toMatch(/must name an Istio cluster, outbound_\.<port>_\.<subset>_\.<host>/);
    const other = simulate([{ ...eastWest, spec: { ...eastWest.spec, servers: [{ ...eastWest.spec.servers[0], hosts: ['*.example.com'] }] } }, ...objects.slice(1)])
      .request({ protocol: 'tls', port: 15443, sni: 'outbound_.9080_._.reviews.app.svc.cluster.local' });
    expect(other.status).toBe(0);
    const missing = sim.request({ protocol: 'tls', port: 15443, sni: 'outbound_.9080_.v9_.reviews.app.svc.cluster.local' });
    expect(missing.status).toBe(0);
    expect(missing.reason).toMatch(/v9/);
  });
});
