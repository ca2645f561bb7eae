import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { gateway, httpListener, route, service, simulate, to, world } from './helpers';
import { ConsistentHashAlgorithm, LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { GatewayApiChannel } from '../../src/routing/gateway-api-channel';
import { HttpRoute } from '../../src/routing/http-route';
import { RouteParent } from '../../src/routing/route-parent';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

/** A simulator for a cluster with the experimental-channel CRDs (rules[].retry exists there only). */
const experimentalWorld = (routes: any[], services: string[]) =>
  simulate([gateway([httpListener()]), ...services.map((n) => service(n)), ...routes], { experimental: true });

const ISTIO_DEFAULT = { source: 'istio-default', attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', codes: [] };

describe('the decision shows the retry policy of the chosen rule', () => {
  // conversion.go convertHTTPRoute: no rules[].retry -> no VirtualService retries -> retry.go DefaultPolicy
  test('a rule without retry gets Istio\'s default policy', () => {
    const d = world([route('r', { rules: [to('web')] })], ['web']).request({ host: 'h' });
    expect(d.retry).toEqual(ISTIO_DEFAULT);
    expect(d.timeouts).toBeUndefined();
    expect(d.toJson().retry).toEqual({ ...ISTIO_DEFAULT, backoff: null, perTryTimeout: null });
    expect(d.toJson().timeouts).toBeNull();
  });

  // retryOn = connect-failure,refused-stream,unavailable,cancelled + codes; attempts default 2; backendRequest -> perTryTimeout
  test('a rule retry: Istio\'s conditions plus the codes, backoff, and backendRequest as the per-try timeout', () => {
    const d = experimentalWorld([route('r', {
      rules: [to('web', { retry: { attempts: 3, codes: [503, 504], backoff: '100ms' }, timeouts: { request: '10s', backendRequest: '2s' } })],
    })], ['web']).request({ host: 'h' });
    expect(d.retry).toEqual({
      source: 'route',
      attempts: 3,
      codes: [503, 504],
      backoff: '100ms',
      perTryTimeout: '2s',
      retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
    });
    expect(d.timeouts).toEqual({ request: '10s', backendRequest: '2s', routeTimeout: '10s', perTryTimeout: '2s' });
  });

  test('a retry without attempts retries twice; without codes it retries no status code', () => {
    const d = experimentalWorld([route('r', { rules: [to('web', { retry: {} })] })], ['web']).request({ host: 'h' });
    expect(d.retry).toEqual({ source: 'route', attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled', codes: [] });
  });

  test('on the standard channel a route with retry is rejected, as the API server would', () => {
    const d = world([route('r', { rules: [to('web', { retry: {} })] })], ['web']).request({ host: 'h' });
    expect(d).toReturnStatus(404);
    expect(d.notes[0]).toContain('spec.rules[0].retry is an experimental-channel field, unknown to the standard-channel HTTPRoute CRD');
  });

  test('a code Go does not name is passed on as a condition, with a note', () => {
    const d = experimentalWorld([route('r', { rules: [to('web', { retry: { codes: [599, 503] } })] })], ['web']).request({ host: 'h' });
    expect(d.retry?.codes).toEqual([503]);
    expect(d.retry?.retryOn).toBe('connect-failure,refused-stream,unavailable,cancelled,599,retriable-status-codes');
    expect(d.notes.some((n) => n.startsWith('retry code 599 is not a status code Go\'s net/http names'))).toBe(true);
  });

  test('without retry, backendRequest replaces request as the route timeout (noted); 0 disables a timeout', () => {
    const d = world([route('r', { rules: [to('web', { timeouts: { request: '30s', backendRequest: '5s' } })] })], ['web']).request({ host: 'h' });
    expect(d.timeouts).toEqual({ request: '30s', backendRequest: '5s', routeTimeout: '5s' });
    expect(d.notes).toContain('Istio programs timeouts.backendRequest (5s) as the route timeout of a rule without retry, in place of '
      + 'timeouts.request (30s) (conversion.go convertHTTPRoute)');
    const off = world([route('r', { rules: [to('web', { timeouts: { request: '0s' } })] })], ['web']).request({ host: 'h' });
    expect(off.timeouts).toEqual({ request: '0s' });
  });

  test('a redirect, a 404 and a rule with only zero weights show no retry', () => {
    const sim = world([route('r', {
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } } }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/zero' } }], backendRefs: [{ name: 'web', port: 80, weight: 0 }] },
      ],
    })], ['web']);
    for (const path of ['/old', '/zero', '/none']) {
      expect(sim.request({ host: 'h', path }).retry).toBeUndefined();
      expect(sim.request({ host: 'h', path }).toJson().retry).toBeNull();
    }
  });

  test('toJson keeps a stable key order with timeouts and retry after policy', () => {
    const json = world([route('r', { rules: [to('web')] })], ['web']).request({ host: 'h' }).toJson();
    const keys = Object.keys(json);
    expect(keys.slice(keys.indexOf('policy'), keys.indexOf('policy') + 4)).toEqual(['policy', 'timeouts', 'retry', 'authorization']);
  });
});

