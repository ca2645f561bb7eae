import { Chart, Testing } from 'cdk8s';
import { IngressGateway, TlsCertificate } from '../../src';
import { ListenerProtocol } from '../../src/gateway/listener-protocol';
import { TlsPassthroughListener } from '../../src/gateway/tls-passthrough-listener';
import { shopChart, single } from '../chart';

describe('TlsPassthroughListener', () => {
  test('addTlsPassthroughListener writes a TLS listener on 443 with tls.mode Passthrough and its SNI hostname', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { httpListener: false });
    const db = gw.addTlsPassthroughListener('db', { hostname: 'db.example.com' });
    expect(db).toBeInstanceOf(TlsPassthroughListener);
    expect(db.protocol).toBe(ListenerProtocol.TLS);
    expect(db.port).toBe(443);
    expect(db.hostname).toBe('db.example.com');
    expect(db.parentReference()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'db' });
    expect(gw.listener('db')).toBe(db);
    expect(single(chart, 'Gateway').spec.listeners).toEqual([{
      name: 'db',
      hostname: 'db.example.com',
      port: 443,
      protocol: 'TLS',
      allowedRoutes: { namespaces: { from: 'Same' } },
      tls: { mode: 'Passthrough' },
    }]);
  });

  test('takes the gateway hostname when it sets none, and its own name, port and allowedRoutes', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: '*.example.com' });
    const l = new TlsPassthroughListener(gw, 'Passthrough', { name: 'tls-8443', port: 8443 });
    expect(l.hostname).toBe('*.example.com');
    const out = single(chart, 'Gateway').spec.listeners[1];
    expect(out).toMatchObject({ name: 'tls-8443', port: 8443, hostname: '*.example.com', protocol: 'TLS' });
  });

  test('shares port 443 with an HTTPS listener of another hostname (both are TLS servers for Istio)', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { hostname: 'shop.example.com', certificate: TlsCertificate.fromSecretName('shop-tls') });
    gw.addTlsPassthroughListener('db', { hostname: 'db.example.com' });
    const listeners = single(chart, 'Gateway').spec.listeners;
    expect(listeners.map((l: any) => `${l.name}:${l.protocol}:${l.port}`)).toEqual(['http:HTTP:80', 'https:HTTPS:443', 'db:TLS:443']);
  });

  test('passes schema and CEL validation at synth on the experimental channel too', () => {
    const app = Testing.app();
    app.node.setContext('cdk8s-istio-gateway:gatewayApiChannel', 'experimental');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new IngressGateway(chart, 'edge').addTlsPassthroughListener('db', { hostname: 'db.example.com', port: 9443 });
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when there is no hostname, neither on the listener nor on the gateway', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTlsPassthroughListener('db')).toThrow(
      /\[shop\/edge\/db\] a TLS passthrough listener needs a hostname \(the SNI it accepts\): pass hostname, e\.g\. "db\.example\.com"/);
  });

  test.each([
    ['10.0.0.1', 'IP addresses are not allowed'],
    ['*', 'a bare "\\*" is not allowed'],
    ['DB.example.com', 'lowercase DNS labels'],
    ['db.*.example.com', 'optionally starting with "\\*\\."'],
  ])('fails when the hostname is %s, which the API forbids', (hostname, reason) => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTlsPassthroughListener('db', { hostname })).toThrow(
      new RegExp(`\\[shop/edge/db\\] listener hostname "${hostname.replace(/[.*]/g, '\\$&')}" is invalid: .*${reason}`));
  });

  test('fails when it shares a port with the plain HTTP listener (the kernel conflict rule)', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTlsPassthroughListener('db', { hostname: 'db.example.com', port: 80 })).toThrow(
      'listener "db" (TLS) conflicts with "http" (HTTP) on port 80: protocols HTTP and TLS cannot share a port; Istio would program only "http"');
  });

  test('fails when an HTTPS listener on the port already accepts the same hostname', () => {
    const gw = new IngressGateway(shopChart(), 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    expect(() => gw.addTlsPassthroughListener('db')).toThrow(
      'listener "db" (TLS) conflicts with "https" (HTTPS) on port 443: both accept hostname "shop.example.com"');
  });
});
