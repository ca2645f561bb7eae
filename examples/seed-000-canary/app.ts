/**
 * Seed 000 — "Complete Guide to Istio Ingress with Kubernetes Gateway API":
 * namespace istio-test with sidecar injection, backend v1/v2 (http-echo),
 * Gateway `istio-gateway` (AWS NLB annotation, routes from the same namespace),
 * HTTPS with a TLS Secret and an HTTP→HTTPS redirect, a canary route that
 * sends 10% to v2 (the guide's step after 50/50) and `x-version: v2` always to
 * v2, and DestinationRules with round-robin, a connection pool and outlier
 * detection (5 consecutive 5xx, 30s ejection).
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  CanaryRoute, IngressGateway, LoadBalancer, MeshNamespace, ResilientBackend, TlsCertificate, TlsListener,
} from '../../src';

/** The guide's canary step: 50/50 first, then 90/10. */
export const CANARY_PERCENT = 10;

export function build(app: App): void {
  const chart = new Chart(app, 'istio-test', { namespace: 'istio-test' });
  new MeshNamespace(chart, 'namespace', { name: 'istio-test' });

  const backend = new ResilientBackend(chart, 'backend', {
    containerPort: 5678,
    versions: ['v1', 'v2'].map((version) => ({
      version,
      image: 'hashicorp/http-echo:1.0',
      args: [`-text=hello from backend ${version}`],
    })),
    loadBalancer: LoadBalancer.roundRobin(),
    connectionPool: { maxConnections: 100, http1MaxPendingRequests: 50, maxRequestsPerConnection: 2 },
    outlierDetection: {
      consecutive5xxErrors: 5,
      interval: Duration.seconds(30),
      baseEjectionTime: Duration.seconds(30),
      maxEjectionPercent: 50,
    },
  });

  // The TLS Secret is created out of band: kubectl create secret tls test-codingtricks-tls ...
  const gateway = new IngressGateway(chart, 'istio-gateway', {
    hostname: 'test.codingtricks.io',
    infrastructureAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
  });
  const https = new TlsListener(gateway, 'https', { certificate: TlsCertificate.fromSecretName('test-codingtricks-tls') });
  gateway.addHttpsRedirect();

  new CanaryRoute(chart, 'backend-route', {
    parent: https,
    hostnames: ['test.codingtricks.io'],
    stable: backend.version('v1'),
    canary: backend.version('v2'),
    canaryPercent: CANARY_PERCENT,
    canaryHeader: { name: 'x-version', value: 'v2' },
  });
}
