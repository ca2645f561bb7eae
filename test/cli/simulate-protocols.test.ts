import { cli, withYaml } from './run-cli';

const MANIFESTS = [
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: Gateway',
  'metadata: { name: edge, namespace: infra }',
  'spec:',
  '  gatewayClassName: istio',
  '  listeners:',
  '  - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }',
  '  - { name: db, port: 443, protocol: TLS, hostname: "*.example.com", tls: { mode: Passthrough }, allowedRoutes: { namespaces: { from: All } } }',
  '  - { name: pg, port: 5432, protocol: TCP, allowedRoutes: { namespaces: { from: All } } }',
  '---',
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: GRPCRoute',
  'metadata: { name: catalog, namespace: shop }',
  'spec:',
  '  parentRefs: [{ name: edge, namespace: infra }]',
  '  rules:',
  '  - matches: [{ method: { service: pkg.Svc, method: Get } }]',
  '    backendRefs: [{ name: svc-get, port: 9000 }]',
  '---',
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: TLSRoute',
  'metadata: { name: db, namespace: shop }',
  'spec:',
  '  parentRefs: [{ name: edge, namespace: infra }]',
  '  hostnames: [db.example.com]',
  '  rules: [{ backendRefs: [{ name: db, port: 5432 }] }]',
  '---',
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: TCPRoute',
  'metadata: { name: pg, namespace: shop }',
  'spec:',
  '  parentRefs: [{ name: edge, namespace: infra }]',
  '  rules: [{ backendRefs: [{ name: pg, port: 5432 }] }]',
];

async function simulate(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  return withYaml(MANIFESTS, async (dir) => {
    const r = await cli('simulate', dir, '--assume-services', ...args);
    return { code: r.code, stderr: r.stderr, json: r.stdout ? JSON.parse(r.stdout) : undefined };
  });
}

describe('simulate --protocol', () => {
  test('grpc: --service and --method select the GRPCRoute rule', async () => {
    const r = await simulate('--protocol', 'grpc', '--host', 'api.example.com', '--service', 'pkg.Svc', '--method', 'Get');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 200, listener: 'http', route: 'shop/catalog', rule: 0 });
    expect(r.json.backends).toMatchObject([{ name: 'svc-get', port: 9000, share: 1, status: 200 }]);
  });

  test('tls: --sni selects the Passthrough listener and the TLSRoute', async () => {
    const r = await simulate('--protocol', 'tls', '--sni', 'db.example.com', '--port', '443');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 200, listener: 'db', route: 'shop/db', rule: 0 });
    expect(r.json.backends[0]).toMatchObject({ name: 'db', port: 5432 });
  });

  test('tls: an SNI no route serves is status 0 with a reason', async () => {
    const r = await simulate('--protocol', 'tls', '--sni', 'cache.example.com');
    expect(r.code).toBe(0);
    expect(r.json.status).toBe(0);
    expect(r.json.reason).toContain('accepts SNI "cache.example.com"; the connection is closed');
  });

  test('tcp: --port selects the TCP listener and its TCPRoute', async () => {
    const r = await simulate('--protocol', 'tcp', '--port', '5432');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 200, listener: 'pg', route: 'shop/pg', rule: 0 });
  });

  test.each([
    [['--host', 'h', '--service', 'pkg.Svc'], '--service is only meaningful with --protocol grpc (got --protocol http)'],
    [['--protocol', 'grpc', '--host', 'h', '--service', 'pkg.Svc'], '--protocol grpc needs --service and --method'],
    [['--protocol', 'grpc', '--service', 'pkg.Svc', '--method', 'Get'], "required option '--host <host>' not specified (--protocol grpc needs it"],
    [['--protocol', 'grpc', '--host', 'h', '--service', 'pkg.Svc', '--method', 'Get', '--path', '/x'], '--path is not meaningful with --protocol grpc'],
    [['--protocol', 'tls'], '--protocol tls needs --sni'],
    [['--protocol', 'tls', '--sni', 'a.example.com', '--path', '/'], '--path is not meaningful with --protocol tls'],
    [['--protocol', 'tcp'], '--protocol tcp needs --port'],
    [['--protocol', 'tcp', '--port', '5432', '--sni', 'a.example.com', '--header', 'a: b'], '--header, --sni are not meaningful with --protocol tcp'],
    [['--protocol', 'udp', '--port', '53'], "--protocol must be http, grpc, tls or tcp, got 'udp'"],
    [['--protocol', 'grpc', '--host', 'h', '--service', 'pkg/Svc', '--method', 'Get'], 'service must be a gRPC service name'],
  ])('fails with one line and exit 2 for %j', async (args, message) => {
    const r = await simulate(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('http stays the default: --host alone simulates GET /', async () => {
    const r = await simulate('--host', 'api.example.com');
    expect(r.code).toBe(0);
    expect(r.json.status).toBe(404);
    expect(r.json.reason).toContain('no rule of the HTTPRoutes attached to listener http matches GET /');
  });
});
