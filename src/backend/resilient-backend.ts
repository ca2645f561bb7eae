import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { acceptsHttpProbe, AppProtocol, portNameOf, protocolPolicyProblem } from './app-protocol';
import { checkServiceName } from './backend-names';
import { BackendVersion, BackendVersionOptions, BackendWorkloadOptions } from './backend-version';
import { DestinationPolicy } from './destination-policy';
import { checkEnv, checkReadinessPath, checkReplicas, defaultResources, resolvePodDefaults } from './pod-defaults';
import { addDestinationRule, addService, servicePortOf, serviceTarget } from './service-objects';
import { TrafficPolicyOptions } from './traffic-policy';
import { VersionSpec } from './version-spec';
import { enableSynthValidation } from '../analysis/synth-validation';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, nameFromId } from '../internal/names';
import { portProblem } from '../internal/port';
import { BackendReference, IBackend } from '../routing/backend';

/**
 * Props of a `ResilientBackend`.
 *
 * The traffic policy fields (`loadBalancer`, `connectionPool`,
 * `outlierDetection`, `tls`, `localityLbSetting`, `warmup`,
 * `portLevelSettings`) apply to the DestinationRule of every version and
 * of the shared Service; a version may override each of them.
 */
export interface ResilientBackendProps extends TrafficPolicyOptions, BackendWorkloadOptions {
  /**
   * Base name: the `app` label, the shared Service's name, and the prefix of
   * each version's objects (`<name>-<version>`).
   * @default - derived from the construct id (lowercased, other characters become "-")
   */
  readonly name?: string;
  /**
   * Namespace of every object. A namespace is required: the DestinationRule
   * `host` is the Service's fully qualified name, which contains it.
   * @default - the Chart's namespace; an error if neither is set
   */
  readonly namespace?: string;
  /**
   * The versions to run; more can be added with `addVersion()`. At least one
   * version is required by synthesis time.
   * @default - none
   */
  readonly versions?: BackendVersionOptions[];
  /**
   * The Service port that routes reference (`spec.ports[].port` of each Service).
   * @default 80
   * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
   */
  readonly port?: number;
  /**
   * The port the container listens on (the Service ports' `targetPort` and the container's `containerPort`).
   * @default - same as `port`
   * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
   */
  readonly containerPort?: number;
  /**
   * Protocol of the port: names the Service and container port after it
   * (`grpc`, the `<protocol>` prefix Istio reads) and sets the Service port's
   * `appProtocol`, which Istio reads first. Use `AppProtocol.GRPC` for
   * `GrpcRoute` backends. Traffic policy settings that have no effect on the
   * protocol are rejected: `connectionPool.h2UpgradePolicy` and
   * `useClientProtocol` with `http2` and `grpc` (already HTTP/2) or with
   * `tcp` and `tls` (not HTTP); so is `readinessPath` with `grpc`, `tcp`
   * and `tls` (see `AppProtocol`).
   *
   * Support: Implementation-specific values (`http`, `http2`, `grpc`, `tcp`,
   * `tls`, which Istio understands); the Gateway API's backend protocol
   * selection (Extended) defines `kubernetes.io/h2c` and `kubernetes.io/ws` instead.
   * @default AppProtocol.HTTP
   * @see https://gateway-api.sigs.k8s.io/guides/user-guides/backend-protocol/
   */
  readonly appProtocol?: AppProtocol;
  /**
   * HTTP path of an HTTP GET readiness probe on the container port, e.g. `/healthz`.
   * @default - a TCP readiness probe on the container port
   */
  readonly readinessPath?: string;
  /**
   * Full readiness probe, replacing the default one. Not together with `readinessPath`.
   * @default - see `readinessPath`
   */
  readonly readiness?: kplus.Probe;
  /**
   * Liveness probe.
   * @default - none
   */
  readonly liveness?: kplus.Probe;
  /**
   * Container security context fields that override the defaults field by field.
   * The defaults satisfy the Pod Security "restricted" profile: `runAsNonRoot`,
   * user and group 65532, no privilege escalation, not privileged, all
   * capabilities dropped, seccomp `RuntimeDefault`, read-only root filesystem.
   * @default - the restricted defaults above
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;
  /**
   * ServiceAccount the pods run as; its name is the workload's identity in
   * Istio (`spiffe://<trust domain>/ns/<namespace>/sa/<name>`), which
   * AuthorizationPolicies match on.
   * @default - the namespace's `default` ServiceAccount, with no API token mounted
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Mount an `emptyDir` at `/tmp` when the root filesystem is read-only, since
   * many servers (gunicorn, nginx, the JVM) write temporary files there.
   * @default true
   */
  readonly writableTmp?: boolean;
  /**
   * Also create a Service named `<name>` (with its own DestinationRule) that
   * selects the pods of every version, for clients that should not care
   * about versions.
   * @default false
   */
  readonly sharedService?: boolean;
  /**
   * Namespaces the DestinationRules are visible to (`exportTo`): `.` for the
   * own namespace, `*` for all, or namespace names. The gateway's namespace must
   * be included, or the policy does not apply to traffic from the gateway.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - unset: the mesh default, normally all namespaces
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#DestinationRule-export_to
   */
  readonly exportTo?: string[];
  /**
   * The cluster's DNS domain, used in the DestinationRule host.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * A workload with one or more versions, each with its own Deployment and
 * Service (so routes can split traffic between versions by weight), and,
 * when a traffic policy is set, a DestinationRule per Service: load balancing,
 * connection pool limits, outlier detection and TLS. Without a policy no
 * DestinationRule is written, so a mesh-wide one still applies.
 *
 * Objects are named `<name>-<version>` (the shared Service, if any, `<name>`).
 * Pods carry the labels `app=<name>` and `version=<version>`, which the
 * selectors use and Istio telemetry reports.
 *
 * The backend resolves its defaults once and each version reads them; a
 * backend has no primary object of its own, so the escape hatch is per
 * version: `ApiObject.of(backend.version('v1'))` is that version's Deployment,
 * and each version exposes its Service, DestinationRule and PodDisruptionBudget.
 *
 * ```ts
 * const api = new ResilientBackend(chart, 'api', {
 *   port: 80, containerPort: 8080,
 *   versions: [{ version: 'v1', image: 'ghcr.io/acme/api:1.4' }, { version: 'v2', image: 'ghcr.io/acme/api:1.5' }],
 *   loadBalancer: LoadBalancer.roundRobin(),
 *   outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30) },
 * });
 * api.version('v2'); // an IBackend for routes
 * ```
 */
export class ResilientBackend extends Construct {
  /** Base name: the `app` label, the shared Service's name and the prefix of every object name. */
  public readonly backendName: string;
  /** Namespace of every object. */
  public readonly namespace: string;
  /** The Service port. */
  public readonly port: number;
  /** The container port. */
  public readonly containerPort: number;
  /** Protocol of the port. */
  public readonly appProtocol: AppProtocol;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;
  /** The Service selecting every version, when `sharedService` is set. */
  public readonly service?: IBackend;

