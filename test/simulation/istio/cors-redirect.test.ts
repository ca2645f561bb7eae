import { dest, HTTP_80, istioGateway, virtualService } from './istio-objects';
import { service, simulate } from '../helpers';

const HTTPS_443 = { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'cert' } };
const HTTP_8080 = { port: { number: 8080, name: 'http-alt', protocol: 'HTTP' }, hosts: ['*'] };
const world = (http: any[], servers: any[] = [HTTP_80]) => simulate([istioGateway(servers), service('web'), virtualService('v', { http })]);

describe('corsPolicy', () => {
  const policy = {
    allowOrigins: [{ exact: 'https://app.example.com' }, { prefix: 'https://dev-' }, { regex: 'https://[a-z]+\\.partner\\.org' }],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['x-token', 'content-type'],
    exposeHeaders: ['x-trace'],
    maxAge: '24h',
    allowCredentials: true,
  };
  const sim = world([{ corsPolicy: policy, route: [dest('web')] }]);
  const preflight = (origin: string, extra: any = {}) => sim.request({
    host: 'shop.example.com', method: 'OPTIONS', path: '/cart', headers: { 'origin': origin, 'access-control-request-method': 'POST', ...extra },
  });

  test('a preflight from an exact origin is answered by the gateway with every Access-Control header, Expose-Headers included', () => {
    const d = preflight('https://app.example.com');
    expect(d).toMatchObject({ status: 200, route: 'app/v', backends: [] });
    expect(d.reason).toMatch(/answers the CORS preflight for origin https:\/\/app\.example\.com itself; the request is not forwarded/);
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'x-token,content-type',
      'access-control-max-age': '86400',
      'access-control-expose-headers': 'x-trace',
    });
  });

  test('prefix and regex origins are StringMatches; the regex is a full match', () => {
    expect(preflight('https://dev-42.example.com').responseHeaders?.set['access-control-allow-origin']).toBe('https://dev-42.example.com');
    expect(preflight('https://acme.partner.org').responseHeaders?.set['access-control-allow-origin']).toBe('https://acme.partner.org');
    expect(preflight('https://acme.partner.org.evil.com').backendNames).toEqual(['web']);
  });

  test('a preflight from an unmatched origin is forwarded to the backend without CORS headers', () => {
    const d = preflight('https://evil.example.com');
    expect(d).toMatchObject({ status: 200, backendNames: ['web'] });
    expect(d.responseHeaders?.set ?? {}).toEqual({});
    expect(d.notes.join('\n')).toMatch(/origin https:\/\/evil\.example\.com matches no allowOrigins entry.*the preflight is forwarded/);
  });

  test('unmatchedPreflights IGNORE: the gateway answers without Access-Control-Allow-Origin', () => {
    const s = world([{ corsPolicy: { ...policy, unmatchedPreflights: 'IGNORE' }, route: [dest('web')] }]);
    const d = s.request({ host: 'shop.example.com', method: 'OPTIONS', headers: { 'origin': 'https://evil.example.com', 'access-control-request-method': 'GET' } });
    expect(d).toMatchObject({ status: 200, backends: [] });
    expect(d.responseHeaders?.set['access-control-allow-origin']).toBeUndefined();
    expect(d.responseHeaders?.set['access-control-allow-methods']).toBe('GET,POST');
    expect(d.reason).toMatch(/without Access-Control-Allow-Origin/);
  });

  test('a simple request from an allowed origin is forwarded and gets Allow-Origin, credentials and Expose-Headers', () => {
    const d = sim.request({ host: 'shop.example.com', path: '/cart', headers: { origin: 'https://app.example.com' } });
    expect(d).toMatchObject({ status: 200, backendNames: ['web'] });
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-trace',
    });
    const other = sim.request({ host: 'shop.example.com', headers: { origin: 'https://evil.example.com' } });
    expect(other.responseHeaders?.set ?? {}).toEqual({});
  });

  test('`*` in allowMethods and allowHeaders echoes the request; no maxAge, no Max-Age header; no credentials header unless true', () => {
    const s = world([{ corsPolicy: { allowOrigins: [{ exact: '*' }], allowMethods: ['*'], allowHeaders: ['*'] }, route: [dest('web')] }]);
    const d = s.request({
      host: 'shop.example.com',
      method: 'OPTIONS',
      headers: { 'origin': 'https://any.example.net', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'x-a,x-b' },
    });
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-origin': 'https://any.example.net', 'access-control-allow-methods': 'DELETE', 'access-control-allow-headers': 'x-a,x-b',
    });
  });

  test('an entry that matches `*` (prefix "*", regex ".*") allows every origin, as Envoy checks `*` first', () => {
    const s = world([{ corsPolicy: { allowOrigins: [{ prefix: '*' }] }, route: [dest('web')] }]);
    const d = s.request({ host: 'shop.example.com', headers: { origin: 'null' } });
    expect(d.responseHeaders?.set['access-control-allow-origin']).toBe('null');
  });

  test('the deprecated allowOrigin list is exact matches', () => {
    const s = world([{ corsPolicy: { allowOrigin: ['https://app.example.com'] }, route: [dest('web')] }]);
    expect(s.request({ host: 'shop.example.com', headers: { origin: 'https://app.example.com' } }).responseHeaders?.set['access-control-allow-origin']).toBe('https://app.example.com');
    expect(s.request({ host: 'shop.example.com', headers: { origin: 'https://app.example.co' } }).responseHeaders?.set ?? {}).toEqual({});
  });

  test('a request without Origin is not a CORS request', () => {
    const d = sim.request({ host: 'shop.example.com', method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    expect(d.backendNames).toEqual(['web']);
    expect(d.notes.join('\n')).toMatch(/no Origin header/);
  });
});

