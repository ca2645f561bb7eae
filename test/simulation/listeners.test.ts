import { gateway, route, service, simulate, to } from './helpers';
import { normalizeHost } from '../../src/simulation/hostnames';

const listener = (name: string, port: number, protocol: string, hostname?: string) => ({
  name,
  port,
  protocol,
  ...(hostname ? { hostname } : {}),
  ...(protocol === 'HTTPS' ? { tls: { certificateRefs: [{ name: 'cert' }] } } : {}),
  allowedRoutes: { namespaces: { from: 'All' } },
});

/** One route per listener (by sectionName), each forwarding to a Service named after the listener. */
function perListener(listeners: any[]) {
  return simulate([
    gateway(listeners),
    ...listeners.map((l) => service(`svc-${l.name}`)),
    ...listeners.map((l) => route(`r-${l.name}`, { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: l.name }], rules: [to(`svc-${l.name}`)] })),
  ]);
}

describe('listener selection', () => {
  // Gateway listeners: "Exact matches MUST be processed before wildcard matches, and wildcard
  // matches MUST be processed before fallback (empty Hostname value) matches. [...] more
  // specific wildcard entries must be processed before less specific wildcard entries."
  const sim = perListener([
    listener('any', 80, 'HTTP'),
    listener('wild', 80, 'HTTP', '*.example.com'),
    listener('deep-wild', 80, 'HTTP', '*.foo.example.com'),
    listener('exact', 80, 'HTTP', 'foo.example.com'),
    listener('alt', 8080, 'HTTP'),
    listener('secure', 443, 'HTTPS', '*.example.com'),
  ]);

  test.each([
    ['foo.example.com', 'http', undefined, 'exact'],
    ['bar.foo.example.com', 'http', undefined, 'deep-wild'],
    ['bar.example.com', 'http', undefined, 'wild'],
    ['a.b.example.com', 'http', undefined, 'wild'],
    ['example.com', 'http', undefined, 'any'],
    ['other.org', 'http', undefined, 'any'],
    ['FOO.Example.COM:80', 'http', undefined, 'exact'],
    ['foo.example.com', 'http', 8080, 'alt'],
    ['bar.example.com', 'https', undefined, 'secure'],
  ])('host %s over %s port %s reaches listener %s', (host, scheme, port, expected) => {
    const d = sim.request({ host, scheme, port });
    expect(d.listener).toBe(expected);
    expect(d).toRouteTo(`svc-${expected}`);
  });

  test('the port defaults to 80 for http and 443 for https', () => {
    expect(sim.request({ host: 'x.example.com' }).listener).toBe('wild');
    expect(sim.request({ host: 'x.example.com', scheme: 'https' }).listener).toBe('secure');
  });

  test('no listener on the port: no HTTP response (status 0) and the listeners are named', () => {
    const d = sim.request({ host: 'foo.example.com', port: 9090 });
    expect(d).toReturnStatus(0);
    expect(d.listener).toBeUndefined();
    expect(d.reason).toContain('gateway infra/gw has no listener on port 9090');
    expect(d.reason).toContain('alt (HTTP 8080)');
  });

  test('a scheme that does not fit the listener protocol gives no HTTP response', () => {
    const d = sim.request({ host: 'foo.example.com', scheme: 'http', port: 443 });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('port 443 of gateway infra/gw serves HTTPS');
    const e = sim.request({ host: 'foo.example.com', scheme: 'https', port: 80 });
    expect(e).toReturnStatus(0);
    expect(e.reason).toContain('not HTTPS');
  });

  test('a host no listener hostname matches gets 404 (listener isolation)', () => {
    const s = perListener([listener('wild', 80, 'HTTP', '*.example.com')]);
    const d = s.request({ host: 'example.com' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no HTTP listener of gateway infra/gw on port 80 matches host example.com (listener hostnames: *.example.com)');
  });

  test('https to a host no HTTPS listener accepts as SNI: the TLS handshake fails (status 0, no listener)', () => {
    const s = perListener([listener('shop', 443, 'HTTPS', 'shop.example.com'), listener('blog', 443, 'HTTPS', 'blog.example.com'), listener('web', 80, 'HTTP')]);
    const d = s.request({ host: 'other.example.com', scheme: 'https' });
    expect(d).toReturnStatus(0);
    expect(d.listener).toBeUndefined();
    expect(d.route).toBeUndefined();
    expect(d.reason).toBe('no HTTPS listener on port 443 of gateway infra/gw accepts SNI "other.example.com" '
      + '(listeners: shop.example.com, blog.example.com); the TLS handshake fails');
    expect(s.request({ host: 'shop.example.com', scheme: 'https' })).toRouteTo('svc-shop');
  });

  test('https to any host is accepted by an HTTPS listener without hostname on the port', () => {
    const s = perListener([listener('shop', 443, 'HTTPS', 'shop.example.com'), listener('fallback', 443, 'HTTPS')]);
    const d = s.request({ host: 'other.example.com', scheme: 'https' });
    expect(d.listener).toBe('fallback');
    expect(d).toRouteTo('svc-fallback');
  });

  test('http to a host no HTTP listener hostname matches stays a 404 from the port (one route table per port)', () => {
    const s = perListener([listener('shop', 80, 'HTTP', 'shop.example.com'), listener('secure', 443, 'HTTPS')]);
    const d = s.request({ host: 'other.example.com' });
    expect(d).toReturnStatus(404);
    expect(d.listener).toBeUndefined();
    expect(d.reason).toBe('no HTTP listener of gateway infra/gw on port 80 matches host other.example.com (listener hostnames: shop.example.com)');
  });

  test('routes attached only to a less specific listener do not serve a host a more specific listener takes', () => {
    const s = simulate([
      gateway([listener('exact', 80, 'HTTP', 'foo.example.com'), listener('wild', 80, 'HTTP', '*.example.com')]),
      service('wild-svc'),
      route('r', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'wild' }], rules: [to('wild-svc')] }),
    ]);
    const d = s.request({ host: 'foo.example.com' });
    expect(d).toReturnStatus(404);
    expect(d.listener).toBe('exact');
    expect(d.notes.join('\n')).toContain('listener exact was chosen over wild');
    expect(d.reason).toContain('parentRef sectionName wild selects listener wild (HTTP 80), not exact');
  });

  // CEL: "Combination of port, protocol and hostname must be unique for each listener"
  test('fails when listeners share port, protocol and hostname: the API server rejects the Gateway', () => {
    const s = perListener([listener('a', 80, 'HTTP', 'x.example.com'), listener('b', 80, 'HTTP', 'x.example.com')]);
    expect(() => s.request({ host: 'x.example.com' })).toThrow(/Gateway infra\/gw \(.*\) is rejected \(IGW0002 /);
  });

  // Istio: pilot/pkg/config/kube/gatewaycommon/listener_conflict.go, pilot/pkg/model/gateway.go (canMergeProtocols)
  test('of an HTTP and a TCP listener on one port, the first one is programmed and the other is conflicted', () => {
    const httpFirst = perListener([listener('web', 80, 'HTTP'), listener('raw', 80, 'TCP')]).request({ host: 'x' });
    expect(httpFirst.listener).toBe('web');
    expect(httpFirst.notes).toContain('listener raw of gateway infra/gw conflicts with listener web of gateway infra/gw on port 80 '
      + '(protocols HTTP and TCP cannot share a port), which takes precedence; it is not programmed (Conflicted, ProtocolConflict)');
    const tcpFirst = perListener([listener('raw', 80, 'TCP'), listener('web', 80, 'HTTP')]).request({ host: 'x' });
    expect(tcpFirst).toReturnStatus(0);
    expect(tcpFirst.reason).toContain('port 80 of gateway infra/gw serves TCP (raw (TCP 80)), not HTTP');
  });

  test('an HTTPS listener after an HTTP listener on the same port is not programmed, whatever its hostname', () => {
    const d = perListener([listener('web', 8080, 'HTTP', 'a.example.com'), listener('secure', 8080, 'HTTPS', 'b.example.com')])
      .request({ host: 'b.example.com', scheme: 'https', port: 8080 });
    expect(d).toReturnStatus(0);
    expect(d.notes.join('\n')).toContain('listener secure of gateway infra/gw conflicts with listener web of gateway infra/gw on port 8080 (protocols HTTP and HTTPS cannot share a port)');
  });

  test('an HTTPS listener without tls: Istio 1.30 keeps a listener that cannot terminate TLS (noted), 1.31 creates none (istio/istio#60562)', () => {
    const objects = [gateway([{ name: 'secure', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'All' } } }]), route('r', { rules: [to('web')] }), service('web')];
    const d = simulate(objects).request({ host: 'x', scheme: 'https' });
    expect(d.notes).toContain('HTTPS listener secure has no tls.certificateRefs; it cannot terminate TLS');
    const d131 = simulate(objects, { istioVersion: '1.31' }).request({ host: 'x', scheme: 'https' });
    expect(d131.status).toBe(0);
    expect(d131.reason).toBe('gateway infra/gw has no programmed listener on port 443 (listeners: secure (HTTPS 443)); the connection is refused: '
      + 'HTTPS listener secure has no tls; Istio 1.31 creates no listener for it (istio/istio#60562)');
  });
});

