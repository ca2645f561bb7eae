import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { api, FakeBackend, FakeListener, synth } from './fakes';
import { HeaderMatch } from '../../src/routing/header-match';
import { HttpMethod } from '../../src/routing/http-method';
import { HttpRouteRuleOptions } from '../../src/routing/http-route-rule';
import { PathMatch } from '../../src/routing/path-match';
import { SplitHttpRoute, SplitHttpRouteProps } from '../../src/routing/split-http-route';
import { shopChart } from '../chart';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const listener = new FakeListener('edge', 'https');
const backend = (i: number) => new FakeBackend(`svc-${i}`, 80);
/** A rule on its own path prefix `/p<i>` to its own Service. */
const distinct = (i: number): HttpRouteRuleOptions => ({
  name: `r${i}`, matches: [{ path: PathMatch.prefix(`/p${i}`) }], backends: [{ backend: backend(i) }],
});

function routes(props: Partial<SplitHttpRouteProps>, chart: Chart = shopChart()): any[] {
  new SplitHttpRoute(chart, 'api', { parents: [listener], rules: [{ backends: [{ backend: api() }] }], ...props });
  return synth(chart).filter((o) => o.kind === 'HTTPRoute');
}

const ruleNames = (route: any) => route.spec.rules.map((r: any) => r.name);