describe('redirect', () => {
  const redirect = (r: any, req: any = {}, servers: any[] = [HTTP_80]) => world([{ redirect: r }], servers).request({ host: 'shop.example.com', path: '/a?x=1', ...req });

  test('scheme replaces the scheme; the default port of the old scheme is dropped, another port kept', () => {
    expect(redirect({ scheme: 'https' }).redirect).toEqual({ location: 'https://shop.example.com/a?x=1', statusCode: 301 });
    expect(redirect({ scheme: 'https' }, { host: 'shop.example.com:80' }).redirect?.location).toBe('https://shop.example.com/a?x=1');
    expect(redirect({ scheme: 'https' }, { host: 'shop.example.com:8080', port: 8080 }, [HTTP_8080]).redirect?.location).toBe('https://shop.example.com:8080/a?x=1');
  });

  test('authority replaces the whole host, its port included', () => {
    expect(redirect({ authority: 'new.example.com' }, { host: 'shop.example.com:8080', port: 8080 }, [HTTP_8080]).redirect?.location).toBe('http://new.example.com/a?x=1');
    expect(redirect({ authority: 'new.example.com:9000', uri: '/b' }).redirect?.location).toBe('http://new.example.com:9000/b?x=1');
  });

  test('port sets the port, left out when it is the default of the scheme', () => {
    expect(redirect({ port: 8443, scheme: 'https' }).redirect?.location).toBe('https://shop.example.com:8443/a?x=1');
    expect(redirect({ port: 443, scheme: 'https' }).redirect?.location).toBe('https://shop.example.com/a?x=1');
    expect(redirect({ port: 80 }).redirect?.location).toBe('http://shop.example.com/a?x=1');
    // port replaces the request's port
    expect(redirect({ port: 9000 }, { host: 'shop.example.com:8080', port: 8080 }, [HTTP_8080]).redirect?.location).toBe('http://shop.example.com:9000/a?x=1');
  });

  test('derivePort FROM_REQUEST_PORT uses the server port; FROM_PROTOCOL_DEFAULT sets no port', () => {
    expect(redirect({ derivePort: 'FROM_REQUEST_PORT', uri: '/b' }, { port: 8080 }, [HTTP_8080]).redirect?.location).toBe('http://shop.example.com:8080/b?x=1');
    expect(redirect({ derivePort: 'FROM_REQUEST_PORT', scheme: 'https' }, { port: 8080 }, [HTTP_8080]).redirect?.location).toBe('https://shop.example.com:8080/a?x=1');
    expect(redirect({ derivePort: 'FROM_REQUEST_PORT' }).redirect?.location).toBe('http://shop.example.com/a?x=1');
    expect(redirect({ derivePort: 'FROM_PROTOCOL_DEFAULT', scheme: 'https' }).redirect?.location).toBe('https://shop.example.com/a?x=1');
    // FROM_PROTOCOL_DEFAULT is Envoy's default: a non-default port in the Host stays
    expect(redirect({ derivePort: 'FROM_PROTOCOL_DEFAULT', scheme: 'https' }, { host: 'shop.example.com:8080', port: 8080 }, [HTTP_8080]).redirect?.location)
      .toBe('https://shop.example.com:8080/a?x=1');
  });

  test('on an HTTPS server FROM_REQUEST_PORT 443 is left out', () => {
    const d = redirect({ derivePort: 'FROM_REQUEST_PORT', uri: '/b' }, { scheme: 'https', port: 443 }, [HTTPS_443]);
    expect(d.redirect?.location).toBe('https://shop.example.com/b?x=1');
  });

  test.each([301, 302, 303, 307, 308])('redirectCode %d is the status', (code) => {
    const d = redirect({ uri: '/b', redirectCode: code });
    expect(d).toMatchObject({ status: code, redirect: { statusCode: code } });
  });

  test('uri with a query replaces the request query', () => {
    expect(redirect({ uri: '/b?y=2' }).redirect?.location).toBe('http://shop.example.com/b?y=2');
  });

  test('httpsRedirect keeps the Host header as sent, port included (Envoy createSslRedirectPath)', () => {
    const s = simulate([istioGateway([{ ...HTTP_80, tls: { httpsRedirect: true } }]), service('web'), virtualService('v', { http: [{ route: [dest('web')] }] })]);
    expect(s.request({ host: 'shop.example.com:80', path: '/a' }).redirect?.location).toBe('https://shop.example.com:80/a');
    expect(s.request({ host: 'shop.example.com', path: '/a?x=1' }).redirect?.location).toBe('https://shop.example.com/a?x=1');
    const alt = simulate([istioGateway([{ ...HTTP_8080, tls: { httpsRedirect: true } }]), service('web'), virtualService('v', { http: [{ route: [dest('web')] }] })]);
    expect(alt.request({ host: 'shop.example.com:8080', port: 8080, path: '/a' }).redirect?.location).toBe('https://shop.example.com:8080/a');
  });
});

