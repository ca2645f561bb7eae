import { Duration } from 'cdk8s';
import { api, FakeBackend } from './fakes';
import { HeaderMatch, QueryParamMatch, ValueMatchType } from '../../src/routing/header-match';
import { HttpPathModifier } from '../../src/routing/http-path-modifier';
import { HttpRouteFilter, HttpScheme } from '../../src/routing/http-route-filter';
import { PathMatch, PathMatchType } from '../../src/routing/path-match';
import { RuleHost } from '../../src/routing/rule-host';

/* The routing value classes check and render themselves (`_problem()`,
 * `_render()`, `_bind()`); the route only adds the position. */

describe('PathMatch', () => {
  test.each(['/', '/api', '/api/', '/a-b_c~d/%20x', "/a!$&'()*+,;=:@"])('accepts %s as Exact and PathPrefix', (value) => {
    expect(PathMatch.prefix(value)._problem()).toBeUndefined();
    expect(PathMatch.exact(value)._problem()).toBeUndefined();
  });

  test('regular expressions are not held to the path rules', () => {
    expect(PathMatch.regularExpression('.*//#')._problem()).toBeUndefined();
  });

  test('renders type and value', () => {
    expect(PathMatch.exact('/healthz')._render()).toEqual({ type: 'Exact', value: '/healthz' });
  });

  test.each([
    ['a relative path', PathMatch.prefix('api'), 'PathPrefix "api" must be an absolute path starting with "/"'],
    ['an empty path', PathMatch.exact(''), 'Exact "" must be 1 to 1024 characters long'],
    ['an RE2 lookahead', PathMatch.regularExpression('/a(?=b)'), 'RegularExpression "/a(?=b)" uses a lookaround, which RE2 does not support'],
    ['an unknown type', PathMatch._of({ type: 'Glob', value: '/a' } as any), 'has unknown type "Glob"'],
  ])('fails when given %s', (_what, path, problem) => {
    expect(path._problem()).toContain(problem);
  });

  test('a plain object becomes a PathMatch; a PathMatch stays itself', () => {
    const path = PathMatch.prefix('/a');
    expect(PathMatch._of(path)).toBe(path);
    const rebuilt = PathMatch._of({ type: PathMatchType.EXACT, value: '/b' } as any);
    expect(rebuilt).toBeInstanceOf(PathMatch);
    expect(rebuilt._render()).toEqual({ type: 'Exact', value: '/b' });
  });
});

describe('HeaderMatch and QueryParamMatch', () => {
  test('render type, name and value', () => {
    expect(HeaderMatch.exact('x-version', 'v2')._render()).toEqual({ type: 'Exact', name: 'x-version', value: 'v2' });
    expect(QueryParamMatch.regularExpression('q', '^a')._render()).toEqual({ type: 'RegularExpression', name: 'q', value: '^a' });
  });

  test('a valid list has no problem', () => {
    expect(HeaderMatch._listProblem([HeaderMatch.exact('a', '1'), HeaderMatch.exact('b', '2')])).toBeUndefined();
    expect(QueryParamMatch._listProblem([QueryParamMatch.exact('a', '1'), QueryParamMatch.exact('A', '2')])).toBeUndefined();
  });

  test.each([
    ['a header value with a line break', () => HeaderMatch._listProblem([HeaderMatch.exact('x-a', 'a\nb')]),
      '.headers[0] HeaderMatch.exact("x-a", "a\\nb"): value "a\\nb" contains a line break (LF) at position 1'],
    ['a header name that is not a token', () => HeaderMatch._listProblem([HeaderMatch.exact('x a', 'v')]),
      '.headers[0] name "x a" must only contain letters'],
    ['header names equal but for case', () => HeaderMatch._listProblem([HeaderMatch.exact('X-A', '1'), HeaderMatch.exact('x-a', '2')]),
      '.headers[1] repeats "x-a" (names are case-insensitive); use one entry per name'],
    ['a header value over 4096 characters', () => HeaderMatch._listProblem([HeaderMatch.exact('x-a', 'v'.repeat(4097))]),
      '.headers[0] ("x-a") must have a value of 1 to 4096 characters'],
    ['a repeated query parameter', () => QueryParamMatch._listProblem([QueryParamMatch.exact('a', '1'), QueryParamMatch.exact('a', '2')]),
      '.queryParams[1] repeats "a"; use one entry per name'],
    ['a query value over 1024 characters', () => QueryParamMatch._listProblem([QueryParamMatch.exact('a', 'v'.repeat(1025))]),
      '.queryParams[0] ("a") must have a value of 1 to 1024 characters'],
    ['an invalid query expression', () => QueryParamMatch._listProblem([QueryParamMatch.regularExpression('a', '(')]),
      '.queryParams[0] ("a") expression "(" is not a valid regular expression'],
    ['17 query parameters', () => QueryParamMatch._listProblem(Array.from({ length: 17 }, (_, i) => QueryParamMatch.exact(`q${i}`, 'v'))),
      '.queryParams has 17 entries; at most 16 are allowed per match'],
  ])('fails when given %s', (_what, problem, message) => {
    expect(problem()).toContain(message);
  });

  test('plain objects become value classes', () => {
    const plain = { name: 'x-a', value: 'v', type: ValueMatchType.EXACT } as any;
    expect(HeaderMatch._of(plain)).toBeInstanceOf(HeaderMatch);
    expect(QueryParamMatch._of(plain)._render()).toEqual({ type: 'Exact', name: 'x-a', value: 'v' });
  });
});

