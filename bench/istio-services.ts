/**
 * The benchmark's services written with Istio's own API (seed 002's style):
 * one Istio Gateway on the default ingress pods, and per service a Service,
 * a DestinationRule with subsets v1 and v2, and a VirtualService that sends
 * `x-version: v2` to v2 and the rest 90/10.
 */
import { serviceName } from './services';

/** The objects of `n` services on one Istio Gateway. */
export function istioServices(n: number): any[] {
  const objects: any[] = [{
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
  }];
  for (let i = 0; i < n; i++) {
    const name = serviceName(i);
    const host = `${name}.shop.svc.cluster.local`;
    objects.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app: name }, ports: [{ port: 80, name: 'http' }] } },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: 'shop' },
        spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace: 'shop' },
        spec: {
          hosts: [`${name}.example.com`],
          gateways: ['istio-system/edge'],
          http: [
            { match: [{ headers: { 'x-version': { exact: 'v2' } } }], route: [{ destination: { host, subset: 'v2' } }] },
            { route: [{ destination: { host, subset: 'v1' }, weight: 90 }, { destination: { host, subset: 'v2' }, weight: 10 }] },
          ],
        },
      },
    );
  }
  return objects;
}
