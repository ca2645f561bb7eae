import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { GatewayDeploymentOptions, GatewayExternalTrafficPolicy } from './gateway-deployment-options';
import { cidrProblem, quantityValue } from './quantities';
import { checkFactoryValue, fail } from '../../internal/errors';
import { claimName } from '../../internal/name-registry';
import { yamlLibrary } from '../../internal/yaml-library';
import { GatewayAddress } from '../gateway-address';
import { GatewayServiceType } from '../gateway-service-type';
import { isLabelKey, isLabelValue } from '../labels';

/*
 * Istio's per-Gateway customization (1.24+): `spec.infrastructure.parametersRef`
 * names a ConfigMap in the Gateway's namespace (`fetchParameters`: group "",
 * kind ConfigMap only), whose data keys are YAML documents that Istio applies
 * as strategic merge patches to the objects it renders from kube-gateway.yaml.
 *
 * Sources (istio/istio):
 * - pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go: `supportedOverlays`
 *   (deployment, service, serviceAccount, horizontalPodAutoscaler,
 *   podDisruptionBudget; any other key fails the whole render),
 *   `requiredOverlays` (the HPA and PDB exist only when their key is present),
 *   `applyOverlay` (GatewayClass defaults first, then the Gateway's ConfigMap;
 *   metadata name/namespace/ownerReferences may not change), and
 *   `strategicMergePatchYAML`.
 * - manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml:
 *   the Deployment has no `replicas`; its pods carry
 *   `gateway.networking.k8s.io/gateway-name: <gateway>`; the container is
 *   `istio-proxy`; the HPA template has only `maxReplicas: 1`; the PDB only a selector.
 * - pilot/pkg/config/kube/gatewaycommon/testdata/customizations.yaml: the
 *   rendered result of a ConfigMap with these keys.
 * - https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 */

/** The data keys Istio accepts (`supportedOverlays`); any other key breaks the gateway's reconcile. @internal */
export const ISTIO_OVERLAY_KEYS = ['deployment', 'service', 'serviceAccount', 'horizontalPodAutoscaler', 'podDisruptionBudget'];

/** The label on the gateway pods (kube-gateway.yaml; `label.IoK8sNetworkingGatewayGatewayName`). */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
/** The container Istio's template names. */
const PROXY_CONTAINER = 'istio-proxy';
const ZONE_KEY = 'topology.kubernetes.io/zone';
const INT32_MAX = 2147483647;
const DEFAULT_TARGET_CPU = 80;

/**
 * What the deployment options need to know about their Gateway.
 * @internal
 */
export interface GatewayDeploymentContext {
  readonly gatewayName: string;
  /** The `metadata.namespace` to write (the user's, else the chart's is applied). */
  readonly namespace?: string;
  /** The resolved namespace, for the name registry. */
  readonly gatewayNamespace?: string;
  readonly gatewayClassName: string;
  readonly serviceType?: GatewayServiceType;
  readonly addresses: GatewayAddress[];
}

/**
 * Whether Istio provisions the gateway Deployment and Service: no address,
 * or exactly one IPAddress. One Hostname address, or several addresses,
 * mean manual deployment (`gatewaycommon/gateway_utils.go` `IsManaged`).
 * @internal
 */
export function isIstioManaged(addresses: GatewayAddress[]): boolean {
  if (addresses.length === 0) return true;
  if (addresses.length > 1) return false;
  return addresses[0].type === 'IPAddress';
}

/**
 * Checks the options and adds the ConfigMap (child `DeploymentOptions`).
 * Returns the ConfigMap name for `parametersRef`, or undefined when the
 * options customize nothing.
 * @internal
 */
export function addGatewayDeploymentOptions(scope: Construct, options: GatewayDeploymentOptions, ctx: GatewayDeploymentContext): string | undefined {
  checkDeploymentOptions(scope, options, ctx);
  const data = renderOverlays(options, ctx.gatewayName);
  if (Object.keys(data).length === 0) return undefined;
  const name = `${ctx.gatewayName}-options`;
  claimName(scope, 'ConfigMap', ctx.gatewayNamespace, name);
  new kplus.k8s.KubeConfigMap(scope, 'DeploymentOptions', {
    metadata: { name, namespace: ctx.namespace },
    data,
  });
  return name;
}

