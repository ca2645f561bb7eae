import { covers, DISJOINT, HttpMatch, intersectMatches, NOT_EXPRESSIBLE, PathCondition, quoteRe2, stringPrefixPath } from '../../src/migration/http-match';
import { convertMatch, MatchContext, pathValueProblem } from '../../src/migration/match-conversion';
import { durationMs, gatewayDuration } from '../../src/migration/route-conversion';
import { preserveFirstMatch } from '../../src/migration/rule-order';
import { mergeTrafficPolicy, subsetServiceName } from '../../src/migration/subset-services';

const m = (path: PathCondition, extra: Partial<HttpMatch> = {}): HttpMatch => ({ path, headers: [], queryParams: [], ...extra });
const prefix = (value: string) => m({ type: 'PathPrefix', value });
const exact = (value: string) => m({ type: 'Exact', value });
const str = (p: string, notSlashNext = true) => m(stringPrefixPath({ prefix: p, notSlashNext }));
const CTX: MatchContext = { ports: [80], gateways: ['istio-system/gw'], resolveGateway: (n) => n, segmentPrefixes: false };

describe('HTTPRoute match reasoning', () => {
  test('intersections of paths', () => {
    expect(intersectMatches(prefix('/a'), prefix('/a/b'))).toEqual(prefix('/a/b'));
    expect(intersectMatches(prefix('/a'), prefix('/ab'))).toBe(DISJOINT);
    expect(intersectMatches(prefix('/a'), exact('/a/x'))).toEqual(exact('/a/x'));
    expect(intersectMatches(str('/product'), prefix('/'))).toEqual(str('/product'));
    expect(intersectMatches(str('/product'), prefix('/product'))).toBe(DISJOINT);
    expect(intersectMatches(str('/product'), prefix('/productpage'))).toEqual(prefix('/productpage'));
    expect(intersectMatches(str('/product'), prefix('/product/x'))).toBe(DISJOINT);
    expect(intersectMatches(str('/product'), exact('/productx'))).toEqual(exact('/productx'));
    expect(intersectMatches(m({ type: 'RegularExpression', value: '/a.*' }), prefix('/a/'))).toBe(NOT_EXPRESSIBLE);
    expect(intersectMatches(m({ type: 'RegularExpression', value: '/a.*' }), prefix('/b/'))).toBe(DISJOINT);
  });

  test('intersections of headers and methods', () => {
    const h = (type: 'Exact' | 'RegularExpression', value: string) => [{ name: 'x', type, value }];
    expect(intersectMatches(prefix('/' ), m({ type: 'PathPrefix', value: '/' }, { method: 'GET' }))).toEqual(m({ type: 'PathPrefix', value: '/' }, { method: 'GET' }));
    expect(intersectMatches(m({ type: 'PathPrefix', value: '/' }, { method: 'GET' }), m({ type: 'PathPrefix', value: '/' }, { method: 'POST' }))).toBe(DISJOINT);
    expect(intersectMatches(m({ type: 'PathPrefix', value: '/' }, { headers: h('Exact', 'a') }), m({ type: 'PathPrefix', value: '/' }, { headers: h('Exact', 'b') }))).toBe(DISJOINT);
    expect(intersectMatches(m({ type: 'PathPrefix', value: '/' }, { headers: h('RegularExpression', 'a.*') }), m({ type: 'PathPrefix', value: '/' }, { headers: h('Exact', 'ab') })))
      .toEqual(m({ type: 'PathPrefix', value: '/' }, { headers: h('Exact', 'ab') }));
    expect(intersectMatches(m({ type: 'PathPrefix', value: '/' }, { headers: h('RegularExpression', 'a.*') }), m({ type: 'PathPrefix', value: '/' }, { headers: h('RegularExpression', 'b.*') })))
      .toBe(NOT_EXPRESSIBLE);
  });

  test('coverage', () => {
    expect(covers(prefix('/'), str('/x'))).toBe(true);
    expect(covers(prefix('/a'), prefix('/a/b'))).toBe(true);
    expect(covers(prefix('/a/b'), prefix('/a'))).toBe(false);
    expect(covers(str('/a'), prefix('/ab'))).toBe(true);
    expect(covers(str('/a'), prefix('/a/b'))).toBe(false);
    expect(covers(m({ type: 'PathPrefix', value: '/' }, { method: 'GET' }), prefix('/'))).toBe(false);
  });

  test('quoteRe2 escapes RE2 operators', () => {
    expect(quoteRe2('/a.b+c(d)')).toBe('/a\\.b\\+c\\(d\\)');
  });

  test('first-match order: an unreachable rule and an added intersection', () => {
    const r = preserveFirstMatch([
      { index: 0, matches: [m({ type: 'PathPrefix', value: '/' }, { method: 'GET' })] },
      { index: 1, matches: [exact('/x')] },
      { index: 2, matches: [exact('/x')] },
    ], 64, 128);
    expect(r.problem).toBeUndefined();
    expect(r.unreachable).toEqual([{ index: 2, coveredBy: 1 }]);
    expect(r.rules[0].matches).toEqual([m({ type: 'PathPrefix', value: '/' }, { method: 'GET' }), m({ type: 'Exact', value: '/x' }, { method: 'GET' })]);
  });
});

describe('Istio match conversion', () => {
  test('string prefix: PathPrefix plus the continuation; segment prefixes: PathPrefix alone', () => {
    expect(convertMatch({ uri: { prefix: '/p' } }, 'f', CTX).matches.map((x) => x.path.value)).toEqual(['/p', '/p[^/].*']);
    expect(convertMatch({ uri: { prefix: '/p/' } }, 'f', CTX).matches.map((x) => x.path.value)).toEqual(['/p/.*']);
    expect(convertMatch({ uri: { prefix: '/p' } }, 'f', { ...CTX, segmentPrefixes: true }).matches.map((x) => x.path.value)).toEqual(['/p']);
  });

  test('fails on invalid path values, regexes and methods', () => {
    expect(convertMatch({ uri: { exact: 'a' } }, 'f', CTX).refused).toBe(true);
    expect(convertMatch({ uri: { regex: '(' } }, 'f', CTX).refused).toBe(true);
    expect(convertMatch({ method: { prefix: 'G' } }, 'f', CTX).refused).toBe(true);
    expect(convertMatch({ port: 8080 }, 'f', CTX)).toMatchObject({ matches: [], refused: false });
    expect(pathValueProblem('/a//b')).toContain('//');
  });
});

describe('helpers', () => {
  test('subset Service names', () => {
    expect(subsetServiceName('web', 'V1_beta')).toBe('web-v1-beta');
  });

  test('traffic policy merge: subset fields replace the rule\'s', () => {
    expect(mergeTrafficPolicy({ loadBalancer: { simple: 'ROUND_ROBIN' }, tls: { mode: 'ISTIO_MUTUAL' } }, { loadBalancer: { simple: 'RANDOM' } }))
      .toEqual({ loadBalancer: { simple: 'RANDOM' }, tls: { mode: 'ISTIO_MUTUAL' } });
    expect(mergeTrafficPolicy(undefined, undefined)).toBeUndefined();
  });

  test('durations', () => {
    expect(gatewayDuration('1.5s')).toBe('1s500ms');
    expect(gatewayDuration('90s')).toBe('1m30s');
    expect(gatewayDuration('0s')).toBe('0s');
    expect(gatewayDuration('0.0001s')).toBeUndefined();
    expect(durationMs('24h')).toBe(86400000);
  });
});
