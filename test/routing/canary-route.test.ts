import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { api, edge, FakeBackend, FakeListener, grants, routeSpec, synth } from './fakes';
import { CanaryRoute, CanaryRouteProps } from '../../src/routing/canary-route';
import { PathMatch } from '../../src/routing/path-match';
import { shopChart } from '../chart';

const v1 = () => new FakeBackend('api-v1', 80);
const v2 = () => new FakeBackend('api-v2', 80);

function canary(props: Partial<CanaryRouteProps> = {}) {
  const chart = shopChart();
  const route = new CanaryRoute(chart, 'api-route', { parent: edge(), stable: v1(), canary: v2(), ...props });
  return { chart, route };
}

const ref = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 80, weight });

describe('CanaryRoute', () => {
  test('defaults: prefix /, 100/0, both weights written', () => {
    const { chart, route } = canary();
    const objects = synth(chart);
    expect(objects).toHaveLength(1);
    expect(objects[0].metadata).toEqual({ name: 'api-route', namespace: 'shop' });
    expect(objects[0].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' }],
      rules: [{
        name: 'traffic-split',
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [ref('api-v1', 100), ref('api-v2', 0)],
      }],
    });
    expect(route.canaryPercent).toBe(0);
    expect(route.stablePercent).toBe(100);
  });

  test.each([0, 1, 10, 50, 99, 100])('canaryPercent %i gives weights 100-p and p', (p) => {
    const { chart } = canary({ canaryPercent: p });
    expect(routeSpec(chart).rules[0].backendRefs).toEqual([ref('api-v1', 100 - p), ref('api-v2', p)]);
  });

  test('the primary L1 is the default child and the route is exposed', () => {
    const { route } = canary();
    expect(route.node.defaultChild).toBe(ApiObject.of(route.route));
    expect(ApiObject.of(route).kind).toBe('HTTPRoute');
    expect(route.route.routeName).toBe('api-route');
  });

  test('the escape hatch: a JSON patch on ApiObject.of(canaryRoute) shows in the output', () => {
    const { chart, route } = canary();
    ApiObject.of(route).addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
    expect(synth(chart)[0].metadata.labels).toEqual({ team: 'shop' });
  });

  test('header override rule repeats the path match and adds the header', () => {
    const { chart } = canary({ pathPrefix: '/api', canaryPercent: 10, canaryHeader: { name: 'x-version', value: 'v2' } });
    const rules = routeSpec(chart).rules;
    expect(rules).toHaveLength(2);
    expect(rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/api' } }]);
    expect(rules[1]).toEqual({
      name: 'canary-header',
      matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Exact', name: 'x-version', value: 'v2' }] }],
      backendRefs: [ref('api-v2', 1)],
    });
  });

  test('cookie override becomes a regular expression on the cookie header', () => {
    const { chart } = canary({ path: PathMatch.exact('/checkout'), canaryCookie: { name: 'canary', value: 'always.v2' } });
    const rule = routeSpec(chart).rules[1];
    expect(rule.name).toBe('canary-cookie');
    expect(rule.matches).toEqual([{
      path: { type: 'Exact', value: '/checkout' },
      headers: [{ type: 'RegularExpression', name: 'cookie', value: '(^|;\\s*)canary=always\\.v2(;|$)' }],
    }]);
    const re = new RegExp(rule.matches[0].headers[0].value);
    expect(re.test('a=1; canary=always.v2; b=2')).toBe(true);
    expect(re.test('canary=always.v2')).toBe(true);
    expect(re.test('xcanary=always.v2')).toBe(false);
    expect(re.test('canary=alwaysXv2')).toBe(false);
  });

  test('header and cookie overrides together', () => {
    const { chart } = canary({ canaryHeader: { name: 'x-canary', value: '1' }, canaryCookie: { name: 'c', value: '1' } });
    expect(routeSpec(chart).rules.map((r: any) => r.name)).toEqual(['traffic-split', 'canary-header', 'canary-cookie']);
  });

  test('setting canaryPercent steps the weights without renaming anything', () => {
    const { chart, route } = canary({ canaryPercent: 10, canaryHeader: { name: 'x-version', value: 'v2' } });
    route.canaryPercent = 25;
    const spec = routeSpec(chart);
    expect(spec.rules[0].backendRefs).toEqual([ref('api-v1', 75), ref('api-v2', 25)]);
    expect(spec.rules[1].backendRefs).toEqual([ref('api-v2', 1)]);
    expect(synth(chart)[0].metadata.name).toBe('api-route');
    expect(route.canaryPercent).toBe(25);
  });

  test('weightsManagedExternally writes the initial weights and exposes the pointers', () => {
    const { chart, route } = canary({ canaryPercent: 5, weightsManagedExternally: true });
    expect(route.weightsManagedExternally).toBe(true);
    expect(route.ignoreDifferencesJsonPointers).toEqual(['/spec/rules/0/backendRefs/0/weight', '/spec/rules/0/backendRefs/1/weight']);
    const spec = routeSpec(chart);
    expect(spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([95, 5]);
  });

  test('the json pointers address the weights in the output', () => {
    const { chart, route } = canary({ canaryPercent: 30, canaryHeader: { name: 'x-v', value: '2' } });
    const obj = synth(chart)[0];
    const at = (pointer: string) => pointer.split('/').slice(1).reduce((o: any, k) => o[k], obj);
    expect(route.ignoreDifferencesJsonPointers.map(at)).toEqual([70, 30]);
  });

  test('name, hostnames, additional parents and timeouts', () => {
    const { chart } = canary({
      name: 'checkout',
      hostnames: ['shop.example.com'],
      additionalParents: [new FakeListener('edge', 'http')],
      timeouts: { request: Duration.seconds(10) },
      canaryHeader: { name: 'x-v', value: '2' },
    });
    const obj = synth(chart)[0];
    expect(obj.metadata.name).toBe('checkout');
    expect(obj.spec.hostnames).toEqual(['shop.example.com']);
    expect(obj.spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https', 'http']);
    expect(obj.spec.rules.map((r: any) => r.timeouts)).toEqual([{ request: '10s' }, { request: '10s' }]);
  });

  test('metadata reaches the HTTPRoute', () => {
    const { chart } = canary({ metadata: { labels: { app: 'api' } } });
    expect(synth(chart)[0].metadata).toEqual({ name: 'api-route', namespace: 'shop', labels: { app: 'api' } });
  });

  test('backends in another namespace get ReferenceGrants', () => {
    const { chart } = canary({ stable: new FakeBackend('api-v1', 80, 'backend'), canary: new FakeBackend('api-v2', 80, 'backend'), canaryHeader: { name: 'x', value: 'y' } });
    expect(grants(chart).map(g => g.metadata.name)).toEqual(['shop-httproute-to-service-api-v1', 'shop-httproute-to-service-api-v2']);
  });

  test('output is deterministic', () => {
    const once = () => JSON.stringify(synth(canary({ canaryPercent: 42, canaryCookie: { name: 'a', value: 'b' } }).chart));
    expect(once()).toEqual(once());
  });

  const errors: Array<[string, () => void, RegExp]> = [
    ['canaryPercent above 100', () => canary({ canaryPercent: 140 }), /^\[shop\/api-route\] canaryPercent must be between 0 and 100, got 140$/],
    ['negative canaryPercent', () => canary({ canaryPercent: -1 }), /canaryPercent must be between 0 and 100, got -1/],
    ['fractional canaryPercent', () => canary({ canaryPercent: 12.5 }), /canaryPercent must be a whole number between 0 and 100, got 12.5/],
    ['setting canaryPercent out of range', () => { canary().route.canaryPercent = 101; }, /\[shop\/api-route\] canaryPercent must be between 0 and 100, got 101/],
    ['setting canaryPercent fractional', () => { canary().route.canaryPercent = 0.5; }, /canaryPercent must be a whole number between 0 and 100, got 0.5/],
    ['stable equal to canary', () => canary({ stable: api(), canary: api('shop') }),
      /stable and canary are the same backend \(Service api:80\); use one Service per version/],
    ['canary without a Service port', () => canary({ canary: new FakeBackend('api-v2') }),
      /canary backend Service api-v2 has no Service port; give the port the route should send traffic to/],
    ['stable without a Service port', () => canary({ stable: new FakeBackend('api-v1') }), /stable backend Service api-v1 has no Service port/],
    ['both path and pathPrefix', () => canary({ path: PathMatch.exact('/a'), pathPrefix: '/a' }), /set either path or pathPrefix, not both/],
    ['invalid pathPrefix', () => canary({ pathPrefix: 'api' }), /\[shop\/api-route\/Route\] rules\[0\] \("traffic-split"\) matches\[0\]\.path PathPrefix "api" must be an absolute path/],
    ['invalid cookie name', () => canary({ canaryCookie: { name: 'a b', value: 'x' } }), /canaryCookie name "a b" must be a cookie name/],
    ['invalid cookie value', () => canary({ canaryCookie: { name: 'a', value: 'x;y' } }), /canaryCookie value "x;y" must be a non-empty cookie value/],
    ['invalid header name', () => canary({ canaryHeader: { name: 'x v', value: '1' } }), /rules\[1\] \("canary-header"\) matches\[0\]\.headers\[0\] name "x v"/],
    ['more than 16 backends', () => {
      const { route } = canary();
      for (let i = 0; i < 15; i++) route.route.rules[0].addBackend(new FakeBackend(`extra-${i}`, 80));
    }, /rules\[0\] \("traffic-split"\) has 17 backends; at most 16 are allowed per rule/],
    ['more than 32 parents', () => canary({ additionalParents: Array.from({ length: 32 }, (_, i) => new FakeListener(`gw${i}`)) }),
      /route has 33 parents; at most 32 are allowed/],
    ['id without usable characters', () => { new CanaryRoute(shopChart(), '--', { parent: edge(), stable: v1(), canary: v2() }); },
      /\[shop\/--\] cannot derive a Kubernetes name from the construct id "--"/],
  ];

  test.each(errors)('fails when given %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('fails when two canary routes with one name share a namespace', () => {
    const chart = shopChart();
    new CanaryRoute(chart, 'a', { name: 'api', parent: edge(), stable: v1(), canary: v2() });
    expect(() => new CanaryRoute(chart, 'b', { name: 'api', parent: edge(), stable: v1(), canary: v2() }))
      .toThrow(/HTTPRoute name "api" in namespace "shop" is already used by shop\/a\/Route/);
  });
});
