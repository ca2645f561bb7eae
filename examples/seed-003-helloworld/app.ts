/**
 * Seed 003 — Istio's "Getting started with the Gateway API": Gateway
 * `sample-gateway` in sample-ingress for `*.sample.com` accepting routes from
 * every namespace, helloworld v1/v2 in `sample`, and `Exact /hello` on
 * helloworld.sample.com split 90/10.
 */
import { App, Chart } from 'cdk8s';
import { AllowedRoutes, CanaryRoute, IngressGateway, PathMatch, ResilientBackend } from '../../src';

export function build(app: App): void {
  const ingress = new Chart(app, 'sample-ingress', { namespace: 'sample-ingress' });
  const gateway = new IngressGateway(ingress, 'sample-gateway', {
    hostname: '*.sample.com',
    allowedRoutes: AllowedRoutes.allNamespaces(),
  });

  const sample = new Chart(app, 'sample', { namespace: 'sample' });
  const helloworld = new ResilientBackend(sample, 'helloworld', {
    port: 5000,
    containerPort: 5000,
    sharedService: true,
    versions: ['v1', 'v2'].map((version) => ({ version, image: `docker.io/istio/examples-helloworld-${version}:1.0` })),
  });

  new CanaryRoute(sample, 'helloworld-route', {
    name: 'helloworld',
    parent: gateway.httpListener!,
    hostnames: ['helloworld.sample.com'],
    path: PathMatch.exact('/hello'),
    stable: helloworld.version('v1'),
    canary: helloworld.version('v2'),
    canaryPercent: 10,
  });
}
