import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { api, edge, FakeBackend, FakeListener, routeSpec, synth } from './fakes';
import { HeaderMatch, QueryParamMatch, ValueMatchType } from '../../src/routing/header-match';
import { HttpMethod } from '../../src/routing/http-method';
import { HttpRoute } from '../../src/routing/http-route';
import { PathMatch, PathMatchType } from '../../src/routing/path-match';
import { RouteParent } from '../../src/routing/route-parent';
import { shopChart } from '../chart';

describe('HttpRoute', () => {
  test('the primary L1 is the Resource child', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api() }] }] });
    expect(ApiObject.of(route).kind).toBe('HTTPRoute');
    expect(route.node.tryFindChild('Resource')).toBe(ApiObject.of(route));
    expect(Object.keys(route)).not.toContain('resource');
  });

  test('spells out the API server defaults', () => {
    // GIVEN a route with a default rule and one backend
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()] });
    route.addRule().addBackend(api());
    // THEN
    const objects = synth(chart);
    expect(objects).toHaveLength(1);
    expect(objects[0].apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(objects[0].metadata).toEqual({ name: 'api', namespace: 'shop' });
    expect(objects[0].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' }],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'api', port: 80, weight: 1 }],
      }],
    });
  });

  test('a parent reference without group and kind gets the defaults', () => {
    const chart = shopChart();
    const parent = { gatewayName: 'gw', parentReference: () => ({ name: 'gw' } as any) };
    new HttpRoute(chart, 'api', { parents: [parent], rules: [{ backends: [{ backend: api() }] }] });
    expect(routeSpec(chart).parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
  });

  test('a match without a path gets PathPrefix / and header and query matches carry their type', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      rules: [{
        matches: [{
          headers: [HeaderMatch.exact('x-version', 'v2'), HeaderMatch.regularExpression('x-user', '^a.*')],
          queryParams: [QueryParamMatch.exact('debug', '1'), QueryParamMatch.regularExpression('id', '[0-9]+')],
          method: HttpMethod.POST,
        }],
        backends: [{ backend: api() }],
      }],
    });
    expect(routeSpec(chart).rules[0].matches).toEqual([{
      path: { type: 'PathPrefix', value: '/' },
      headers: [
        { type: 'Exact', name: 'x-version', value: 'v2' },
        { type: 'RegularExpression', name: 'x-user', value: '^a.*' },
      ],
      queryParams: [
        { type: 'Exact', name: 'debug', value: '1' },
        { type: 'RegularExpression', name: 'id', value: '[0-9]+' },
      ],
      method: 'POST',
    }]);
  });

  test('path match factories', () => {
    expect(PathMatch.exact('/a')).toMatchObject({ type: PathMatchType.EXACT, value: '/a' });
    expect(PathMatch.prefix('/a')).toMatchObject({ type: PathMatchType.PATH_PREFIX, value: '/a' });
    expect(PathMatch.regularExpression('/a.*')).toMatchObject({ type: PathMatchType.REGULAR_EXPRESSION, value: '/a.*' });
    expect(HeaderMatch.exact('a', 'b').type).toBe(ValueMatchType.EXACT);
  });

  test('renders every rule option: name, several matches, weights, timeouts', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()], hostnames: ['b.example.com', '*.example.com'] });
    const rule = route.addRule({
      name: 'main',
      matches: [{ path: PathMatch.exact('/login') }],
      timeouts: { request: Duration.seconds(30), backendRequest: Duration.millis(1500) },
    });
    rule.addMatch({ path: PathMatch.regularExpression('/v[0-9]+/.*') });
    rule.addBackend(new FakeBackend('api-v1', 8080), { weight: 900000 });
    rule.addBackend(new FakeBackend('api-v2', 8080), { weight: 0 });
    const spec = routeSpec(chart);
    expect(spec.hostnames).toEqual(['*.example.com', 'b.example.com']);
    expect(spec.rules).toEqual([{
      name: 'main',
      matches: [
        { path: { type: 'Exact', value: '/login' } },
        { path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } },
      ],
      backendRefs: [
        { group: '', kind: 'Service', name: 'api-v1', port: 8080, weight: 900000 },
        { group: '', kind: 'Service', name: 'api-v2', port: 8080, weight: 0 },
      ],
      timeouts: { request: '30s', backendRequest: '1s500ms' },
    }]);
  });

  test('a zero request timeout allows any backendRequest timeout', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      rules: [{ backends: [{ backend: api() }], timeouts: { request: Duration.seconds(0), backendRequest: Duration.minutes(5) } }],
    });
    expect(routeSpec(chart).rules[0].timeouts).toEqual({ request: '0s', backendRequest: '5m' });
  });

  test('addParent, addHostname and getters', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api');
    route.addParent(new FakeListener('edge', 'http'));
    route.addParent(new FakeListener('edge', 'https'));
    route.addParent(RouteParent.fromGatewayName('shared', { namespace: 'infra', port: 443 }));
    route.addHostname('shop.example.com');
    route.addRule({ backends: [{ backend: api() }] });
    expect(route.parents).toHaveLength(3);
    expect(route.hostnames).toEqual(['shop.example.com']);
    expect(route.rules).toHaveLength(1);
    expect(routeSpec(chart).parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'http' },
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' },
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'infra', port: 443 },
    ]);
  });

  test('a rule exposes its matches, filters and backends', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()] });
    const rule = route.addRule({ backends: [{ backend: api(), weight: 5 }] });
    expect(rule.matches).toEqual([]);
    expect(rule.filters).toEqual([]);
    expect(rule.backends.map(b => b.weight)).toEqual([5]);
    rule.setBackendWeight(api(), 7);
    expect(routeSpec(chart).rules[0].backendRefs[0].weight).toBe(7);
  });

  test('the name comes from props, else from the construct id', () => {
    const chart = shopChart();
    expect(new HttpRoute(chart, 'ApiRoute', { parents: [edge()], rules: [{}] }).routeName).toBe('api-route');
    expect(new HttpRoute(chart, 'x', { name: 'checkout.v2', parents: [edge()], rules: [{}] }).routeName).toBe('checkout.v2');
  });

  test('metadata: labels, annotations, a name and a namespace', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', {
      metadata: { name: 'from-metadata', namespace: 'web', labels: { team: 'shop' }, annotations: { note: 'x' } },
      parents: [edge()],
      rules: [{ backends: [{ backend: api('web') }] }],
    });
    expect(route.namespace).toBe('web');
    expect(synth(chart)).toEqual([expect.objectContaining({
      metadata: { name: 'from-metadata', namespace: 'web', labels: { team: 'shop' }, annotations: { note: 'x' } },
    })]);
  });

  test('a chart without namespace writes no namespace', () => {
    const chart = new Chart(Testing.app(), 'nons');
    const route = new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api() }] }] });
    expect(route.namespace).toBeUndefined();
    expect(synth(chart)[0].metadata).toEqual({ name: 'api' });
  });

  test('the same name in two namespaces is fine', () => {
    const app = Testing.app();
    new HttpRoute(new Chart(app, 'a', { namespace: 'a' }), 'api', { parents: [edge()], rules: [{}] });
    expect(() => new HttpRoute(new Chart(app, 'b', { namespace: 'b' }), 'api', { parents: [edge()], rules: [{}] })).not.toThrow();
  });

  test('the escape hatch works on the L1', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api() }] }] });
    ApiObject.of(route).addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
    expect(synth(chart)[0].metadata.labels).toEqual({ team: 'shop' });
  });

  test('output is deterministic', () => {
    const build = () => {
      const chart = shopChart();
      const route = new HttpRoute(chart, 'api', { parents: [edge()], hostnames: ['z.example.com', 'a.example.com'] });
      route.addRule({ matches: [{ path: PathMatch.prefix('/a'), headers: [HeaderMatch.exact('b', '1')] }], backends: [{ backend: api('other') }] });
      return JSON.stringify(synth(chart));
    };
    expect(build()).toEqual(build());
  });

  test('a listener hostname that intersects a route hostname passes validation', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [new FakeListener('edge', 'https', undefined, '*.example.com')],
      hostnames: ['shop.example.com'],
      rules: [{ backends: [{ backend: api() }] }],
    });
    expect(() => synth(chart)).not.toThrow();
  });
});
