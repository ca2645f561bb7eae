import { httpRoute, runOn, service, summaryOn, to, virtualService } from './istio-objects';
import { istioRouteVirtualServiceOverlap } from '../../../src/analysis/checks/istio-route-vs-overlap';

const reviews = service('reviews', 'shop');
const meshRoute = (parentRef: any, namespace = 'shop') => httpRoute('reviews', namespace, {
  parentRefs: [parentRef], rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }] }],
});
const meshVs = (hosts: string[], namespace = 'shop', gateways?: string[]) => virtualService('reviews', namespace, {
  hosts, ...(gateways ? { gateways } : {}), http: [{ route: [to('reviews.shop.svc.cluster.local', 'v1')] }],
});
const run = (objects: any[]) => runOn(istioRouteVirtualServiceOverlap, objects);

describe('IGW1064 HTTPRoute and VirtualService for the same Service in the mesh', () => {
  test('warns on the VirtualService: the HTTPRoute wins', () => {
    expect(run([reviews, meshRoute({ group: '', kind: 'Service', name: 'reviews', port: 9080 }), meshVs(['reviews'])])).toEqual([
      'warning IGW1064 VirtualService shop/reviews spec.hosts[0]: HTTPRoute shop/reviews (spec.parentRefs[0]) also routes mesh traffic to Service shop/reviews (host "reviews"); '
      + 'Istio does not merge them: sidecars use the HTTPRoute and ignore this VirtualService for that Service '
      + '(always for clients in namespace "shop"; for other clients the older of the two is used) '
      + '(fix: move the VirtualService\'s rules for Service shop/reviews into HTTPRoute shop/reviews (or delete the HTTPRoute), so one object owns mesh routing for the Service)',
    ]);
  });

  test('an FQDN or wildcard host in another namespace, and a consumer route, are the same Service', () => {
    expect(summaryOn(istioRouteVirtualServiceOverlap, [reviews,
      meshRoute({ group: '', kind: 'Service', name: 'reviews', namespace: 'shop' }, 'client'),
      meshVs(['reviews.shop.svc.cluster.local'], 'other', ['mesh']), virtualService('all', 'other', { hosts: ['*.shop.svc.cluster.local'], http: [{ route: [to('reviews.shop.svc.cluster.local')] }] })]))
      .toEqual(['warning IGW1064 VirtualService other/all spec.hosts[0]', 'warning IGW1064 VirtualService other/reviews spec.hosts[0]']);
  });

  test('no overlap: a gateway-only VirtualService, a Gateway parent, another Service, or a parentRef without group ""', () => {
    expect(run([reviews, meshRoute({ group: '', kind: 'Service', name: 'reviews' }), meshVs(['reviews'], 'shop', ['istio-system/gw'])])).toEqual([]);
    expect(run([reviews, meshRoute({ name: 'gw' }), meshVs(['reviews'])])).toEqual([]);
    expect(run([reviews, meshRoute({ group: '', kind: 'Service', name: 'ratings' }), meshVs(['reviews'])])).toEqual([]);
    expect(run([reviews, meshRoute({ kind: 'Service', name: 'reviews' }), meshVs(['reviews'])])).toEqual([]);
    expect(run([reviews, meshRoute({ group: '', kind: 'Service', name: 'reviews' }), meshVs(['reviews'], 'other')])).toEqual([]);
  });
});
