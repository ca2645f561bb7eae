/**
 * Seed 001 — "Gateway API with Istio": a platform team's Gateway
 * `external-gateway` in istio-system that accepts routes from every
 * namespace, httpbin v1 and v2 in `default`, and a route for
 * httpbin.example.com where `x-version: v2` goes to httpbin-v2 and everything
 * else to the httpbin Service.
 *
 * The seed's production checklist on top: the gateway runs at least 3 pods
 * spread over zones, with an autoscaler and a disruption budget; it logs
 * failed requests and traces 10% of them; the httpbin route retries on 502,
 * 503 and 504 (HTTPRoute `retry` is in the experimental Gateway API channel,
 * so the App targets it).
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  AccessLogFilter, AllowedRoutes, GatewayApiChannel, GatewayDisruptionBudget, HeaderMatch, HttpRoute, HttpRouteRetry,
  IngressGateway, PathMatch, ResilientBackend,
} from '../../src';

export function build(app: App): void {
  app.node.setContext(GatewayApiChannel.CONTEXT_KEY, 'experimental');
  const platform = new Chart(app, 'platform', { namespace: 'istio-system' });
  const gateway = new IngressGateway(platform, 'external-gateway', {
    allowedRoutes: AllowedRoutes.allNamespaces(),
    deployment: {
      autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuUtilizationPercent: 75 },
      disruptionBudget: GatewayDisruptionBudget.maxUnavailable(1),
      spreadAcrossZones: true,
    },
  });
  gateway.addTelemetry('telemetry', {
    accessLogging: { providers: ['envoy'], filter: AccessLogFilter.errorsOnly() },
    tracing: { randomSamplingPercentage: 10 },
  });

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

  const retry: HttpRouteRetry = { attempts: 3, codes: [502, 503, 504], backoff: Duration.millis(100) };
  new HttpRoute(apps, 'httpbin-route', {
    parents: [gateway.httpListener!],
    hostnames: ['httpbin.example.com'],
    rules: [
      { matches: [{ headers: [HeaderMatch.exact('x-version', 'v2')] }], backends: [{ backend: httpbin.version('v2') }], retry },
      { matches: [{ path: PathMatch.prefix('/') }], backends: [{ backend: httpbin.service! }], retry },
    ],
  });
}
