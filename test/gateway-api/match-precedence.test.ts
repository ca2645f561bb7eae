import {
  compareMatches, compareRouteOrder, MatchLike, matchesTie, matchKey, RegexPrecedence, tieBucket, trimSlash,
} from '../../src/gateway-api/match-precedence';

const key = (m: MatchLike) => matchKey(m);
const prefix = (value: string, extra: Partial<MatchLike> = {}): MatchLike => ({ path: { type: 'PathPrefix', value }, ...extra });
const exact = (value: string, extra: Partial<MatchLike> = {}): MatchLike => ({ path: { type: 'Exact', value }, ...extra });
const regex = (value: string): MatchLike => ({ path: { type: 'RegularExpression', value } });
const header = (name: string, value: string) => ({ name, value });

describe('matchKey', () => {
  test('no path is PathPrefix /, and a PathPrefix loses its trailing slash', () => {
    expect(key({})).toMatchObject({ pathType: 'PathPrefix', pathValue: '' });
    expect(key(prefix('/api/'))).toMatchObject({ pathType: 'PathPrefix', pathValue: '/api' });
    expect(key(exact('/api/'))).toMatchObject({ pathType: 'Exact', pathValue: '/api/' });
  });

  test('header names fold case and only the first entry of a name counts', () => {
    const k = key({ headers: [header('X-A', '1'), header('x-a', '2')], queryParams: [{ name: 'Q', value: '1' }, { name: 'q', value: '2' }] });
    expect([...k.headers]).toEqual([['x-a', { type: 'Exact', value: '1' }]]);
    expect([...k.queryParams.keys()]).toEqual(['Q', 'q']);
  });
});

describe('trimSlash', () => {
  test.each([['/', ''], ['/api/', '/api'], ['/api', '/api']])('%s becomes %s', (path, trimmed) => {
    expect(trimSlash(path)).toBe(trimmed);
  });
});

describe('compareMatches', () => {
  // each entry takes precedence over the next one
  const ranked: Array<[string, MatchLike]> = [
    ['Exact /a/b', exact('/a/b')],
    ['Exact /a', exact('/a')],
    ['PathPrefix /a/b', prefix('/a/b')],
    ['PathPrefix /a with method, 2 headers', prefix('/a', { method: 'GET', headers: [header('x', '1'), header('y', '1')] })],
    ['PathPrefix /a with method, 1 header and a query param', prefix('/a', { method: 'GET', headers: [header('x', '1')], queryParams: [{ name: 'q', value: '1' }] })],
    ['PathPrefix /a with method, 1 header', prefix('/a', { method: 'GET', headers: [header('x', '1')] })],
    ['PathPrefix /a with method', prefix('/a', { method: 'GET' })],
    ['PathPrefix /a', prefix('/a')],
    ['PathPrefix /', {}],
    ['RegularExpression /.{10}', regex('/.{10}')],
    ['RegularExpression /.*', regex('/.*')],
  ];
  test.each(ranked.slice(0, -1).map((r, i) => [r[0], ranked[i + 1][0], r[1], ranked[i + 1][1]]))(
    '%s takes precedence over %s', (_a, _b, a, b) => {
      expect(compareMatches(key(a as MatchLike), key(b as MatchLike))).toBeLessThan(0);
      expect(compareMatches(key(b as MatchLike), key(a as MatchLike))).toBeGreaterThan(0);
    });

  test('a trailing slash does not make a prefix longer', () => {
    expect(compareMatches(key(prefix('/a/')), key(prefix('/a')))).toBe(0);
  });

  test('equal precedence is 0, whatever the values', () => {
    expect(compareMatches(key(prefix('/ab', { method: 'GET' })), key(prefix('/cd', { method: 'POST' })))).toBe(0);
  });

  test('an unknown path type ranks last', () => {
    expect(compareMatches(key(regex('/.*')), key({ path: { type: 'Glob', value: '/*' } }))).toBeLessThan(0);
  });
});

describe('matchesTie', () => {
  test.each<[string, MatchLike, MatchLike, boolean]>([
    ['same prefix', prefix('/a'), prefix('/a/'), true],
    ['prefixes of equal length and other values', prefix('/a'), prefix('/b'), false],
    ['exact and prefix', exact('/a'), prefix('/a'), false],
    ['other methods', prefix('/a', { method: 'GET' }), prefix('/a', { method: 'POST' }), false],
    ['a method and none', prefix('/a', { method: 'GET' }), prefix('/a'), false],
    ['headers of other names', prefix('/a', { headers: [header('x', '1')] }), prefix('/a', { headers: [header('y', '1')] }), true],
    ['one header with two exact values', prefix('/a', { headers: [header('x', '1')] }), prefix('/a', { headers: [header('X', '2')] }), false],
    ['regular expressions of other lengths', regex('/a.*'), regex('/.*'), true],
  ])('%s: %s', (_title, a, b, tie) => {
    expect(matchesTie(key(a), key(b))).toBe(tie);
    expect(matchesTie(key(b), key(a))).toBe(tie);
  });

  test('RegexPrecedence.BY_LENGTH ties only regular expressions of equal length, as compareMatches ranks them', () => {
    expect(matchesTie(key(regex('/a.*')), key(regex('/.*')), RegexPrecedence.BY_LENGTH)).toBe(false);
    expect(matchesTie(key(regex('/a.*')), key(regex('/b.*')), RegexPrecedence.BY_LENGTH)).toBe(true);
  });

  test('matches that tie share a tie bucket', () => {
    expect(tieBucket(key(prefix('/a')))).toBe(tieBucket(key(prefix('/a/', { method: 'GET' }))));
    expect(tieBucket(key(regex('/a.*')))).toBe(tieBucket(key(regex('/.*'))));
    expect(tieBucket(key(regex('/a.*')), RegexPrecedence.BY_LENGTH)).not.toBe(tieBucket(key(regex('/.*')), RegexPrecedence.BY_LENGTH));
  });
});

describe('compareRouteOrder', () => {
  test('the older route wins, then namespace/name', () => {
    expect(compareRouteOrder({ key: 'b/x', creationTimestamp: '2024-01-01T00:00:00Z' }, { key: 'a/x', creationTimestamp: '2024-01-02T00:00:00Z' })).toBeLessThan(0);
    expect(compareRouteOrder({ key: 'b/x', creationTimestamp: '2024-01-01T00:00:00Z' }, { key: 'a/x' })).toBeGreaterThan(0);
    expect(compareRouteOrder({ key: 'a/x' }, { key: 'a/x' })).toBe(0);
  });
});
