/** Builders of Istio networking objects for the Istio Gateway simulation tests. */

/** An Istio Gateway `istio-system/gw` (or as named) with selector istio=ingressgateway. */
export function istioGateway(servers: any[], name = 'gw', ns = 'istio-system', selector: any = { istio: 'ingressgateway' }): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { selector, servers } };
}

/** A plain HTTP server on port 80 for every host. */
export const HTTP_80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };

/** A VirtualService in `app` for shop.example.com bound to istio-system/gw, unless spec says otherwise. */
export function virtualService(name: string, spec: any, ns = 'app', metadata: any = {}): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: ns, ...metadata },
    spec: { hosts: ['shop.example.com'], gateways: ['istio-system/gw'], ...spec },
  };
}

/** A DestinationRule for a host in `app`. */
export function destinationRule(host: string, spec: any, ns = 'app'): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: host, namespace: ns }, spec: { host, ...spec } };
}

/** A route destination on port 80. */
export function dest(host: string, extra: any = {}, port = 80): any {
  return { destination: { host, port: { number: port } }, ...extra };
}
