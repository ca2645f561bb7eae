import { Chart, Duration, Testing } from 'cdk8s';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { shopChart, single } from '../chart';

/** `kind/name` of every synthesized object, in output order. */
const kindsAndNames = (chart: Chart): string[] => Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);

// The backends of the acceptance scenarios, each in a few typed lines.
describe('seed scenarios', () => {
  test('000: http-echo v1/v2 in istio-test with round robin, connection pool and circuit breaking', () => {
    const chart = shopChart('istio-test', 'seed');
    const backend = new ResilientBackend(chart, 'backend', {
      containerPort: 5678,
      versions: ['v1', 'v2'].map(v => ({ version: v, image: 'hashicorp/http-echo', args: [`-text=hello from backend ${v}`] })),
      loadBalancer: LoadBalancer.roundRobin(),
      connectionPool: { maxConnections: 100, http1MaxPendingRequests: 50, maxRequestsPerConnection: 2 },
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 100 },
    });
    expect(backend.version('v2').backendReference()).toEqual({ group: '', kind: 'Service', name: 'backend-v2', namespace: 'istio-test', port: 80 });
    const dr = single(chart, 'DestinationRule', 'backend-v2');
    expect(dr.spec).toEqual({
      host: 'backend-v2.istio-test.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN' },
        connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 2 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 100 },
      },
    });
    expect(single(chart, 'Service', 'backend-v1').spec.ports).toEqual([
      { name: 'http', appProtocol: 'http', port: 80, targetPort: 5678, protocol: 'TCP' },
    ]);
    expect(single(chart, 'Deployment', 'backend-v1').spec.template.spec.containers[0].args).toEqual(['-text=hello from backend v1']);
  });

  test('001: httpbin v1/v2 on port 80, v2 marked by an env var', () => {
    const chart = shopChart('default', 'seed');
    new ResilientBackend(chart, 'httpbin', {
      replicas: 1,
      versions: [
        { version: 'v1', image: 'docker.io/kennethreitz/httpbin' },
        { version: 'v2', image: 'docker.io/kennethreitz/httpbin', env: { VERSION: 'v2' } },
      ],
    });
    expect(kindsAndNames(chart)).toEqual([
      'Deployment/httpbin-v1', 'Service/httpbin-v1',
      'Deployment/httpbin-v2', 'Service/httpbin-v2',
    ]);
    expect(single(chart, 'Service', 'httpbin-v2').spec.selector).toEqual({ app: 'httpbin', version: 'v2' });
    expect(single(chart, 'Deployment', 'httpbin-v2').spec.template.spec.containers[0].env).toEqual([{ name: 'VERSION', value: 'v2' }]);
  });

  test('002: bookinfo productpage on 9080 with a round-robin DestinationRule', () => {
    const chart = shopChart('default', 'seed');
    const productpage = new ResilientBackend(chart, 'productpage', {
      port: 9080,
      sharedService: true,
      loadBalancer: LoadBalancer.roundRobin(),
      versions: [{ version: 'v1', image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.2' }],
    });
    expect(productpage.service!.backendReference()).toEqual({ group: '', kind: 'Service', name: 'productpage', namespace: 'default', port: 9080 });
    expect(single(chart, 'DestinationRule', 'productpage').spec).toEqual({
      host: 'productpage.default.svc.cluster.local',
      trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } },
    });
  });

  test('003: helloworld v1/v2 on 5000 behind one shared Service', () => {
    const chart = shopChart('sample', 'seed');
    const hello = new ResilientBackend(chart, 'helloworld', {
      port: 5000,
      sharedService: true,
      versions: ['v1', 'v2'].map(v => ({ version: v, image: `docker.io/istio/examples-helloworld-${v}:1.0` })),
    });
    expect(hello.service!.backendReference().name).toBe('helloworld');
    expect(single(chart, 'Service', 'helloworld').spec.selector).toEqual({ app: 'helloworld' });
    expect(single(chart, 'Deployment', 'helloworld-v2').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 5000, name: 'http' }]);
  });
});
