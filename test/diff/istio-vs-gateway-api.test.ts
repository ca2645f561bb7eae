import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { SEED_002_ISTIO_YAML } from '../fixtures/seed-002';

/** Seed 002 without its TLS Gateway (the first three documents: Gateway, VirtualService, DestinationRule). */
const SEED_002 = SEED_002_ISTIO_YAML.split(/^---$/m).slice(0, 3).join('---');

const PREFIXES = ['/productpage', '/login', '/logout', '/api/v1/products'];

function gatewayApi(pathMatch: (prefix: string) => any, backend: any = { name: 'productpage', port: 9080 }): ManifestSet {
  return ManifestSet.fromObjects([
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'bookinfo-gateway', namespace: 'istio-system' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'bookinfo.example.com', allowedRoutes: { namespaces: { from: 'All' } } }],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'bookinfo', namespace: 'default' },
      spec: {
        parentRefs: [{ name: 'bookinfo-gateway', namespace: 'istio-system' }],
        hostnames: ['bookinfo.example.com'],
        rules: [{ matches: PREFIXES.map((p) => ({ path: pathMatch(p) })), backendRefs: [backend] }],
      },
    },
  ], 'gateway-api');
}

const istio = (yaml = SEED_002) => ManifestSet.fromYaml(yaml, 'istio');
const options = { assumeServicesExist: true };

describe('RoutingDiff.compare, Istio VirtualService against Gateway API HTTPRoute (seed 002)', () => {
  test('a string prefix is not a path prefix: /productpagex is reported', () => {
    const r = RoutingDiff.compare(istio(), gatewayApi((p) => ({ type: 'PathPrefix', value: p })), options);
    expect(r.equal).toBe(false);
    expect(r.gatewayPairs).toEqual(['istio-system/bookinfo-gateway -> istio-system/bookinfo-gateway']);
    const productpagex = r.differences.find((d) => d.summary === 'GET http://bookinfo.example.com:80/productpagex');
    expect(productpagex).toBeDefined();
    expect(productpagex!.fields).toEqual(['status', 'backends']);
    expect(productpagex!.oldOutcome).toBe('200 default/productpage:9080 100%');
    expect(productpagex!.newOutcome).toBe('404 (no rule of the HTTPRoutes attached to listener http matches GET /productpagex)');
    // exactly the four "just outside" probes differ
    expect(r.differences.map((d) => d.request.path).sort()).toEqual(['/api/v1/productsx', '/loginx', '/logoutx', '/productpagex']);
    expect(r.toText()).toContain(`routing diff: ${r.corpusSize} requests, 4 differences`);
  });

  test('an HTTPRoute that keeps the string prefix (a regular expression) routes the same', () => {
    const r = RoutingDiff.compare(istio(), gatewayApi((p) => ({ type: 'RegularExpression', value: `${p.replace(/\//g, '\\/')}.*` })), options);
    expect(r.differences.map((d) => `${d.summary}: ${d.oldOutcome} | ${d.newOutcome}`)).toEqual([]);
    expect(r.equal).toBe(true);
    expect(r.corpusSize).toBeGreaterThan(20);
  });

  test('a subset destination is compared through the backend alias', () => {
    const withSubset = SEED_002.replace('        host: productpage\n', '        host: productpage\n        subset: v1\n');
    const toV1 = gatewayApi((p) => ({ type: 'RegularExpression', value: `${p.replace(/\//g, '\\/')}.*` }), { name: 'productpage-v1', port: 9080 });
    const without = RoutingDiff.compare(istio(withSubset), toV1, options);
    expect(without.equal).toBe(false);
    expect(without.differences[0].fields).toEqual(['backends']);
    expect(without.differences[0].oldOutcome).toBe('200 default/productpage#v1:9080 100%');
    expect(without.differences[0].newOutcome).toBe('200 default/productpage-v1:9080 100%');
    const aliased = RoutingDiff.compare(istio(withSubset), toV1, { ...options, backendAliases: { 'default/productpage#v1': 'default/productpage-v1' } });
    expect(aliased.equal).toBe(true);
  });

  test('Istio Gateways served by the same pods are one gateway, paired with the only Gateway of the other side', () => {
    const tls = `
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: bookinfo-gateway-tls
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    tls:
      mode: SIMPLE
      credentialName: bookinfo-secret
    hosts:
    - "bookinfo.example.com"
`;
    const newSide = gatewayApi((p) => ({ type: 'RegularExpression', value: `${p.replace(/\//g, '\\/')}.*` }));
    const r = RoutingDiff.compare(istio(SEED_002 + tls), newSide, options);
    expect(r.gatewayPairs).toEqual(['istio-system/bookinfo-gateway+istio-system/bookinfo-gateway-tls -> istio-system/bookinfo-gateway']);
    // the https server is probed; the VirtualService is bound to the http Gateway only, so Istio answers 404 on 443,
    // and the Gateway API side has no listener there: both give no routed answer, but not the same one
    const https = r.differences.filter((d) => d.request.scheme === 'https');
    expect(https.length).toBeGreaterThan(0);
    expect(r.differences.filter((d) => d.request.scheme === 'http')).toEqual([]);
  });
});

