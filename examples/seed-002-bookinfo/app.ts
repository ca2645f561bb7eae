/**
 * Seed 002 — "Istio Ingress Gateway" (Istio Gateway + VirtualService +
 * DestinationRule) expressed with the Gateway API: Gateway
 * `bookinfo-gateway` in istio-system for bookinfo.example.com on HTTP and
 * HTTPS (Secret `bookinfo-secret`), HTTP redirected to HTTPS, routes from the
 * `default` namespace only, the productpage paths to productpage:9080, and a
 * round-robin DestinationRule. The VirtualService's `v1` subset becomes the
 * `productpage-v1` Service, since Gateway API routes cannot target subsets.
 */
import { App, Chart } from 'cdk8s';
import {
  AllowedRoutes, HttpRoute, IngressGateway, LoadBalancer, PathMatch, ResilientBackend, TlsCertificate,
} from '../../src';

export function build(app: App): void {
  const platform = new Chart(app, 'platform', { namespace: 'istio-system' });
  // HTTP only carries the redirect (a route in istio-system); HTTPS accepts the app team's routes from `default`.
  const gateway = new IngressGateway(platform, 'bookinfo-gateway', { hostname: 'bookinfo.example.com' });
  const https = gateway.addTlsListener('https', {
    certificate: TlsCertificate.fromSecretName('bookinfo-secret'),
    allowedRoutes: AllowedRoutes.fromNamespaces(['default']),
  });
  gateway.addHttpsRedirect();

  const apps = new Chart(app, 'bookinfo', { namespace: 'default' });
  const productpage = new ResilientBackend(apps, 'productpage', {
    port: 9080,
    containerPort: 9080,
    sharedService: true,
    loadBalancer: LoadBalancer.roundRobin(),
    versions: [{ version: 'v1', image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.2' }],
  });

  new HttpRoute(apps, 'bookinfo', {
    parents: [https],
    hostnames: ['bookinfo.example.com'],
    rules: [{
      matches: ['/productpage', '/login', '/logout', '/api/v1/products'].map((p) => ({ path: PathMatch.prefix(p) })),
      backends: [{ backend: productpage.service! }],
    }],
  });
}
