import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples/registry';
import { TrafficSimulator } from '../../src';
import { trafficMatchers, TrafficMatchers } from '../../src/simulation/jest-matchers';

expect.extend(trafficMatchers as any);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends TrafficMatchers<R> {}
  }
}

function simulatorFor(example: string): TrafficSimulator {
  const app = new App({ outdir: '/dev/null' });
  EXAMPLES[example](app);
  return TrafficSimulator.fromApp(app);
}

describe('seed 000 behaviour', () => {
  const sim = simulatorFor('seed-000-canary');
  const host = 'test.codingtricks.io';

  test('x-version: v2 always reaches backend-v2, whatever the path', () => {
    for (const path of ['/', '/orders', '/a/b?c=d']) {
      expect(sim.request({ scheme: 'https', host, path, headers: { 'X-Version': 'v2' } })).toRouteTo('backend-v2');
    }
  });

  test('plain requests split 90/10', () => {
    const d = sim.request({ scheme: 'https', host, path: '/' });
    expect(d.shareOf('backend-v1')).toBeCloseTo(0.9);
    expect(d.shareOf('backend-v2')).toBeCloseTo(0.1);
    expect(d.listener).toBe('https');
  });

  test('another header value does not reach the override', () => {
    expect(sim.request({ scheme: 'https', host, path: '/', headers: { 'x-version': 'v3' } })).toRouteTo('backend-v1', 0.9);
  });

  test('http:// redirects with 301 to https, keeping path and query; never loops', () => {
    expect(sim.request({ host, path: '/orders?page=2' })).toRedirectTo('https://test.codingtricks.io/orders?page=2', 301);
    expect(sim.request({ scheme: 'https', host, path: '/orders' }).redirect).toBeUndefined();
  });

  test('the DestinationRule policy applies to each backend', () => {
    const d = sim.request({ scheme: 'https', host, path: '/' });
    expect(d.policyOf('backend-v2')?.trafficPolicy.outlierDetection).toMatchObject({ consecutive5xxErrors: 5, baseEjectionTime: '30s' });
  });

  test('an unknown host gets 404', () => {
    expect(sim.request({ scheme: 'https', host: 'other.example.com', path: '/' }).status).not.toBe(200);
  });
});

describe('seed 001 behaviour', () => {
  const sim = simulatorFor('seed-001-header-routing');
  test('x-version: v2 to httpbin-v2, everything else to httpbin', () => {
    expect(sim.request({ host: 'httpbin.example.com', path: '/headers', headers: { 'x-version': 'v2' } })).toRouteTo('httpbin-v2');
    expect(sim.request({ host: 'httpbin.example.com', path: '/headers' })).toRouteTo('httpbin');
    expect(sim.request({ host: 'httpbin.example.com', path: '/env', headers: { 'x-version': 'v1' } })).toRouteTo('httpbin');
  });
});

describe('seed 002 behaviour', () => {
  const sim = simulatorFor('seed-002-bookinfo');
  const host = 'bookinfo.example.com';
  test('productpage paths over https reach productpage; other paths 404; http redirects', () => {
    for (const path of ['/productpage', '/login', '/logout', '/api/v1/products/0']) {
      expect(sim.request({ scheme: 'https', host, path })).toRouteTo('productpage');
    }
    expect(sim.request({ scheme: 'https', host, path: '/reviews' })).toReturnStatus(404);
    expect(sim.request({ host, path: '/productpage' })).toRedirectTo('https://bookinfo.example.com/productpage', 301);
  });
});

describe('seed 003 behaviour', () => {
  const sim = simulatorFor('seed-003-helloworld');
  test('/hello splits 90/10; /hello/world is 404 (Exact match)', () => {
    const d = sim.request({ host: 'helloworld.sample.com', path: '/hello' });
    expect(d.shareOf('helloworld-v1')).toBeCloseTo(0.9);
    expect(d.shareOf('helloworld-v2')).toBeCloseTo(0.1);
    expect(sim.request({ host: 'helloworld.sample.com', path: '/hello/world' })).toReturnStatus(404);
  });
});