/**
 * Throws at the first option Istio or the API server would reject, or that
 * would have no effect.
 * @internal
 */
export function checkDeploymentOptions(scope: IConstruct, o: GatewayDeploymentOptions, ctx: GatewayDeploymentContext): void {
  if (!isIstioManaged(ctx.addresses)) {
    const what = ctx.addresses.length > 1 ? `${ctx.addresses.length} addresses` : `the Hostname address "${ctx.addresses[0].value}"`;
    fail(scope, `deployment options are set, but with ${what} this is a manual deployment: Istio deploys no gateway pods or Service for it, `
      + 'so the options would have no effect. Configure the existing gateway deployment instead, or drop addresses to let Istio deploy the gateway');
  }
  if (ctx.gatewayClassName === 'istio-remote') {
    fail(scope, 'deployment options are set, but gatewayClassName "istio-remote" uses a gateway deployed elsewhere and Istio deploys nothing for it; '
      + 'drop deployment, or use gatewayClassName "istio"');
  }
  checkScale(scope, o);
  checkResources(scope, o.resources);
  checkNodeSelector(scope, o.nodeSelector);
  checkService(scope, o, ctx.serviceType);
}

function checkScale(scope: IConstruct, o: GatewayDeploymentOptions): void {
  if (o.replicas !== undefined && (!Number.isInteger(o.replicas) || o.replicas < 1 || o.replicas > INT32_MAX)) {
    fail(scope, `deployment.replicas must be a whole number >= 1, got ${o.replicas}; a gateway with no pods drops all traffic`);
  }
  const a = o.autoscaling;
  if (a) {
    if (o.replicas !== undefined) {
      // Istio server-side-applies the Deployment, overlay included, on every reconcile
      // (deploymentcontroller.go `apply`, Force: true), so a fixed `spec.replicas`
      // resets whatever the autoscaler chose.
      fail(scope, `deployment.replicas (${o.replicas}) and deployment.autoscaling are both set: Istio would re-apply replicas on every reconcile `
        + 'and undo the autoscaler; drop replicas and use autoscaling.minReplicas');
    }
    if (!Number.isInteger(a.minReplicas) || a.minReplicas < 1 || a.minReplicas > INT32_MAX) {
      fail(scope, `deployment.autoscaling.minReplicas must be a whole number >= 1, got ${a.minReplicas}; use 2 or more so a drain leaves a pod running`);
    }
    if (!Number.isInteger(a.maxReplicas) || a.maxReplicas < 1 || a.maxReplicas > INT32_MAX) {
      fail(scope, `deployment.autoscaling.maxReplicas must be a whole number >= 1, got ${a.maxReplicas}`);
    }
    if (a.minReplicas > a.maxReplicas) {
      fail(scope, `deployment.autoscaling.minReplicas (${a.minReplicas}) is greater than maxReplicas (${a.maxReplicas}); `
        + `raise maxReplicas to at least ${a.minReplicas} or lower minReplicas`);
    }
    const target = a.targetCpuUtilizationPercent;
    if (target !== undefined && (!Number.isInteger(target) || target < 1 || target > 100)) {
      fail(scope, `deployment.autoscaling.targetCpuUtilizationPercent must be a whole number from 1 to 100 (percent of the CPU request), got ${target}; e.g. 80`);
    }
  }
  const budget = o.disruptionBudget;
  if (budget) {
    checkFactoryValue(scope, 'deployment.disruptionBudget', budget._problem);
    if (budget.field === 'minAvailable') {
      // the fewest pods the gateway runs: the fixed count, the autoscaler's floor,
      // or 1 (Istio's template sets no replicas)
      const floor = o.replicas ?? a?.minReplicas ?? 1;
      const source = o.replicas !== undefined ? `replicas is ${floor}`
        : a ? `autoscaling.minReplicas is ${floor}` : 'the gateway runs 1 pod (no replicas or autoscaling set)';
      if (budget.pods >= floor) {
        fail(scope, `deployment.disruptionBudget minAvailable ${budget.pods} blocks every eviction, because ${source}: node drains and cluster upgrades would hang. `
          + `Use GatewayDisruptionBudget.maxUnavailable(1), or run more pods (replicas or autoscaling.minReplicas >= ${budget.pods + 1})`);
      }
    }
  }
}

