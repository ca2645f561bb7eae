import { Chart, Testing } from 'cdk8s';
import { ClientCaCertificate, IngressGateway, TlsCertificate, TrafficSimulator, HttpRoute, Backend } from '../../src';

function gatewayChart(build: (gw: IngressGateway, chart: Chart) => void): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com', clientCertificates: undefined });
  build(gw, chart);
  return Testing.synth(chart);
}

describe('client-certificate validation (spec.tls.frontend)', () => {
  test('a gateway-wide CA bundle becomes spec.tls.frontend.default; a listener\'s its port\'s perPort entry', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const gw = new IngressGateway(chart, 'edge', {
      hostname: 'shop.example.com',
      clientCertificates: { caCertificates: [ClientCaCertificate.fromConfigMap('client-ca')] },
    });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    gw.addTlsListener('partners', {
      port: 8443,
      certificate: TlsCertificate.fromSecretName('partners-tls'),
      clientCertificates: { caCertificates: [ClientCaCertificate.fromConfigMap('partner-ca', 'partners')], allowInsecureFallback: true },
    });
    const objects = Testing.synth(chart);
    const g = objects.find((o) => o.kind === 'Gateway');
    expect(g.spec.tls).toEqual({
      frontend: {
        default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }] } },
        perPort: [{ port: 8443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'partner-ca', namespace: 'partners' }], mode: 'AllowInsecureFallback' } } }],
      },
    });
    const grant = objects.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('partners');
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop' }],
      to: [{ group: '', kind: 'ConfigMap', name: 'partner-ca' }],
    });
  });

  test('the simulator fails the handshake of a client without a certificate and routes one with it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com', clientCertificates: { caCertificates: [ClientCaCertificate.fromConfigMap('client-ca')] } });
    const https = gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    new HttpRoute(chart, 'r', { parents: [https], rules: [{ backends: [{ backend: Backend.fromServiceName('web', 80) }] }] });
    const sim = TrafficSimulator.fromApp(app, { assumeServicesExist: true });
    expect(sim.request({ scheme: 'https', host: 'shop.example.com' }).status).toBe(0);
    expect(sim.request({ scheme: 'https', host: 'shop.example.com', clientCertificate: { san: 'client.example.com' } }).status).toBe(200);
  });

  test('fails when the CA list is empty, repeats a bundle, or names an invalid object', () => {
    expect(() => gatewayChart((gw) => gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('t'), clientCertificates: { caCertificates: [] } })))
      .toThrow('[shop/edge/https] clientCertificates.caCertificates must hold 1 to 16 CA bundles, got 0; pass e.g. [ClientCaCertificate.fromConfigMap("client-ca")]');
    const ca = ClientCaCertificate.fromConfigMap('ca');
    expect(() => gatewayChart((gw) => gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('t'), clientCertificates: { caCertificates: [ca, ca] } })))
      .toThrow('[shop/edge/https] clientCertificates.caCertificates lists ConfigMap ca twice; list each CA bundle once');
    expect(() => gatewayChart((gw) => gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('t'), clientCertificates: { caCertificates: [ClientCaCertificate.fromSecret('Bad_Name')] } })))
      .toThrow(/clientCertificates.caCertificates\[0\]: ClientCaCertificate.fromSecret\("Bad_Name"\): Secret name "Bad_Name" is invalid/);
  });

  test('fails when two listeners of one port both set validation (the API sets it per port)', () => {
    const ca = { caCertificates: [ClientCaCertificate.fromConfigMap('ca')] };
    expect(() => gatewayChart((gw) => {
      gw.addTlsListener('a', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a'), clientCertificates: ca });
      gw.addTlsListener('b', { hostname: 'b.example.com', certificate: TlsCertificate.fromSecretName('b'), clientCertificates: ca });
    })).toThrow('[shop/edge/b] port 443 already has client-certificate validation from listener "a"');
  });
});