describe('choosing the gateway', () => {
  const two = simulate([gateway([listener('http', 80, 'HTTP')], 'a', 'ns1'), gateway([listener('http', 80, 'HTTP')], 'a', 'ns2'), gateway([listener('http', 80, 'HTTP')], 'b', 'ns1')]);

  test('namespace/name, or name plus gatewayNamespace, select a Gateway', () => {
    expect(two.request({ gateway: 'ns2/a', host: 'x' }).gateway).toBe('ns2/a');
    expect(two.request({ gateway: 'a', gatewayNamespace: 'ns1', host: 'x' }).gateway).toBe('ns1/a');
    expect(two.request({ gateway: 'b', host: 'x' }).gateway).toBe('ns1/b');
    expect(two.gateways).toEqual(['ns1/a', 'ns1/b', 'ns2/a']);
  });

  test.each([
    [{ host: 'x' }, 'gateway must be given when there are several Gateways (ns1/a, ns1/b, ns2/a)'],
    [{ gateway: 'a', host: 'x' }, 'gateway a is ambiguous (ns1/a, ns2/a); give it as namespace/name'],
    [{ gateway: 'ns3/a', host: 'x' }, 'gateway ns3/a is not in the manifests (gateways: ns1/a, ns1/b, ns2/a)'],
    [{ gateway: 'ns1/a', host: 'x', scheme: 'ftp' }, 'scheme must be http or https, got ftp'],
    [{ gateway: 'ns1/a', host: 'x', port: 70000 }, 'port must be an integer between 1 and 65535, got 70000'],
    [{ gateway: 'ns1/a', host: 'x', path: 'api' }, 'path must start with /, got api'],
    [{ gateway: 'ns1/a', host: '' }, 'host must be given, e.g. shop.example.com'],
  ])('fails when the request is %j', (request, message) => {
    expect(() => two.request(request as any)).toThrow(message);
  });

  test('fails when the manifests have no Gateway', () => {
    expect(() => simulate([service('x')]).request({ host: 'x' })).toThrow('no Gateway (gateway.networking.k8s.io) in the manifests');
  });

  test('an Istio networking.istio.io Gateway is not a Gateway API Gateway', () => {
    const s = simulate([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'legacy' }, spec: {} }, gateway([listener('http', 80, 'HTTP')])]);
    expect(s.gateways).toEqual(['infra/gw']);
  });
});

