import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { api, edge, FakeBackend, FakeListener, synth } from './fakes';
import { celErrors, schemaErrors } from './schema';
import { AppProtocol } from '../../src/backend/app-protocol';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { TlsCertificate } from '../../src/gateway/tls-certificate';
import { TlsListener } from '../../src/gateway/tls-listener';
import { Backend } from '../../src/routing/backend';
import { GrpcMethodMatch, GrpcMethodMatchType } from '../../src/routing/grpc-method-match';
import { GrpcRoute, GrpcRouteProps } from '../../src/routing/grpc-route';
import { GrpcRouteMatch, GrpcRouteRuleOptions } from '../../src/routing/grpc-route-rule';
import { HeaderMatch } from '../../src/routing/header-match';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter, HttpScheme } from '../../src/routing/http-route-filter';
import { ReferenceGrantPolicy } from '../../src/routing/reference-grant-policy';
import { RouteParent } from '../../src/routing/route-parent';
import { shopChart } from '../chart';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const greeter = (ns?: string) => new FakeBackend('greeter', 9090, ns);
const ref = (name: string, weight: number, extra: object = {}) => ({ group: '', kind: 'Service', name, port: 9090, weight, ...extra });
const EDGE_REF = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' };

function grpcRoute(props: GrpcRouteProps = {}) {
  const chart = shopChart();
  const route = new GrpcRoute(chart, 'greeter-route', { parents: [edge()], ...props });
  return { chart, route };
}

/** The only GRPCRoute of a chart, checked against the CRD schema and CEL rules. */
function grpcSpec(chart: Chart): any {
  const routes = synth(chart).filter(o => o.kind === 'GRPCRoute');
  if (routes.length !== 1) throw new Error(`expected one GRPCRoute, got ${routes.length}`);
  return routes[0].spec;
}

