import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { AllowedRoutes, HttpRoute, HttpsRedirect, IngressGateway, TlsCertificate } from '../../src';
import { shopChart, single } from '../chart';

describe('HttpsRedirect', () => {
  test('attaches to the HTTP listener only, redirects to https with 301, no backends, hostnames of the HTTPS side', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    const r = new HttpsRedirect(gw, 'redirect');
    expect(r.statusCode).toBe(301);
    const route = single(chart, 'HTTPRoute');
    expect(route.metadata).toEqual({ name: 'edge-https-redirect', namespace: 'shop' });
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
      }],
    });
    expect(route.spec.rules[0].backendRefs).toBeUndefined();
  });

  test('TLS listeners added after the redirect still count; a non-443 port is written', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    new HttpsRedirect(gw, 'redirect', { statusCode: 308, name: 'to-https' });
    gw.addTlsListener('a', { hostname: 'b.example.com', port: 8443, certificate: TlsCertificate.fromSecretName('a') });
    gw.addTlsListener('b', { hostname: 'a.example.com', port: 8443, certificate: TlsCertificate.fromSecretName('b') });
    const route = single(chart, 'HTTPRoute');
    expect(route.metadata.name).toBe('to-https');
    expect(route.spec.hostnames).toEqual(['a.example.com', 'b.example.com']);
    expect(route.spec.rules[0].filters[0].requestRedirect).toEqual({ scheme: 'https', port: 8443, statusCode: 308 });
  });

  test('an HTTPS listener without hostname redirects every host', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect');
    expect(single(chart, 'HTTPRoute').spec.hostnames).toBeUndefined();
  });

  test('explicit hostnames and an explicit HTTP listener', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { httpListener: false });
    const web = gw.addHttpListener('web', { port: 8080 });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect', { from: web, hostnames: ['x.example.com'] });
    const route = single(chart, 'HTTPRoute');
    expect(route.spec.parentRefs[0].sectionName).toBe('web');
    expect(route.spec.hostnames).toEqual(['x.example.com']);
  });

  test('gateway.addHttpsRedirect() adds the same redirect, under the id HttpsRedirect', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    const r = gw.addHttpsRedirect({ statusCode: 308 });
    expect(r).toBeInstanceOf(HttpsRedirect);
    expect(r.node.path).toBe('shop/edge/HttpsRedirect');
    expect(r.from).toBe(gw.httpListener);
    const route = single(chart, 'HTTPRoute');
    expect(route.metadata).toEqual({ name: 'edge-https-redirect', namespace: 'shop' });
    expect(route.spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }]);
  });

  test('a second addHttpsRedirect() gets its own id', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    gw.addHttpsRedirect({ hostnames: ['a.example.com'] });
    expect(gw.addHttpsRedirect({ name: 'second', hostnames: ['b.example.com'] }).node.id).toBe('HttpsRedirect2');
  });

  test('is an HttpRoute: ApiObject.of() is its HTTPRoute, and a JSON patch shows in the output', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    const r = new HttpsRedirect(gw, 'redirect');
    expect(r.node.defaultChild).toBeInstanceOf(HttpRoute);
    const l1 = ApiObject.of(r);
    expect(l1.kind).toBe('HTTPRoute');
    l1.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'edge' }));
    expect(single(chart, 'HTTPRoute').metadata.labels).toEqual({ team: 'edge' });
  });

  describe('errors', () => {
    test('fails when the status code is not a redirect, as HttpRouteFilter.requestRedirect() says', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => new HttpsRedirect(gw, 'r', { statusCode: 200 }))
        .toThrow('[shop/edge/r/Resource] rules[0] filters[0] (RequestRedirect) has statusCode 200; use one of 301, 302, 303, 307, 308');
    });
    test('fails when the gateway has no HTTP listener', () => {
      const gw = new IngressGateway(shopChart(), 'edge', { httpListener: false });
      gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
      expect(() => new HttpsRedirect(gw, 'r')).toThrow(/gateway "edge" has no HTTP listener to redirect from/);
    });
    test('fails when attached to the HTTPS listener, which would loop', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      const https = gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
      expect(() => new HttpsRedirect(gw, 'r', { from: https })).toThrow(/must attach to a plain HTTP listener, but "https" is HTTPS/);
    });
    test('fails when the listener belongs to another gateway', () => {
      const chart = shopChart();
      const a = new IngressGateway(chart, 'a');
      const b = new IngressGateway(chart, 'b');
      expect(() => new HttpsRedirect(a, 'r', { from: b.httpListener })).toThrow(/listener "http" belongs to another gateway/);
    });
    test('fails at synth when there is no HTTPS listener to redirect to', () => {
      const chart = shopChart();
      new HttpsRedirect(new IngressGateway(chart, 'edge'), 'r');
      expect(() => Testing.synth(chart)).toThrow(/gateway "edge" has no HTTPS listener to redirect to/);
    });
    test('fails when the route name is invalid, as HttpRoute says', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => new HttpsRedirect(gw, 'r', { name: 'Bad Name' }))
        .toThrow('[shop/edge/r/Resource] route name "Bad Name" must be lowercase DNS labels separated by dots, at most 253 characters');
    });
  });
});