describe('gateway class', () => {
  const withClass = (className: string, extra: any[] = []) => {
    const gw = gateway([listener('http', 80, 'HTTP')]);
    gw.spec.gatewayClassName = className;
    return simulate([gw, ...extra]).request({ host: 'x' }).notes;
  };

  test('Istio classes that are not ingress gateways are noted', () => {
    expect(withClass('istio-waypoint')).toContain('gateway infra/gw uses GatewayClass istio-waypoint, which Istio does not run as an ingress gateway');
  });

  test('a GatewayClass of another controller is noted', () => {
    const gc = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'acme' }, spec: { controllerName: 'acme.io/gateway-controller' } };
    expect(withClass('acme', [gc])).toContain(
      'GatewayClass acme is handled by acme.io/gateway-controller, not by Istio (istio.io/gateway-controller); the decision follows the Gateway API specification');
  });

  test('the istio class gives no note', () => {
    const gc = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } };
    expect(withClass('istio', [gc])).toEqual([]);
  });
});

describe('host normalization', () => {
  test.each([
    ['Shop.Example.COM', 'shop.example.com'],
    ['shop.example.com:8443', 'shop.example.com'],
    ['shop.example.com.', 'shop.example.com'],
    ['[::1]:8080', '[::1]'],
    ['[::1', '[::1'],
  ])('%s -> %s', (host, expected) => {
    expect(normalizeHost(host)).toBe(expected);
  });
});