describe('GrpcRoute', () => {
  test('writes a v1 GRPCRoute with the defaults spelled out and no default match', () => {
    const { chart, route } = grpcRoute({ hostnames: ['grpc.example.com'], rules: [{ backends: [{ backend: greeter() }] }] });
    const [obj] = synth(chart);
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.kind).toBe('GRPCRoute');
    expect(obj.metadata).toEqual({ name: 'greeter-route', namespace: 'shop' });
    expect(obj.spec).toEqual({
      parentRefs: [EDGE_REF],
      hostnames: ['grpc.example.com'],
      rules: [{ backendRefs: [ref('greeter', 1)] }],
    });
    expect(route.routeName).toBe('greeter-route');
    expect(route.namespace).toBe('shop');
    expect(ApiObject.of(route).kind).toBe('GRPCRoute');
    expect(route.node.defaultChild).toBe(ApiObject.of(route));
  });

  test('method matches: exact service and method, service only, method only, regular expressions', () => {
    const matches: GrpcRouteMatch[] = [
      { method: GrpcMethodMatch.exact('helloworld.Greeter', 'SayHello') },
      { method: GrpcMethodMatch.exact('helloworld.Greeter') },
      { method: GrpcMethodMatch.exact(undefined, 'SayHello') },
      { method: GrpcMethodMatch.regularExpression('helloworld\\.Greeter(V2)?', 'Say.*') },
      { method: GrpcMethodMatch.regularExpression(undefined, 'Get.*') },
    ];
    const { chart } = grpcRoute({ rules: [{ matches, backends: [{ backend: greeter() }] }] });
    expect(grpcSpec(chart).rules[0].matches).toEqual([
      { method: { type: 'Exact', service: 'helloworld.Greeter', method: 'SayHello' } },
      { method: { type: 'Exact', service: 'helloworld.Greeter' } },
      { method: { type: 'Exact', method: 'SayHello' } },
      { method: { type: 'RegularExpression', service: 'helloworld\\.Greeter(V2)?', method: 'Say.*' } },
      { method: { type: 'RegularExpression', method: 'Get.*' } },
    ]);
    expect(matches[0].method!.type).toBe(GrpcMethodMatchType.EXACT);
    expect(matches[0].method!.service).toBe('helloworld.Greeter');
    expect(matches[0].method!.method).toBe('SayHello');
  });

  test('the path Istio matches with follows istio createGRPCURIMatch', () => {
    expect(GrpcMethodMatch.exact('a.B', 'C')._istioPath).toBe('/a.B/C');
    expect(GrpcMethodMatch.exact('a.B')._istioPath).toBe('/a.B/');
    expect(GrpcMethodMatch.exact(undefined, 'C')._istioPath).toBe('/[^/]+/C');
    expect(GrpcMethodMatch.regularExpression('a\\..*')._istioPath).toBe('/a\\..*/.+');
    expect(GrpcMethodMatch.regularExpression(undefined, 'C.*')._istioPath).toBe('/[^/]+/C.*');
  });

  test('header matches reuse HeaderMatch, with the type written out', () => {
    const { chart } = grpcRoute({
      rules: [{
        matches: [{ method: GrpcMethodMatch.exact('helloworld.Greeter'), headers: [HeaderMatch.exact('x-version', 'v2'), HeaderMatch.regularExpression('x-user', 'qa-.*')] }],
        backends: [{ backend: greeter() }],
      }],
    });
    expect(grpcSpec(chart).rules[0].matches[0].headers).toEqual([
      { type: 'Exact', name: 'x-version', value: 'v2' },
      { type: 'RegularExpression', name: 'x-user', value: 'qa-.*' },
    ]);
  });

  test('plain-object method matches (JavaScript callers) are rebuilt and checked', () => {
    const plain = { type: 'Exact', service: 'helloworld.Greeter' } as unknown as GrpcMethodMatch;
    const { chart } = grpcRoute({ rules: [{ matches: [{ method: plain }], backends: [{ backend: greeter() }] }] });
    expect(grpcSpec(chart).rules[0].matches).toEqual([{ method: { type: 'Exact', service: 'helloworld.Greeter' } }]);
    const bad = { type: 'Exact', service: 'a/b' } as unknown as GrpcMethodMatch;
    expect(() => grpcRoute({ rules: [{ matches: [{ method: bad }] }] }))
      .toThrow('rules[0] matches[0].method GrpcMethodMatch.exact("a/b"): service "a/b" is not a fully qualified gRPC service name');
  });

  test('filters GRPCRoute allows: header modifiers, mirror (with its grant) and per-backend filters', () => {
    const { chart } = grpcRoute({
      rules: [{
        filters: [
          HttpRouteFilter.requestHeaderModifier({ set: { 'x-env': 'prod' }, remove: ['x-debug'] }),
          HttpRouteFilter.responseHeaderModifier({ add: { 'x-served-by': 'greeter' } }),
          HttpRouteFilter.requestMirror(new FakeBackend('shadow', 9090, 'shadow'), { percent: 10 }),
        ],
        backends: [{ backend: greeter(), weight: 3, filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-backend': 'v1' } })] }],
      }],
    });
    const objects = synth(chart);
    const rule = objects.find(o => o.kind === 'GRPCRoute').spec.rules[0];
    expect(rule.filters).toEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], remove: ['x-debug'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'greeter' }] } },
      { type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'shadow', namespace: 'shadow', port: 9090 }, percent: 10 } },
    ]);
    expect(rule.backendRefs).toEqual([ref('greeter', 3, {
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-backend', value: 'v1' }] } }],
    })]);
    const grant = objects.find(o => o.kind === 'ReferenceGrant');
    expect(grant.metadata).toEqual({ name: 'shop-grpcroute-to-service-shadow', namespace: 'shadow' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service', name: 'shadow' }],
    });
  });

  test('cross-namespace backends get a ReferenceGrant from GRPCRoute, once, and none in the same namespace', () => {
    const { chart } = grpcRoute({
      rules: [
        { backends: [{ backend: greeter('rpc') }, { backend: new FakeBackend('local', 9090) }] },
        { matches: [{ method: GrpcMethodMatch.exact('a.B') }], backends: [{ backend: greeter('rpc') }] },
      ],
    });
    const grants = synth(chart).filter(o => o.kind === 'ReferenceGrant');
    expect(grants.map(g => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual(['rpc/shop-grpcroute-to-service-greeter']);
    expect(grants[0].spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop' }]);
  });

  test('an HttpRoute and a GrpcRoute to the same Service get one grant each (different from kinds)', () => {
    const { chart } = grpcRoute({ rules: [{ backends: [{ backend: greeter('rpc') }] }] });
    new HttpRoute(chart, 'web', { parents: [edge()], rules: [{ backends: [{ backend: greeter('rpc') }] }] });
    expect(synth(chart).filter(o => o.kind === 'ReferenceGrant').map(g => g.metadata.name).sort())
      .toEqual(['shop-grpcroute-to-service-greeter', 'shop-httproute-to-service-greeter']);
  });

  test('ReferenceGrantPolicy.EXPECT_EXISTING writes no grant', () => {
    const { chart } = grpcRoute({ referenceGrants: ReferenceGrantPolicy.EXPECT_EXISTING, rules: [{ backends: [{ backend: greeter('rpc') }] }] });
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind)).toEqual(['GRPCRoute']);
  });

  test('addParent, addHostname, addRule, addMatch, addFilter, addBackend, setBackendWeight', () => {
    const { chart, route } = grpcRoute({ parents: [] });
    route.addParent(edge());
    route.addParent(RouteParent.fromGatewayName('shared', { namespace: 'infra', sectionName: 'grpc' }));
    route.addHostname('b.example.com');
    route.addHostname('a.example.com');
    const rule = route.addRule({ name: 'say-hello' });
    rule.addMatch({ method: GrpcMethodMatch.exact('helloworld.Greeter', 'SayHello') });
    rule.addFilter(HttpRouteFilter.requestHeaderModifier({ set: { 'x-a': '1' } }));
    rule.addBackend(greeter(), { weight: 90 });
    rule.addBackend(new FakeBackend('greeter-v2', 9090), { weight: 10 });
    rule.setBackendWeight(greeter(), 80);
    expect(route.rules).toHaveLength(1);
    expect(route.parents).toHaveLength(2);
    expect(route.hostnames).toEqual(['b.example.com', 'a.example.com']);
    expect(rule.backends.map(b => b.weight)).toEqual([80, 10]);
    expect(rule.matches).toHaveLength(1);
    expect(rule.filters).toHaveLength(1);
    const spec = grpcSpec(chart);
    expect(spec.hostnames).toEqual(['a.example.com', 'b.example.com']);
    expect(spec.parentRefs[1]).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'infra', sectionName: 'grpc' });
    expect(spec.rules[0].name).toBe('say-hello');
    expect(spec.rules[0].backendRefs).toEqual([ref('greeter', 80), ref('greeter-v2', 10)]);
  });

  test('the most rules, matches, hostnames and backends the CRD allows are accepted and validate', () => {
    const { chart } = grpcRoute({
      hostnames: range(16).map(i => `h${i}.example.com`),
      rules: range(16).map(i => ({
        matches: range(8).map(j => ({ method: GrpcMethodMatch.exact(`svc${i}.S`, `M${j}`) })),
        backends: range(16).map(j => ({ backend: new FakeBackend(`b${j}`, 9090), weight: 1_000_000 })),
      })),
    });
    const spec = grpcSpec(chart);
    expect(spec.rules).toHaveLength(16);
    expect(spec.rules.reduce((n: number, r: any) => n + r.matches.length, 0)).toBe(128);
  });

  test('rules without matches count 0 towards the 128 matches (as the CEL rule counts them)', () => {
    const { chart } = grpcRoute({
      rules: [
        ...range(2).map(() => ({ matches: range(64).map(j => ({ method: GrpcMethodMatch.exact('a.B', `M${j}`) })), backends: [{ backend: greeter() }] })),
        { backends: [{ backend: greeter() }] },
      ],
    });
    expect(grpcSpec(chart).rules[2].matches).toBeUndefined();
  });

  test('with an IngressGateway and a gRPC ResilientBackend, the whole app passes synth-time analysis', () => {
    const chart = new Chart(Testing.app(), 'rpc', { namespace: 'rpc' });
    const greeterBackend = new ResilientBackend(chart, 'greeter', {
      port: 9090, appProtocol: AppProtocol.GRPC, versions: [{ version: 'v1', image: 'ghcr.io/acme/greeter:1.0' }],
    });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'grpc.example.com' });
    const https = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('grpc-tls') });
    new GrpcRoute(chart, 'greeter-route', {
      parents: [https],
      hostnames: ['grpc.example.com'],
      rules: [{ matches: [{ method: GrpcMethodMatch.exact('helloworld.Greeter') }], backends: [{ backend: greeterBackend.version('v1') }] }],
    });
    const objects = Testing.synth(chart);
    const route = objects.find(o => o.kind === 'GRPCRoute');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'rpc', sectionName: 'https' }]);
    expect([...schemaErrors(route), ...celErrors(route)]).toEqual([]);
  });

  test('synth validation (schema + CEL) accepts a full route', () => {
    const chart = new Chart(new App(), 'rpc', { namespace: 'rpc' });
    new GrpcRoute(chart, 'greeter', {
      parents: [edge()],
      rules: [{
        name: 'all',
        matches: [{ method: GrpcMethodMatch.regularExpression('helloworld\\..*'), headers: [HeaderMatch.exact('x-a', 'b')] }],
        filters: [HttpRouteFilter.requestMirror(api('shop'), { fraction: { numerator: 1, denominator: 1000 } })],
        backends: [{ backend: greeter() }],
      }],
    });
    const objects = Testing.synth(chart);
    for (const o of objects) expect([...schemaErrors(o), ...celErrors(o)]).toEqual([]);
    expect(objects.map(o => o.kind).sort()).toEqual(['GRPCRoute', 'ReferenceGrant']);
  });
});