describe('HttpsRedirect attachment', () => {
  test('the HTTP listener admits the gateway namespace when the gateway lists only other namespaces', () => {
    const chart = shopChart('infra');
    const gw = new IngressGateway(chart, 'edge', { allowedRoutes: AllowedRoutes.fromNamespaces(['shop']) });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect');
    const listeners = single(chart, 'Gateway').spec.listeners;
    expect(listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['infra', 'shop']);
    expect(listeners[1].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['shop']);
    expect(gw.httpListener!.allowedRoutes._admits('infra', 'infra')).toBe(true);
  });

  test('attaches when the listener admits the gateway namespace', () => {
    const chart = shopChart('infra');
    const gw = new IngressGateway(chart, 'edge', { allowedRoutes: AllowedRoutes.fromNamespaces(['shop', 'infra']) });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect');
    expect(single(chart, 'HTTPRoute').metadata.namespace).toBe('infra');
  });
});

describe('HttpsRedirect hostnames', () => {
  const manyHosts = (gw: IngressGateway, n: number) => {
    for (let i = 0; i < n; i++) {
      gw.addTlsListener(`https${i}`, { hostname: `shop${i}.example.com`, certificate: TlsCertificate.fromSecretName(`tls${i}`) });
    }
  };

  test('fails when the HTTPS listeners have more than 16 hostnames, saying what to do', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    manyHosts(gw, 17);
    new HttpsRedirect(gw, 'redirect');
    expect(() => Testing.synth(chart)).toThrow('[shop/edge/redirect] the HTTPS listeners of gateway "edge" have 17 hostnames, but the redirect\'s HTTPRoute lists at most 16; '
      + 'pass hostnames (at most 16), e.g. wildcards (hostnames: ["*.example.com"], which also redirect hosts without an HTTPS listener), '
      + 'or split them over several HttpsRedirects each given up to 16 hostnames');
  });

  test('more than 16 HTTPS hostnames work with explicit hostnames', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    manyHosts(gw, 20);
    new HttpsRedirect(gw, 'redirect', { hostnames: ['*.example.com'] });
    expect(single(chart, 'HTTPRoute').spec.hostnames).toEqual(['*.example.com']);
  });

  test('16 HTTPS hostnames are listed', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    manyHosts(gw, 16);
    new HttpsRedirect(gw, 'redirect');
    expect(single(chart, 'HTTPRoute').spec.hostnames).toHaveLength(16);
  });

  test('only the HTTPS hostnames the HTTP listener serves are redirected', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { httpListener: false });
    const web = gw.addHttpListener('web', { hostname: '*.shop.example.com' });
    gw.addTlsListener('a', { hostname: 'a.shop.example.com', certificate: TlsCertificate.fromSecretName('a') });
    gw.addTlsListener('b', { hostname: 'b.other.example.com', certificate: TlsCertificate.fromSecretName('b') });
    new HttpsRedirect(gw, 'redirect', { from: web });
    expect(single(chart, 'HTTPRoute').spec.hostnames).toEqual(['a.shop.example.com']);
  });

  test('fails when the HTTP listener serves none of the HTTPS hostnames', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { httpListener: false });
    const web = gw.addHttpListener('web', { hostname: 'www.example.org' });
    gw.addTlsListener('a', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect', { from: web });
    expect(() => Testing.synth(chart)).toThrow('[shop/edge/redirect] the HTTPS hostnames (a.example.com) are not served by HTTP listener "web" (hostname www.example.org), so there is nothing to redirect; '
      + 'pass from: an HTTP listener that serves them, or hostnames explicitly');
  });

  test.each([
    ['more than 16 hostnames', [...Array(17).keys()].map((i) => `h${i}.example.com`),
      '[shop/edge/r] hostnames has 17 entries, but an HTTPRoute lists at most 16; use wildcards such as "*.example.com", or split them over several HttpsRedirects (each with its own name)'],
    ['an invalid hostname', ['Shop.example.com'], '[shop/edge/r] hostnames entry "Shop.example.com" is invalid: it must be lowercase DNS labels'],
    ['a repeated hostname', ['a.example.com', 'a.example.com'], '[shop/edge/r] hostnames lists "a.example.com" twice; list each hostname once'],
  ])('fails when explicit hostnames have %s', (_what, hostnames, message) => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => new HttpsRedirect(gw, 'r', { hostnames })).toThrow(message);
  });
});
