/**
 * Seed 001 — "Gateway API with Istio": a platform team's Gateway
 * `external-gateway` in istio-system that accepts routes from every
 * namespace, httpbin v1 and v2 in `default`, and a route for
 * httpbin.example.com where `x-version: v2` goes to httpbin-v2 and everything
 * else to the httpbin Service.
 */
import { App, Chart } from 'cdk8s';
import { AllowedRoutes, HeaderMatch, HttpRoute, IngressGateway, PathMatch, ResilientBackend } from '../../src';

export function build(app: App): void {
  const platform = new Chart(app, 'platform', { namespace: 'istio-system' });
  const gateway = new IngressGateway(platform, 'external-gateway', { allowedRoutes: AllowedRoutes.allNamespaces() });

  const apps = new Chart(app, 'apps', { namespace: 'default' });
  const httpbin = new ResilientBackend(apps, 'httpbin', {
    containerPort: 80,
    replicas: 1,
    sharedService: true,
    versions: [
      { version: 'v1', image: 'docker.io/kennethreitz/httpbin' },
      { version: 'v2', image: 'docker.io/kennethreitz/httpbin', env: { VERSION: 'v2' } },
    ],
  });

  new HttpRoute(apps, 'httpbin-route', {
    parents: [gateway.httpListener!],
    hostnames: ['httpbin.example.com'],
    rules: [
      { matches: [{ headers: [HeaderMatch.exact('x-version', 'v2')] }], backends: [{ backend: httpbin.version('v2') }] },
      { matches: [{ path: PathMatch.prefix('/') }], backends: [{ backend: httpbin.service! }] },
    ],
  });
}
