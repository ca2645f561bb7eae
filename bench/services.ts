/**
 * The benchmark's services, built two ways that synthesize the same objects:
 * with the library's constructs, and with raw L1 objects (generated bindings
 * and cdk8s-plus's `k8s` module) written out by hand.
 *
 * A service is two versions (v1, v2) of a workload, each a Deployment, a
 * Service, a DestinationRule (with connection pool and outlier detection)
 * and a PodDisruptionBudget, behind a CanaryRoute (one HTTPRoute) that sends
 * 90/10 by weight and `x-version: v2` always to v2, attached to the HTTPS
 * listener of a shared Gateway.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as gwapi from '../imports/gateway.networking.k8s.io';
import * as istio from '../imports/networking.istio.io';
import { SynthValidation } from '../src/analysis/synth-validation';
import { ResilientBackend } from '../src/backend/resilient-backend';
import { IngressGateway } from '../src/gateway/ingress-gateway';
import { TlsCertificate } from '../src/gateway/tls-certificate';
import { TlsListener } from '../src/gateway/tls-listener';
import { CanaryRoute } from '../src/routing/canary-route';

/** The namespace of every object. */
export const NAMESPACE = 'shop';
const GATEWAY = 'edge';
const VERSIONS = ['v1', 'v2'];
const WEIGHTS: { [version: string]: number } = { v1: 90, v2: 10 };

/** How services are spread over charts. */
export enum Layout {
  /** The Gateway and every service in one Chart. */
  ONE_CHART = 'one-chart',
  /** The Gateway in a `platform` Chart, one Chart per service. */
  CHART_PER_SERVICE = 'chart-per-service',
}

/** Which constructs build the objects. */
export enum Variant {
  /** Raw L1 objects. */
  RAW = 'raw',
  /** The library's constructs. */
  LIBRARY = 'library',
}

/** The name of service `i`. */
export function serviceName(i: number): string {
  return `svc${i}`;
}

/**
 * An App with `n` services.
 * @param validation whether the library's synth-time analysis runs at synth
 * (it is measured on its own otherwise)
 */
export function buildApp(n: number, variant: Variant, layout: Layout, validation: boolean = false): App {
  const app = new App({ outdir: 'unused' });
  if (validation) {
    SynthValidation.enable(app, { printWarnings: false });
  } else {
    app.node.setContext(SynthValidation.CONTEXT_KEY, 'off');
  }
  const platform = new Chart(app, layout === Layout.ONE_CHART ? 'services' : 'platform', { namespace: NAMESPACE });
  const listener = variant === Variant.LIBRARY ? libraryGateway(platform) : rawGateway(platform);
  for (let i = 0; i < n; i++) {
    const chart = layout === Layout.ONE_CHART ? platform : new Chart(app, serviceName(i), { namespace: NAMESPACE });
    if (variant === Variant.LIBRARY) {
      libraryService(chart, i, listener as TlsListener);
    } else {
      rawService(chart, i);
    }
  }
  return app;
}

// ---------------------------------------------------------------------------
// library

function libraryGateway(chart: Chart): TlsListener {
  const gw = new IngressGateway(chart, GATEWAY, { hostname: '*.example.com' });
  return new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('edge-tls') });
}

function libraryService(scope: Construct, i: number, listener: TlsListener): void {
  const name = serviceName(i);
  const backend = new ResilientBackend(scope, name, {
    port: 80,
    containerPort: 8080,
    outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
    connectionPool: { maxConnections: 100, http1MaxPendingRequests: 10 },
    versions: VERSIONS.map((version, v) => ({ version, image: `ghcr.io/acme/${name}:1.${v}` })),
  });
  new CanaryRoute(scope, `${name}-route`, {
    parent: listener,
    hostnames: [`${name}.example.com`],
    stable: backend.version('v1'),
    canary: backend.version('v2'),
    canaryPercent: WEIGHTS.v2,
    canaryHeader: { name: 'x-version', value: 'v2' },
  });
}

// ---------------------------------------------------------------------------
// raw L1 objects, written to synthesize what the library synthesizes

