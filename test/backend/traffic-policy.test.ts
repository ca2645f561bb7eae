import { Duration } from 'cdk8s';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend, ResilientBackendProps } from '../../src/backend/resilient-backend';
import { ClientTlsMode } from '../../src/backend/traffic-policy';
import { shopChart, single } from '../chart';

const v1 = { version: 'v1', image: 'img:1' };

/** The trafficPolicy of `api-v1` for these backend props. */
function policyOf(props: ResilientBackendProps): any {
  const chart = shopChart();
  new ResilientBackend(chart, 'api', { versions: [v1], ...props });
  return single(chart, 'DestinationRule', 'api-v1').spec.trafficPolicy;
}

/** The error message for these backend props. */
function errorOf(props: ResilientBackendProps): string {
  try {
    new ResilientBackend(shopChart(), 'api', { versions: [v1], ...props });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('DestinationRule traffic policy', () => {
  test('seed 000: round robin, connection pool, 5 consecutive 5xx, 30s ejection', () => {
    expect(policyOf({
      loadBalancer: LoadBalancer.roundRobin(),
      connectionPool: { maxConnections: 100, http1MaxPendingRequests: 50, maxRequestsPerConnection: 2 },
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 100 },
    })).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 2 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 100 },
    });
  });

  test('every connection pool field, durations in Go form', () => {
    expect(policyOf({
      connectionPool: {
        maxConnections: 0,
        connectTimeout: Duration.millis(500),
        http1MaxPendingRequests: 1,
        http2MaxRequests: 1000,
        maxRequestsPerConnection: 0,
        maxRetries: 3,
        idleTimeout: Duration.minutes(90),
      },
    }).connectionPool).toEqual({
      tcp: { maxConnections: 0, connectTimeout: '500ms' },
      http: { http1MaxPendingRequests: 1, http2MaxRequests: 1000, maxRequestsPerConnection: 0, maxRetries: 3, idleTimeout: '1h30m' },
    });
  });

  test('only tcp or only http settings render only that block', () => {
    expect(policyOf({ connectionPool: { connectTimeout: Duration.seconds(2) } }).connectionPool).toEqual({ tcp: { connectTimeout: '2s' } });
    expect(policyOf({ connectionPool: { maxRetries: 0 } }).connectionPool).toEqual({ http: { maxRetries: 0 } });
  });

  test('every outlier detection field', () => {
    expect(policyOf({
      outlierDetection: {
        consecutive5xxErrors: 0,
        consecutiveGatewayErrors: 3,
        interval: Duration.seconds(10),
        baseEjectionTime: Duration.millis(1),
        maxEjectionPercent: 0,
        minHealthPercent: 50,
      },
    }).outlierDetection).toEqual({
      consecutive5xxErrors: 0, consecutiveGatewayErrors: 3, interval: '10s', baseEjectionTime: '1ms', maxEjectionPercent: 0, minHealthPercent: 50,
    });
  });

  test('an empty outlierDetection enables it with Istio defaults', () => {
    expect(policyOf({ outlierDetection: {} })).toEqual({ outlierDetection: {} });
  });

  test('tls modes', () => {
    expect(policyOf({ tls: { mode: ClientTlsMode.ISTIO_MUTUAL } }).tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(policyOf({ tls: { mode: ClientTlsMode.DISABLE } }).tls).toEqual({ mode: 'DISABLE' });
    expect(policyOf({ tls: { mode: ClientTlsMode.SIMPLE, sni: 'api.example.com', subjectAltNames: ['api.example.com'] } }).tls)
      .toEqual({ mode: 'SIMPLE', sni: 'api.example.com', subjectAltNames: ['api.example.com'] });
    expect(policyOf({ tls: { mode: ClientTlsMode.MUTUAL, credentialName: 'client-cert' } }).tls)
      .toEqual({ mode: 'MUTUAL', credentialName: 'client-cert' });
  });

  test('a version overrides the backend policy field by field', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      loadBalancer: LoadBalancer.leastRequest(),
      outlierDetection: { consecutive5xxErrors: 5 },
      sharedService: true,
      versions: [
        v1,
        { version: 'v2', image: 'img:2', loadBalancer: LoadBalancer.random(), connectionPool: { maxConnections: 10 } },
      ],
    });
    expect(single(chart, 'DestinationRule', 'api-v1').spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { consecutive5xxErrors: 5 },
    });
    expect(single(chart, 'DestinationRule', 'api-v2').spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'RANDOM' }, outlierDetection: { consecutive5xxErrors: 5 }, connectionPool: { tcp: { maxConnections: 10 } },
    });
    // The shared Service's DestinationRule uses the backend policy.
    expect(single(chart, 'DestinationRule', 'api').spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { consecutive5xxErrors: 5 },
    });
  });

  test('consistent hash load balancers', () => {
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByHeader('x-user') }).loadBalancer)
      .toEqual({ consistentHash: { httpHeaderName: 'x-user' } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1), '/') }).loadBalancer)
      .toEqual({ consistentHash: { httpCookie: { name: 'session', ttl: '1h', path: '/' } } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.seconds(0)) }).loadBalancer)
      .toEqual({ consistentHash: { httpCookie: { name: 'session', ttl: '0s' } } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByCookie('session') }).loadBalancer)
      .toEqual({ consistentHash: { httpCookie: { name: 'session' } } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashBySourceIp() }).loadBalancer)
      .toEqual({ consistentHash: { useSourceIp: true } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByQueryParameter('user') }).loadBalancer)
      .toEqual({ consistentHash: { httpQueryParameterName: 'user' } });
  });
});

