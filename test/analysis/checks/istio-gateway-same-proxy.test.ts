import { httpServer, httpsServer, istioGateway, k8sGateway, runOn, service, summaryOn } from './istio-objects';
import { istioGatewaySameProxy } from '../../../src/analysis/checks/istio-gateway-same-proxy';

const web = (listeners: any[], extra: any = {}) => k8sGateway('web', 'infra', listeners, extra);
const http = (hostname?: string, port = 80) => ({ name: 'http', port, protocol: 'HTTP', ...(hostname ? { hostname } : {}) });
const https = (hostname: string, port = 443) => ({ name: 'https', port, protocol: 'HTTPS', hostname, tls: { certificateRefs: [{ name: 'cert' }] } });
const manual = { addresses: [{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }] };
const run = (objects: any[]) => runOn(istioGatewaySameProxy, objects);

describe('IGW1065 Istio Gateway and Gateway API Gateway on the same proxy', () => {
  test('warns when an Istio Gateway selects the pods Istio deploys for a Gateway API Gateway and both serve a host on an HTTP port', () => {
    const ig = istioGateway('legacy', 'istio-system', [httpServer(['*'])], { 'gateway.networking.k8s.io/gateway-name': 'web' });
    expect(run([ig, web([http('shop.example.com')])])).toEqual([
      'warning IGW1065 Gateway istio-system/legacy spec.servers[0]: server port 80 and Gateway infra/web spec.listeners[0] (listener "http", HTTP shop.example.com) '
      + 'both claim host "shop.example.com" on the same pods: its selector (gateway.networking.k8s.io/gateway-name: web) selects the pods Istio deploys for it in namespace "infra" '
      + '(labelled gateway.networking.k8s.io/gateway-name: web), which serve Gateway infra/web; Istio merges both into one HTTP route configuration, '
      + 'so the VirtualServices\' and the HTTPRoutes\' rules for that host share one virtual host and are matched first-match in Istio\'s order (catch-alls last), '
      + 'not by Gateway API precedence (fix: serve the host from one Gateway only (move the VirtualService rules into HTTPRoutes on Gateway infra/web, or the other way), '
      + 'or stop selecting the pods of Gateway infra/web)',
    ]);
    const old = istioGateway('legacy', 'istio-system', [httpServer(['*'])], { 'istio.io/gateway-name': 'web' });
    expect(summaryOn(istioGatewaySameProxy, [old, web([http()])])).toEqual(['warning IGW1065 Gateway istio-system/legacy spec.servers[0]']);
  });

  test('fails when both terminate TLS for the same host on one port of istio-ingressgateway (manual deployment)', () => {
    const ig = istioGateway('bookinfo-gateway', 'istio-system', [httpsServer(['bookinfo.example.com'])]);
    const lines = run([ig, web([https('bookinfo.example.com')], manual)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('error IGW1065 Gateway istio-system/bookinfo-gateway spec.servers[0]: server port 443 and Gateway infra/web spec.listeners[0]');
    expect(lines[0]).toContain('its selector (istio: ingressgateway) selects the pods of Service istio-system/istio-ingressgateway '
      + '(address "istio-ingressgateway.istio-system.svc.cluster.local", selector app: istio-ingressgateway, istio: ingressgateway, Istio\'s default ingress gateway labels)');
    expect(lines[0]).toContain('Istio skips a server whose hosts repeat one already merged');
  });

  test('fails when a plain text and a TLS server share a port, whatever the hosts', () => {
    const ig = istioGateway('g', 'istio-system', [httpServer(['a.example.com'], 443)]);
    const lines = run([ig, web([https('b.example.com')], manual)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('share port 443 on the same pods');
    expect(lines[0]).toContain('cannot put a plain text and a TLS server on one port');
  });

  test('a Service of the input named by the address decides the pods', () => {
    const edge = service('edge', 'infra', { app: 'edge' }, 80);
    const ig = istioGateway('g', 'istio-system', [httpServer(['*'])], { app: 'edge' });
    expect(summaryOn(istioGatewaySameProxy, [edge, ig, web([http()], { addresses: [{ type: 'Hostname', value: 'edge' }] })]))
      .toEqual(['warning IGW1065 Gateway istio-system/g spec.servers[0]']);
    expect(run([edge, istioGateway('g', 'istio-system', [httpServer(['*'])], { app: 'other' }), web([http()], { addresses: [{ type: 'Hostname', value: 'edge' }] })]))
      .toEqual([]);
  });

  test('no conflict: other pods, other ports, other TLS hosts, a non-Istio class, or an empty selector', () => {
    expect(run([istioGateway('g', 'istio-system', [httpServer(['*'])]), web([http()])])).toEqual([]);
    expect(run([istioGateway('g', 'istio-system', [httpServer(['*'], 8080)]), web([http()], manual)])).toEqual([]);
    expect(run([istioGateway('g', 'istio-system', [httpsServer(['a.example.com'])]), web([https('b.example.com')], manual)])).toEqual([]);
    expect(run([istioGateway('g', 'istio-system', [httpServer(['*'])]), k8sGateway('web', 'infra', [http()], { ...manual, gatewayClassName: 'other' })])).toEqual([]);
    expect(run([istioGateway('g', 'istio-system', [httpServer(['*'])], {}), web([http()], manual)])).toEqual([]);
  });
});