  /** What every version reads: the defaults, resolved once. */
  private readonly versionSpec: VersionSpec;
  private readonly _versions: BackendVersion[] = [];

  /**
   * @param scope the parent construct, inside a Chart
   * @param id the construct id; also the default `name`
   * @param props versions, ports, workload settings and traffic policy
   */
  public constructor(scope: Construct, id: string, props: ResilientBackendProps = {}) {
    super(scope, id);
    enableSynthValidation(this);

    this.backendName = props.name ?? nameFromId(id, this);
    checkServiceName(this, this.backendName, 'name', props.name === undefined
      ? `the construct id "${id}" does not give one; pass name explicitly`
      : 'pass a valid name');

    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      fail(this, 'namespace is required (the DestinationRule host is <service>.<namespace>.svc.cluster.local); set namespace on the Chart or pass namespace');
    }
    if (!DNS_LABEL_RE.test(namespace) || namespace.length > 63) {
      fail(this, `namespace "${namespace}" is not a valid namespace name (lowercase letters, digits and "-", at most 63 characters)`);
    }
    this.namespace = namespace;

    this.port = props.port ?? 80;
    this.checkPort('port', this.port, 'the Service port that routes send traffic to, e.g. 80');
    this.containerPort = props.containerPort ?? this.port;
    this.checkPort('containerPort', this.containerPort, 'the port the container listens on, e.g. 8080');
    this.appProtocol = props.appProtocol ?? AppProtocol.HTTP;
    if (!Object.values(AppProtocol).includes(this.appProtocol)) {
      fail(this, `appProtocol must be one of ${Object.values(AppProtocol).join(', ')}, got "${this.appProtocol}"`);
    }
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    if (!DNS_SUBDOMAIN_RE.test(this.clusterDomain)) {
      fail(this, `clusterDomain "${this.clusterDomain}" is not a valid DNS domain, e.g. "cluster.local"`);
    }
    if (props.replicas !== undefined) checkReplicas(this, props.replicas);
    checkEnv(this, 'env', props.env);
    checkReadinessPath(this, props.readinessPath);
    if (props.readinessPath !== undefined && props.readiness !== undefined) {
      fail(this, 'set either readinessPath or readiness, not both');
    }
    if (props.readinessPath !== undefined && !acceptsHttpProbe(this.appProtocol)) {
      fail(this, `readinessPath needs an HTTP port, but appProtocol is ${this.appProtocol}; pass a readiness probe instead`);
    }
    this.checkExportTo(props.exportTo);
    const protocolProblem = protocolPolicyProblem(this.appProtocol, props);
    if (protocolProblem) fail(this, protocolProblem);

