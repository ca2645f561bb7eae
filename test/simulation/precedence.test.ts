import { route, to, world } from './helpers';

/**
 * HTTPRouteRule.Matches: "Across all rules specified on applicable Routes,
 * precedence must be given to the match having: Exact path match, Prefix
 * path match with largest number of characters, Method match, Largest
 * number of header matches, Largest number of query param matches. [...]
 * The oldest Route based on creation timestamp. The Route appearing first in
 * alphabetical order by {namespace}/{name}. [...] the FIRST matching rule
 * (in list order)".
 */
describe('match precedence', () => {
  const exact = (value: string) => ({ path: { type: 'Exact', value } });
  const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
  const header = (name: string, value: string) => ({ name, value });

  const cases: { title: string; rules: any[]; request: any; winner: string }[] = [
    {
      title: 'Exact path beats PathPrefix of the same value, whatever the rule order',
      rules: [to('prefix', { matches: [prefix('/foo')] }), to('exact', { matches: [exact('/foo')] })],
      request: { path: '/foo' },
      winner: 'exact',
    },
    {
      title: 'Exact path beats a longer PathPrefix',
      rules: [to('prefix', { matches: [prefix('/foo/bar')] }), to('exact', { matches: [exact('/foo/bar/baz')] })],
      request: { path: '/foo/bar/baz' },
      winner: 'exact',
    },
    {
      title: 'the longest PathPrefix wins',
      rules: [to('short', { matches: [prefix('/api')] }), to('long', { matches: [prefix('/api/v2')] })],
      request: { path: '/api/v2/users' },
      winner: 'long',
    },
    {
      title: 'a prefix length ignores the trailing slash',
      rules: [to('slash', { matches: [prefix('/api/')] }), to('longer', { matches: [prefix('/api/v')] })],
      request: { path: '/api/v/x' },
      winner: 'longer',
    },
    {
      title: 'a longer PathPrefix beats a method match',
      rules: [to('method', { matches: [{ ...prefix('/api'), method: 'GET' }] }), to('path', { matches: [prefix('/api/v1')] })],
      request: { path: '/api/v1' },
      winner: 'path',
    },
    {
      title: 'a method match beats header matches',
      rules: [
        to('headers', { matches: [{ headers: [header('a', '1'), header('b', '2')] }] }),
        to('method', { matches: [{ method: 'GET' }] }),
      ],
      request: { path: '/', headers: { a: '1', b: '2' } },
      winner: 'method',
    },
    {
      title: 'more header matches win',
      rules: [
        to('one', { matches: [{ headers: [header('a', '1')] }] }),
        to('two', { matches: [{ headers: [header('a', '1'), header('b', '2')] }] }),
      ],
      request: { headers: { a: '1', b: '2' } },
      winner: 'two',
    },
    {
      title: 'a header match beats query param matches',
      rules: [
        to('query', { matches: [{ queryParams: [{ name: 'x', value: '1' }, { name: 'y', value: '2' }] }] }),
        to('header', { matches: [{ headers: [header('a', '1')] }] }),
      ],
      request: { path: '/?x=1&y=2', headers: { a: '1' } },
      winner: 'header',
    },
    {
      title: 'more query param matches win',
      rules: [
        to('one', { matches: [{ queryParams: [{ name: 'x', value: '1' }] }] }),
        to('two', { matches: [{ queryParams: [{ name: 'x', value: '1' }, { name: 'y', value: '2' }] }] }),
      ],
      request: { path: '/?x=1&y=2' },
      winner: 'two',
    },
    {
      title: 'within a route, the first matching rule wins a tie',
      rules: [to('first', { matches: [prefix('/a')] }), to('second', { matches: [prefix('/a')] })],
      request: { path: '/a' },
      winner: 'first',
    },
    {
      title: 'a rule without matches matches everything (PathPrefix /)',
      rules: [to('other', { matches: [prefix('/other')] }), to('default')],
      request: { path: '/anything' },
      winner: 'default',
    },
    {
      title: 'PathPrefix / beats a RegularExpression path (regex ranks after prefixes, as in Istio)',
      rules: [to('regex', { matches: [{ path: { type: 'RegularExpression', value: '/api/.*' } }] }), to('root', { matches: [prefix('/')] })],
      request: { path: '/api/x' },
      winner: 'root',
    },
    {
      title: 'the header override rule wins over the weighted rule with the same path (canary header)',
      rules: [
        { matches: [prefix('/api')], backendRefs: [{ name: 'stable', port: 80, weight: 90 }, { name: 'canary', port: 80, weight: 10 }] },
        to('canary', { matches: [{ ...prefix('/api'), headers: [header('x-version', 'v2')] }] }),
      ],
      request: { path: '/api/orders', headers: { 'X-Version': 'v2' } },
      winner: 'canary',
    },
  ];

  test.each(cases)('$title', ({ rules, request, winner }) => {
    const names = rules.flatMap((r) => (r.backendRefs ?? []).map((b: any) => b.name));
    const sim = world([route('r', { rules })], names);
    const d = sim.request({ host: 'shop.example.com', ...request });
    expect(d).toRouteTo(winner);
  });

  test('the rule index and match index of the winning match are reported', () => {
    const sim = world([route('r', {
      rules: [
        to('a', { matches: [prefix('/a')] }),
        to('b', { name: 'b-rule', matches: [prefix('/x'), { headers: [header('h', '1')] }] }),
      ],
    })], ['a', 'b']);
    const d = sim.request({ host: 'h', path: '/y', headers: { h: '1' } });
    expect(d.route).toBe('app/r');
    expect(d.ruleIndex).toBe(1);
    expect(d.ruleName).toBe('b-rule');
    expect(d.matchIndex).toBe(1);
  });

  describe('across routes', () => {
    test('precedence applies across routes before route order', () => {
      const sim = world([
        route('a-first', { rules: [to('short', { matches: [prefix('/api')] })] }),
        route('b-second', { rules: [to('long', { matches: [prefix('/api/v1')] })] }),
      ], ['short', 'long']);
      expect(sim.request({ host: 'h', path: '/api/v1/x' })).toRouteTo('long');
    });

    test('the oldest route wins a tie (creationTimestamp), before alphabetical order', () => {
      const sim = world([
        route('a', { rules: [to('from-a')] }, 'app', { creationTimestamp: '2026-01-02T00:00:00Z' }),
        route('b', { rules: [to('from-b')] }, 'app', { creationTimestamp: '2026-01-01T00:00:00Z' }),
      ], ['from-a', 'from-b']);
      const d = sim.request({ host: 'h' });
      expect(d).toRouteTo('from-b');
      expect(d.notes.join('\n')).toContain('the older one (creationTimestamp) wins');
    });

    test('a newer route with a more specific match still wins', () => {
      const sim = world([
        route('old', { rules: [to('old')] }, 'app', { creationTimestamp: '2020-01-01T00:00:00Z' }),
        route('new', { rules: [to('new', { matches: [prefix('/x')] })] }, 'app', { creationTimestamp: '2026-01-01T00:00:00Z' }),
      ], ['old', 'new']);
      expect(sim.request({ host: 'h', path: '/x' })).toRouteTo('new');
    });

    test('without timestamps, alphabetical namespace/name decides and the decision says so', () => {
      const sim = world([
        route('b', { rules: [to('from-b')] }),
        route('a', { rules: [to('from-a')] }),
      ], ['from-a', 'from-b']);
      const d = sim.request({ host: 'h' });
      expect(d).toRouteTo('from-a');
      expect(d.notes.join('\n')).toContain('creation timestamps are unknown, so they were treated as equal and the alphabetical namespace/name order decided');
    });

    test('alphabetical order compares the namespace first', () => {
      const sim = world([
        route('a', { rules: [to('from-zzz')] }, 'zzz'),
        route('z', { rules: [to('from-aaa')] }, 'aaa'),
      ]);
      const d = sim.request({ host: 'h' });
      expect(d.route).toBe('aaa/z');
    });

    test('one known timestamp is not enough: alphabetical order decides', () => {
      const sim = world([
        route('b', { rules: [to('from-b')] }, 'app', { creationTimestamp: '2020-01-01T00:00:00Z' }),
        route('a', { rules: [to('from-a')] }),
      ], ['from-a', 'from-b']);
      expect(sim.request({ host: 'h' })).toRouteTo('from-a');
    });
  });

  describe('route hostname precedence (HTTPRouteSpec.Hostnames)', () => {
    test('the route with the longest matching non-wildcard hostname wins over a wildcard route', () => {
      const sim = world([
        route('a-wild', { hostnames: ['*.example.com'], rules: [to('wild', { matches: [prefix('/api')] })] }),
        route('z-exact', { hostnames: ['foo.example.com'], rules: [to('exact')] }),
      ], ['wild', 'exact']);
      expect(sim.request({ host: 'foo.example.com', path: '/api' })).toRouteTo('exact');
      expect(sim.request({ host: 'bar.example.com', path: '/api' })).toRouteTo('wild');
    });

    test('a more specific wildcard wins over a less specific one', () => {
      const sim = world([
        route('a', { hostnames: ['*.example.com'], rules: [to('short')] }),
        route('b', { hostnames: ['*.foo.example.com'], rules: [to('long')] }),
      ], ['short', 'long']);
      expect(sim.request({ host: 'x.foo.example.com' })).toRouteTo('long');
    });

    // Istio: one virtual host per hostname (pilot/pkg/config/kube/gateway route_collections.go, "Create one VS per
    // hostname"); Envoy selects the most specific domain and matches only that virtual host's routes
    test('no fall-through to a less specific hostname: Istio answers 404 and notes what the spec would pick', () => {
      const sim = world([
        route('wild', { hostnames: ['*.example.com'], rules: [to('wild')] }),
        route('exact', { hostnames: ['foo.example.com'], rules: [to('exact', { matches: [prefix('/only')] })] }),
      ], ['wild', 'exact']);
      const d = sim.request({ host: 'foo.example.com', path: '/other' });
      expect(d).toReturnStatus(404);
      expect(d.reason).toBe('no rule of the HTTPRoutes for hostname foo.example.com on listener http matches GET /other (Istio does not fall back to less specific hostnames)');
      expect(d.notes).toContain('Istio answers 404: no rule for virtual host foo.example.com (HTTPRoute app/exact) matches, and Envoy does not fall back '
        + 'to other virtual hosts; the Gateway API precedence would pick HTTPRoute app/wild (*.example.com) rule 0');
      expect(sim.request({ host: 'foo.example.com', path: '/only' })).toRouteTo('exact');
      expect(sim.request({ host: 'bar.example.com', path: '/other' })).toRouteTo('wild');
    });
  });
});
