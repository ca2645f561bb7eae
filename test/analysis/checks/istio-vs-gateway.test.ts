import { httpServer, istioGateway, k8sGateway, runOn, summaryOn, to, virtualService } from './istio-objects';
import { istioVirtualServiceGateway } from '../../../src/analysis/checks/istio-vs-gateway';

const gateway = istioGateway('bookinfo-gateway', 'istio-system', [httpServer(['bookinfo.example.com'])]);
const vs = (gateways: string[], extra: any = {}, namespace = 'default') => virtualService('bookinfo', namespace, {
  hosts: ['bookinfo.example.com'], gateways, http: [{ route: [to('productpage')] }], ...extra,
});
const run = (objects: any[], externals: string[] = []) => runOn(istioVirtualServiceGateway, objects, externals);

describe('IGW1061 VirtualService bound to a Gateway that is not in the manifests', () => {
  test('namespace/name, ./name, bare name and the legacy name.namespace.svc.cluster.local form all resolve: nothing', () => {
    const local = istioGateway('local', 'default', [httpServer()]);
    expect(run([gateway, local, vs(['istio-system/bookinfo-gateway'])])).toEqual([]);
    expect(run([gateway, local, vs(['./local', 'local', 'mesh'])])).toEqual([]);
    expect(run([gateway, vs(['bookinfo-gateway.istio-system.svc.cluster.local'])])).toEqual([]);
    expect(run([gateway, vs(['bookinfo-gateway.istio-system'])])).toEqual([]);
  });

  test('fails when the Gateway is missing where the manifests manage Istio Gateways, with a near name', () => {
    expect(run([gateway, vs(['istio-system/bookinfo-gw'])])).toEqual([
      'error IGW1061 VirtualService default/bookinfo spec.gateways[0]: "istio-system/bookinfo-gw" names Gateway istio-system/bookinfo-gw, which is not in the manifests; '
      + 'Istio ignores the VirtualService for that gateway (fix: did you mean "bookinfo-gateway"? fix the gateway reference (namespace/name), or add Gateway istio-system/bookinfo-gw)',
    ]);
  });

  test('fails when a bare name resolves in the VirtualService namespace; the fix names the namespace where it exists', () => {
    const lines = run([gateway, istioGateway('other', 'default', [httpServer()]), vs(['bookinfo-gateway'])]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"bookinfo-gateway" names Gateway default/bookinfo-gateway, which is not in the manifests');
    expect(lines[0]).toContain('did you mean "istio-system/bookinfo-gateway"?');
  });

  test('the legacy dotted form is explained', () => {
    const lines = run([gateway, vs(['bookinfo-gateway.istio'])]);
    expect(lines[0]).toContain('names Gateway istio/bookinfo-gateway ("bookinfo-gateway.istio" is read as name "bookinfo-gateway" in namespace "istio")');
  });

  test('warns when no Istio Gateway of that namespace is in the manifests; nothing when declared external', () => {
    expect(summaryOn(istioVirtualServiceGateway, [vs(['ingress/shared'])])).toEqual(['warning IGW1061 VirtualService default/bookinfo spec.gateways[0]']);
    expect(run([vs(['ingress/shared'])])[0]).toContain('the manifests contain no Gateway in namespace "ingress", so it may be managed elsewhere');
    expect(run([vs(['ingress/shared'])], ['Gateway ingress/shared'])).toEqual([]);
  });

  test('fails when it names a Gateway API Gateway', () => {
    const lines = run([k8sGateway('web', 'default', [{ name: 'http', port: 80, protocol: 'HTTP' }]), vs(['web'])]);
    expect(lines).toEqual([
      'error IGW1061 VirtualService default/bookinfo spec.gateways[0]: "web" names Gateway default/web, a Gateway API (gateway.networking.k8s.io) Gateway; '
      + 'a VirtualService binds only to networking.istio.io Gateways, so it is ignored there (fix: attach an HTTPRoute to Gateway default/web instead, or bind the VirtualService to an Istio Gateway)',
    ]);
  });

  test('checks match[].gateways of http, tls and tcp rules', () => {
    const v = vs(['istio-system/bookinfo-gateway'], {
      http: [{ match: [{ uri: { prefix: '/' }, gateways: ['mesh', 'istio-system/nope'] }], route: [to('productpage')] }],
      tcp: [{ match: [{ gateways: ['istio-system/tcp-gw'] }], route: [to('productpage')] }],
    });
    expect(summaryOn(istioVirtualServiceGateway, [gateway, v])).toEqual([
      'error IGW1061 VirtualService default/bookinfo spec.http[0].match[0].gateways[1]',
      'error IGW1061 VirtualService default/bookinfo spec.tcp[0].match[0].gateways[0]',
    ]);
  });

  test('warns (IST0132) on a host no server of a bound Gateway exposes, also through a server namespace restriction', () => {
    expect(run([gateway, vs(['istio-system/bookinfo-gateway'], { hosts: ['bookinfo.example.com', 'wrong.com'] })])).toEqual([
      'warning IGW1061 VirtualService default/bookinfo spec.hosts[1]: host "wrong.com" is not exposed to namespace "default" by any server of Gateway istio-system/bookinfo-gateway '
      + '(its server hosts: "bookinfo.example.com"); that gateway serves no route for it '
      + '(fix: add "wrong.com" (or "default/wrong.com") to a server\'s hosts of Gateway istio-system/bookinfo-gateway, or remove the host)',
    ]);
    const restricted = istioGateway('bookinfo-gateway', 'istio-system', [httpServer(['shop/*'])]);
    expect(summaryOn(istioVirtualServiceGateway, [restricted, vs(['istio-system/bookinfo-gateway'])])).toEqual([
      'warning IGW1061 VirtualService default/bookinfo spec.hosts[0]',
    ]);
    expect(run([restricted, vs(['istio-system/bookinfo-gateway'], {}, 'shop')])).toEqual([]);
    const wildcard = istioGateway('bookinfo-gateway', 'istio-system', [httpServer(['*.example.com'])]);
    expect(run([wildcard, vs(['istio-system/bookinfo-gateway'])])).toEqual([]);
  });
});