    this.versionSpec = this.resolveVersionSpec(props);
    const trafficPolicy = this.versionSpec.trafficPolicy;

    if (props.sharedService) claimName(this, 'Service', this.namespace, this.backendName);
    // Checked even without a shared Service, so errors show up on the backend's path.
    const policyProblem = trafficPolicy._problem();
    if (policyProblem) fail(this, policyProblem);
    if (props.sharedService) {
      const target = serviceTarget(this.versionSpec, this.backendName, { app: this.backendName });
      addService(this, target);
      addDestinationRule(this, target, trafficPolicy);
      this.service = new SharedServiceBackend({ group: '', kind: 'Service', name: this.backendName, namespace: this.namespace, port: this.port });
    }

    for (const v of props.versions ?? []) {
      this.addVersion(v);
    }

    this.node.addValidation({
      validate: () => this._versions.length === 0
        ? ['backend has no versions; pass versions or call addVersion()']
        : [],
    });
  }

  /** The versions, in the order they were added. */
  public get versions(): BackendVersion[] {
    return [...this._versions];
  }

  /**
   * Adds a version: a Deployment, a Service (and, with a traffic policy, a
   * DestinationRule) named `<name>-<version>`, and a PodDisruptionBudget when
   * it runs more than one pod.
   * @returns the new version
   */
  public addVersion(options: BackendVersionOptions): BackendVersion {
    if (typeof options.version !== 'string' || !DNS_LABEL_RE.test(options.version) || options.version.length > 63) {
      fail(this, `version "${options.version}" must be lowercase letters, digits and "-" (a label value usable in names), e.g. "v1"`);
    }
    if (this.node.tryFindChild(options.version)) {
      fail(this, `version "${options.version}" is already defined; each version needs a distinct name`);
    }
    const protocolProblem = protocolPolicyProblem(this.appProtocol, options, `version "${options.version}" `);
    if (protocolProblem) fail(this, protocolProblem);
    const v = BackendVersion._create(this, this.versionSpec, options);
    this._versions.push(v);
    return v;
  }

  /**
   * The version with this name, to route to.
   * @param version e.g. `v2`
   */
  public version(version: string): BackendVersion {
    const found = this._versions.find(v => v.version === version);
    if (!found) {
      const known = this._versions.map(v => `"${v.version}"`).join(', ') || 'none';
      fail(this, `unknown version "${version}"; known versions: ${known}`);
    }
    return found;
  }

  /** Resolves, once, every default a version reads. */
  private resolveVersionSpec(props: ResilientBackendProps): VersionSpec {
    return {
      appName: this.backendName,
      namespace: this.namespace,
      port: this.port,
      clusterDomain: this.clusterDomain,
      servicePort: servicePortOf(this.appProtocol, this.port, this.containerPort),
      exportTo: props.exportTo && props.exportTo.length > 0 ? [...props.exportTo] : undefined,
      workload: {
        replicas: props.replicas ?? 2,
        args: props.args,
        command: props.command,
        env: { ...props.env },
        resources: props.resources ?? defaultResources(),
      },
      pod: resolvePodDefaults(this.containerPort, portNameOf(this.appProtocol), props),
      trafficPolicy: new DestinationPolicy(props, this.port),
    };
  }

  private checkPort(field: string, port: number, what: string): void {
    const problem = portProblem(port);
    if (problem) fail(this, `${field} ${problem}; pass ${what}`);
  }

  private checkExportTo(exportTo: string[] | undefined): void {
    if (exportTo === undefined) return;
    for (const ns of exportTo) {
      if (ns !== '.' && ns !== '*' && ns !== '~' && !(DNS_LABEL_RE.test(ns) && ns.length <= 63)) {
        fail(this, `exportTo entry "${ns}" must be ".", "*", "~" or a namespace name`);
      }
    }
    if (new Set(exportTo).size !== exportTo.length) {
      fail(this, `exportTo has duplicate entries: ${exportTo.join(', ')}`);
    }
    for (const special of ['*', '~']) {
      if (exportTo.includes(special) && exportTo.length > 1) {
        fail(this, `exportTo "${special}" cannot be combined with other entries, got ${exportTo.join(', ')}`);
      }
    }
  }
}

/** The shared Service as a route backend. */
class SharedServiceBackend implements IBackend {
  public constructor(private readonly ref: BackendReference) {}
  public backendReference(): BackendReference {
    return { ...this.ref };
  }
}
