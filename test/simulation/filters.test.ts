import { gateway, route, service, simulate, to } from './helpers';
import { replacePrefix } from '../../src/simulation/filters';

const listeners = [
  { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'alt', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'c' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'https-alt', port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'c' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
];

function redirecting(requestRedirect: any, matches?: any[]) {
  return simulate([
    gateway(listeners),
    route('r', { rules: [{ ...(matches ? { matches } : {}), filters: [{ type: 'RequestRedirect', requestRedirect }] }] }),
  ]);
}

describe('RequestRedirect Location', () => {
  // HTTPRequestRedirectFilter.Port: "If redirect scheme is not-empty, the redirect port MUST be the
  // well-known port associated with the redirect scheme [...] If redirect scheme is empty, the
  // redirect port MUST be the Gateway Listener port. Implementations SHOULD NOT add the port number
  // in the 'Location' header [for] HTTP and port 80 [or] HTTPS and port 443."
  test.each([
    ['scheme https, no port: 443, omitted', { scheme: 'https' }, { host: 'shop.example.com', path: '/cart' }, 'https://shop.example.com/cart'],
    ['scheme https from a listener on 8080: still 443', { scheme: 'https' }, { host: 'shop.example.com', port: 8080 }, 'https://shop.example.com/'],
    ['scheme http from an HTTPS listener: 80, omitted', { scheme: 'http' }, { host: 'a.example.com', scheme: 'https' }, 'http://a.example.com/'],
    ['no scheme, no port, listener 80: omitted', { hostname: 'b.example.com' }, { host: 'a.example.com' }, 'http://b.example.com/'],
    ['no scheme, no port, listener 8080: the listener port', { hostname: 'b.example.com' }, { host: 'a.example.com', port: 8080 }, 'http://b.example.com:8080/'],
    ['no scheme, no port, HTTPS listener 443: omitted', { hostname: 'b.example.com' }, { host: 'a.example.com', scheme: 'https' }, 'https://b.example.com/'],
    ['no scheme, no port, HTTPS listener 8443: the listener port', { hostname: 'b.example.com' }, { host: 'a', scheme: 'https', port: 8443 }, 'https://b.example.com:8443/'],
    ['explicit port 8443 with scheme https', { scheme: 'https', port: 8443 }, { host: 'a.example.com' }, 'https://a.example.com:8443/'],
    ['explicit port 443 with scheme https: omitted', { scheme: 'https', port: 443 }, { host: 'a.example.com' }, 'https://a.example.com/'],
    ['explicit port 443 with scheme http: kept', { scheme: 'http', port: 443 }, { host: 'a.example.com' }, 'http://a.example.com:443/'],
    ['explicit port 80 without scheme on listener 8080', { port: 80 }, { host: 'a.example.com', port: 8080 }, 'http://a.example.com/'],
    ['the Host port is not reused', { scheme: 'https' }, { host: 'a.example.com:80' }, 'https://a.example.com/'],
    ['the query string is kept', { scheme: 'https' }, { host: 'a.example.com', path: '/s?q=1&r=2' }, 'https://a.example.com/s?q=1&r=2'],
    ['ReplaceFullPath', { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } }, { host: 'a', path: '/old/x' }, 'http://a/new'],
  ])('%s', (_title, filter, request, location) => {
    const d = redirecting(filter).request(request);
    expect(d).toRedirectTo(location);
    expect(d.backends).toEqual([]);
  });

  test('statusCode defaults to 302', () => {
    expect(redirecting({ scheme: 'https' }).request({ host: 'a' })).toRedirectTo('https://a/', 302);
  });

  test('statusCode as written', () => {
    const d = redirecting({ scheme: 'https', statusCode: 301 }).request({ host: 'a' });
    expect(d).toRedirectTo('https://a/', 301);
    expect(d).toReturnStatus(301);
    expect(d.redirect).toEqual({ location: 'https://a/', statusCode: 301 });
  });

  test('ReplacePrefixMatch replaces the matched prefix', () => {
    const d = redirecting({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/paprika' } }, [{ path: { type: 'PathPrefix', value: '/cayenne' } }])
      .request({ host: 'redirect.example', path: '/cayenne/pepper' });
    expect(d).toRedirectTo('http://redirect.example/paprika/pepper', 302);
  });

  // the API server rejects both routes (enum; CEL "ReplacePrefixMatch ... only with a PathPrefix match"): they are ignored
  test.each([
    ['an unknown path modifier type', { path: { type: 'ReplaceSuffix', replaceSuffix: '/x' } }, undefined],
    ['ReplacePrefixMatch on a rule matched by an Exact path', { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/x' } }, [{ path: { type: 'Exact', value: '/a' } }]],
  ])('a redirect with %s: the API server rejects the route, which is ignored and noted', (_title, filter, matches) => {
    const d = redirecting(filter, matches).request({ host: 'h', path: '/a' });
    expect(d).toReturnStatus(404);
    expect(d.notes.some((n) => n.startsWith('HTTPRoute app/r (') && n.includes(') is rejected (IGW000'))).toBe(true);
  });
});

describe('ReplacePrefixMatch table of the Gateway API', () => {
  test.each([
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/foo', '/foo', '/', '/'],
    ['/bar', '/', '/xyz', '/xyz/bar'],
  ])('%s with prefix %s and replacement %j -> %s', (path, prefix, replacement, expected) => {
    expect(replacePrefix(path, prefix, replacement)).toBe(expected);
  });
});

describe('URLRewrite', () => {
  const rewriting = (urlRewrite: any) => simulate([
    gateway(listeners), service('web'),
    route('r', { rules: [to('web', { matches: [{ path: { type: 'PathPrefix', value: '/cardamom' } }], filters: [{ type: 'URLRewrite', urlRewrite }] })] }),
  ]);

  test('hostname rewrite changes the Host header sent to the backend', () => {
    const d = rewriting({ hostname: 'elsewhere.example' }).request({ host: 'rewrite.example', path: '/cardamom' });
    expect(d).toRouteTo('web');
    expect(d.rewrite).toEqual({ host: 'elsewhere.example', path: undefined });
    expect(d.requestHeaders.host).toBe('elsewhere.example');
  });

  test('ReplaceFullPath', () => {
    const d = rewriting({ path: { type: 'ReplaceFullPath', replaceFullPath: '/fennel' } }).request({ host: 'h', path: '/cardamom/seeds' });
    expect(d.rewrite).toEqual({ host: undefined, path: '/fennel' });
  });

  test('ReplacePrefixMatch on an Exact match: the API server rejects the route', () => {
    const d = simulate([
      gateway(listeners), service('web'),
      route('r', {
        rules: [to('web', {
          matches: [{ path: { type: 'Exact', value: '/a' } }],
          filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/b' } } }],
        })],
      }),
    ]).request({ host: 'h', path: '/a' });
    expect(d).toReturnStatus(404);
    expect(d.notes.some((n) => n.startsWith('HTTPRoute app/r (') && n.includes(') is rejected (IGW0002'))).toBe(true);
  });

  test('ReplacePrefixMatch', () => {
    const d = rewriting({ hostname: 'elsewhere.example', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/fennel' } })
      .request({ host: 'h', path: '/cardamom/seeds?x=1' });
    expect(d.rewrite).toEqual({ host: 'elsewhere.example', path: '/fennel/seeds' });
  });
});

describe('header modifiers', () => {
  const modifying = (filters: any[]) => simulate([gateway(listeners), service('web'), route('r', { rules: [to('web', { filters })] })]);

  test('RequestHeaderModifier set overwrites, add appends, remove deletes; names are case-insensitive', () => {
    const d = modifying([{
      type: 'RequestHeaderModifier',
      requestHeaderModifier: {
        set: [{ name: 'X-Env', value: 'prod' }],
        add: [{ name: 'My-Header', value: 'bar,baz' }, { name: 'x-new', value: '1' }],
        remove: ['X-Debug'],
      },
    }]).request({ host: 'h', headers: { 'x-env': 'dev', 'my-header': 'foo', 'x-debug': 'on', 'keep': 'me' } });
    expect(d.requestHeaders).toEqual({ 'x-env': 'prod', 'my-header': 'foo,bar,baz', 'x-new': '1', 'keep': 'me' });
  });

  test('ResponseHeaderModifier changes are reported', () => {
    const d = modifying([{
      type: 'ResponseHeaderModifier',
      responseHeaderModifier: { set: [{ name: 'Cache-Control', value: 'no-store' }], add: [{ name: 'X-Served-By', value: 'gw' }], remove: ['Server'] },
    }]).request({ host: 'h' });
    expect(d.responseHeaders).toEqual({ set: { 'cache-control': 'no-store' }, add: { 'x-served-by': 'gw' }, remove: ['server'] });
  });

  test('RequestMirror reports the mirror backend and its percentage', () => {
    const d = simulate([gateway(listeners), service('web'), service('shadow'), route('r', {
      rules: [to('web', {
        filters: [
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, percent: 25 } },
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'gone', port: 80 }, fraction: { numerator: 1, denominator: 1000 } } },
        ],
      })],
    })]).request({ host: 'h' });
    expect(d).toRouteTo('web');
    expect(d.mirrors).toEqual([
      { namespace: 'app', name: 'shadow', port: 80, percent: 25, problem: undefined },
      { namespace: 'app', name: 'gone', port: 80, percent: 0.1, problem: 'Service app/gone is not in the input (BackendNotFound)' },
    ]);
  });

  test('filters the simulator does not evaluate are noted', () => {
    const d = modifying([
      { type: 'CORS', cors: { allowOrigins: ['*'] } },
      { type: 'ExtensionRef', extensionRef: { group: 'x', kind: 'Y', name: 'z' } },
    ]).request({ host: 'h' });
    expect(d).toRouteTo('web');
    expect(d.notes).toEqual([
      'Secret infra/c is not in the input; it is assumed to exist and to be valid',
      'CORS filter: the request has no Origin header',
      'ExtensionRef filters are not supported by Istio ("unsupported filter type"); the filter is ignored here',
    ]);
  });

  test('filters on individual backendRefs apply to the requests of that backend only', () => {
    const d = simulate([gateway(listeners), service('web'), service('api'), route('r', {
      rules: [{
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-rule', value: 'r' }] } }],
        backendRefs: [
          {
            name: 'web',
            port: 80,
            filters: [
              { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: '1' }], add: [{ name: 'x-rule', value: 'b' }] } },
              { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'x-served-by', value: 'web' }] } },
            ],
          },
          { name: 'api', port: 80 },
        ],
      }],
    })]).request({ host: 'h' });
    const web = d.backends.find((b) => b.name === 'web')!;
    const api = d.backends.find((b) => b.name === 'api')!;
    expect(web.requestHeaders).toEqual({ 'x-rule': 'r,b', 'a': '1' });
    expect(web.responseHeaders).toEqual({ set: { 'x-served-by': 'web' }, add: {}, remove: [] });
    expect(api.requestHeaders).toBeUndefined();
    expect(d.requestHeaders).toEqual({ 'x-rule': 'r' });
  });

  // conversion.go buildHTTPDestination: any other filter type on a backendRef is a hard InvalidFilter error
  test('another filter type on a backendRef: Istio rejects the whole route', () => {
    const d = simulate([gateway(listeners), service('web'), route('r', {
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/ok' } }], backendRefs: [{ name: 'web', port: 80 }] },
        { backendRefs: [{ name: 'web', port: 80, filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'web', port: 80 } } }] }] },
      ],
    })]).request({ host: 'h', path: '/ok' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toContain('HTTPRoute app/r is not programmed: rules[1].backendRefs[0] has a RequestMirror filter; Istio supports only '
      + 'RequestHeaderModifier and ResponseHeaderModifier there and rejects the whole route (InvalidFilter: unsupported filter type)');
  });
});
