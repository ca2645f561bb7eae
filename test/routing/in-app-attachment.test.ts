import { Chart, Testing } from 'cdk8s';
import { AllowedRoutes, Backend, HttpRoute, IngressGateway, ResilientBackend, RouteParent, SynthValidation, TlsCertificate } from '../../src';
import { shopChart } from '../chart';

describe('HttpRoute attached to a listener of this app', () => {
  test('a hostname no listener accepts is reported once, by the app-wide analysis (IGW1003)', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    new HttpRoute(chart, 'api', {
      parents: [gw.httpListener!],
      hostnames: ['other.example.com'],
      rules: [{ backends: [{ backend: Backend.fromServiceName('api', 80) }] }],
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/IGW1003 \[shop\/api\/Resource\] HTTPRoute shop\/api/);
    expect(message).toMatch(/other\.example\.com/);
    expect(message).not.toMatch(/no route hostname \(other\.example\.com\) intersects/);
  });
});

describe('objects named by the user are managed outside the app', () => {
  test('Backend.fromServiceName in a namespace that also has app-made Services is not reported missing', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    new ResilientBackend(chart, 'api', { versions: [{ version: 'v1', image: 'img:1' }] });
    new HttpRoute(chart, 'legacy', {
      parents: [gw.httpListener!],
      rules: [{ backends: [{ backend: Backend.fromServiceName('payments-api', 80) }] }],
    });
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(SynthValidation.errors(chart)).toEqual([]);
  });

  test('a typo in an app-made Service name is still an error', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    new ResilientBackend(chart, 'api', { versions: [{ version: 'v1', image: 'img:1' }] });
    const route = new HttpRoute(chart, 'r', { parents: [gw.httpListener!] });
    route.addRule({ backends: [{ backend: { backendReference: () => ({ group: '', kind: 'Service', name: 'api-v9', namespace: 'shop', port: 80 }) } }] });
    expect(() => Testing.synth(chart)).toThrow(/IGW1004 .*Service shop\/api-v9/);
  });

  test('gateways and certificate Secrets named by the user are external too', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    // in a namespace without Gateways of this app: a name that misses an in-app Gateway is IGW1024
    const platform = IngressGateway.fromGatewayName(chart, 'shared', 'edge', 'platform');
    const other = new Chart(chart.node.scope as any, 'infra', { namespace: 'infra' });
    const gw = new IngressGateway(other, 'public', { allowedRoutes: AllowedRoutes.allNamespaces() });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('public-tls') });
    new HttpRoute(chart, 'r', {
      parents: [platform.listener('https'), RouteParent.fromGatewayName('other', { namespace: 'platform' })],
      rules: [{ backends: [{ backend: Backend.fromServiceName('svc', 80) }] }],
    });
    const analysis = SynthValidation.errors(chart);
    expect(analysis).toEqual([]);
  });
});