function checkResources(scope: IConstruct, r: kplus.ContainerResources | undefined): void {
  if (!r) return;
  const pairs: Array<[string, string | undefined, string | undefined]> = [
    ['cpu', r.cpu?.request?.amount, r.cpu?.limit?.amount],
    ['memory', sizeQuantity(r.memory?.request), sizeQuantity(r.memory?.limit)],
    ['ephemeral-storage', sizeQuantity(r.ephemeralStorage?.request), sizeQuantity(r.ephemeralStorage?.limit)],
  ];
  for (const [resource, request, limit] of pairs) {
    const values: { [which: string]: number | undefined } = {};
    for (const [which, text] of [['request', request], ['limit', limit]] as Array<[string, string | undefined]>) {
      if (text === undefined) continue;
      values[which] = quantityValue(text);
      if (values[which] === undefined) {
        fail(scope, `deployment.resources ${resource} ${which} "${text}" is not a valid non-negative quantity; use e.g. Cpu.millis(500) or Size.mebibytes(256)`);
      }
    }
    if (values.request !== undefined && values.limit !== undefined && values.request > values.limit) {
      fail(scope, `deployment.resources ${resource} request ${request} is greater than its limit ${limit}; the API server rejects the pod. Raise the limit or lower the request`);
    }
  }
}

function checkNodeSelector(scope: IConstruct, nodeSelector: { [key: string]: string } | undefined): void {
  for (const [k, v] of Object.entries(nodeSelector ?? {})) {
    if (!isLabelKey(k)) fail(scope, `deployment.nodeSelector key "${k}" is not a valid label key; e.g. "node-role.kubernetes.io/ingress"`);
    if (!isLabelValue(v)) fail(scope, `deployment.nodeSelector ${k}="${v}" has an invalid value: at most 63 letters, digits, "-", "_" and "."`);
  }
}

function checkService(scope: IConstruct, o: GatewayDeploymentOptions, serviceType: GatewayServiceType | undefined): void {
  // Istio's default Service type is LoadBalancer (annotation networking.istio.io/service-type)
  const type = serviceType ?? GatewayServiceType.LOAD_BALANCER;
  if (o.externalTrafficPolicy !== undefined) {
    if (!Object.values(GatewayExternalTrafficPolicy).includes(o.externalTrafficPolicy)) {
      fail(scope, `deployment.externalTrafficPolicy "${o.externalTrafficPolicy}" is not one of ${Object.values(GatewayExternalTrafficPolicy).join(', ')}`);
    }
    // API server (validateServiceExternalTrafficPolicy): "may only be set for externally-accessible services"
    if (type === GatewayServiceType.CLUSTER_IP) {
      fail(scope, `deployment.externalTrafficPolicy ${o.externalTrafficPolicy} needs a LoadBalancer or NodePort Service, but serviceType is ClusterIP; `
        + 'the API server rejects it there. Drop externalTrafficPolicy, or use another serviceType');
    }
  }
  const ranges = o.loadBalancerSourceRanges ?? [];
  ranges.forEach((cidr, i) => {
    const problem = cidrProblem(cidr);
    if (problem) fail(scope, `deployment.loadBalancerSourceRanges[${i}] ${problem}`);
  });
  // API server (ValidateService): "may only be used when `type` is 'LoadBalancer'"
  if (ranges.length > 0 && type !== GatewayServiceType.LOAD_BALANCER) {
    fail(scope, `deployment.loadBalancerSourceRanges needs a LoadBalancer Service, but serviceType is ${type}; the API server rejects it there. `
      + 'Drop loadBalancerSourceRanges (use a NetworkPolicy or an AuthorizationPolicy with ipBlocks), or use GatewayServiceType.LOAD_BALANCER');
  }
}

/**
 * The ConfigMap data: one YAML document per overlay key, in a fixed order,
 * holding only what the options set.
 * @internal
 */