describe('traffic policy errors', () => {
  test('fails when connectionPool is empty', () => {
    expect(errorOf({ connectionPool: {} }))
      .toBe('[shop/api] connectionPool must set at least one field (e.g. maxConnections or http1MaxPendingRequests), or be left out');
  });

  test.each([
    ['maxConnections', -1],
    ['http1MaxPendingRequests', 1.5],
    ['http2MaxRequests', -5],
    ['maxRequestsPerConnection', 2_147_483_648],
    ['maxRetries', -1],
  ])('fails when connectionPool.%s is out of range (%p)', (field, value) => {
    expect(errorOf({ connectionPool: { [field]: value } }))
      .toBe(`[shop/api] connectionPool.${field} must be a whole number between 0 and 2147483647, got ${value}`);
  });

  test.each([
    ['consecutive5xxErrors', -1],
    ['consecutiveGatewayErrors', 4_294_967_296],
  ])('fails when outlierDetection.%s is out of range (%p)', (field, value) => {
    expect(errorOf({ outlierDetection: { [field]: value } }))
      .toBe(`[shop/api] outlierDetection.${field} must be a whole number between 0 and 4294967295, got ${value}`);
  });

  test.each([
    ['maxEjectionPercent', 140],
    ['minHealthPercent', -1],
    ['maxEjectionPercent', 12.5],
  ])('fails when outlierDetection.%s is not a percentage (%p)', (field, value) => {
    expect(errorOf({ outlierDetection: { [field]: value } }))
      .toBe(`[shop/api] outlierDetection.${field} must be a whole number between 0 and 100, got ${value}`);
  });

  test.each([
    ['connectionPool', 'connectTimeout'],
    ['connectionPool', 'idleTimeout'],
    ['outlierDetection', 'interval'],
    ['outlierDetection', 'baseEjectionTime'],
  ])('fails when %s.%s is below 1ms or not whole milliseconds', (block, field) => {
    expect(errorOf({ [block]: { [field]: Duration.seconds(0) } }))
      .toBe(`[shop/api] ${block}.${field} must be a whole number of milliseconds, at least 1ms, got 0ms`);
    expect(errorOf({ [block]: { [field]: Duration.millis(1.5) } }))
      .toBe(`[shop/api] ${block}.${field} must be a whole number of milliseconds, at least 1ms, got 1.5ms`);
  });

  test('fails when tls MUTUAL has no credentialName', () => {
    expect(errorOf({ tls: { mode: ClientTlsMode.MUTUAL } }))
      .toBe('[shop/api] tls mode MUTUAL needs credentialName: the name of a Secret with the client certificate, key and CA');
  });

  test('fails when tls credentialName is set with a mode other than SIMPLE and MUTUAL', () => {
    expect(errorOf({ tls: { mode: ClientTlsMode.ISTIO_MUTUAL, credentialName: 'x' } }))
      .toBe('[shop/api] tls.credentialName applies only to modes SIMPLE and MUTUAL, got mode ISTIO_MUTUAL; remove credentialName');
  });

  test('fails when tls credentialName is not a Secret name', () => {
    expect(errorOf({ tls: { mode: ClientTlsMode.SIMPLE, credentialName: 'My_Secret' } }))
      .toBe('[shop/api] tls.credentialName "My_Secret" is not a valid Secret name (lowercase letters, digits, "-" and ".")');
  });

  test('fails when tls DISABLE has an sni', () => {
    expect(errorOf({ tls: { mode: ClientTlsMode.DISABLE, sni: 'x' } }))
      .toBe('[shop/api] tls.sni and tls.subjectAltNames have no effect with mode DISABLE; remove them or pick another mode');
  });

  test('fails when the tls mode is unknown', () => {
    expect(errorOf({ tls: { mode: 'STRICT' as ClientTlsMode } }))
      .toBe('[shop/api] tls.mode must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL, got "STRICT"');
  });

  test('fails with the version path when a version override is invalid', () => {
    const b = new ResilientBackend(shopChart(), 'api');
    expect(() => b.addVersion({ version: 'v2', image: 'img', outlierDetection: { maxEjectionPercent: 101 } }))
      .toThrow('[shop/api/v2] outlierDetection.maxEjectionPercent must be a whole number between 0 and 100, got 101');
  });

  test('fails on the backend path without versions or a shared Service', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { connectionPool: { maxRetries: -1 } }))
      .toThrow('[shop/api] connectionPool.maxRetries must be a whole number between 0 and 2147483647, got -1');
  });
});