describe('SplitHttpRoute', () => {
  test('without the need to split, writes the HTTPRoute an HttpRoute would', () => {
    const out = routes({ hostnames: ['b.example.com', 'a.example.com'], rules: range(3).map(distinct) });
    expect(out).toHaveLength(1);
    expect(out[0].metadata).toEqual({ name: 'api', namespace: 'shop' });
    expect(out[0].spec.hostnames).toEqual(['a.example.com', 'b.example.com']);
    expect(ruleNames(out[0])).toEqual(['r0', 'r1', 'r2']);
  });

  test('40 hostnames become 3 HTTPRoutes with the same rules and sorted, disjoint hostnames', () => {
    const hostnames = range(40).map((i) => `t${String(i).padStart(2, '0')}.example.com`);
    const out = routes({ hostnames: [...hostnames].reverse(), rules: range(2).map(distinct) });
    expect(out.map((r) => r.metadata.name)).toEqual(['api', 'api-2', 'api-3']);
    expect(out.map((r) => r.spec.hostnames.length)).toEqual([16, 16, 8]);
    expect(out.flatMap((r) => r.spec.hostnames)).toEqual(hostnames);
    for (const r of out) expect(ruleNames(r)).toEqual(['r0', 'r1']);
  });

  test('20 rules with distinct matches become 2 HTTPRoutes, first fit, in order', () => {
    const out = routes({ rules: range(20).map(distinct) });
    expect(out.map(ruleNames)).toEqual([range(16).map((i) => `r${i}`), range(4).map((i) => `r${i + 16}`)]);
  });

  test('the match limit splits too: 3 rules of 50 matches need 2 HTTPRoutes', () => {
    const rule = (i: number): HttpRouteRuleOptions => ({
      name: `r${i}`,
      matches: range(50).map((k) => ({ path: PathMatch.exact(`/r${i}/m${k}`) })),
      backends: [{ backend: backend(i) }],
    });
    const out = routes({ rules: range(3).map(rule) });
    expect(out.map(ruleNames)).toEqual([['r0', 'r1'], ['r2']]);
  });

  test('rules whose matches tie on precedence stay together, in their order', () => {
    // r0 and r3 both match PathPrefix /a with no other condition: rule order decides between them
    const rules = [
      { name: 'r0', matches: [{ path: PathMatch.prefix('/a') }], backends: [{ backend: backend(0) }] },
      distinct(1),
      distinct(2),
      { name: 'r3', matches: [{ path: PathMatch.prefix('/a/') }], backends: [{ backend: backend(3) }] },
    ];
    const out = routes({ rules, maxRulesPerRoute: 2 });
    expect(out.map(ruleNames)).toEqual([['r0', 'r3'], ['r1', 'r2']]);
  });

  test.each([
    ['different exact paths', PathMatch.exact('/a'), PathMatch.exact('/b'), {}, {}],
    ['prefixes of equal length', PathMatch.prefix('/a'), PathMatch.prefix('/b'), {}, {}],
    ['different methods', PathMatch.prefix('/a'), PathMatch.prefix('/a'), { method: HttpMethod.GET }, { method: HttpMethod.POST }],
    ['different exact header values', PathMatch.prefix('/a'), PathMatch.prefix('/a'),
      { headers: [HeaderMatch.exact('x-v', '1')] }, { headers: [HeaderMatch.exact('X-V', '2')] }],
    ['a method against none', PathMatch.prefix('/a'), PathMatch.prefix('/a'), { method: HttpMethod.GET }, {}],
    ['more headers', PathMatch.prefix('/a'), PathMatch.prefix('/a'), { headers: [HeaderMatch.exact('x-v', '1')] }, {}],
  ])('rules that cannot tie are split freely: %s', (_title, p0, p1, m0, m1) => {
    const rules = [
      { name: 'r0', matches: [{ path: p0, ...m0 }], backends: [{ backend: backend(0) }] },
      { name: 'r1', matches: [{ path: p1, ...m1 }], backends: [{ backend: backend(1) }] },
    ];
    expect(routes({ rules, maxRulesPerRoute: 1 }).map(ruleNames)).toEqual([['r0'], ['r1']]);
  });

  test.each([
    ['the same prefix', {}, {}],
    ['the same method', { method: HttpMethod.GET }, { method: HttpMethod.GET }],
    ['headers of other names', { headers: [HeaderMatch.exact('x-a', '1')] }, { headers: [HeaderMatch.exact('x-b', '1')] }],
    ['a regular expression header', { headers: [HeaderMatch.regularExpression('x-a', '1|2')] }, { headers: [HeaderMatch.exact('x-a', '2')] }],
  ])('rules that can tie are kept together: %s', (_title, m0, m1) => {
    const rules = [
      { name: 'r0', matches: [{ path: PathMatch.prefix('/a'), ...m0 }], backends: [{ backend: backend(0) }] },
      { name: 'r1', matches: [{ path: PathMatch.prefix('/a'), ...m1 }], backends: [{ backend: backend(1) }] },
    ];
    expect(() => routes({ rules, maxRulesPerRoute: 1 })).toThrow(/cannot split the rules without changing routing/);
    expect(routes({ rules, maxRulesPerRoute: 2 }).map(ruleNames)).toEqual([['r0', 'r1']]);
  });

  test('regular expression paths count as tied whatever their length (their precedence is implementation-specific)', () => {
    const rules = [
      { name: 'r0', matches: [{ path: PathMatch.regularExpression('/a.*') }], backends: [{ backend: backend(0) }] },
      { name: 'r1', matches: [{ path: PathMatch.regularExpression('/b/[0-9]+') }], backends: [{ backend: backend(1) }] },
    ];
    expect(() => routes({ rules, maxRulesPerRoute: 1 })).toThrow(/rules\[0\], rules\[1\] have matches of equal precedence/);
  });

  test('hostnames and rules split together: every hostname chunk gets every rule group', () => {
    const out = routes({ hostnames: ['a.example.com', 'b.example.com', 'c.example.com'], rules: range(3).map(distinct), maxRulesPerRoute: 2, maxHostnamesPerRoute: 2 });
    expect(out.map((r) => [r.metadata.name, r.spec.hostnames, ruleNames(r)])).toEqual([
      ['api', ['a.example.com', 'b.example.com'], ['r0', 'r1']],
      ['api-2', ['a.example.com', 'b.example.com'], ['r2']],
      ['api-3', ['c.example.com'], ['r0', 'r1']],
      ['api-4', ['c.example.com'], ['r2']],
    ]);
  });

  test('a hostname chunk skips listeners whose hostname it does not intersect', () => {
    const a = new FakeListener('edge', 'a', undefined, 'a.example.com');
    const b = new FakeListener('edge', 'b', undefined, '*.b.example.com');
    const out = routes({ parents: [a, b], hostnames: ['a.example.com', 'x.b.example.com'], maxHostnamesPerRoute: 1 });
    expect(out.map((r) => r.spec.parentRefs.map((p: any) => p.sectionName))).toEqual([['a'], ['b']]);
  });

  test('hostnames that no listener accepts are left out, as the single route ignores them', () => {
    const a = new FakeListener('edge', 'a', undefined, '*.a.com');
    const hostnames = [...range(16).map((i) => `h${String(i).padStart(2, '0')}.a.com`), 'legacy.c.com'];
    const out = routes({ parents: [a], hostnames });
    expect(out).toHaveLength(1);
    expect(out[0].spec.hostnames).not.toContain('legacy.c.com');
    // when no listener accepts any, all are kept, so that the mismatch is reported
    expect(() => routes({ parents: [a], hostnames: ['legacy.c.com'] })).toThrow(/no route hostname \(legacy.c.com\) intersects/);
  });

  test('a Gateway parent (no listener hostname) gets every part', () => {
    const gw = new FakeListener('edge');
    const out = routes({ parents: [gw], hostnames: ['a.example.com', 'b.example.com'], maxHostnamesPerRoute: 1 });
    expect(out.map((r) => r.spec.parentRefs)).toEqual([[expect.objectContaining({ name: 'edge' })], [expect.objectContaining({ name: 'edge' })]]);
  });

  test('metadata goes to every part and the name comes from the id', () => {
    const chart = shopChart();
    const split = new SplitHttpRoute(chart, 'TenantRoutes', {
      metadata: { labels: { team: 'web' } }, parents: [listener], rules: range(3).map(distinct), maxRulesPerRoute: 1,
    });
    expect(split.routeName).toBe('tenant-routes');
    expect(split.routes.map((r) => r.routeName)).toEqual(['tenant-routes', 'tenant-routes-2', 'tenant-routes-3']);
    expect(split.routes.map((r) => r.node.id)).toEqual(['Part1', 'Part2', 'Part3']);
    for (const o of synth(chart).filter((x) => x.kind === 'HTTPRoute')) expect(o.metadata.labels).toEqual({ team: 'web' });
  });

  test('the output is byte-identical on every synth', () => {
    const make = () => {
      const chart = shopChart();
      new SplitHttpRoute(chart, 'api', { parents: [listener], rules: range(40).map(distinct), hostnames: range(20).map((i) => `h${i}.example.com`) });
      return (chart.node.root as App).synthYaml();
    };
    expect(make()).toEqual(make());
  });

  test('the escape hatch: ApiObject.of(split) is the first HTTPRoute, and a JSON patch on it shows in the output', () => {
    const chart = shopChart();
    const split = new SplitHttpRoute(chart, 'api', { parents: [listener], rules: range(3).map(distinct), maxRulesPerRoute: 1 });
    expect(split.node.defaultChild).toBe(split.routes[0]);
    expect(ApiObject.of(split)).toBe(ApiObject.of(split.routes[0]));
    ApiObject.of(split).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'web' }));
    ApiObject.of(split.routes[2]).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'ops' }));
    expect(synth(chart).filter((o) => o.kind === 'HTTPRoute').map((o) => [o.metadata.name, o.metadata.annotations])).toEqual([
      ['api', { owner: 'web' }], ['api-2', undefined], ['api-3', { owner: 'ops' }],
    ]);
  });
});

