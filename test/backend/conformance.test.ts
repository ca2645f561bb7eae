import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Analyzer } from '../../src/analysis/analyzer';
import { AppProtocol } from '../../src/backend/app-protocol';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { ClientTlsMode } from '../../src/backend/traffic-policy';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { shopChart } from '../chart';

// Every object a ResilientBackend writes passes the API server's rules offline:
// the Deployment, Service and PodDisruptionBudget schemas, and the Istio
// DestinationRule CRD schema with its CEL rules (durations >= 1ms, oneOf blocks).
describe('ResilientBackend output passes schema and CEL validation', () => {
  test('every option set', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      port: 8080,
      containerPort: 8081,
      appProtocol: AppProtocol.HTTP2,
      sharedService: true,
      readinessPath: '/ready',
      liveness: kplus.Probe.fromTcpSocket({ port: 8081 }),
      exportTo: ['.', 'istio-ingress'],
      replicas: 3,
      env: { LOG: 'debug' },
      args: ['--serve'],
      command: ['/app'],
      loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1), '/'),
      connectionPool: {
        maxConnections: 100,
        connectTimeout: Duration.millis(500),
        http1MaxPendingRequests: 50,
        http2MaxRequests: 200,
        maxRequestsPerConnection: 2,
        maxRetries: 3,
        idleTimeout: Duration.minutes(5),
      },
      outlierDetection: {
        consecutive5xxErrors: 5,
        consecutiveGatewayErrors: 2,
        interval: Duration.seconds(10),
        baseEjectionTime: Duration.seconds(30),
        maxEjectionPercent: 50,
        minHealthPercent: 10,
      },
      tls: { mode: ClientTlsMode.SIMPLE, credentialName: 'api-ca', sni: 'api.internal', subjectAltNames: ['api.internal'] },
      versions: [
        { version: 'v1', image: 'ghcr.io/acme/api:1.4' },
        { version: 'v2', image: 'ghcr.io/acme/api:1.5', replicas: 1, loadBalancer: LoadBalancer.consistentHashByHeader('x-user'), tls: { mode: ClientTlsMode.ISTIO_MUTUAL } },
        { version: 'v3', image: 'ghcr.io/acme/api:1.6', loadBalancer: LoadBalancer.consistentHashBySourceIp() },
        { version: 'v4', image: 'ghcr.io/acme/api:1.7', loadBalancer: LoadBalancer.consistentHashByQueryParameter('u') },
        { version: 'v5', image: 'ghcr.io/acme/api:1.8', loadBalancer: LoadBalancer.roundRobin(), tls: { mode: ClientTlsMode.MUTUAL, credentialName: 'client' } },
      ],
    });
    const report = new Analyzer().analyze(ManifestSet.fromApp(chart.node.root as App));
    expect(report.findings.map(f => `${f.id} ${f.message}`)).toEqual([]);
    expect(report.objectCount).toBe(2 + 5 * 3 + 4);
  });

  test('defaults', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { versions: [{ version: 'v1', image: 'nginx' }] });
    const report = new Analyzer().analyze(ManifestSet.fromApp(chart.node.root as App));
    expect(report.findings.map(f => `${f.id} ${f.message}`)).toEqual([]);
  });
});