describe('LoadBalancer factory errors', () => {
  /** Builds a backend with the load balancer, for the backend-level and the version-level policy. */
  const backendWith = (loadBalancer: LoadBalancer) => () => new ResilientBackend(shopChart(), 'api', { loadBalancer });
  const versionWith = (loadBalancer: LoadBalancer) => () =>
    new ResilientBackend(shopChart(), 'api', { versions: [{ version: 'v1', image: 'img', loadBalancer }] });

  test('fails when the header name has a space, naming the path, the call and the fix', () => {
    expect(backendWith(LoadBalancer.consistentHashByHeader('x user'))).toThrow(
      '[shop/api] loadBalancer LoadBalancer.consistentHashByHeader("x user"): header name "x user" is not a valid HTTP header name; '
      + 'use letters, digits and !#$%&\'*+-.^_`|~ (no spaces), e.g. "x-user-id"');
    expect(versionWith(LoadBalancer.consistentHashByHeader(''))).toThrow(
      '[shop/api/v1] loadBalancer LoadBalancer.consistentHashByHeader(""): header name "" is not a valid HTTP header name');
  });

  test('fails when the cookie name or path is invalid', () => {
    expect(backendWith(LoadBalancer.consistentHashByCookie('a;b'))).toThrow(
      '[shop/api] loadBalancer LoadBalancer.consistentHashByCookie("a;b"): cookie name "a;b" is not a valid cookie name');
    expect(backendWith(LoadBalancer.consistentHashByCookie('s', undefined, 'api'))).toThrow(
      '[shop/api] loadBalancer LoadBalancer.consistentHashByCookie("s", undefined, "api"): cookie path must start with "/", got "api"; e.g. "/"');
  });

  test('fails when the cookie ttl is not whole milliseconds', () => {
    expect(backendWith(LoadBalancer.consistentHashByCookie('s', Duration.millis(0.5)))).toThrow(
      '[shop/api] loadBalancer LoadBalancer.consistentHashByCookie("s", Duration(0.5ms)): cookie ttl must be a whole number of milliseconds, 0 or more, got 0.5ms');
  });

  test('fails when the query parameter name is empty', () => {
    expect(backendWith(LoadBalancer.consistentHashByQueryParameter(''))).toThrow(
      '[shop/api] loadBalancer LoadBalancer.consistentHashByQueryParameter(""): the query parameter name must not be empty');
  });

  test('fails when an invalid load balancer is rendered outside a backend', () => {
    expect(() => LoadBalancer.consistentHashByHeader('x user')._toIstio()).toThrow(/^LoadBalancer.consistentHashByHeader\("x user"\): header name/);
  });

  test('descriptions', () => {
    expect(LoadBalancer.roundRobin().description).toBe('ROUND_ROBIN');
    expect(LoadBalancer.consistentHashByHeader('x-user').description).toBe('CONSISTENT_HASH(header x-user)');
  });
});
