import { gateway, httpListener, route, service, simulate, to } from './helpers';

/** A GRPCRoute `app/<name>` attached to infra/gw. */
function grpcRoute(name: string, spec: any, metadata: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name, namespace: 'app', ...metadata },
    spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], ...spec },
  };
}

function method(svc?: string, name?: string, type?: string): any {
  return { method: { ...(type ? { type } : {}), ...(svc ? { service: svc } : {}), ...(name ? { method: name } : {}) } };
}

function rule(backend: string, matches: any[] = [], extra: any = {}): any {
  return { matches, backendRefs: [{ name: backend, port: 80 }], ...extra };
}

const SERVICES = ['exact', 'svc', 'meth', 'regex', 'any', 'web', 'v1', 'v2'].map((s) => service(s));

describe('gRPC calls (GRPCRoute)', () => {
  test('a call reaches the GRPCRoute rule whose service and method match', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('catalog', {
      hostnames: ['grpc.example.com'],
      rules: [rule('exact', [method('shop.v1.Catalog', 'GetItem')]), rule('svc', [method('shop.v1.Catalog')])],
    })]);
    const d = sim.request({ protocol: 'grpc', host: 'grpc.example.com', service: 'shop.v1.Catalog', method: 'GetItem' });
    expect(d).toRouteTo('exact');
    expect(d.route).toBe('app/catalog');
    expect(d.routeKind).toBe('GRPCRoute');
    expect(d.ruleIndex).toBe(0);
    expect(d.requestHeaders['content-type']).toBe('application/grpc');
    expect(sim.request({ protocol: 'grpc', host: 'grpc.example.com', service: 'shop.v1.Catalog', method: 'List' })).toRouteTo('svc');
    const other = sim.request({ protocol: 'grpc', host: 'grpc.example.com', service: 'shop.v1.Orders', method: 'List' });
    expect(other).toReturnStatus(404);
    expect(other.reason).toContain('no rule of the GRPCRoutes and HTTPRoutes attached to listener http matches the gRPC call /shop.v1.Orders/List');
  });

  test('"If no matches are specified, the implementation MUST match every gRPC request"', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('all', { rules: [rule('any')] })]);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C' })).toRouteTo('any');
  });

  test('precedence: characters in a matching service, then in a matching method (service+method before service before method)', () => {
    // spec: "Precedence MUST be given to the rule with the largest number of: ... Characters in a matching service.
    // Characters in a matching method. Header matches."; Istio: Exact /svc/method, then Prefix /svc/, then Regex /[^/]+/method
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('p', {
      rules: [rule('meth', [method(undefined, 'GetItem')]), rule('svc', [method('shop.v1.Catalog')]), rule('exact', [method('shop.v1.Catalog', 'GetItem')])],
    })]);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v1.Catalog', method: 'GetItem' })).toRouteTo('exact');
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v1.Catalog', method: 'List' })).toRouteTo('svc');
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v2.Other', method: 'GetItem' })).toRouteTo('meth');
  });

  test('precedence: more header matches win among equal method matches', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('h', {
      rules: [
        rule('v1', [method('shop.v1.Catalog')]),
        rule('v2', [{ ...method('shop.v1.Catalog'), headers: [{ name: 'x-version', value: '2' }] }]),
      ],
    })]);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v1.Catalog', method: 'Get', headers: { 'X-Version': '2' } })).toRouteTo('v2');
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v1.Catalog', method: 'Get' })).toRouteTo('v1');
  });

  test('precedence: the most specific matching hostname first (non-wildcard characters)', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES,
      grpcRoute('wild', { hostnames: ['*.example.com'], rules: [rule('v1', [method('a.B', 'C')])] }),
      grpcRoute('exact-host', { hostnames: ['api.example.com'], rules: [rule('v2')] })]);
    expect(sim.request({ protocol: 'grpc', host: 'api.example.com', service: 'a.B', method: 'C' })).toRouteTo('v2');
    expect(sim.request({ protocol: 'grpc', host: 'www.example.com', service: 'a.B', method: 'C' })).toRouteTo('v1');
  });

  test('ties across routes: the oldest GRPCRoute wins', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES,
      grpcRoute('a-new', { rules: [rule('v2', [method('a.B', 'C')])] }, { creationTimestamp: '2026-02-01T00:00:00Z' }),
      grpcRoute('b-old', { rules: [rule('v1', [method('a.B', 'C')])] }, { creationTimestamp: '2026-01-01T00:00:00Z' })]);
    const d = sim.request({ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C' });
    expect(d).toRouteTo('v1');
    expect(d.notes).toContain('GRPCRoute app/b-old and GRPCRoute app/a-new tie on match precedence; the older one (creationTimestamp) wins');
  });

  test('RegularExpression method matches are evaluated with RE2 against the whole name', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('re', {
      rules: [rule('regex', [method('shop\\.v[0-9]+\\.Catalog', 'Get.*', 'RegularExpression')])],
    })]);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v12.Catalog', method: 'GetItem' })).toRouteTo('regex');
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'shop.v1.Catalog', method: 'ListItems' })).toReturnStatus(404);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'xshop.v1.Catalog', method: 'GetItem' })).toReturnStatus(404);
  });

  test('backends share calls by weight, as for HTTP', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('w', {
      rules: [{ backendRefs: [{ name: 'v1', port: 80, weight: 90 }, { name: 'v2', port: 80, weight: 10 }] }],
    })]);
    const d = sim.request({ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C' });
    expect(d).toRouteTo('v1', 0.9);
    expect(d).toRouteTo('v2', 0.1);
  });

  test('header modifier filters apply to gRPC calls', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('f', {
      rules: [rule('v1', [], { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }] } }] })],
    })]);
    expect(sim.request({ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C' }).requestHeaders['x-env']).toBe('prod');
  });

  test('Istio rejects a GRPCRoute with an ExtensionRef filter as a whole (InvalidFilter)', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, grpcRoute('ext', {
      rules: [rule('v1', [], { filters: [{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Thing', name: 'x' } }] })],
    })]);
    const d = sim.request({ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toContain('GRPCRoute app/ext is not programmed: rules[0] has a ExtensionRef filter');
  });

  test('a call over HTTPS reaches the HTTPS listener by SNI', () => {
    const https = {
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: 'grpc.example.com',
      allowedRoutes: { namespaces: { from: 'All' } },
      tls: { certificateRefs: [{ name: 'cert' }] },
    };
    const sim = simulate([gateway([https]), ...SERVICES, grpcRoute('s', { rules: [rule('v1')] })]);
    const d = sim.request({ protocol: 'grpc', scheme: 'https', host: 'grpc.example.com', service: 'a.B', method: 'C' });
    expect(d).toRouteTo('v1');
    expect(d.listener).toBe('https');
  });

  test('a GRPCRoute and an HTTPRoute claiming the same hostname: ranked together as Istio merges them, with a note', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES,
      grpcRoute('g', { hostnames: ['api.example.com'], rules: [rule('svc', [method('shop.v1.Catalog')])] }),
      route('web', { hostnames: ['api.example.com'], rules: [to('web')] })]);
    const call = sim.request({ protocol: 'grpc', host: 'api.example.com', service: 'shop.v1.Catalog', method: 'Get' });
    expect(call).toRouteTo('svc');
    expect(call.notes.join('\n')).toContain('GRPCRoute app/g and HTTPRoute app/web both claim hostname api.example.com on listener http: Istio merges');
    expect(call.notes.join('\n')).toContain('merging MUST NOT be done between GRPCRoutes and HTTPRoutes');
    // the HTTPRoute's PathPrefix / serves other calls and plain requests
    expect(sim.request({ protocol: 'grpc', host: 'api.example.com', service: 'shop.v1.Orders', method: 'Get' })).toRouteTo('web');
    expect(sim.request({ host: 'api.example.com', path: '/' })).toRouteTo('web');
  });

  test('a GRPCRoute on a TLS or TCP listener is not attached (Istio serves HTTPRoute and GRPCRoute on HTTP and HTTPS only)', () => {
    const tcp = { name: 'tcp', port: 9000, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } };
    const sim = simulate([gateway([httpListener(), tcp]), ...SERVICES, grpcRoute('g', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'tcp' }], rules: [rule('v1')] })]);
    const d = sim.request({ protocol: 'grpc', host: 'h', port: 9000, service: 'a.B', method: 'C' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('serves TCP');
  });

  test('a WebSocket upgrade is an HTTP request and routes like one', () => {
    const sim = simulate([gateway([httpListener()]), ...SERVICES, route('ws', { rules: [to('web', { matches: [{ path: { type: 'PathPrefix', value: '/chat' } }] })] })]);
    const d = sim.request({ host: 'chat.example.com', path: '/chat/room1', headers: { Upgrade: 'websocket', Connection: 'Upgrade' } });
    expect(d).toRouteTo('web');
    expect(d.routeKind).toBe('HTTPRoute');
    expect(d.requestHeaders.upgrade).toBe('websocket');
  });

  test.each([
    [{ protocol: 'grpc', host: 'h', method: 'C' }, 'a grpc request needs service and method'],
    [{ protocol: 'grpc', host: 'h', service: 'a.B' }, 'a grpc request needs service and method'],
    [{ protocol: 'grpc', host: 'h', service: 'a/B', method: 'C' }, 'service must be a gRPC service name'],
    [{ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C.D' }, 'method must be a gRPC method name'],
    [{ protocol: 'grpc', host: 'h', service: 'a.B', method: 'C', path: '/x' }, 'path is not meaningful for grpc requests'],
    [{ host: 'h', service: 'a.B' }, 'service is only meaningful for grpc requests, got protocol http'],
    [{ protocol: 'quic', host: 'h' }, 'protocol must be http, grpc, tls or tcp, got quic'],
  ])('fails when the request is %j', (request, message) => {
    const sim = simulate([gateway([httpListener()])]);
    expect(() => sim.request(request as any)).toThrow(message);
  });
});
