import { Testing } from 'cdk8s';
import { shopChart, single } from './helpers';
import { AllowedRoutes, HttpsRedirect, IngressGateway, TlsCertificate } from '../../src';

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

  describe('errors', () => {
    test('a status code that is not a redirect', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => new HttpsRedirect(gw, 'r', { statusCode: 200 })).toThrow(/\[shop\/edge\/r\] redirect statusCode must be one of 301, 302, 303, 307, 308, got 200/);
    });
    test('no HTTP listener', () => {
      const gw = new IngressGateway(shopChart(), 'edge', { httpListener: false });
      gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
      expect(() => new HttpsRedirect(gw, 'r')).toThrow(/gateway "edge" has no HTTP listener to redirect from/);
    });
    test('attaching to the HTTPS listener would loop', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      const https = gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
      expect(() => new HttpsRedirect(gw, 'r', { from: https })).toThrow(/must attach to a plain HTTP listener, but "https" is HTTPS/);
    });
    test('a listener of another gateway', () => {
      const chart = shopChart();
      const a = new IngressGateway(chart, 'a');
      const b = new IngressGateway(chart, 'b');
      expect(() => new HttpsRedirect(a, 'r', { from: b.httpListener })).toThrow(/listener "http" belongs to another gateway/);
    });
    test('no HTTPS listener to redirect to (synth)', () => {
      const chart = shopChart();
      new HttpsRedirect(new IngressGateway(chart, 'edge'), 'r');
      expect(() => Testing.synth(chart)).toThrow(/gateway "edge" has no HTTPS listener to redirect to/);
    });
    test('an invalid route name', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => new HttpsRedirect(gw, 'r', { name: 'Bad Name' })).toThrow(/route name "Bad Name" is invalid/);
    });
  });
});

describe('HttpsRedirect attachment', () => {
  test('fails when the HTTP listener does not accept routes from the gateway namespace', () => {
    const chart = shopChart('infra');
    const gw = new IngressGateway(chart, 'edge', { allowedRoutes: AllowedRoutes.fromNamespaces(['shop']) });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect');
    expect(() => Testing.synth(chart)).toThrow(/listener "http" does not accept routes from the gateway's own namespace "infra", so the redirect route would not attach/);
  });

  test('attaches when the listener admits the gateway namespace', () => {
    const chart = shopChart('infra');
    const gw = new IngressGateway(chart, 'edge', { allowedRoutes: AllowedRoutes.fromNamespaces(['shop', 'infra']) });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
    new HttpsRedirect(gw, 'redirect');
    expect(single(chart, 'HTTPRoute').metadata.namespace).toBe('infra');
  });
});
