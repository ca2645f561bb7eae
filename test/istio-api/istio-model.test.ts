import { IstioApiModel } from '../../src/istio-api/istio-model';
import { ManifestSet } from '../../src/manifests/manifest-set';

const vs = (name: string, namespace: string, created: string, exportTo?: string[]) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace, creationTimestamp: created },
  spec: { hosts: ['shop.example.com'], gateways: ['istio-system/gw'], ...(exportTo ? { exportTo } : {}), http: [{ route: [{ destination: { host: 'web' } }] }] },
});
const gateway = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'istio-system' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
};

describe('IstioApiModel.virtualServicesFor (push_context.go VirtualServicesForGateway)', () => {
  const model = IstioApiModel.read(ManifestSet.fromObjects([
    gateway,
    vs('pub', 'default', '2026-01-01T00:00:00Z'),
    vs('priv', 'istio-system', '2026-03-01T00:00:00Z', ['.']),
    vs('to-pods', 'web', '2026-02-01T00:00:00Z', ['istio-system']),
    vs('web-only', 'web', '2026-01-15T00:00:00Z', ['.']),
  ]));

  test('private to the pods\' namespace first, then exported to it by name, then public; each oldest first', () => {
    expect(model.virtualServicesFor('istio-system/gw', 'istio-system').map((v) => v.key)).toEqual(['istio-system/priv', 'web/to-pods', 'default/pub']);
  });

  test('visibility is judged from the pods\' namespace, not the Gateway\'s', () => {
    expect(model.virtualServicesFor('istio-system/gw', 'web').map((v) => v.key)).toEqual(['web/web-only', 'default/pub']);
  });
});