describe('port-level DestinationRule settings, as Istio applies them', () => {
  const dr = (trafficPolicy: any) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'web', namespace: 'app' },
    spec: { host: 'web.app.svc.cluster.local', trafficPolicy },
  });

  // cluster_traffic_policy.go: "per the docs, port level policies do not inherit and instead to defaults if not provided"
  test('an entry for the backend port replaces loadBalancer, connectionPool, outlierDetection and tls as a whole', () => {
    const d = simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web')] }), dr({
      loadBalancer: { simple: 'ROUND_ROBIN', warmup: { duration: '60s' } },
      connectionPool: { tcp: { maxConnections: 100 } },
      portLevelSettings: [{ port: { number: 80 }, loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 13 } } } }],
    })]).request({ host: 'h' });
    expect(d.policyOf('web')).toEqual({
      destinationRule: 'app/web',
      host: 'web.app.svc.cluster.local',
      trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 13 } } } },
      portLevelSettings: 80,
    });
    expect(d.notes).toContain('DestinationRule app/web portLevelSettings for port 80 replaces loadBalancer, connectionPool, outlierDetection, tls '
      + 'of the top-level trafficPolicy as a whole: a field it leaves unset gets the Istio default, not the top-level value');
  });

  test('an entry for another port changes nothing', () => {
    const d = simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web')] }), dr({
      connectionPool: { tcp: { maxConnections: 100 } },
      portLevelSettings: [{ port: { number: 9090 }, connectionPool: { tcp: { maxConnections: 1 } } }],
    })]).request({ host: 'h' });
    expect(d.policyOf('web')?.trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 100 } } });
    expect(d.policyOf('web')?.portLevelSettings).toBeUndefined();
  });
});

describe('from an App: retry, defaults and the complete DestinationRule in one decision', () => {
  test('the decision shows the rule retry, the default timeouts and every DestinationRule field', () => {
    const app = new App();
    app.node.setContext(GatewayApiChannel.CONTEXT_KEY, 'experimental');
    const infra = new Chart(app, 'infra', { namespace: 'infra' });
    new ApiObject(infra, 'gw', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
    });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const api = new ResilientBackend(chart, 'api', {
      versions: [{ version: 'v1', image: 'img:1' }],
      loadBalancer: LoadBalancer.consistentHashByHeader('x-user').withHashAlgorithm(ConsistentHashAlgorithm.ringHash(2048)),
      outlierDetection: { consecutive5xxErrors: 5 },
      localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] },
      connectionPool: { tcpKeepalive: { time: Duration.minutes(5) } },
    });
    new HttpRoute(chart, 'route', {
      parents: [RouteParent.fromGatewayName('edge', { namespace: 'infra' })],
      defaults: { timeouts: { request: Duration.seconds(15), backendRequest: Duration.seconds(5) }, retry: { attempts: 3, codes: [503] } },
      rules: [{ backends: [{ backend: api.version('v1') }] }],
    });
    app.synth();
    const d = TrafficSimulator.fromApp(app).request({ gateway: 'infra/edge', host: 'shop.example.com' });
    expect(d).toReturnStatus(200);
    expect(d.retry).toEqual({
      source: 'route',
      attempts: 3,
      codes: [503],
      perTryTimeout: '5s',
      retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
    });
    expect(d.timeouts).toEqual({ request: '15s', backendRequest: '5s', routeTimeout: '15s', perTryTimeout: '5s' });
    expect(d.policyOf('api-v1')?.trafficPolicy).toEqual({
      loadBalancer: {
        consistentHash: { httpHeaderName: 'x-user', ringHash: { minimumRingSize: 2048 } },
        localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] },
      },
      connectionPool: { tcp: { tcpKeepalive: { time: '5m' } } },
      outlierDetection: { consecutive5xxErrors: 5 },
    });
  });
});
