import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';

const objects = (list: any[]) => ManifestSet.fromObjects(list, 'test');
const options = { assumeServicesExist: true };

const service = (name: string, selector: { [k: string]: string }, namespace = 'default') => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ name: 'http', port: 9080 }] },
});
const istioGateway = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'bookinfo-gateway', namespace: 'istio-system' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }] },
};
const vs = (route: any[]) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'bookinfo', namespace: 'default' },
  spec: { hosts: ['bookinfo.example.com'], gateways: ['istio-system/bookinfo-gateway'], http: [{ route }] },
});
const dest = (subset: string, weight?: number) => ({ destination: { host: 'productpage', subset, port: { number: 9080 } }, ...(weight === undefined ? {} : { weight }) });
const dr = (host = 'productpage', namespace = 'default') => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'productpage', namespace },
  spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
});
const gatewayApi = (backendRefs: any[], extra: any[] = []) => objects([
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'bookinfo-gateway', namespace: 'istio-system' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'bookinfo.example.com', allowedRoutes: { namespaces: { from: 'All' } } }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'bookinfo', namespace: 'default' },
    spec: { parentRefs: [{ name: 'bookinfo-gateway', namespace: 'istio-system' }], hostnames: ['bookinfo.example.com'], rules: [{ backendRefs }] },
  },
  ...extra,
]);
const ref = (name: string, weight?: number) => ({ name, port: 9080, ...(weight === undefined ? {} : { weight }) });
const perVersion = [service('productpage-v1', { app: 'productpage', version: 'v1' }), service('productpage-v2', { app: 'productpage', version: 'v2' })];
const old = (route: any[], drObject: any = dr()) => objects([istioGateway, vs(route), drObject, service('productpage', { app: 'productpage' })]);

describe('RoutingDiff.compare, backend aliases inferred from selectors', () => {
  test('a subset is compared as the new Service whose selector is the old selector plus the subset labels, and the note says so', () => {
    const r = RoutingDiff.compare(old([dest('v1', 90), dest('v2', 10)]), gatewayApi([ref('productpage-v1', 90), ref('productpage-v2', 10)], perVersion), options);
    expect(r.differences.map((d) => `${d.summary}: ${d.oldOutcome} | ${d.newOutcome}`)).toEqual([]);
    expect(r.equal).toBe(true);
    expect(r.notes).toContain('backend default/productpage#v1 is compared as default/productpage-v1: inferred, its selector is that of Service '
      + 'default/productpage plus the subset\'s labels version=v1 (give an alias to override)');
    expect(r.notes.filter((n) => n.includes('inferred'))).toHaveLength(2);
    expect(r.toText()).toContain('note: backend default/productpage#v2 is compared as default/productpage-v2: inferred');
  });

  test('a swapped canary is still caught after inference', () => {
    const r = RoutingDiff.compare(old([dest('v1', 90), dest('v2', 10)]), gatewayApi([ref('productpage-v1', 10), ref('productpage-v2', 90)], perVersion), options);
    expect(r.equal).toBe(false);
    expect(r.differences[0].oldOutcome).toBe('200 default/productpage-v1:9080 90%, default/productpage-v2:9080 10%');
  });

  test('explicit aliases win over the inferred ones (by subset and by Service)', () => {
    const next = gatewayApi([ref('productpage-v1')], perVersion);
    const bySubset = RoutingDiff.compare(old([dest('v1')]), next, { ...options, backendAliases: { 'default/productpage#v1': 'default/other' } });
    expect(bySubset.differences[0].oldOutcome).toBe('200 default/other:9080 100%');
    expect(bySubset.notes.filter((n) => n.includes('inferred'))).toEqual([]);
    const byService = RoutingDiff.compare(old([dest('v1')]), next, { ...options, backendAliases: { 'default/productpage': 'default/productpage-v1' } });
    expect(byService.equal).toBe(true);
    expect(byService.notes.filter((n) => n.includes('inferred'))).toEqual([]);
  });

  test('no inference when several Services fit (a note asks for an alias), none fits, or the Service is not in the input', () => {
    const twin = service('productpage-v1-copy', { version: 'v1', app: 'productpage' });
    const ambiguous = RoutingDiff.compare(old([dest('v1')]), gatewayApi([ref('productpage-v1')], [...perVersion, twin]), options);
    expect(ambiguous.differences[0].oldOutcome).toBe('200 default/productpage#v1:9080 100%');
    expect(ambiguous.notes).toContain('backend default/productpage#v1 was not given an alias: several Services of the new side select the subset\'s pods '
      + '(default/productpage-v1, default/productpage-v1-copy); give one with backendAliases / --alias');
    // a selector with an extra label is not the subset's pods
    const wider = RoutingDiff.compare(old([dest('v1')]), gatewayApi([ref('productpage-v1')], [service('productpage-v1', { app: 'productpage', version: 'v1', tier: 'x' })]), options);
    expect(wider.equal).toBe(false);
    // in another namespace
    const elsewhere = RoutingDiff.compare(old([dest('v1')]), gatewayApi([ref('productpage-v1')], [service('productpage-v1', { app: 'productpage', version: 'v1' }, 'other')]), options);
    expect(elsewhere.differences[0].oldOutcome).toBe('200 default/productpage#v1:9080 100%');
    const noService = RoutingDiff.compare(objects([istioGateway, vs([dest('v1')]), dr()]), gatewayApi([ref('productpage-v1')], perVersion), options);
    expect(noService.equal).toBe(false);
    expect(noService.notes.filter((n) => n.includes('alias'))).toEqual([]);
  });

  test('the subset is resolved with Istio\'s DestinationRule lookup (a DestinationRule for another host does not count)', () => {
    const fqdn = RoutingDiff.compare(old([dest('v1')], dr('productpage.default.svc.cluster.local')), gatewayApi([ref('productpage-v1')], perVersion), options);
    expect(fqdn.equal).toBe(true);
    const otherHost = RoutingDiff.compare(old([dest('v1')], dr('reviews')), gatewayApi([ref('productpage-v1')], perVersion), options);
    expect(otherHost.equal).toBe(false);
    expect(otherHost.notes.filter((n) => n.includes('inferred'))).toEqual([]);
  });
});
