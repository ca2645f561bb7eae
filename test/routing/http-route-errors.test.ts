import { Chart, Duration, Testing } from 'cdk8s';
import { api, edge, FakeBackend, FakeListener } from './fakes';
import { HeaderMatch, QueryParamMatch } from '../../src/routing/header-match';
import { HttpMethod } from '../../src/routing/http-method';
import { HttpPathModifier } from '../../src/routing/http-path-modifier';
import { HttpRoute, HttpRouteProps } from '../../src/routing/http-route';
import { HttpRouteFilter, HttpScheme } from '../../src/routing/http-route-filter';
import { HttpRouteMatch } from '../../src/routing/http-route-match';
import { HttpRouteRuleOptions } from '../../src/routing/http-route-rule';
import { PathMatch } from '../../src/routing/path-match';
import { shopChart } from '../chart';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Builds a route in a fresh chart and synthesizes it (so app-wide validations run). */
function build(props: HttpRouteProps, after?: (route: HttpRoute, chart: Chart) => void): void {
  const chart = shopChart();
  const route = new HttpRoute(chart, 'api', props);
  after?.(route, chart);
  Testing.synth(chart);
}

/** A valid route with one rule built from `rule`. */
const withRule = (rule: HttpRouteRuleOptions) => () => build({ parents: [edge()], rules: [rule] });
/** A valid route with one rule holding one match. */
const withMatch = (match: HttpRouteMatch) => withRule({ matches: [match], backends: [{ backend: api() }] });
/** A valid route with one rule holding the filters. */
const withFilters = (filters: HttpRouteFilter[], backends = true) =>
  withRule({ matches: [{ path: PathMatch.prefix('/a') }], filters, backends: backends ? [{ backend: api() }] : [] });

