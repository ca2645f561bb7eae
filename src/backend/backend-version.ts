import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkServiceName } from './backend-names';
import { buildContainer, checkEnv, checkReplicas } from './pod-defaults';
import { addDestinationRule, addService, serviceHost, serviceTarget } from './service-objects';
import { TrafficPolicyOptions } from './traffic-policy';
import { VersionSpec } from './version-spec';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { BackendReference, IBackend } from '../routing/backend';

/**
 * Workload settings that a `ResilientBackend` sets for all versions and a
 * version may override.
 */
export interface BackendWorkloadOptions {
  /**
   * Number of pods (the Deployment's `spec.replicas`).
   * @default - the backend's `replicas`, else 2
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#DeploymentSpec
   */
  readonly replicas?: number;
  /**
   * Container arguments. A version's `args` replace the backend's.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Container entrypoint. A version's `command` replaces the backend's.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Environment variables. A version's entries are added to the backend's and
   * win on equal names. Rendered sorted by name.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * CPU and memory requests and limits. A version's value replaces the backend's.
   * @default - requests cpu 100m, memory 128Mi; limits cpu 500m, memory 256Mi
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * One version of a `ResilientBackend`.
 */
export interface BackendVersionOptions extends TrafficPolicyOptions, BackendWorkloadOptions {
  /**
   * The version, e.g. `v1`: the `version` label of its pods and the suffix of
   * its Deployment, Service and DestinationRule names (`<name>-<version>`).
   * Lowercase letters, digits and `-`.
   */
  readonly version: string;
  /** Container image, e.g. `ghcr.io/acme/api:1.4`. */
  readonly image: string;
}

/**
 * One version of a `ResilientBackend`: a Deployment whose pods carry the
 * labels `app=<name>` and `version=<version>`, a Service `<name>-<version>`
 * selecting exactly those pods, a DestinationRule for that Service when a
 * traffic policy is set, and a PodDisruptionBudget when it runs more than
 * one pod.
 *
 * It is an `IBackend`, so routes send traffic to it directly (an HTTPRoute
 * cannot target DestinationRule subsets; one Service per version is how
 * weighted routing between versions works). Create it with
 * `backend.addVersion()` or the backend's `versions` prop.
 *
 * `ApiObject.of(version)` is its Deployment: the escape hatch for fields the
 * library does not model (`addJsonPatch`).
 */
export class BackendVersion extends Construct implements IBackend {
  /**
   * Adds a version below its backend, which has resolved its defaults into `spec`
   * and checked `options.version`.
   * @internal
   */
  public static _create(backend: Construct, spec: VersionSpec, options: BackendVersionOptions): BackendVersion {
    return new BackendVersion(backend, options.version, { spec, options });
  }

  /** The version, e.g. `v1`. */
  public readonly version: string;
  /** Name of the Deployment, Service and DestinationRule: `<name>-<version>`. */
  public readonly serviceName: string;
  /** Namespace of all objects of this version. */
  public readonly namespace: string;
  /** The Service port. */
  public readonly port: number;
  /** Fully qualified Service host, the DestinationRule's `host`: `<name>-<version>.<namespace>.svc.<clusterDomain>`. */
  public readonly host: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** The Deployment: add volumes, sidecars or environment here. */
  public readonly deployment: kplus.Deployment;
  /** The Service that routes reference. */
  public readonly service: ApiObject;
  /**
   * The DestinationRule for this version's Service.
   * @default - none when no traffic policy is set: a DestinationRule with only a host would
   * shadow a mesh-wide one (e.g. in the root namespace) without adding anything
   */
  public readonly destinationRule?: ApiObject;
  /** The PodDisruptionBudget, when `replicas` > 1. */
  public readonly podDisruptionBudget?: ApiObject;

  private constructor(scope: Construct, id: string, props: VersionProps) {
    super(scope, id);
    const { spec, options } = props;
    if (typeof options.image !== 'string' || options.image.trim() === '' || /\s/.test(options.image)) {
      fail(this, `image must be a container image reference without spaces, e.g. "ghcr.io/acme/api:1.4", got "${options.image}"`);
    }

    this.version = options.version;
    this.serviceName = `${spec.appName}-${options.version}`;
    this.namespace = spec.namespace;
    this.port = spec.port;
    const labels = { app: spec.appName, version: this.version };
    const target = serviceTarget(spec, this.serviceName, labels);
    this.host = serviceHost(target);
    checkServiceName(this, this.serviceName, 'service name', 'shorten the backend name or the version');
    claimName(this, 'Service', this.namespace, this.serviceName);

    this.replicas = options.replicas ?? spec.workload.replicas;
    checkReplicas(this, this.replicas);
    checkEnv(this, 'env', options.env);
    const trafficPolicy = spec.trafficPolicy._override(options);
    const policyProblem = trafficPolicy._problem();
    if (policyProblem) fail(this, policyProblem);

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels },
      podMetadata: { labels },
      select: false,
      replicas: this.replicas,
      // the pod-level runAsNonRoot follows the container's, so one override relaxes both
      securityContext: { ensureNonRoot: spec.pod.securityContext.ensureNonRoot ?? true },
      serviceAccount: spec.pod.serviceAccount,
    });
    this.deployment.select(kplus.LabelSelector.of({ labels }));
    // kplus always adds its construct-path label to the pod template; a
    // refactor that moves the construct would then roll every pod.
    // Pod-level seccomp also covers containers injected later (the Istio sidecar),
    // which the "restricted" profile requires too; kplus has no field for it.
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    );
    buildContainer(this, this.deployment, spec.pod, {
      image: options.image,
      args: options.args ?? spec.workload.args,
      command: options.command ?? spec.workload.command,
      env: { ...spec.workload.env, ...options.env },
      resources: options.resources ?? spec.workload.resources,
    });

    this.service = addService(this, target);
    this.destinationRule = addDestinationRule(this, target, trafficPolicy);

    if (this.replicas > 1) {
      this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: this.serviceName, namespace: this.namespace, labels },
        spec: {
          maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
          selector: { matchLabels: labels },
        },
      });
    }
  }

  /** The reference a route writes into `backendRefs`: this version's Service and port. */
  public backendReference(): BackendReference {
    return { group: '', kind: 'Service', name: this.serviceName, namespace: this.namespace, port: this.port };
  }
}

/** The constructor's props: the parent's resolved spec and the version's own options. */
interface VersionProps {
  readonly spec: VersionSpec;
  readonly options: BackendVersionOptions;
}
