import { route, to, world } from './helpers';
import { pathMatches } from '../../src/simulation/matching';

describe('path matching', () => {
  // PathPrefix "matches full path elements [...] a trailing `/` is ignored. For
  // example, the paths `/abc`, `/abc/`, and `/abc/def` would all match the
  // prefix `/abc`, but the path `/abcd` would not."
  test.each([
    ['PathPrefix', '/abc', '/abc', true],
    ['PathPrefix', '/abc', '/abc/', true],
    ['PathPrefix', '/abc', '/abc/def', true],
    ['PathPrefix', '/abc', '/abcd', false],
    ['PathPrefix', '/abc/', '/abc', true],
    ['PathPrefix', '/abc/', '/abc/def', true],
    ['PathPrefix', '/abc/', '/abcd', false],
    ['PathPrefix', '/foo', '/foo/bar', true],
    ['PathPrefix', '/foo', '/foobar', false],
    ['PathPrefix', '/', '/', true],
    ['PathPrefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo', '/foo/bar', false],
    ['RegularExpression', '/api/v[0-9]+', '/api/v12', true],
    ['RegularExpression', '/api/v[0-9]+', '/api/v12/x', false],
    ['RegularExpression', '/api', '/api/x', false],
    ['RegularExpression', '(?i)/API', '/api', true],
  ])('%s %s against %s -> %s', (type, value, path, expected) => {
    expect(pathMatches(type, value, path)).toBe(expected);
  });

  test('the query string is not part of the path', () => {
    const sim = world([route('r', { rules: [to('exact', { matches: [{ path: { type: 'Exact', value: '/search' } }] })] })], ['exact']);
    expect(sim.request({ host: 'h', path: '/search?q=shoes' })).toRouteTo('exact');
  });

  // Envoy NACKs the whole route configuration of the port (istio/istio#49607, #49993, #56807)
  test('an expression RE2 rejects takes down every route of the port, not only its own', () => {
    const sim = world([
      route('bad', { hostnames: ['bad.example.com'], rules: [to('x', { matches: [{ path: { type: 'RegularExpression', value: '/(' } }] })] }),
      route('good', { hostnames: ['good.example.com'], rules: [to('x')] }),
    ], ['x']);
    const d = sim.request({ host: 'good.example.com', path: '/' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('Envoy rejects the route configuration of port 80: HTTPRoute app/bad spec.rules[0].matches[0].path has the RegularExpression "/(", '
      + 'which is not a valid regular expression (RE2: missing closing ): `/(`); a gateway that starts now serves no route on the port (istio/istio#56807)');
    expect(d.notes).toContain('a gateway that was serving the port before the expression was added keeps its last accepted routes instead '
      + '(Envoy ignores every later route change on the port until the expression is fixed)');
  });

  test('a long request path is shortened in the reason', () => {
    const sim = world([route('r', { rules: [to('x', { matches: [{ path: { type: 'Exact', value: '/a' } }] })] })], ['x']);
    const d = sim.request({ host: 'h', path: `/${'b'.repeat(10000)}` });
    expect(d).toReturnStatus(404);
    expect(d.reason!.length).toBeLessThan(400);
    expect(d.reason).toContain('...');
  });

  // Envoy evaluates RegularExpression matches with RE2 (safe_regex): linear time, RE2 syntax
  test('RE2 syntax: (?i) makes a header match case-insensitive', () => {
    const sim = world([route('r', { rules: [to('web', { matches: [{ headers: [{ type: 'RegularExpression', name: 'x-user', value: '(?i)admin' }] }] })] })], ['web']);
    expect(sim.request({ host: 'h', headers: { 'x-user': 'ADMIN' } })).toRouteTo('web');
    expect(sim.request({ host: 'h', headers: { 'x-user': 'admins' } })).toReturnStatus(404);
  });

  test('a pattern that backtracks in JavaScript answers a 10,000-character path at once', () => {
    const sim = world([route('r', { rules: [to('web', { matches: [{ path: { type: 'RegularExpression', value: '/(a+)+$' } }] })] })], ['web']);
    const started = Date.now();
    expect(sim.request({ host: 'h', path: `/${'a'.repeat(10000)}!` })).toReturnStatus(404);
    expect(sim.request({ host: 'h', path: `/${'a'.repeat(10000)}` })).toRouteTo('web');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('header matching', () => {
  const headerRoute = (headers: any[]) => world([route('r', { rules: [to('hit', { matches: [{ headers }] })] })], ['hit']);

  test('header names are case-insensitive', () => {
    const sim = headerRoute([{ name: 'X-Version', value: 'v2' }]);
    expect(sim.request({ host: 'h', headers: { 'x-version': 'v2' } })).toRouteTo('hit');
    expect(sim.request({ host: 'h', headers: { 'X-VERSION': 'v2' } })).toRouteTo('hit');
  });

  test('header values are compared exactly (case-sensitive)', () => {
    const sim = headerRoute([{ name: 'x-version', value: 'v2' }]);
    expect(sim.request({ host: 'h', headers: { 'x-version': 'V2' } })).toReturnStatus(404);
  });

  test('all headers of a match must match (AND)', () => {
    const sim = headerRoute([{ name: 'a', value: '1' }, { name: 'b', value: '2' }]);
    expect(sim.request({ host: 'h', headers: { a: '1' } })).toReturnStatus(404);
    expect(sim.request({ host: 'h', headers: { a: '1', b: '2' } })).toRouteTo('hit');
  });

  test('only the first entry of an equivalent header name is considered', () => {
    const sim = headerRoute([{ name: 'a', value: '1' }, { name: 'A', value: '2' }]);
    expect(sim.request({ host: 'h', headers: { a: '1' } })).toRouteTo('hit');
  });

  test('RegularExpression header values must match the whole value', () => {
    const sim = headerRoute([{ name: 'user-agent', type: 'RegularExpression', value: '.*Mobile.*' }]);
    expect(sim.request({ host: 'h', headers: { 'User-Agent': 'Mozilla (Mobile)' } })).toRouteTo('hit');
    expect(sim.request({ host: 'h', headers: { 'User-Agent': 'Desktop' } })).toReturnStatus(404);
    const anchored = headerRoute([{ name: 'x', type: 'RegularExpression', value: 'v[0-9]' }]);
    expect(anchored.request({ host: 'h', headers: { x: 'v12' } })).toReturnStatus(404);
  });

  test('a missing header does not match', () => {
    const sim = headerRoute([{ name: 'a', value: 'x' }]);
    expect(sim.request({ host: 'h' })).toReturnStatus(404);
    expect(sim.request({ host: 'h', headers: { a: 'x' } })).toRouteTo('hit');
  });

  // the CRD requires a value of at least one character: the API server rejects the route
  test('a route the API server rejects (an empty header value) is ignored and noted', () => {
    const d = headerRoute([{ name: 'a', value: '' }]).request({ host: 'h', headers: { a: '' } });
    expect(d).toReturnStatus(404);
    expect(d.notes.some((n) => /^HTTPRoute app\/r \(.*\) is rejected \(IGW0001 spec\.rules\[0\]\.matches\[0\]\.headers\[0\]\.value: .*\); it is ignored$/.test(n))).toBe(true);
  });
});

describe('query parameter and method matching', () => {
  test('query param names are exact and the first value of a repeated param is used', () => {
    const sim = world([route('r', { rules: [to('hit', { matches: [{ queryParams: [{ name: 'env', value: 'beta' }] }] })] })], ['hit']);
    expect(sim.request({ host: 'h', path: '/?env=beta' })).toRouteTo('hit');
    expect(sim.request({ host: 'h', path: '/?ENV=beta' })).toReturnStatus(404);
    expect(sim.request({ host: 'h', path: '/?env=beta&env=prod' })).toRouteTo('hit');
    expect(sim.request({ host: 'h', path: '/?env=prod&env=beta' })).toReturnStatus(404);
    expect(sim.request({ host: 'h', path: '/', query: { env: 'beta' } })).toRouteTo('hit');
  });

  test('RegularExpression query params', () => {
    const sim = world([route('r', { rules: [to('hit', { matches: [{ queryParams: [{ name: 'id', type: 'RegularExpression', value: '[0-9]+' }] }] })] })], ['hit']);
    expect(sim.request({ host: 'h', path: '/?id=42' })).toRouteTo('hit');
    expect(sim.request({ host: 'h', path: '/?id=4a' })).toReturnStatus(404);
  });

  test('method matches; the request method defaults to GET and is compared in upper case', () => {
    const sim = world([route('r', { rules: [to('post', { matches: [{ method: 'POST' }] })] })], ['post']);
    expect(sim.request({ host: 'h', method: 'post' })).toRouteTo('post');
    expect(sim.request({ host: 'h' })).toReturnStatus(404);
  });

  test('matches of one rule are ORed', () => {
    const sim = world([route('r', { rules: [to('hit', { matches: [{ path: { type: 'Exact', value: '/a' } }, { headers: [{ name: 'h', value: '1' }] }] })] })], ['hit']);
    expect(sim.request({ host: 'h', path: '/a' }).matchIndex).toBe(0);
    expect(sim.request({ host: 'h', path: '/b', headers: { h: '1' } }).matchIndex).toBe(1);
    expect(sim.request({ host: 'h', path: '/b' })).toReturnStatus(404);
  });

  test('a 404 names what was requested', () => {
    const sim = world([route('r', { rules: [to('x', { matches: [{ path: { type: 'PathPrefix', value: '/api' } }] })] })], ['x']);
    const d = sim.request({ host: 'h', method: 'DELETE', path: '/web?x=1' });
    expect(d.status).toBe(404);
    expect(d.route).toBeUndefined();
    expect(d.listener).toBe('http');
    expect(d.reason).toBe('no rule of the HTTPRoutes attached to listener http matches DELETE /web?x=1');
  });
});
