import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

const objects = (list: any[]) => ManifestSet.fromObjects(list, 'test');
const options = { assumeServicesExist: true, experimental: true };

const istio = (rule: any) => objects([
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }] },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { hosts: ['shop.example.com'], gateways: ['istio-system/gw'], http: [{ route: [{ destination: { host: 'web', port: { number: 80 } } }], ...rule }] },
  },
]);
const gatewayApi = (rule: any) => objects([
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'istio-system' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com', allowedRoutes: { namespaces: { from: 'All' } } }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { parentRefs: [{ name: 'gw', namespace: 'istio-system' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80 }], ...rule }] },
  },
]);
const compare = (vsRule: any, routeRule: any, extra: any = {}) => RoutingDiff.compare(istio(vsRule), gatewayApi(routeRule), { ...options, ...extra });
/** The distinct differences (the corpus sends / and /x to the single catch-all rule). */
const lines = (r: ReturnType<typeof compare>) => [...new Set(r.differences.map((d) => `${d.fields.join(',')}: ${d.oldOutcome} | ${d.newOutcome}`))];

describe('RoutingDiff.compare, timeouts, retries and mirrors', () => {
  test('both simulators model the defaults alike: no retries and no timeout on either side are equal (Istio\'s default policy)', () => {
    const a = TrafficSimulator.fromManifests(istio({}), options).request({ host: 'shop.example.com' });
    const b = TrafficSimulator.fromManifests(gatewayApi({}), options).request({ host: 'shop.example.com' });
    expect(a.retry).toEqual(b.retry);
    expect(a.retry?.source).toBe('istio-default');
    expect(a.timeouts?.routeTimeout).toBeUndefined();
    expect(b.timeouts?.routeTimeout).toBeUndefined();
    expect(lines(compare({}, {}))).toEqual([]);
  });

  test('equal timeouts written both ways are equal, whatever the unit; a lost or changed timeout is reported', () => {
    expect(lines(compare({ timeout: '5s' }, { timeouts: { request: '5s' } }))).toEqual([]);
    expect(lines(compare({ timeout: '1.5s' }, { timeouts: { request: '1500ms' } }))).toEqual([]);
    // a zero HTTPRoute timeout disables Envoy's route timeout, as no VirtualService timeout does (Istio rejects `timeout: 0s`)
    expect(lines(compare({}, { timeouts: { request: '0s' } }))).toEqual([]);
    const lost = compare({ timeout: '5s' }, {});
    expect(lost.equal).toBe(false);
    expect(lost.differences[0].fields).toEqual(['timeout']);
    expect(lost.differences[0].oldOutcome).toBe('200 default/web:80 100%; timeout 5000ms');
    expect(lost.differences[0].newOutcome).toBe('200 default/web:80 100%');
    expect(lines(compare({ timeout: '5s' }, { timeouts: { request: '10s' } }))[0]).toBe(
      'timeout: 200 default/web:80 100%; timeout 5000ms | 200 default/web:80 100%; timeout 10000ms');
  });

  test('equal retry policies written both ways are equal; lost or changed attempts, per-try timeouts and conditions are reported', () => {
    // a VirtualService keeps Istio's default conditions (retriable-status-codes with no code), an HTTPRoute retry gets them
    // without retriable-status-codes (conversion.go): the same behaviour
    expect(lines(compare({ retries: { attempts: 3 } }, { retry: { attempts: 3 } }))).toEqual([]);
    expect(lines(compare({ retries: { attempts: 3, perTryTimeout: '2s' } }, { retry: { attempts: 3 }, timeouts: { backendRequest: '2s' } }))).toEqual([]);
    expect(lines(compare({ retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' } }, { retry: { codes: [503] } }))).toEqual([]);

    const lost = compare({ retries: { attempts: 5, retryOn: '5xx' } }, {});
    expect(lost.differences.map((d) => d.fields)).toEqual([['retry'], ['retry']]);
    expect(lost.differences[0].oldOutcome).toBe('200 default/web:80 100%; retry attempts 5 on 5xx');
    expect(lost.differences[0].newOutcome).toBe('200 default/web:80 100%');
    expect(lines(compare({ retries: { attempts: 3 } }, { retry: { attempts: 4 } }))).toEqual([
      'retry: 200 default/web:80 100%; retry attempts 3 on cancelled,connect-failure,refused-stream,unavailable '
      + '| 200 default/web:80 100%; retry attempts 4 on cancelled,connect-failure,refused-stream,unavailable',
    ]);
    expect(lines(compare({ retries: { attempts: 3, perTryTimeout: '2s' } }, { retry: { attempts: 3 } }))[0]).toMatch(/^retry: .*per try 2000ms/);
    // no retries at all (attempts 0) has no HTTPRoute equivalent: the default policy retries twice
    expect(lines(compare({ retries: { attempts: 0 } }, {}))).toEqual([
      'retry: 200 default/web:80 100%; retry none | 200 default/web:80 100%',
    ]);
  });

  test('mirrors are compared by backend (through aliases) and percent', () => {
    const mirrorVs = { mirror: { host: 'shadow', port: { number: 80 } }, mirrorPercentage: { value: 50 } };
    const mirrorFilter = (name: string, percent: number) => ({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name, port: 80 }, percent } }] });
    expect(lines(compare(mirrorVs, mirrorFilter('shadow', 50)))).toEqual([]);
    expect(lines(compare(mirrorVs, mirrorFilter('shadow', 10)))).toEqual([
      'mirrors: 200 default/web:80 100%; mirrors default/shadow 50% | 200 default/web:80 100%; mirrors default/shadow 10%',
    ]);
    expect(lines(compare(mirrorVs, {}))[0]).toMatch(/^mirrors: .*mirrors default\/shadow 50% \| 200 default\/web:80 100%$/);
    expect(lines(compare(mirrorVs, mirrorFilter('shadow-v2', 50)))).toHaveLength(1);
    expect(lines(compare(mirrorVs, mirrorFilter('shadow-v2', 50), { backendAliases: { 'default/shadow': 'default/shadow-v2' } }))).toEqual([]);
  });

  test('timeouts, retries and mirrors are compared only when both sides forward the request', () => {
    // the new side refuses /: the status differs, the lost retry policy is not listed on top
    const r = RoutingDiff.compare(istio({ retries: { attempts: 5 }, timeout: '3s' }), gatewayApi({ matches: [{ path: { type: 'PathPrefix', value: '/api' } }] }), options);
    const root = r.differences.find((d) => d.summary === 'GET http://shop.example.com:80/')!;
    expect(root.fields).toEqual(['status', 'backends']);
  });
});
