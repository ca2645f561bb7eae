import { Chart, Testing } from 'cdk8s';
import { synth } from './fakes';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { TlsCertificate } from '../../src/gateway/tls-certificate';
import { TlsListener } from '../../src/gateway/tls-listener';
import { CanaryRoute } from '../../src/routing/canary-route';

describe('CanaryRoute with an IngressGateway listener and ResilientBackend versions', () => {
  test('attaches to the HTTPS listener by sectionName and splits between the version Services', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const api = new ResilientBackend(chart, 'api', {
      port: 80,
      containerPort: 8080,
      versions: [{ version: 'v1', image: 'ghcr.io/acme/api:1.4' }, { version: 'v2', image: 'ghcr.io/acme/api:1.5' }],
    });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    const https = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    new CanaryRoute(chart, 'api-route', {
      parent: https,
      pathPrefix: '/api',
      stable: api.version('v1'),
      canary: api.version('v2'),
      canaryPercent: 10,
      canaryHeader: { name: 'x-version', value: 'v2' },
    });
    const route = synth(chart).find(o => o.kind === 'HTTPRoute' && o.metadata.name === 'api-route');
    const stable = api.version('v1').backendReference();
    const canary = api.version('v2').backendReference();
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({
      group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gw.gatewayName, sectionName: https.parentReference().sectionName,
    })]);
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.port, b.weight])).toEqual([
      [stable.name, stable.port, 90],
      [canary.name, canary.port, 10],
    ]);
    expect(route.spec.rules[1].backendRefs.map((b: any) => b.name)).toEqual([canary.name]);
  });
});