/** Builds a route in a fresh chart and synthesizes it (so app-wide validations run). */
function build(props: GrpcRouteProps): void {
  const chart = shopChart();
  new GrpcRoute(chart, 'rpc', props);
  Testing.synth(chart);
}
const withRule = (rule: GrpcRouteRuleOptions) => () => build({ parents: [edge()], rules: [rule] });
const withMatch = (match: GrpcRouteMatch) => withRule({ matches: [match], backends: [{ backend: greeter() }] });
const withFilters = (filters: HttpRouteFilter[]) => withRule({ filters, backends: [{ backend: greeter() }] });

describe('GrpcRoute errors', () => {
  const cases: Array<[string, () => void, string | RegExp]> = [
    ['the route name is invalid', () => build({ name: 'Bad_Name', parents: [edge()], rules: [{}] }),
      '[shop/rpc] route name "Bad_Name" must be lowercase DNS labels separated by dots, at most 253 characters'],
    ['the namespace is invalid', () => build({ metadata: { namespace: 'Rpc' }, parents: [edge()], rules: [{}] }),
      '[shop/rpc] route namespace "Rpc" must be a DNS label'],
    ['two GRPCRoutes share a name in a namespace', () => {
      const chart = shopChart();
      new GrpcRoute(chart, 'rpc', { parents: [edge()], rules: [{}] });
      new GrpcRoute(chart, 'other', { name: 'rpc', parents: [edge()], rules: [{}] });
    }, /\[shop\/other\] GRPCRoute name "rpc" in namespace "shop" is already used by shop\/rpc/],
    ['there are more than 16 hostnames', () => build({ parents: [edge()], hostnames: range(17).map(i => `h${i}.example.com`), rules: [{}] }),
      '[shop/rpc] route has 17 hostnames; at most 16 are allowed; split them over several GRPCRoutes with the same rules'],
    ['a hostname is invalid', () => build({ parents: [edge()], hostnames: ['Grpc.Example.com'], rules: [{}] }),
      /hostname "Grpc.Example.com" is invalid: it must be lowercase DNS labels/],
    ['a hostname is listed twice', () => build({ parents: [edge()], hostnames: ['a.example.com', 'a.example.com'], rules: [{}] }),
      'hostname "a.example.com" is listed twice; list it once'],
    ['there are more than 32 parents', () => build({ parents: range(33).map(i => new FakeListener(`gw${i}`)), rules: [{}] }),
      'route has 33 parents; at most 32 are allowed'],
    ['a parent is attached twice without sectionName', () => build({ parents: [new FakeListener('gw'), new FakeListener('gw', 'a')], rules: [{}] }),
      'parentRefs[1] (gateway gw, sectionName a) attaches to the same parent as parentRefs[0] without a sectionName'],
    ['a parent factory got a bad name', () => build({ parents: [RouteParent.fromGatewayName('Bad')], rules: [{}] }),
      /\[shop\/rpc\] parents\[0\] RouteParent.fromGatewayName\("Bad"\): gateway name "Bad" is not a valid DNS label/],
    ['there are more than 16 rules', () => build({ parents: [edge()], rules: range(17).map(() => ({})) }),
      '[shop/rpc] route has 17 rules; at most 16 are allowed; split the rules over several GRPCRoutes with the same parents and hostnames'],
    ['there are more than 128 matches across rules', () => build({
      parents: [edge()],
      rules: range(3).map(() => ({ matches: range(43).map(j => ({ method: GrpcMethodMatch.exact('a.B', `M${j}`) })) })),
    }), 'route has 129 matches across its rules; at most 128 are allowed'],
    ['a rule has more than 64 matches', withRule({ matches: range(65).map(() => ({ method: GrpcMethodMatch.exact('a.B') })) }),
      'rules[0] has 65 matches; at most 64 are allowed per rule'],
    ['a rule name is invalid', withRule({ name: 'Say_Hello' }), 'rules[0] ("Say_Hello") has name "Say_Hello"; use lowercase DNS labels separated by dots'],
    ['two rules share a name', () => build({ parents: [edge()], rules: [{ name: 'a' }, { name: 'a' }] }),
      'rules[1] ("a") repeats the rule name "a"; rule names must be unique within the route'],
    ['a method match has neither service nor method', withMatch({ method: GrpcMethodMatch.exact() }),
      'rules[0] matches[0].method GrpcMethodMatch.exact(): needs a service, a method or both; leave the method match out to match every gRPC request'],
    ['an exact service is not a service name', withMatch({ method: GrpcMethodMatch.exact('helloworld/Greeter') }),
      'matches[0].method GrpcMethodMatch.exact("helloworld/Greeter"): service "helloworld/Greeter" is not a fully qualified gRPC service name (identifiers separated by dots, e.g. helloworld.Greeter); use GrpcMethodMatch.regularExpression for a pattern'],
    ['an exact method is not a method name', withMatch({ method: GrpcMethodMatch.exact('a.B', '1Say') }),
      'method "1Say" is not a gRPC method name (letters, digits and "_", not starting with a digit, e.g. SayHello)'],
    ['a service is empty', withMatch({ method: GrpcMethodMatch.exact('', 'Say') }),
      'service "" must be 1 to 1024 characters long; leave it out to match any service'],
    ['a method is longer than 1024 characters', withMatch({ method: GrpcMethodMatch.regularExpression(undefined, 'a'.repeat(1025)) }),
      /method "a{1025}" must be 1 to 1024 characters long/],
    ['a service expression is not RE2', withMatch({ method: GrpcMethodMatch.regularExpression('(?!internal).*') }),
      'service expression "(?!internal).*" uses a lookaround, which RE2 does not support'],
    ['a method expression has a backreference', withMatch({ method: GrpcMethodMatch.regularExpression(undefined, '(a)\\1') }),
      'method expression "(a)\\1" uses a backreference, which RE2 does not support'],
    ['a header match is invalid', withMatch({ headers: [HeaderMatch.exact('x a', 'b')] }),
      /rules\[0\] matches\[0\]\.headers\[0\] name "x a" must only contain letters/],
    ['a header is matched twice', withMatch({ headers: [HeaderMatch.exact('x-a', 'b'), HeaderMatch.exact('X-A', 'c')] }),
      'matches[0].headers[1] repeats "X-A" (names are case-insensitive); use one entry per name'],
    ['there are more than 16 header matches', withMatch({ headers: range(17).map(i => HeaderMatch.exact(`x-${i}`, 'v')) }),
      'matches[0].headers has 17 entries; at most 16 are allowed per match'],
    ['a filter is a RequestRedirect', withFilters([HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS })]),
      'rules[0] filters[0] has type RequestRedirect, which a GRPCRoute does not allow; use one of RequestHeaderModifier, ResponseHeaderModifier, RequestMirror, ExtensionRef (a redirect or a URL rewrite needs an HttpRoute)'],
    ['a filter is a URLRewrite', withFilters([HttpRouteFilter.urlRewrite({ hostname: 'a.example.com' })]),
      'rules[0] filters[0] has type URLRewrite, which a GRPCRoute does not allow'],
    ['a filter is CORS', withFilters([HttpRouteFilter.cors({ allowOrigins: ['https://a.example.com'] })]),
      'rules[0] filters[0] has type CORS, which a GRPCRoute does not allow'],
    ['a backend filter is a URLRewrite', withRule({ backends: [{ backend: greeter(), filters: [HttpRouteFilter.urlRewrite({ hostname: 'a.example.com' })] }] }),
      'rules[0] backendRefs[0] filters[0] has type URLRewrite, which a GRPCRoute does not allow'],
    ['a header modifier is repeated', withFilters([HttpRouteFilter.requestHeaderModifier({ set: { a: 'b' } }), HttpRouteFilter.requestHeaderModifier({ set: { c: 'd' } })]),
      'rules[0] has more than one RequestHeaderModifier filter; combine them into one'],
    ['a header modifier changes nothing', withFilters([HttpRouteFilter.responseHeaderModifier({})]),
      'rules[0] filters[0] (ResponseHeaderModifier) changes nothing; give at least one of set, add or remove'],
    ['there are more than 16 filters', withFilters(range(17).map(i => HttpRouteFilter.requestMirror(new FakeBackend(`m${i}`, 9090)))),
      'rules[0] has 17 filters; at most 16 are allowed'],
    ['there are more than 16 backends', withRule({ backends: range(17).map(i => ({ backend: new FakeBackend(`b${i}`, 9090) })) }),
      'rules[0] has 17 backends; at most 16 are allowed per rule'],
    ['a weight is above 1000000', withRule({ backends: [{ backend: greeter(), weight: 1_000_001 }] }),
      'rules[0] backendRefs[0] (Service greeter:9090) has weight 1000001; use an integer between 0 and 1000000'],
    ['a weight is not an integer', withRule({ backends: [{ backend: greeter(), weight: 0.5 }] }),
      'has weight 0.5; use an integer between 0 and 1000000'],
    ['a backend is listed twice', withRule({ backends: [{ backend: greeter() }, { backend: greeter() }] }),
      'rules[0] backendRefs[1] repeats Service greeter:9090 (also backendRefs[0]); change its weight instead'],
    ['a backend has no port', withRule({ backends: [{ backend: new FakeBackend('greeter') }] }),
      'rules[0] backendRefs[0] is a Service without a port; give the Service port'],
    ['a backend factory got a bad port', withRule({ backends: [{ backend: Backend.fromServiceName('greeter', 0) }] }),
      /\[shop\/rpc\] backend Backend.fromServiceName\("greeter", 0\): port must be an integer between 1 and 65535, got 0/],
    ['every weight of a rule is 0', withRule({ backends: [{ backend: greeter(), weight: 0 }] }),
      'rules[0] gives every backend weight 0, so matching requests get HTTP 500 (gRPC status UNKNOWN); give at least one backend a positive weight, or remove the rule'],
    ['the route has no rules', () => build({ parents: [edge()] }), 'route has no rules; pass rules or call addRule()'],
    ['the route has no parents', () => build({ rules: [{}] }), 'route has no parents, so it attaches to no Gateway; pass parents or call addParent()'],
    ['no hostname intersects an external parent', () => build({
      parents: [RouteParent.fromGatewayName('shared', { hostname: 'api.example.com' })], hostnames: ['grpc.example.com'], rules: [{}],
    }), 'no route hostname (grpc.example.com) intersects the hostname "api.example.com" of parent gateway shared'],
    ['a cross-namespace backend needs a grant but the route has no namespace', () => {
      new GrpcRoute(shopChart(null), 'rpc', { parents: [edge()], rules: [{ backends: [{ backend: greeter('rpc') }] }] });
    }, 'backend Service rpc/greeter:9090 is in namespace "rpc" but the route has no namespace, so no ReferenceGrant can be written'],
  ];

  test.each(cases)('fails when %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('fails when setBackendWeight names a backend not in the rule', () => {
    const { route } = grpcRoute({ rules: [{ backends: [{ backend: greeter() }] }] });
    expect(() => route.rules[0].setBackendWeight(new FakeBackend('other', 9090), 5))
      .toThrow('[shop/greeter-route] backend Service other:9090 is not in this rule; add it with addBackend() first');
  });

  test('fails when a later addition breaks a limit, naming the route path', () => {
    const { route } = grpcRoute({ rules: [{ backends: [{ backend: greeter() }] }] });
    expect(() => route.rules[0].addFilter(HttpRouteFilter.requestRedirect({ statusCode: 301 })))
      .toThrow(/^\[shop\/greeter-route\] rules\[0\] filters\[0\] has type RequestRedirect/);
    expect(() => route.rules[0].addMatch({ method: GrpcMethodMatch.regularExpression('[') }))
      .toThrow(/matches\[0\]\.method GrpcMethodMatch\.regularExpression\("\["\): service expression "\[" is not a valid regular expression/);
  });
});