describe('unknown redirectCode', () => {
  const objs = (code: number) => [istioGateway([HTTP_80]), service('web'),
    virtualService('v', { http: [{ match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new', redirectCode: code } }, { route: [dest('web')] }] })];

  test('a 3xx Istio does not support (e.g. 300, 304): Envoy rejects the route configuration of the port', () => {
    for (const code of [300, 304, 306]) {
      const d = simulate(objs(code)).request({ host: 'shop.example.com', path: '/anything' });
      expect(d.status).toBe(404);
      expect(d.reason).toMatch(new RegExp(`VirtualService app/v http\\[0\\] has redirectCode ${code}, which Istio admits .* not yet supported.*rejects the route configuration of port 80`));
    }
  });

  test('the virtual hosts are built once per simulator: a repeated request gets the same decision and notes', () => {
    const sim = simulate(objs(200));
    const first = sim.request({ host: 'shop.example.com', path: '/old' });
    const second = sim.request({ host: 'shop.example.com', path: '/old' });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(second.notes.join('\n')).toMatch(/VirtualService app\/v has redirectCode 200: Istio's validating webhook refuses it/);
    const unsupported = simulate(objs(300));
    unsupported.request({ host: 'shop.example.com', path: '/a' });
    expect(unsupported.request({ host: 'shop.example.com', path: '/b' }).reason).toMatch(/has redirectCode 300, which Istio admits/);
  });

  test('a code outside 300-399 fails validation: the VirtualService is not applied', () => {
    const d = simulate(objs(200)).request({ host: 'shop.example.com', path: '/old' });
    expect(d.status).toBe(404);
    expect(d.route).toBeUndefined();
    expect(d.notes.join('\n')).toMatch(/VirtualService app\/v has redirectCode 200: Istio's validating webhook refuses it/);
  });

  test('a delegate with such a code is not applied either: the root rule is dropped', () => {
    const d = simulate([istioGateway([HTTP_80]), service('web'),
      virtualService('root', { http: [{ match: [{ uri: { prefix: '/old' } }], delegate: { name: 'leaf' } }, { route: [dest('web')] }] }),
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'leaf', namespace: 'app' }, spec: { http: [{ redirect: { uri: '/new', redirectCode: 404 } }] } }]).request({ host: 'shop.example.com', path: '/old' });
    expect(d).toMatchObject({ status: 200, route: 'app/root', ruleIndex: 1 });
    expect(d.notes.join('\n')).toMatch(/delegate VirtualService app\/leaf has redirectCode 404/);
  });
});
