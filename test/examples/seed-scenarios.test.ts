import { object } from './helpers';

describe('seed 000: canary 90/10, header override, TLS with redirect, circuit breaking', () => {
  const ex = 'seed-000-canary';

  test('namespace with sidecar injection', () => {
    expect(object(ex, 'Namespace', 'istio-test').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('gateway: AWS NLB annotation, HTTP and HTTPS listeners, routes from the same namespace', () => {
    const gw = object(ex, 'Gateway', 'istio-gateway');
    expect(gw.spec.infrastructure.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(gw.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname, l.allowedRoutes.namespaces.from]))
      .toEqual([['http', 'HTTP', 80, 'test.codingtricks.io', 'Same'], ['https', 'HTTPS', 443, 'test.codingtricks.io', 'Same']]);
    expect(gw.spec.listeners[1].tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'test-codingtricks-tls' }] });
  });

  test('redirect on the http listener only, 301 to https, no backends', () => {
    const r = object(ex, 'HTTPRoute', 'istio-gateway-https-redirect');
    expect(r.spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['http']);
    expect(r.spec.rules).toHaveLength(1);
    expect(r.spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
    expect(r.spec.rules[0].backendRefs).toBeUndefined();
  });

  test('canary route on the https listener: 90/10 and x-version: v2 to v2 with the same path', () => {
    const r = object(ex, 'HTTPRoute', 'backend-route');
    expect(r.spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https']);
    const split = r.spec.rules.find((x: any) => x.backendRefs.length === 2);
    expect(split.backendRefs.map((b: any) => [b.name, b.port, b.weight])).toEqual([['backend-v1', 80, 90], ['backend-v2', 80, 10]]);
    const header = r.spec.rules.find((x: any) => x.matches[0].headers);
    expect(header.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-version', value: 'v2' }] }]);
    expect(header.backendRefs.map((b: any) => b.name)).toEqual(['backend-v2']);
  });

  test('destination rules: FQDN host, round robin, connection pool, 5 consecutive 5xx and 30s ejection', () => {
    for (const v of ['v1', 'v2']) {
      const dr = object(ex, 'DestinationRule', `backend-${v}`);
      expect(dr.spec.host).toBe(`backend-${v}.istio-test.svc.cluster.local`);
      expect(dr.spec.trafficPolicy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN' });
      expect(dr.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(100);
      expect(dr.spec.trafficPolicy.outlierDetection).toMatchObject({ consecutive5xxErrors: 5, baseEjectionTime: '30s' });
    }
  });

  test('one Service per version, with a named port and appProtocol', () => {
    const svc = object(ex, 'Service', 'backend-v2');
    expect(svc.spec.selector).toEqual({ app: 'backend', version: 'v2' });
    expect(svc.spec.ports).toEqual([{ name: 'http', appProtocol: 'http', port: 80, protocol: 'TCP', targetPort: 5678 }]);
    expect(object(ex, 'Deployment', 'backend-v2').spec.template.spec.containers[0].args).toEqual(['-text=hello from backend v2']);
  });
});

describe('seed 001: header routing through a shared gateway in istio-system', () => {
  const ex = 'seed-001-header-routing';

  test('gateway accepts routes from all namespaces', () => {
    const gw = object(ex, 'Gateway', 'external-gateway');
    expect(gw.metadata.namespace).toBe('istio-system');
    expect(gw.spec.listeners).toEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
  });

  test('route in default: x-version: v2 to httpbin-v2, everything else to httpbin', () => {
    const r = object(ex, 'HTTPRoute', 'httpbin-route');
    expect(r.metadata.namespace).toBe('default');
    expect(r.spec.hostnames).toEqual(['httpbin.example.com']);
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'external-gateway', namespace: 'istio-system', sectionName: 'http' }]);
    expect(r.spec.rules.map((x: any) => x.backendRefs.map((b: any) => b.name))).toEqual([['httpbin-v2'], ['httpbin']]);
    expect(r.spec.rules[0].matches[0].headers).toEqual([{ type: 'Exact', name: 'x-version', value: 'v2' }]);
  });

  test('the shared httpbin Service selects every version; v2 carries VERSION=v2', () => {
    expect(object(ex, 'Service', 'httpbin').spec.selector).toEqual({ app: 'httpbin' });
    expect(object(ex, 'Deployment', 'httpbin-v2').spec.template.spec.containers[0].env).toEqual([{ name: 'VERSION', value: 'v2' }]);
  });
});

describe('seed 002: bookinfo Istio Gateway/VirtualService expressed with the Gateway API', () => {
  const ex = 'seed-002-bookinfo';

  test('HTTP for the redirect only, HTTPS with bookinfo-secret accepting routes from default', () => {
    const gw = object(ex, 'Gateway', 'bookinfo-gateway');
    const [http, https] = gw.spec.listeners;
    expect(http.allowedRoutes.namespaces.from).toBe('Same');
    expect(https.allowedRoutes.namespaces).toEqual({ from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['default'] }] } });
    expect(https.tls.certificateRefs[0].name).toBe('bookinfo-secret');
  });

  test('the four productpage paths go to productpage:9080', () => {
    const r = object(ex, 'HTTPRoute', 'bookinfo');
    expect(r.spec.rules).toHaveLength(1);
    expect(r.spec.rules[0].matches.map((m: any) => [m.path.type, m.path.value]))
      .toEqual([['PathPrefix', '/productpage'], ['PathPrefix', '/login'], ['PathPrefix', '/logout'], ['PathPrefix', '/api/v1/products']]);
    expect(r.spec.rules[0].backendRefs.map((b: any) => [b.name, b.port])).toEqual([['productpage', 9080]]);
  });

  test('round-robin DestinationRule for the productpage Service', () => {
    const dr = object(ex, 'DestinationRule', 'productpage');
    expect(dr.spec).toEqual({ host: 'productpage.default.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } });
  });
});

describe('seed 003: helloworld 90/10 on Exact /hello', () => {
  const ex = 'seed-003-helloworld';

  test('gateway for *.sample.com in sample-ingress, routes from all namespaces', () => {
    const gw = object(ex, 'Gateway', 'sample-gateway');
    expect(gw.metadata.namespace).toBe('sample-ingress');
    expect(gw.spec.listeners[0]).toMatchObject({ hostname: '*.sample.com', allowedRoutes: { namespaces: { from: 'All' } } });
  });

  test('route helloworld: Exact /hello on helloworld.sample.com, 90/10', () => {
    const r = object(ex, 'HTTPRoute', 'helloworld');
    expect(r.metadata.namespace).toBe('sample');
    expect(r.spec.hostnames).toEqual(['helloworld.sample.com']);
    expect(r.spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/hello' } }]);
    expect(r.spec.rules[0].backendRefs.map((b: any) => [b.name, b.port, b.weight])).toEqual([['helloworld-v1', 5000, 90], ['helloworld-v2', 5000, 10]]);
  });
});
