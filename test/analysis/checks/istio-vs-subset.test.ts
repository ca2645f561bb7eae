import { destinationRule, httpServer, istioGateway, runOn, service, summaryOn, to, virtualService } from './istio-objects';
import { istioVirtualServiceSubset } from '../../../src/analysis/checks/istio-vs-subset';

const gateway = istioGateway('bookinfo-gateway', 'istio-system', [httpServer(['bookinfo.example.com'])]);
const productpage = service('productpage', 'default');
const dr = (subsets: string[], extra: any = {}) => destinationRule('productpage', 'default', {
  host: 'productpage', subsets: subsets.map((name) => ({ name, labels: { version: name } })), ...extra,
});
const bookinfo = (http: any[], extra: any = {}) => virtualService('bookinfo', 'default', {
  hosts: ['bookinfo.example.com'], gateways: ['istio-system/bookinfo-gateway'], http, ...extra,
});
const run = (objects: any[]) => runOn(istioVirtualServiceSubset, objects);

describe('IGW1060 VirtualService destination subset not defined by the DestinationRule of its host', () => {
  test('seed 002: subset v1 defined by the DestinationRule in the Service namespace, seen from the gateway namespace: nothing', () => {
    expect(run([gateway, productpage, dr(['v1']), bookinfo([{ route: [to('productpage', 'v1')] }])])).toEqual([]);
  });

  test('short and FQDN hosts on either side resolve to the same host: nothing', () => {
    const fqdnDr = destinationRule('pp', 'default', { host: 'productpage.default.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    expect(run([gateway, productpage, fqdnDr, bookinfo([{ route: [to('productpage.default.svc.cluster.local', 'v1')] }])])).toEqual([]);
    expect(run([gateway, productpage, fqdnDr, bookinfo([{ route: [to('productpage', 'v1')] }])])).toEqual([]);
  });

  test('a destination without subset needs no DestinationRule', () => {
    expect(run([gateway, productpage, bookinfo([{ route: [to('productpage')] }])])).toEqual([]);
  });

  test('fails when the DestinationRule does not define the subset: names the rule, its subsets and a near name', () => {
    expect(run([gateway, productpage, dr(['v1']), bookinfo([{ route: [to('productpage', 'v1', 9080), { ...to('productpage', 'v2'), weight: 10 }] }])])).toEqual([
      'error IGW1060 VirtualService default/bookinfo spec.http[0].route[1].destination.subset: subset "v2" of host "productpage" is not defined by '
      + 'DestinationRule default/productpage, the rule Istio applies to productpage.default.svc.cluster.local for gateways in namespace "istio-system" '
      + '(its subsets: "v1"); requests routed there get 503 (fix: did you mean "v1"? add subset "v2" to DestinationRule default/productpage, or route to one of its subsets)',
    ]);
  });

  test('fails when no DestinationRule exists for the host', () => {
    const lines = run([gateway, productpage, bookinfo([{ route: [to('productpage', 'v1')] }])]);
    expect(lines).toEqual([
      'error IGW1060 VirtualService default/bookinfo spec.http[0].route[0].destination.subset: subset "v1" of host "productpage" '
      + '(productpage.default.svc.cluster.local) is defined by no DestinationRule visible to gateways in namespace "istio-system"; requests routed there get 503 '
      + '(fix: add a DestinationRule with host "productpage.default.svc.cluster.local" and subset "v1" (labels selecting that version\'s pods), or remove the subset)',
    ]);
  });

  test('fails when the DestinationRule is not exported to the gateway namespace; a mesh VirtualService in its namespace sees it', () => {
    const privateDr = dr(['v1'], { exportTo: ['.'] });
    const lines = run([gateway, productpage, privateDr, bookinfo([{ route: [to('productpage', 'v1')] }])]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('(DestinationRule default/productpage defines it but is not exported to "istio-system")');
    expect(lines[0]).toContain('fix: add "istio-system" (or "*") to spec.exportTo of DestinationRule default/productpage');
    const mesh = virtualService('pp', 'default', { hosts: ['productpage'], http: [{ route: [to('productpage', 'v1')] }] });
    expect(run([productpage, privateDr, mesh])).toEqual([]);
  });

  test('mirror, mirrors, tls and tcp destinations are checked too', () => {
    const vs = bookinfo([{
      route: [to('productpage', 'v1')],
      mirror: { host: 'productpage', subset: 'shadow' },
      mirrors: [{ destination: { host: 'productpage', subset: 'v3' } }],
    }], {
      tls: [{ match: [{ sniHosts: ['bookinfo.example.com'] }], route: [to('productpage', 'tls')] }],
      tcp: [{ route: [to('productpage', 'v1'), to('productpage', 'tcp')] }],
    });
    expect(summaryOn(istioVirtualServiceSubset, [gateway, productpage, dr(['v1']), vs])).toEqual([
      'error IGW1060 VirtualService default/bookinfo spec.http[0].mirror.subset',
      'error IGW1060 VirtualService default/bookinfo spec.http[0].mirrors[0].destination.subset',
      'error IGW1060 VirtualService default/bookinfo spec.tcp[0].route[1].destination.subset',
      'error IGW1060 VirtualService default/bookinfo spec.tls[0].route[0].destination.subset',
    ]);
  });

  test('a rule bound by match.gateways to mesh is seen from the VirtualService namespace', () => {
    const privateDr = dr(['v1'], { exportTo: ['.'] });
    const vs = bookinfo([{ match: [{ gateways: ['mesh'] }], route: [to('productpage', 'v1')] }], { gateways: ['istio-system/bookinfo-gateway', 'mesh'] });
    expect(run([gateway, productpage, privateDr, vs])).toEqual([]);
  });

  test('a delegate VirtualService is seen from the gateways of the VirtualService that delegates to it', () => {
    const root = bookinfo([{ match: [{ uri: { prefix: '/' } }], delegate: { name: 'pp', namespace: 'default' } }]);
    const delegate = virtualService('pp', 'default', { http: [{ route: [to('productpage', 'v9')] }] });
    expect(summaryOn(istioVirtualServiceSubset, [gateway, productpage, dr(['v1']), root, delegate])).toEqual([
      'error IGW1060 VirtualService default/pp spec.http[0].route[0].destination.subset',
    ]);
    expect(run([gateway, productpage, dr(['v9']), root, delegate])).toEqual([]);
  });
});
