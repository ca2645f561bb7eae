import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkServiceName } from './backend-names';
import { buildContainer, checkEnv, checkReplicas } from './pod-defaults';
import { mergeTrafficPolicy, renderTrafficPolicy } from './render-traffic-policy';
import type { ResilientBackend } from './resilient-backend';
import { TrafficPolicyOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE } from '../internal/names';
import { BackendReference, IBackend } from '../routing/backend';

/**
 * Workload settings that a `ResilientBackend` sets for all versions and a
 * version may override.
 */
export interface BackendWorkloadOptions {
  /**
   * Number of pods.
   * @default - the backend's `replicas`, else 2
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
 * weighted routing between versions works). `ApiObject.of(version)` is its
 * Deployment.
 */
export class BackendVersion extends Construct implements IBackend {
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

  /**
   * Adds a version to a backend. `backend.addVersion(options)` does the same.
   * @param backend the backend this version belongs to
   * @param options the version
   */
  public constructor(backend: ResilientBackend, options: BackendVersionOptions) {
    if (typeof options.version !== 'string' || !DNS_LABEL_RE.test(options.version) || options.version.length > 63) {
      fail(backend, `version "${options.version}" must be lowercase letters, digits and "-" (a label value usable in names), e.g. "v1"`);
    }
    if (backend.node.tryFindChild(options.version)) {
      fail(backend, `version "${options.version}" is already defined; each version needs a distinct name`);
    }
    super(backend, options.version);
    if (typeof options.image !== 'string' || options.image.trim() === '' || /\s/.test(options.image)) {
      fail(this, `image must be a container image reference without spaces, e.g. "ghcr.io/acme/api:1.4", got "${options.image}"`);
    }

    const spec = backend._spec;
    this.version = options.version;
    this.serviceName = `${backend.name}-${options.version}`;
    this.namespace = backend.namespace;
    this.port = backend.port;
    this.host = `${this.serviceName}.${this.namespace}.svc.${backend.clusterDomain}`;
    checkServiceName(this, this.serviceName, 'service name', 'shorten the backend name or the version');
    claimName(this, 'Service', this.namespace, this.serviceName);

    this.replicas = options.replicas ?? spec.replicas ?? 2;
    checkReplicas(this, this.replicas);
    checkEnv(this, 'env', options.env);

    const labels = { app: backend.name, version: this.version };

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels },
      podMetadata: { labels },
      select: false,
      replicas: this.replicas,
      // the pod-level runAsNonRoot follows the container's, so one override relaxes both
      securityContext: { ensureNonRoot: spec.securityContext?.ensureNonRoot ?? true },
      serviceAccount: spec.serviceAccount,
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
    buildContainer(this, this.deployment, spec, {
      image: options.image,
      args: options.args ?? spec.args,
      command: options.command ?? spec.command,
      env: { ...spec.env, ...options.env },
      resources: options.resources ?? spec.resources,
    });

    this.service = new kplus.k8s.KubeService(this, 'Service', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [backend._servicePort()],
      },
    });

    const trafficPolicy = renderTrafficPolicy(this, mergeTrafficPolicy(spec, options));
    if (trafficPolicy) {
      this.destinationRule = new istio.DestinationRule(this, 'DestinationRule', {
        metadata: { name: this.serviceName, namespace: this.namespace, labels },
        spec: { host: this.host, exportTo: backend._exportTo(), trafficPolicy },
      });
    }

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