const cases: Array<[string, () => void, RegExp]> = [
  // names
  ['invalid route name', () => build({ name: 'Bad_Name', parents: [edge()], rules: [{}] }),
    /^\[shop\/api\] route name "Bad_Name" must be lowercase DNS labels/],
  ['invalid metadata namespace', () => build({ metadata: { namespace: 'Web' }, parents: [edge()], rules: [{}] }),
    /route namespace "Web" must be a DNS label/],
  ['invalid metadata name', () => build({ metadata: { name: 'a_b' }, parents: [edge()], rules: [{}] }),
    /route name "a_b" must be lowercase DNS labels/],
  ['id without usable characters', () => { new HttpRoute(shopChart(), '---', { parents: [edge()], rules: [{}] }); },
    /cannot derive a Kubernetes name from the construct id "---"; pass a name explicitly/],
  ['name collision in one namespace', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', { parents: [edge()], rules: [{}] });
    new HttpRoute(chart, 'other', { name: 'api', parents: [edge()], rules: [{}] });
  }, /\[shop\/other\] HTTPRoute name "api" in namespace "shop" is already used by shop\/api; pass a different name/],
  // hostnames
  ['more than 16 hostnames', () => build({ parents: [edge()], hostnames: range(17).map(i => `h${i}.example.com`), rules: [{}] }),
    /route has 17 hostnames; at most 16 are allowed; split them over several routes with the same rules .*or use SplitHttpRoute/],
  ['invalid hostname', () => build({ parents: [edge()], hostnames: ['Shop.Example.com'], rules: [{}] }),
    /hostname "Shop.Example.com" is invalid: it must be lowercase DNS labels/],
  ['IP hostname', () => build({ parents: [edge()], hostnames: ['10.0.0.1'], rules: [{}] }),
    /hostname "10.0.0.1" is invalid: IP addresses are not allowed/],
  ['duplicate hostname', () => build({ parents: [edge()], hostnames: ['a.example.com', 'a.example.com'], rules: [{}] }),
    /hostname "a.example.com" is listed twice; list it once/],
  // parents
  ['more than 32 parents', () => build({ parents: range(33).map(i => new FakeListener(`gw${i}`)), rules: [{}] }),
    /route has 33 parents; at most 32 are allowed/],
  ['parent without a name', () => build({ parents: [new FakeListener('')], rules: [{}] }),
    /parentRefs\[0\] needs a name of 1 to 253 characters/],
  ['parent with an invalid namespace', () => build({ parents: [new FakeListener('gw', undefined, 'Infra')], rules: [{}] }),
    /parentRefs\[0\] \(gateway Infra\/gw\) has namespace "Infra", which is not a DNS label/],
  ['parent with an invalid sectionName', () => build({ parents: [new FakeListener('gw', 'HTTPS')], rules: [{}] }),
    /parentRefs\[0\] \(gateway gw, sectionName HTTPS\) has sectionName "HTTPS"; use lowercase DNS labels/],
  ['parent with an invalid port', () => build({
    parents: [{ gatewayName: 'gw', parentReference: () => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', port: 70000 }) }],
    rules: [{}],
  }), /parentRefs\[0\] \(gateway gw, port 70000\) has port 70000, which must be an integer between 1 and 65535/],
  ['same parent twice, one without sectionName', () => build({ parents: [new FakeListener('gw'), new FakeListener('gw', 'https')], rules: [{}] }),
    /parentRefs\[1\] \(gateway gw, sectionName https\) attaches to the same parent as parentRefs\[0\] without a sectionName; .*distinct sectionName/],
  ['same parent twice with the same sectionName', () => build({ parents: [edge(), edge()], rules: [{}] }),
    /parentRefs\[1\] \(gateway edge, sectionName https\) repeats parentRefs\[0\]; sectionName must be unique/],
  ['same parent, namespace given once', () => build({ parents: [new FakeListener('gw'), new FakeListener('gw', undefined, 'shop')], rules: [{}] }),
    /parentRefs\[1\] \(gateway shop\/gw\) attaches to the same parent as parentRefs\[0\] without a sectionName/],
  // rules
  ['no rules', () => build({ parents: [edge()] }), /route has no rules; pass rules or call addRule\(\)/],
  ['no parents', () => build({ rules: [{}] }), /route has no parents, so it attaches to no Gateway; pass parents or call addParent\(\)/],
  ['more than 16 rules', () => build({ parents: [edge()], rules: range(17).map(() => ({})) }),
    /route has 17 rules; at most 16 are allowed; use SplitHttpRoute, which splits the rules over several HTTPRoutes/],
  ['more than 128 matches per route', () => build({
    parents: [edge()],
    rules: range(3).map(r => ({ matches: range(r < 2 ? 64 : 1).map(i => ({ path: PathMatch.prefix(`/r${r}m${i}`) })) })),
  }), /route has 129 matches across its rules; at most 128 are allowed; use SplitHttpRoute/],
  ['more than 64 matches per rule', withRule({ matches: range(65).map(i => ({ path: PathMatch.prefix(`/m${i}`) })) }),
    /rules\[0\] has 65 matches; at most 64 are allowed per rule/],
  ['duplicate rule name', () => build({ parents: [edge()], rules: [{ name: 'a' }, { name: 'a' }] }),
    /rules\[1\] \("a"\) repeats the rule name "a"; rule names must be unique within the route/],
  ['invalid rule name', withRule({ name: 'Main' }), /rules\[0\] \("Main"\) has name "Main"; use lowercase DNS labels/],
  // path values
  ['path not starting with /', withMatch({ path: PathMatch.prefix('api') }),
    /rules\[0\] matches\[0\]\.path PathPrefix "api" must be an absolute path starting with "\/"/],
  ['path with //', withMatch({ path: PathMatch.exact('/a//b') }), /\.path Exact "\/a\/\/b" must not contain "\/\/"/],
  ['path with /./', withMatch({ path: PathMatch.prefix('/a/./b') }), /must not contain "\/\.\/"/],
  ['path with /../', withMatch({ path: PathMatch.prefix('/a/../b') }), /must not contain "\/\.\.\/"/],
  ['path with %2f', withMatch({ path: PathMatch.prefix('/a%2fb') }), /must not contain "%2f"/],
  ['path with %2F', withMatch({ path: PathMatch.prefix('/a%2Fb') }), /must not contain "%2F"/],
  ['path with #', withMatch({ path: PathMatch.prefix('/a#b') }), /must not contain "#"/],
  ['path ending /..', withMatch({ path: PathMatch.prefix('/a/..') }), /must not end with "\/\.\."/],
  ['path ending /.', withMatch({ path: PathMatch.prefix('/a/.') }), /must not end with "\/\."/],
  ['path with invalid characters', withMatch({ path: PathMatch.prefix('/a b') }), /must only contain the characters/],
  ['empty path', withMatch({ path: PathMatch.exact('') }), /must be 1 to 1024 characters long/],
  ['path regex with lookahead', withMatch({ path: PathMatch.regularExpression('/a(?=b)') }),
    /RegularExpression "\/a\(\?=b\)" uses a lookaround, which RE2 does not support/],
  ['path regex with backreference', withMatch({ path: PathMatch.regularExpression('/(a)\\1') }), /uses a backreference, which RE2 does not support/],
  ['invalid path regex', withMatch({ path: PathMatch.regularExpression('/a(') }), /is not a valid regular expression/],
  ['unknown path type', withMatch({ path: { type: 'Glob', value: '/a' } as any }), /\.path has unknown type "Glob"/],
  // method, headers, query params
  ['unknown method', withMatch({ method: 'FETCH' as HttpMethod }), /\.method "FETCH" is not one of GET, HEAD/],
  ['more than 16 headers', withMatch({ headers: range(17).map(i => HeaderMatch.exact(`x-${i}`, 'v')) }),
    /matches\[0\]\.headers has 17 entries; at most 16 are allowed per match/],
  ['more than 16 query params', withMatch({ queryParams: range(17).map(i => QueryParamMatch.exact(`q${i}`, 'v')) }),
    /matches\[0\]\.queryParams has 17 entries; at most 16 are allowed per match/],
  ['invalid header name', withMatch({ headers: [HeaderMatch.exact('x version', 'v2')] }),
    /\.headers\[0\] name "x version" must only contain letters, digits and/],
  ['header name too long', withMatch({ headers: [HeaderMatch.exact('x'.repeat(257), 'v2')] }), /must be 1 to 256 characters long/],
  ['duplicate header name, other case', withMatch({ headers: [HeaderMatch.exact('X-Version', 'a'), HeaderMatch.exact('x-version', 'b')] }),
    /\.headers\[1\] repeats "x-version" \(names are case-insensitive\); use one entry per name/],
  ['duplicate query param name', withMatch({ queryParams: [QueryParamMatch.exact('a', '1'), QueryParamMatch.exact('a', '2')] }),
    /\.queryParams\[1\] repeats "a"; use one entry per name/],
  ['empty header value', withMatch({ headers: [HeaderMatch.exact('x-a', '')] }),
    /\.headers\[0\] \("x-a"\) must have a value of 1 to 4096 characters/],
  ['query param value too long', withMatch({ queryParams: [QueryParamMatch.exact('a', 'v'.repeat(1025))] }),
    /\.queryParams\[0\] \("a"\) must have a value of 1 to 1024 characters/],
  ['invalid header regex', withMatch({ headers: [HeaderMatch.regularExpression('x-a', '(')] }),
    /\.headers\[0\] \("x-a"\) expression "\(" is not a valid regular expression/],
  // filter lists
  ['more than 16 filters', withFilters(range(17).map(i => HttpRouteFilter.requestMirror(new FakeBackend(`m${i}`, 80)))),
    /rules\[0\] has 17 filters; at most 16 are allowed/],
  ['repeated CORS', withFilters([HttpRouteFilter.cors({}), HttpRouteFilter.cors({})]), /has more than one CORS filter; combine them into one/],
  ['repeated RequestHeaderModifier', withFilters([
    HttpRouteFilter.requestHeaderModifier({ remove: ['a'] }), HttpRouteFilter.requestHeaderModifier({ remove: ['b'] }),
  ]),
  /has more than one RequestHeaderModifier filter/],
  ['repeated ResponseHeaderModifier', withFilters([
    HttpRouteFilter.responseHeaderModifier({ remove: ['a'] }), HttpRouteFilter.responseHeaderModifier({ remove: ['b'] }),
  ]),
  /has more than one ResponseHeaderModifier filter/],
  ['repeated RequestRedirect', withFilters([
    HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS }), HttpRouteFilter.requestRedirect({ port: 8443 }),
  ], false),
  /has more than one RequestRedirect filter/],
  ['repeated URLRewrite', withFilters([
    HttpRouteFilter.urlRewrite({ hostname: 'a.example.com' }), HttpRouteFilter.urlRewrite({ hostname: 'b.example.com' }),
  ]),
  /has more than one URLRewrite filter/],
  ['RequestRedirect with URLRewrite', withFilters([
    HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS }), HttpRouteFilter.urlRewrite({ hostname: 'a.example.com' }),
  ], false),
  /has both a RequestRedirect and a URLRewrite filter; use one of them/],
  ['RequestRedirect with backends', withFilters([HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS })]),
    /rules\[0\] has a RequestRedirect filter and backends; a redirect answers by itself/],
  ['backend added to a redirect rule', () => build({ parents: [edge()] }, route => {
    route.addRule({ filters: [HttpRouteFilter.requestRedirect({ statusCode: 301 })] }).addBackend(api());
  }), /has a RequestRedirect filter and backends/],
  ['replacePrefixMatch with two matches', withRule({
    matches: [{ path: PathMatch.prefix('/a') }, { path: PathMatch.prefix('/b') }],
    filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/c') })],
  }), /uses replacePrefixMatch, which needs exactly one match, of type PathPrefix; the rule has 2 match\(es\)/],
  ['replacePrefixMatch with an Exact match', withRule({
    matches: [{ path: PathMatch.exact('/a') }],
    filters: [HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replacePrefixMatch('/c') })],
  }), /the rule has 1 match\(es\) of type Exact/],
  ['replacePrefixMatch in a backend filter', withRule({
    matches: [{ path: PathMatch.regularExpression('/a.*') }],
    backends: [{ backend: api(), filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/c') })] }],
  }), /uses replacePrefixMatch.*of type RegularExpression/],
  ['match added after replacePrefixMatch', () => build({ parents: [edge()] }, route => {
    const rule = route.addRule({ matches: [{ path: PathMatch.prefix('/a') }], filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/') })] });
    rule.addMatch({ path: PathMatch.prefix('/b') });
  }), /uses replacePrefixMatch/],
  // backends
  ['more than 16 backends', withRule({ backends: range(17).map(i => ({ backend: new FakeBackend(`b${i}`, 80) })) }),
    /rules\[0\] has 17 backends; at most 16 are allowed per rule/],
  ['backend without a name', withRule({ backends: [{ backend: new FakeBackend('', 80) }] }),
    /backendRefs\[0\] needs a name of 1 to 253 characters/],
  ['backend with an invalid group', withRule({
    backends: [{ backend: { backendReference: () => ({ group: 'Bad', kind: 'Service', name: 'a', port: 80 }) } }],
  }), /backendRefs\[0\] has an invalid group "Bad"/],
  ['backend with an invalid kind', withRule({
    backends: [{ backend: { backendReference: () => ({ group: '', kind: '1x', name: 'a', port: 80 }) } }],
  }), /backendRefs\[0\] has an invalid kind "1x"/],
  ['backend with an invalid namespace', withRule({ backends: [{ backend: new FakeBackend('a', 80, 'Other') }] }),
    /backendRefs\[0\] has an invalid namespace "Other"; it must be a DNS label/],
  ['Service backend without a port', withRule({ backends: [{ backend: new FakeBackend('a') }] }),
    /backendRefs\[0\] is a Service without a port; give the Service port/],
  ['backend port out of range', withRule({ backends: [{ backend: new FakeBackend('a', 0) }] }),
    /backendRefs\[0\] has port 0, which must be an integer between 1 and 65535/],
  ['negative weight', withRule({ backends: [{ backend: api(), weight: -1 }] }),
    /backendRefs\[0\] \(Service api:80\) has weight -1; use an integer between 0 and 1000000/],
  ['weight above 1000000', withRule({ backends: [{ backend: api(), weight: 1_000_001 }] }), /has weight 1000001; use an integer/],
  ['fractional weight', withRule({ backends: [{ backend: api(), weight: 1.5 }] }), /has weight 1.5; use an integer/],
  ['same backend twice', withRule({ backends: [{ backend: api() }, { backend: new FakeBackend('api', 80, 'shop') }] }),
    /backendRefs\[1\] repeats Service shop\/api:80 \(also backendRefs\[0\]\); change its weight instead/],
  ['backend filter list problem', withRule({
    backends: [{ backend: api(), filters: [HttpRouteFilter.cors({}), HttpRouteFilter.cors({})] }],
  }), /backendRefs\[0\] has more than one CORS filter/],
  ['every backend of a rule at weight 0', withRule({ backends: [{ backend: api(), weight: 0 }, { backend: new FakeBackend('web', 80), weight: 0 }] }),
    /\[shop\/api\] rules\[0\] gives every backend weight 0, so matching requests get 500; give at least one backend a positive weight/],
  ['setBackendWeight of an unknown backend', () => build({ parents: [edge()] }, route => {
    route.addRule({ backends: [{ backend: api() }] }).setBackendWeight(new FakeBackend('other', 80), 3);
  }), /\[shop\/api\] backend Service other:80 is not in this rule; add it with addBackend\(\) first/],
  ['cross-namespace backend in a route without namespace', () => {
    const chart = new Chart(Testing.app(), 'nons');
    new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api('other') }] }] });
  }, /backend Service other\/api:80 is in namespace "other" but the route has no namespace, so no ReferenceGrant can be written; give the chart a namespace/],
  // timeouts
  ['sub-millisecond timeout', withRule({ timeouts: { request: Duration.millis(1.5) } }),
    /rules\[0\] timeouts\.request must be a whole number of milliseconds, 0 or more, got /],
  ['timeout too long', withRule({ timeouts: { request: Duration.hours(100000) } }), /timeouts\.request 100000h is too long; use at most 99999h/],
  ['backendRequest longer than request', withRule({ timeouts: { request: Duration.seconds(10), backendRequest: Duration.seconds(15) } }),
    /timeouts\.backendRequest \(15s\) is longer than timeouts\.request \(10s\); make it at most the request timeout/],
  // hostname intersection
  ['no route hostname intersects the listener hostname', () => build({
    parents: [new FakeListener('edge', 'https', undefined, 'shop.example.com')],
    hostnames: ['api.example.com', 'www.example.org'],
    rules: [{ backends: [{ backend: api() }] }],
  }), /no route hostname \(api.example.com, www.example.org\) intersects the hostname "shop.example.com" of parent gateway edge, sectionName https.*NoMatchingListenerHostname/],
];

describe('HttpRoute errors', () => {
  test.each(cases)('fails when given %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('the error carries the construct path', () => {
    expect(withMatch({ path: PathMatch.prefix('x') })).toThrow(/^\[shop\/api\] rules\[0\] matches\[0\]\.path/);
  });
});