describe('seed 000 production behaviour', () => {
  const sim = simulatorFor('seed-000-production');
  const host = 'test.codingtricks.io';
  const token = { iss: 'https://auth.codingtricks.io/', sub: 'alice', aud: 'backend-api' };

  test('/api needs a valid token: none is 403 (Istio), another audience is 401, a valid one splits 90/10', () => {
    const none = sim.request({ scheme: 'https', host, path: '/api/orders' });
    expect(none).toRequireAuthentication();
    expect(none).toBeDeniedBy('istio-gateway-jwt-require-jwt');
    expect(sim.request({ scheme: 'https', host, path: '/api/orders', jwtClaims: { ...token, aud: 'other' } })).toReturnStatus(401);
    const ok = sim.request({ scheme: 'https', host, path: '/api/orders', jwtClaims: token });
    expect(ok.shareOf('backend-v1')).toBeCloseTo(0.9);
    expect(ok.authorization?.requestPrincipal).toBe('https://auth.codingtricks.io//alice');
  });

  test('/health is public', () => {
    expect(sim.request({ scheme: 'https', host, path: '/health' }).status).toBe(200);
  });

  test('/admin answers the office network only', () => {
    expect(sim.request({ scheme: 'https', host, path: '/admin/users', sourceIp: '203.0.113.9' }).status).toBe(200);
    expect(sim.request({ scheme: 'https', host, path: '/admin/users', sourceIp: '198.51.100.1' })).toBeDeniedBy('istio-gateway-admin-office-only');
  });

  test('plain http still redirects to https before any token is asked for', () => {
    expect(sim.request({ host, path: '/api/orders', jwtClaims: token })).toRedirectTo('https://test.codingtricks.io/api/orders', 301);
  });
});

describe('seed 001 production settings', () => {
  const sim = simulatorFor('seed-001-header-routing');
  test('the httpbin route retries 502, 503 and 504 three times', () => {
    const d = sim.request({ host: 'httpbin.example.com', path: '/status/503' });
    expect(d.retry).toMatchObject({ source: 'route', attempts: 3, codes: [502, 503, 504] });
  });
});

describe('seed 001 protocols behaviour', () => {
  const sim = simulatorFor('seed-001-protocols');

  test('gRPC calls to helloworld.Greeter split 90/10; x-version: v2 always reaches v2', () => {
    const d = sim.request({ protocol: 'grpc', scheme: 'https', host: 'grpc.example.com', service: 'helloworld.Greeter', method: 'SayHello' });
    expect(d.routeKind).toBe('GRPCRoute');
    expect(d.shareOf('greeter-v1')).toBeCloseTo(0.9);
    expect(d.shareOf('greeter-v2')).toBeCloseTo(0.1);
    expect(sim.request({ protocol: 'grpc', scheme: 'https', host: 'grpc.example.com', service: 'helloworld.Greeter', method: 'SayHello', headers: { 'x-version': 'v2' } }))
      .toRouteTo('greeter-v2');
  });

  test('the database is reached by SNI through TLS passthrough; another SNI is closed', () => {
    const d = sim.request({ protocol: 'tls', host: 'db.example.com', sni: 'db.example.com' });
    expect(d.routeKind).toBe('TLSRoute');
    expect(d).toRouteTo('postgres');
    expect(sim.request({ protocol: 'tls', host: 'nope.example.com', sni: 'nope.example.com' }).status).toBe(0);
  });

  test('TCP connections on 6379 reach redis', () => {
    const d = sim.request({ protocol: 'tcp', port: 6379 });
    expect(d.routeKind).toBe('TCPRoute');
    expect(d).toRouteTo('redis');
  });

  test('the team\'s ListenerSet listener serves its host with its own certificate', () => {
    const d = sim.request({ scheme: 'https', host: 'team.example.com' });
    expect(d.listener).toBe('https');
    expect(d).toRouteTo('team-web');
  });
});