export function renderOverlays(o: GatewayDeploymentOptions, gatewayName: string): { [key: string]: string } {
  const data: { [key: string]: string } = {};
  const deployment = deploymentOverlay(o, gatewayName);
  if (deployment) data.deployment = toYaml(deployment);
  const service = serviceOverlay(o);
  if (service) data.service = toYaml(service);
  if (o.autoscaling) {
    data.horizontalPodAutoscaler = toYaml({
      spec: {
        minReplicas: o.autoscaling.minReplicas,
        maxReplicas: o.autoscaling.maxReplicas,
        metrics: [{
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.autoscaling.targetCpuUtilizationPercent ?? DEFAULT_TARGET_CPU } },
        }],
      },
    });
  }
  if (o.disruptionBudget) {
    // Istio patches GatewayClass defaults first (e.g. AKS ships `minAvailable: 1`);
    // a strategic merge patch `null` deletes the other field, so the PDB never
    // gets both, which the API server rejects.
    const other = o.disruptionBudget.field === 'minAvailable' ? 'maxUnavailable' : 'minAvailable';
    data.podDisruptionBudget = toYaml({ spec: { [o.disruptionBudget.field]: o.disruptionBudget.pods, [other]: null } });
  }
  return data;
}

function deploymentOverlay(o: GatewayDeploymentOptions, gatewayName: string): any {
  const podSpec: any = {};
  const resources = renderResources(o.resources);
  // containers merge by `name` (strategic merge key), so only istio-proxy's resources change
  if (resources) podSpec.containers = [{ name: PROXY_CONTAINER, resources }];
  if (o.nodeSelector && Object.keys(o.nodeSelector).length > 0) podSpec.nodeSelector = sortedMap(o.nodeSelector);
  if (o.tolerations && o.tolerations.length > 0) podSpec.tolerations = o.tolerations.map(toleration);
  if (o.spreadAcrossZones) {
    podSpec.topologySpreadConstraints = [{
      maxSkew: 1,
      topologyKey: ZONE_KEY,
      // ScheduleAnyway: a single-zone cluster (or a zone without capacity) still runs the pods
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { [GATEWAY_NAME_LABEL]: gatewayName } },
    }];
  }
  const spec: any = {};
  if (o.replicas !== undefined) spec.replicas = o.replicas;
  if (Object.keys(podSpec).length > 0) spec.template = { spec: podSpec };
  return Object.keys(spec).length > 0 ? { spec } : undefined;
}

function serviceOverlay(o: GatewayDeploymentOptions): any {
  const spec: any = {};
  if (o.externalTrafficPolicy !== undefined) spec.externalTrafficPolicy = o.externalTrafficPolicy;
  if (o.loadBalancerSourceRanges && o.loadBalancerSourceRanges.length > 0) spec.loadBalancerSourceRanges = [...o.loadBalancerSourceRanges];
  return Object.keys(spec).length > 0 ? { spec } : undefined;
}

function renderResources(r: kplus.ContainerResources | undefined): any {
  if (!r) return undefined;
  const requests: any = {};
  const limits: any = {};
  if (r.cpu?.request) requests.cpu = r.cpu.request.amount;
  if (r.cpu?.limit) limits.cpu = r.cpu.limit.amount;
  if (r.memory?.request) requests.memory = sizeQuantity(r.memory.request);
  if (r.memory?.limit) limits.memory = sizeQuantity(r.memory.limit);
  if (r.ephemeralStorage?.request) requests['ephemeral-storage'] = sizeQuantity(r.ephemeralStorage.request);
  if (r.ephemeralStorage?.limit) limits['ephemeral-storage'] = sizeQuantity(r.ephemeralStorage.limit);
  const out: any = {};
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (Object.keys(limits).length > 0) out.limits = limits;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A Size as a quantity, in Mi like cdk8s-plus when whole, else in Ki. */
function sizeQuantity(size: Size | undefined): string | undefined {
  if (!size) return undefined;
  const mi = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(mi) ? `${mi}Mi` : `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`;
}

function toleration(q: kplus.NodeTaintQuery): any {
  // cdk8s-plus renders its own NodeTaintQuery (`_toKube`, internal to cdk8s-plus)
  const t = (q as any)._toKube();
  const out: any = {};
  for (const k of ['key', 'operator', 'value', 'effect', 'tolerationSeconds']) {
    if (t[k] !== undefined) out[k] = t[k];
  }
  return out;
}

function sortedMap(map: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k];
  return out;
}

function toYaml(value: any): string {
  return yamlLibrary().stringify(value, { lineWidth: 0 });
}
