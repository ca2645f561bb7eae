import * as kplus from 'cdk8s-plus-28';
import { factoryProblem } from '../../internal/errors';

/*
 * Typed options for the Deployment, Service, HorizontalPodAutoscaler and
 * PodDisruptionBudget that Istio generates for a Gateway. They become the
 * overlays of one ConfigMap that the Gateway names in
 * `spec.infrastructure.parametersRef` (see gateway-options-config-map.ts).
 *
 * Istio reference (1.24+):
 * - https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 * - istio/istio pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go (`render`, `applyOverlay`)
 * - istio/istio manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml (the template the overlays patch)
 */

/**
 * Scales the gateway Deployment with a HorizontalPodAutoscaler
 * (`autoscaling/v2`, named like the Deployment, `<gateway>-<class>`).
 *
 * Istio creates the HorizontalPodAutoscaler only when the ConfigMap has a
 * `horizontalPodAutoscaler` key, so this option is what turns it on.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/#HorizontalPodAutoscalerSpec
 */
export interface GatewayAutoscalingOptions {
  /**
   * The fewest replicas (`spec.minReplicas`), at least 1.
   * Use 2 or more in production, so that a node drain or a zone outage
   * leaves a gateway pod running.
   */
  readonly minReplicas: number;
  /** The most replicas (`spec.maxReplicas`), at least `minReplicas`. */
  readonly maxReplicas: number;
  /**
   * The average CPU use, in percent of the `istio-proxy` container's CPU
   * request, that the autoscaler keeps (`metrics[].resource.target.averageUtilization`), 1 to 100.
   * @default 80 (the Kubernetes default, written out)
   */
  readonly targetCpuUtilizationPercent?: number;
}

/**
 * The `externalTrafficPolicy` of the gateway Service.
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum GatewayExternalTrafficPolicy {
  /** Nodes forward to gateway pods on any node; the client source IP is lost (the Kubernetes default). */
  CLUSTER = 'Cluster',
  /**
   * Only nodes that run a gateway pod accept traffic, and the gateway sees
   * the client's source IP (for AuthorizationPolicy `ipBlocks`, access logs,
   * `X-Forwarded-For`). Spread the pods (`spreadAcrossZones`) so every zone has one.
   */
  LOCAL = 'Local',
}

/**
 * How many gateway pods a voluntary disruption (node drain, cluster
 * upgrade) may take down at once: the PodDisruptionBudget Istio creates for
 * the gateway (named `<gateway>-<class>`, selecting
 * `gateway.networking.k8s.io/gateway-name: <gateway>`).
 *
 * A budget that allows no eviction at all (`maxUnavailable(0)`, or
 * `minAvailable` equal to the replicas) blocks node drains forever, so the
 * gateway rejects it.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/pod-disruption-budget-v1/#PodDisruptionBudgetSpec
 */
export class GatewayDisruptionBudget {
  /**
   * At least this many gateway pods stay up during a disruption (`spec.minAvailable`).
   * @param pods a whole number >= 1, below the replicas (or below `minReplicas` when autoscaling)
   */
  public static minAvailable(pods: number): GatewayDisruptionBudget {
    return new GatewayDisruptionBudget('minAvailable', pods, factoryProblem('GatewayDisruptionBudget.minAvailable', [pods], countProblem('minAvailable', pods)));
  }

  /**
   * At most this many gateway pods are down at once during a disruption (`spec.maxUnavailable`).
   * The usual choice for a gateway with several replicas is 1.
   * @param pods a whole number >= 1
   */
  public static maxUnavailable(pods: number): GatewayDisruptionBudget {
    return new GatewayDisruptionBudget('maxUnavailable', pods, factoryProblem('GatewayDisruptionBudget.maxUnavailable', [pods], countProblem('maxUnavailable', pods)));
  }

  /** `minAvailable` or `maxUnavailable`. */
  public readonly field: string;
  /** The number of pods. */
  public readonly pods: number;

  private constructor(field: string, pods: number, private readonly problem: string | undefined) {
    this.field = field;
    this.pods = pods;
  }

  /** What the factory found wrong with its argument, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }
}

/**
 * Options for the gateway pods, Service, autoscaler and disruption budget that
 * Istio provisions for an `IngressGateway` (automated deployment).
 *
 * They are written to one ConfigMap, `<gateway>-options` in the Gateway's
 * namespace, whose keys (`deployment`, `service`, `horizontalPodAutoscaler`,
 * `podDisruptionBudget`) Istio applies to its generated objects as strategic
 * merge patches; the Gateway points at it with
 * `spec.infrastructure.parametersRef`. A gateway-level ConfigMap takes
 * precedence over GatewayClass defaults (a ConfigMap labelled
 * `gateway.istio.io/defaults-for-class` in `istio-system`).
 *
 * Needs Istio 1.24 or later. Not for manual deployment
 * (`GatewayAddress.existingService()`), where Istio deploys nothing.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayinfrastructure `infrastructure.parametersRef` (Extended)
 */
export interface GatewayDeploymentOptions {
  /**
   * A fixed number of gateway pods (Deployment `spec.replicas`). Not with
   * `autoscaling`: Istio re-applies the ConfigMap on every reconcile, so a
   * fixed count would fight the autoscaler.
   * @default - 1 (Istio's template sets no replicas), or what `autoscaling` decides
   */
  readonly replicas?: number;
  /**
   * Scale the gateway with a HorizontalPodAutoscaler on CPU.
   * @default - no autoscaler
   */
  readonly autoscaling?: GatewayAutoscalingOptions;
  /**
   * The PodDisruptionBudget of the gateway pods.
   * @default - no disruption budget
   */
  readonly disruptionBudget?: GatewayDisruptionBudget;
  /**
   * CPU and memory requests and limits of the `istio-proxy` container.
   * Fields left out keep Istio's defaults (`global.proxy.resources`).
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - Istio's defaults
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Spread the gateway pods over the zones (`topologySpreadConstraints` on
   * `topology.kubernetes.io/zone`, skew 1, `ScheduleAnyway`, selecting the
   * pods by `gateway.networking.k8s.io/gateway-name`).
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Run the gateway pods only on nodes with these labels (`nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the gateway pods tolerate (`tolerations`), e.g.
   * `NodeTaintQuery.is('dedicated', 'ingress', { effect: TaintEffect.NO_SCHEDULE })`.
   * @default - none
   */
  readonly tolerations?: kplus.NodeTaintQuery[];
  /**
   * The Service's `externalTrafficPolicy`. `LOCAL` keeps the client source IP.
   * Needs a LoadBalancer or NodePort Service.
   * @default - the Kubernetes default, Cluster (the field is not written)
   */
  readonly externalTrafficPolicy?: GatewayExternalTrafficPolicy;
  /**
   * The client CIDRs the cloud load balancer admits
   * (`loadBalancerSourceRanges`), e.g. `['203.0.113.0/24']`. Needs a LoadBalancer Service.
   * @default - every client
   */
  readonly loadBalancerSourceRanges?: string[];
}

function countProblem(field: string, pods: number): string | undefined {
  if (pods === 0) {
    return field === 'maxUnavailable'
      ? 'maxUnavailable 0 allows no eviction at all, so node drains and cluster upgrades would hang; use 1'
      : 'minAvailable 0 protects nothing; use at least 1, or leave out the disruption budget';
  }
  if (typeof pods !== 'number' || !Number.isInteger(pods) || pods < 1 || pods > 2147483647) {
    return `pods must be a whole number >= 1, got ${pods}`;
  }
  return undefined;
}
