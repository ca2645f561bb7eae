import { gateway, route, service, simulate, to } from './helpers';

const listener = (name: string, port: number, protocol: string, hostname?: string, from = 'All') => ({
  name,
  port,
  protocol,
  ...(hostname ? { hostname } : {}),
  ...(protocol === 'HTTPS' ? { tls: { certificateRefs: [{ name: 'cert' }] } } : {}),
  allowedRoutes: { namespaces: { from } },
});
const ref = (extra: any = {}) => ({ name: 'gw', namespace: 'infra', ...extra });
const prefix = (value: string) => ({ matches: [{ path: { type: 'PathPrefix', value } }] });
const redirect = { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] };

describe('404 reasons name only the routes that matter', () => {
  test('a redirect route attached to the http listener on purpose is not mentioned for https', () => {
    const d = simulate([
      gateway([listener('http', 80, 'HTTP'), listener('https', 443, 'HTTPS')]),
      service('web'),
      route('edge-https-redirect', { parentRefs: [ref({ sectionName: 'http' })], hostnames: ['shop.example.com'], rules: [redirect] }),
      route('app', { parentRefs: [ref({ sectionName: 'https' })], hostnames: ['shop.example.com'], rules: [to('web', prefix('/api'))] }),
    ]).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no rule of the HTTPRoutes attached to listener https matches GET /web');
  });

  test('a route the listener refuses (allowedRoutes) is mentioned', () => {
    const d = simulate([
      gateway([listener('https', 443, 'HTTPS', undefined, 'Same')]),
      service('web', 'infra'), service('web'),
      route('app', { hostnames: ['shop.example.com'], rules: [to('web', prefix('/api'))] }, 'infra'),
      route('other-team', { hostnames: ['blog.example.com'], rules: [to('web')] }),
    ]).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no rule of the HTTPRoutes attached to listener https matches GET /web; '
      + 'HTTPRoute app/other-team is not attached to listener https: listener https allows routes only from namespace infra '
      + '(allowedRoutes.namespaces.from: Same), the route is in app (NotAllowedByListeners)');
  });

  test('a route for the host attached to a less specific listener on the same port is mentioned', () => {
    const d = simulate([
      gateway([listener('exact', 443, 'HTTPS', 'shop.example.com'), listener('wild', 443, 'HTTPS', '*.example.com')]),
      service('web'),
      route('app', { parentRefs: [ref({ sectionName: 'exact' })], rules: [to('web', prefix('/api'))] }),
      route('web', { parentRefs: [ref({ sectionName: 'wild' })], hostnames: ['shop.example.com'], rules: [to('web', prefix('/web'))] }),
      route('blog', { parentRefs: [ref({ sectionName: 'wild' })], hostnames: ['blog.example.com'], rules: [to('web')] }),
    ]).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no rule of the HTTPRoutes attached to listener exact matches GET /web; '
      + 'HTTPRoute app/web is not attached to listener exact: parentRef sectionName wild selects listener wild (HTTPS 443), not exact');
  });

  test('a route attached to the whole Gateway whose hostnames belong to another listener is not mentioned; one naming the listener is', () => {
    const objects = (blogRef: any) => [
      gateway([listener('shop', 443, 'HTTPS', 'shop.example.com'), listener('blog', 443, 'HTTPS', 'blog.example.com')]),
      service('web'),
      route('app', { hostnames: ['shop.example.com'], rules: [to('web', prefix('/api'))] }),
      route('blog', { parentRefs: [blogRef], hostnames: ['blog.example.com'], rules: [to('web')] }),
    ];
    const whole = simulate(objects(ref())).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(whole.reason).toBe('no rule of the HTTPRoutes attached to listener shop matches GET /web');
    const named = simulate(objects(ref({ sectionName: 'shop' }))).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(named.reason).toBe('no rule of the HTTPRoutes attached to listener shop matches GET /web; '
      + "HTTPRoute app/blog is not attached to listener shop: hostnames blog.example.com do not intersect listener shop's hostname shop.example.com (NoMatchingListenerHostname)");
  });

  test('routes that attach to no Gateway are mentioned only for their hosts', () => {
    const objects = [
      gateway([listener('http', 80, 'HTTP')]),
      service('web'),
      route('app', { hostnames: ['shop.example.com'], rules: [to('web', prefix('/api'))] }),
      route('draft', { parentRefs: [], hostnames: ['shop.example.com'], rules: [to('web')] }),
      route('typo', { parentRefs: [ref({ name: 'gateway' })], hostnames: ['blog.example.com'], rules: [to('web')] }),
    ];
    const shop = simulate(objects).request({ host: 'shop.example.com', path: '/web' });
    expect(shop.reason).toBe('no rule of the HTTPRoutes attached to listener http matches GET /web; '
      + 'HTTPRoute app/draft has no parentRefs, so it attaches to no Gateway');
    const blog = simulate(objects).request({ host: 'blog.example.com', path: '/web' });
    expect(blog.reason).toBe('no HTTPRoute attached to listener http of gateway infra/gw accepts host blog.example.com; '
      + 'HTTPRoute app/app: hostnames shop.example.com do not match host blog.example.com; '
      + 'HTTPRoute app/typo: parentRef names Gateway infra/gateway, which is not in the input');
  });

  test('a sectionName that names no listener is mentioned for the route hosts', () => {
    const d = simulate([
      gateway([listener('https', 443, 'HTTPS')]),
      service('web'),
      route('app', { parentRefs: [ref({ sectionName: 'https' })], hostnames: ['shop.example.com'], rules: [to('web', prefix('/api'))] }),
      route('web', { parentRefs: [ref({ sectionName: 'htps' })], hostnames: ['shop.example.com'], rules: [to('web')] }),
    ]).request({ scheme: 'https', host: 'shop.example.com', path: '/web' });
    expect(d.reason).toBe('no rule of the HTTPRoutes attached to listener https matches GET /web; '
      + 'HTTPRoute app/web is not attached to listener https: parentRef sectionName htps names no listener of gateway infra/gw (listeners: https)');
  });

  test('when nothing is attached, routes for the host are named and the others summarised', () => {
    const d = simulate([
      gateway([listener('http', 80, 'HTTP'), listener('https', 443, 'HTTPS')]),
      service('web'),
      route('shop', { parentRefs: [ref({ sectionName: 'http' })], hostnames: ['shop.example.com'], rules: [to('web')] }),
      route('blog', { parentRefs: [ref({ sectionName: 'http' })], hostnames: ['blog.example.com'], rules: [to('web')] }),
      route('docs', { parentRefs: [ref({ port: 80 })], hostnames: ['docs.example.com'], rules: [to('web')] }),
    ]).request({ scheme: 'https', host: 'shop.example.com' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no HTTPRoute is attached to listener https of gateway infra/gw; '
      + 'HTTPRoute app/shop is not attached to listener https: parentRef sectionName http selects listener http (HTTP 80), not https; '
      + 'HTTPRoutes attached to other listeners of gateway infra/gw for other hosts: app/blog (http), app/docs (http)');
  });
});