describe('RoutingDiff.compare, Istio semantics the corpus must reach', () => {
  const istioGateway = (servers: any[]) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, servers },
  });
  const http80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] };
  const vs = (http: any[]) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { hosts: ['shop.example.com'], gateways: ['istio-system/gw'], http },
  });
  const gwApi = (rules: any[], listeners: any[] = [{
    name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com', allowedRoutes: { namespaces: { from: 'All' } },
  }]) => [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' }, spec: { gatewayClassName: 'istio', listeners } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { parentRefs: [{ name: 'gw', namespace: 'istio-system' }], hostnames: ['shop.example.com'], rules },
    },
  ];
  const objects = (list: any[]) => ManifestSet.fromObjects(list, 'test');
  const dest = (host: string) => ({ destination: { host, port: { number: 80 } } });
  const ref = (name: string) => ({ name, port: 80 });

  test('Istio\'s first match against Gateway API precedence: a catch-all before /api is reported', () => {
    const old = objects([istioGateway([http80]), vs([
      { match: [{ uri: { prefix: '/' } }], route: [dest('web')] },
      { match: [{ uri: { prefix: '/api' } }], route: [dest('api')] },
    ])]);
    const next = objects(gwApi([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [ref('web')] },
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [ref('api')] },
    ]));
    const r = RoutingDiff.compare(old, next, options);
    expect(r.differences.map((d) => d.request.path)).toEqual(['/api', '/api/', '/api/x']);
    expect(r.differences[0].oldOutcome).toBe('200 default/web:80 100%');
    expect(r.differences[0].newOutcome).toBe('200 default/api:80 100%');
  });

  test('header matches written both ways route the same; a dropped header match is reported with the header', () => {
    const old = objects([istioGateway([http80]), vs([
      { match: [{ uri: { prefix: '/api' }, headers: { 'x-version': { exact: 'v2' } } }], route: [dest('api-v2')] },
      { route: [dest('api')] },
    ])]);
    const same = objects(gwApi([
      { matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-version', value: 'v2' }] }], backendRefs: [ref('api-v2')] },
      { backendRefs: [ref('api')] },
    ]));
    const r = RoutingDiff.compare(old, same, options);
    // /apix with the header: Istio's string prefix matches it, the Gateway API PathPrefix does not
    expect(r.differences.map((d) => d.summary)).toEqual(['GET http://shop.example.com:80/apix [x-version: v2]']);
    const dropped = objects(gwApi([{ backendRefs: [ref('api')] }]));
    const d = RoutingDiff.compare(old, dropped, options);
    expect(d.differences.map((x) => x.summary)).toContain('GET http://shop.example.com:80/api [x-version: v2]');
    expect(d.differences.map((x) => x.summary)).not.toContain('GET http://shop.example.com:80/api [x-version: probe-other]');
  });

  test('a changed fault is reported', () => {
    const faulty = (percent: number) => objects([istioGateway([http80]), vs([
      { fault: { abort: { httpStatus: 503, percentage: { value: percent } } }, route: [dest('web')] },
    ])]);
    const r = RoutingDiff.compare(faulty(10), faulty(20), options);
    expect(r.equal).toBe(false);
    expect(r.differences[0].fields).toEqual(['fault']);
    expect(r.differences[0].oldOutcome).toBe('200 default/web:80 100%; fault abort 503 10%');
    expect(r.differences[0].newOutcome).toBe('200 default/web:80 100%; fault abort 503 20%');
  });

  test('httpsRedirect against a Gateway API redirect route routes the same', () => {
    const old = objects([istioGateway([{ ...http80, tls: { httpsRedirect: true } }]), vs([{ route: [dest('web')] }])]);
    const next = objects(gwApi([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]));
    const r = RoutingDiff.compare(old, next, options);
    expect(r.differences.map((d) => `${d.summary}: ${d.oldOutcome} | ${d.newOutcome}`)).toEqual([]);
    expect(r.equal).toBe(true);
  });
});