describe('HttpPathModifier', () => {
  test('renders the field of its type', () => {
    expect(HttpPathModifier.replaceFullPath('/v2')._render()).toEqual({ type: 'ReplaceFullPath', replaceFullPath: '/v2' });
    expect(HttpPathModifier.replacePrefixMatch('/v2')._render()).toEqual({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' });
  });

  test('fails when the path is longer than 1024 characters', () => {
    expect(HttpPathModifier.replaceFullPath('/' + 'a'.repeat(1024))._problem()).toBe('has a path longer than 1024 characters');
    expect(HttpPathModifier.replaceFullPath('/ok')._problem()).toBeUndefined();
  });
});

describe('HttpRouteFilter', () => {
  test('renders its type first, then its own field with the defaults written out', () => {
    const redirect = HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS })._render();
    expect(Object.keys(redirect)).toEqual(['type', 'requestRedirect']);
    expect(redirect.requestRedirect.statusCode).toBe(302);
    expect(HttpRouteFilter.cors({})._render().cors.maxAge).toBe(5);
    expect(HttpRouteFilter.requestMirror(api(), { fraction: { numerator: 1 } })._render().requestMirror.fraction)
      .toEqual({ numerator: 1, denominator: 100 });
  });

  test('knows when it replaces the prefix match', () => {
    expect(HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/v2') })._replacesPrefixMatch).toBe(true);
    expect(HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replaceFullPath('/v2') })._replacesPrefixMatch).toBe(false);
    expect(HttpRouteFilter.cors({})._replacesPrefixMatch).toBe(false);
  });

  test('_bind asks the route for the mirror backend\'s grant, and only for a mirror', () => {
    const granted: string[] = [];
    const host: RuleHost = {
      namespace: 'shop',
      _check: () => undefined,
      _grantFor: (b) => { granted.push(b.backendReference().name); },
      _fail: (m) => { throw new Error(m); },
    };
    HttpRouteFilter.requestMirror(new FakeBackend('shadow', 80, 'qa'))._bind(host);
    HttpRouteFilter.requestHeaderModifier({ set: { 'x-a': '1' } })._bind(host);
    expect(granted).toEqual(['shadow']);
  });

  test.each([
    ['an empty header modifier', [HttpRouteFilter.requestHeaderModifier({})],
      'filters[0] (RequestHeaderModifier) changes nothing; give at least one of set, add or remove'],
    ['two CORS filters', [HttpRouteFilter.cors({}), HttpRouteFilter.cors({})], 'has more than one CORS filter; combine them into one'],
    ['a redirect and a rewrite', [HttpRouteFilter.requestRedirect({}), HttpRouteFilter.urlRewrite({ hostname: 'a.example.com' })],
      'has both a RequestRedirect and a URLRewrite filter; use one of them'],
    ['a redirect to port 0', [HttpRouteFilter.requestRedirect({ port: 0 })],
      'filters[0] (RequestRedirect) has port 0, which must be an integer between 1 and 65535, got 0'],
    ['a mirror without a backend', [HttpRouteFilter.requestMirror(undefined as any)], 'filters[0] (RequestMirror) mirror backend needs a backend'],
    ['a CORS maxAge under a second', [HttpRouteFilter.cors({ maxAge: Duration.millis(500) })],
      'filters[0] (CORS) has maxAge 500ms; it must be a whole number of seconds, at least 1'],
    ['an extensionRef kind over 63 characters', [HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'K'.repeat(64), name: 'x' })],
      `filters[0] (ExtensionRef) has an invalid kind "${'K'.repeat(64)}"`],
  ])('fails when given %s', (_what, filters, message) => {
    expect(HttpRouteFilter._listProblem(filters)).toBe(message);
  });
});
