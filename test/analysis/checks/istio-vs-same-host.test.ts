import { httpServer, httpsServer, istioGateway, runOn, summaryOn, to, virtualService } from './istio-objects';
import { istioVirtualServiceSameHost } from '../../../src/analysis/checks/istio-vs-same-host';

const gateway = istioGateway('gw', 'istio-system', [httpServer(['*']), httpsServer(['shop.example.com'])]);
const vs = (name: string, hosts: string[], http: any[], created?: string, namespace = 'shop', gateways = ['istio-system/gw']) =>
  virtualService(name, namespace, { hosts, gateways, http }, created ? { creationTimestamp: created } : {});
const run = (objects: any[]) => runOn(istioVirtualServiceSameHost, objects);

describe('IGW1062 two VirtualServices serve the same host', () => {
  test('one VirtualService per host, or different hosts: nothing', () => {
    expect(run([gateway, vs('a', ['a.example.com'], [{ route: [to('a')] }]), vs('b', ['b.example.com'], [{ route: [to('b')] }])])).toEqual([]);
    expect(run([gateway, vs('a', ['shop.example.com'], [{ route: [to('a')] }])])).toEqual([]);
  });

  test('warns on the later of two VirtualServices merged on a gateway, saying whose rules come first and what the catch-alls do', () => {
    const older = vs('zz-old', ['shop.example.com'], [{ match: [{ uri: { prefix: '/api' } }], route: [to('api')] }, { route: [to('web')] }], '2024-01-01T00:00:00Z');
    const newer = vs('aa-new', ['shop.example.com'], [{ match: [{ uri: { prefix: '/cart' } }], route: [to('cart')] }, { match: [{ uri: { prefix: '/' } }], route: [to('cart')] }],
      '2024-02-01T00:00:00Z');
    expect(run([gateway, older, newer])).toEqual([
      'warning IGW1062 VirtualService shop/aa-new spec.hosts[0]: VirtualService shop/zz-old also serves host "shop.example.com" on Gateway istio-system/gw port 80; '
      + 'Istio merges both into one virtual host, and the rules of shop/zz-old come first (it was created first (2024-01-01T00:00:00Z)), then these; '
      + 'the catch-all shop/zz-old spec.http[1] (no match) is moved after every other route, so it does not shadow these rules; '
      + 'this VirtualService\'s catch-all spec.http[1] comes after shop/zz-old spec.http[1] and is never used; where their other rules overlap, shop/zz-old wins '
      + '(fix: keep one VirtualService per host and gateway with its rules in the order you want, or give shop/aa-new its own host)',
    ]);
  });

  test('without timestamps name then namespace decide; a wildcard server host merges each concrete host', () => {
    const a = vs('a', ['x.example.com'], [{ match: [{ uri: { prefix: '/a' } }], route: [to('a')] }]);
    const b = vs('b', ['x.example.com'], [{ match: [{ uri: { prefix: '/b' } }], route: [to('b')] }]);
    const lines = run([gateway, b, a]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('VirtualService shop/b spec.hosts[0]: VirtualService shop/a also serves host "x.example.com"');
    expect(lines[0]).toContain('(without an earlier creationTimestamp, Istio orders by name, then namespace)');
    expect(lines[0]).not.toContain('catch-all');
  });

  test('a wildcard VirtualService host and a concrete one are different virtual hosts: nothing', () => {
    expect(run([gateway, vs('a', ['*.example.com'], [{ route: [to('a')] }]), vs('b', ['x.example.com'], [{ route: [to('b')] }])])).toEqual([]);
  });

  test('VirtualServices on different gateways do not merge', () => {
    const other = istioGateway('other', 'istio-system', [httpServer(['*'])]);
    expect(run([gateway, other, vs('a', ['x.example.com'], [{ route: [to('a')] }]),
      vs('b', ['x.example.com'], [{ route: [to('b')] }], undefined, 'shop', ['istio-system/other'])])).toEqual([]);
  });

  test('fails on the mesh: sidecars use only the oldest VirtualService for a host', () => {
    const a = vs('a', ['reviews'], [{ route: [to('reviews', 'v1')] }], '2024-01-01T00:00:00Z', 'shop', ['mesh']);
    const b = vs('b', ['reviews.shop.svc.cluster.local'], [{ route: [to('reviews', 'v2')] }], '2024-03-01T00:00:00Z', 'shop', ['mesh']);
    expect(run([a, b])).toEqual([
      'error IGW1062 VirtualService shop/b spec.hosts[0]: VirtualService shop/a also serves host "reviews.shop.svc.cluster.local" to sidecars (mesh); '
      + 'Istio does not merge VirtualServices for sidecars and uses only shop/a (it was created first (2024-01-01T00:00:00Z)), so this VirtualService is ignored for that host '
      + '(fix: move these rules into shop/a (in the order you want), or remove the host from one of them)',
    ]);
    expect(summaryOn(istioVirtualServiceSameHost, [a, vs('c', ['reviews'], [{ route: [to('reviews')] }], undefined, 'other', ['mesh'])])).toEqual([]);
  });
});