describe('SplitHttpRoute errors', () => {
  const tied = (n: number) => range(n).map((i) => ({ name: `r${i}`, matches: [{ path: PathMatch.prefix('/same') }], backends: [{ backend: backend(i) }] }));
  test.each<[string, Partial<SplitHttpRouteProps>, RegExp]>([
    ['17 rules tie', { rules: tied(17) },
      new RegExp('^\\[shop/api\\] cannot split the rules without changing routing: rules\\[0\\], rules\\[1\\], .* and 9 more have matches of equal '
        + 'precedence that one request can satisfy \\(for example rules\\[0\\]\\.matches\\[0\\] and rules\\[1\\]\\.matches\\[0\\]: PathPrefix /same\\), '
        + 'so only their order decides between them .* together they have 17 rules and 17 matches \\(at most 16 and 128 per route\\); make those matches distinct')],
    ['tied rules exceed a smaller match limit', { rules: tied(3), maxMatchesPerRoute: 2 }, /together they have 3 rules and 3 matches \(at most 16 and 2 per route\)/],
    ['maxRulesPerRoute is 0', { maxRulesPerRoute: 0 }, /^\[shop\/api\] maxRulesPerRoute is 0; use a whole number from 1 to 16$/],
    ['maxMatchesPerRoute is 129', { maxMatchesPerRoute: 129 }, /maxMatchesPerRoute is 129; use a whole number from 1 to 128/],
    ['maxHostnamesPerRoute is 1.5', { maxHostnamesPerRoute: 1.5 }, /maxHostnamesPerRoute is 1.5; use a whole number from 1 to 16/],
    ['there are no rules', { rules: [] }, /^\[shop\/api\] route has no rules; pass at least one rule$/],
    ['a hostname is listed twice, across chunks', { hostnames: ['a.example.com', 'b.example.com', 'a.example.com'], maxHostnamesPerRoute: 1 },
      /^\[shop\/api\] hostname "a.example.com" is listed twice; list it once$/],
    ['a rule name repeats, across parts', { rules: [distinct(0), distinct(1), { ...distinct(2), name: 'r0' }], maxRulesPerRoute: 1 },
      /^\[shop\/api\] rules\[2\] repeats the rule name "r0" of rules\[0\]; rule names must be unique within the route$/],
    ['a rule of a later part is invalid (the error names its index in the whole route)',
      { rules: [distinct(0), distinct(1), { matches: [{ path: PathMatch.prefix('no-slash') }], backends: [{ backend: backend(2) }] }], maxRulesPerRoute: 1 },
      /^\[shop\/api\] part 3 of 3 \(HTTPRoute "api-3"\): rules\[2\] matches\[0\]\.path PathPrefix "no-slash" must be an absolute path/],
    ['a header value is invalid (the rule\'s part names it, with its index in the whole route)',
      { rules: [distinct(0), { matches: [{ headers: [HeaderMatch.exact('x-a', 'bad\nvalue')] }], backends: [{ backend: backend(1) }] }], maxRulesPerRoute: 1 },
      /^\[shop\/api\] part 2 of 2 \(HTTPRoute "api-2"\): rules\[1\] matches\[0\]\.headers\[0\] .*contains a line break/],
    ['a hostname is invalid', { hostnames: ['Bad_Host'] }, /^\[shop\/api\] part 1 of 1 \(HTTPRoute "api"\): hostname "Bad_Host" is invalid/],
    ['a part name is taken by another route', {}, /^\[shop\/api\] part 2 of 2 \(HTTPRoute "api-2"\): HTTPRoute name "api-2" in namespace "shop" is already used by shop\/other\/Part1/],
  ])('fails when %s', (title, props, error) => {
    const chart = shopChart();
    if (title.startsWith('a part name is taken')) {
      new SplitHttpRoute(chart, 'other', { name: 'api-2', parents: [listener], rules: [distinct(0)] });
      expect(() => routes({ rules: range(3).map(distinct), maxRulesPerRoute: 2 }, chart)).toThrow(error);
      return;
    }
    expect(() => routes(props, chart)).toThrow(error);
  });
});