function rawGateway(chart: Chart): undefined {
  const listener = (name: string, port: number, protocol: string, tls?: gwapi.GatewaySpecListenersTls): gwapi.GatewaySpecListeners => ({
    name,
    port,
    protocol,
    hostname: '*.example.com',
    tls,
    allowedRoutes: { namespaces: { from: gwapi.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
  });
  new gwapi.Gateway(chart, GATEWAY, {
    metadata: { name: GATEWAY, namespace: NAMESPACE },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        listener('http', 80, 'HTTP'),
        listener('https', 443, 'HTTPS', {
          mode: gwapi.GatewaySpecListenersTlsMode.TERMINATE,
          certificateRefs: [{ group: '', kind: 'Secret', name: 'edge-tls' }],
        }),
      ],
    },
  });
  return undefined;
}

function rawService(scope: Construct, i: number): void {
  const name = serviceName(i);
  VERSIONS.forEach((version, v) => {
    const id = `${name}-${version}`;
    const labels = { app: name, version };
    const metadata = { name: id, namespace: NAMESPACE, labels };
    new kplus.k8s.KubeDeployment(scope, `${id}-deployment`, {
      metadata,
      spec: {
        minReadySeconds: 0,
        progressDeadlineSeconds: 600,
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: kplus.k8s.IntOrString.fromString('25%'), maxUnavailable: kplus.k8s.IntOrString.fromString('25%') },
        },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [{
              image: `ghcr.io/acme/${name}:1.${v}`,
              imagePullPolicy: 'IfNotPresent',
              name: 'app',
              ports: [{ containerPort: 8080, name: 'http' }],
              readinessProbe: { failureThreshold: 3, tcpSocket: { port: kplus.k8s.IntOrString.fromNumber(8080) } },
              resources: {
                limits: { cpu: kplus.k8s.Quantity.fromString('500m'), memory: kplus.k8s.Quantity.fromString('256Mi') },
                requests: { cpu: kplus.k8s.Quantity.fromString('100m'), memory: kplus.k8s.Quantity.fromString('128Mi') },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsGroup: 65532,
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
            }],
            dnsPolicy: 'ClusterFirst',
            hostNetwork: false,
            restartPolicy: 'Always',
            securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            setHostnameAsFqdn: false,
            terminationGracePeriodSeconds: 30,
            volumes: [{ emptyDir: { sizeLimit: kplus.k8s.Quantity.fromString('64Mi') }, name: 'tmp' }],
          },
        },
      },
    });
    new kplus.k8s.KubeService(scope, `${id}-service`, {
      metadata,
      spec: {
        ports: [{ appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: kplus.k8s.IntOrString.fromNumber(8080) }],
        selector: labels,
        type: 'ClusterIP',
      },
    });
    new istio.DestinationRule(scope, `${id}-destination-rule`, {
      metadata,
      spec: {
        host: `${id}.${NAMESPACE}.svc.cluster.local`,
        trafficPolicy: {
          connectionPool: { http: { http1MaxPendingRequests: 10 }, tcp: { maxConnections: 100 } },
          outlierDetection: { baseEjectionTime: '30s', consecutive5XxErrors: 5, interval: '10s' },
        },
      },
    });
    new kplus.k8s.KubePodDisruptionBudget(scope, `${id}-pdb`, {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
    });
  });
  const ref = (version: string, weight: number): gwapi.HttpRouteSpecRulesBackendRefs => ({
    group: '', kind: 'Service', name: `${name}-${version}`, namespace: NAMESPACE, port: 80, weight,
  });
  const prefix = { type: gwapi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' };
  new gwapi.HttpRoute(scope, `${name}-route`, {
    metadata: { name: `${name}-route`, namespace: NAMESPACE },
    spec: {
      hostnames: [`${name}.example.com`],
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY, namespace: NAMESPACE, sectionName: 'https' }],
      rules: [
        { name: 'traffic-split', backendRefs: [ref('v1', WEIGHTS.v1), ref('v2', WEIGHTS.v2)], matches: [{ path: prefix }] },
        {
          name: 'canary-header',
          backendRefs: [ref('v2', 1)],
          matches: [{ headers: [{ name: 'x-version', type: gwapi.HttpRouteSpecRulesMatchesHeadersType.EXACT, value: 'v2' }], path: prefix }],
        },
      ],
    },
  });
}