describe('GrpcRoute properties', () => {
  /** A GRPCRoute object whose one match is `method`, as the API server would get it. */
  const objectWith = (m: object) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: 'rpc', namespace: 'shop' },
    spec: { rules: [{ matches: [{ method: m }] }] },
  });

  test('the exact service and method checks agree with the CRD\'s CEL rules', () => {
    const name = fc.oneof(
      fc.stringMatching(/^\.?[A-Za-z_][A-Za-z0-9_]{0,4}(\.[A-Za-z_][A-Za-z0-9_]{0,4}){0,2}$/),
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.stringMatching(/^[A-Za-z0-9_./-]{1,10}$/),
    );
    expect(celErrors(objectWith({ type: 'Exact', service: 'a/b' })).join()).toContain('service must only contain valid characters');
    expect(celErrors(objectWith({ type: 'Exact' })).join()).toContain("One or both of 'service' or 'method' must be specified");
    fc.assert(fc.property(name, fc.boolean(), (value, asService) => {
      const match = asService ? GrpcMethodMatch.exact(value) : GrpcMethodMatch.exact('a.B', value);
      const cel = celErrors(objectWith(match._render()));
      expect(match._problem() === undefined).toBe(cel.length === 0);
    }), { numRuns: 300 });
  });

  const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
  const service = fc.array(ident, { minLength: 1, maxLength: 3 }).map(s => s.join('.'));
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const method = fc.oneof(
    fc.tuple(service, fc.option(ident, { nil: undefined })).map(([s, m]) => GrpcMethodMatch.exact(s, m)),
    ident.map(m => GrpcMethodMatch.exact(undefined, m)),
    fc.tuple(service, fc.option(ident, { nil: undefined })).map(([s, m]) => GrpcMethodMatch.regularExpression(`${s.replace(/\./g, '\\.')}.*`, m && `${m}|Other`)),
  );
  const match = fc.record({
    method: fc.option(method, { nil: undefined }),
    headers: fc.uniqueArray(fc.tuple(fc.stringMatching(/^x-[a-z0-9]{1,6}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/)), { maxLength: 3, selector: ([n]) => n })
      .map(hs => hs.map(([n, v]) => HeaderMatch.exact(n, v))),
  });
  const backends = fc.uniqueArray(
    fc.record({ name: label, ns: fc.option(fc.constantFrom('shop', 'rpc', 'other'), { nil: undefined }), weight: fc.integer({ min: 1, max: 1_000_000 }) }),
    { minLength: 1, maxLength: 16, selector: b => `${b.ns ?? 'shop'}/${b.name}` },
  );
  const filter = fc.constantFrom(
    HttpRouteFilter.requestHeaderModifier({ set: { 'x-env': 'prod' } }),
    HttpRouteFilter.responseHeaderModifier({ remove: ['server'] }),
  );
  const rule: fc.Arbitrary<GrpcRouteRuleOptions> = fc.record({
    matches: fc.array(match, { maxLength: 8 }),
    filters: fc.option(filter.map(f => [f]), { nil: undefined }),
    backends: backends.map(bs => bs.map(b => ({ backend: new FakeBackend(b.name, 9090, b.ns), weight: b.weight }))),
  });
  const config = fc.record({
    hostnames: fc.uniqueArray(label.map(l => `${l}.example.com`), { maxLength: 16 }),
    rules: fc.array(rule, { minLength: 1, maxLength: 16 }),
  });

  test('generated GrpcRoutes synthesize deterministically, pass schema + CEL, and get the grants they need', () => {
    fc.assert(fc.property(config, (c) => {
      const render = () => {
        const chart = shopChart();
        new GrpcRoute(chart, 'rpc', { parents: [new FakeListener('edge', 'https')], ...c });
        return Testing.synth(chart);
      };
      const objects = render();
      expect(JSON.stringify(render())).toEqual(JSON.stringify(objects));
      for (const o of objects) expect([...schemaErrors(o), ...celErrors(o)]).toEqual([]);
      const route = objects.find(o => o.kind === 'GRPCRoute');
      expect(route.spec.rules).toHaveLength(c.rules.length);
      const needed = new Set<string>();
      for (const r of route.spec.rules) {
        for (const m of r.matches ?? []) if (m.method) expect(['Exact', 'RegularExpression']).toContain(m.method.type);
        for (const b of r.backendRefs) {
          expect(b).toMatchObject({ group: '', kind: 'Service', port: 9090 });
          if (b.namespace && b.namespace !== 'shop') needed.add(`${b.namespace}/shop-grpcroute-to-service-${b.name}`);
        }
      }
      const grants = objects.filter(o => o.kind === 'ReferenceGrant').map(g => `${g.metadata.namespace}/${g.metadata.name}`);
      expect(new Set(grants)).toEqual(needed);
    }), { numRuns: 60 });
  });
});
