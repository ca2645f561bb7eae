import { GATEWAY_GROUP, mapSelects } from './model';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';

/*
 * What the security checks (IGW1040..IGW1044) share: the Istio security
 * kinds, their targets, and the workloads a selector can select.
 */

/** The Istio security API group. */
export const SECURITY_GROUP = 'security.istio.io';
/** The Istio telemetry API group. */
export const TELEMETRY_GROUP = 'telemetry.istio.io';
/**
 * Istio's default root namespace (`meshConfig.rootNamespace`): a policy
 * there with a selector applies to matching workloads of every namespace.
 */
export const ROOT_NAMESPACE = 'istio-system';
/**
 * The label Istio puts on the pods it deploys for a Gateway API Gateway.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Kinds whose objects carry a pod template (`spec.template.metadata.labels`). */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** A `targetRef` or `targetRefs[]` entry, with the group defaulted to core. */
export interface PolicyTarget {
  /** Field path, e.g. `spec.targetRefs[0]`. */
  readonly path: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** A policy's `targetRef` and `targetRefs`. */
export function policyTargets(m: Manifest): PolicyTarget[] {
  const spec = m.object.spec ?? {};
  const out: PolicyTarget[] = [];
  const add = (r: any, path: string) => {
    if (r && typeof r === 'object' && typeof r.name === 'string' && typeof r.kind === 'string') {
      out.push({ path, group: typeof r.group === 'string' ? r.group : '', kind: r.kind, name: r.name });
    }
  };
  add(spec.targetRef, 'spec.targetRef');
  if (Array.isArray(spec.targetRefs)) spec.targetRefs.forEach((r: any, i: number) => add(r, `spec.targetRefs[${i}]`));
  return out;
}

/** Whether a target names a Gateway API Gateway. */
export function isGatewayTarget(t: PolicyTarget): boolean {
  return t.kind === 'Gateway' && t.group === GATEWAY_GROUP;
}

/** A policy's `selector.matchLabels`, when it has a non-empty one. */
export function policySelector(m: Manifest): { [key: string]: string } | undefined {
  const labels = m.object.spec?.selector?.matchLabels;
  return labels && typeof labels === 'object' && Object.keys(labels).length > 0 ? labels : undefined;
}

/** Labels of the pods of the set's workloads (pod templates and Pods), with their namespace. */
export function podLabels(set: ManifestSet): Array<{ namespace: string; labels: { [key: string]: string } }> {
  const out: Array<{ namespace: string; labels: { [key: string]: string } }> = [];
  for (const m of set.all) {
    let labels: any;
    if (m.group === 'apps' || m.group === 'batch') {
      if (WORKLOAD_KINDS.includes(m.kind)) labels = m.object.spec?.template?.metadata?.labels;
      else if (m.kind === 'CronJob') labels = m.object.spec?.jobTemplate?.spec?.template?.metadata?.labels;
    } else if (m.group === '' && m.kind === 'Pod') {
      labels = m.object.metadata?.labels;
    }
    if (labels && typeof labels === 'object') out.push({ namespace: set.namespaceOf(m), labels });
  }
  // the pods Istio deploys for each Gateway API Gateway
  for (const g of set.ofKind('Gateway', GATEWAY_GROUP)) {
    out.push({ namespace: set.namespaceOf(g), labels: { [GATEWAY_NAME_LABEL]: g.name, ...(g.object.spec?.infrastructure?.labels ?? {}) } });
  }
  return out;
}

/** Whether `selector`, in a policy of `namespace`, selects a pod of the set (any namespace for the root namespace). */
export function selectorMatchesPods(set: ManifestSet, namespace: string, selector: { [key: string]: string }): boolean {
  return podLabels(set).some((p) => (namespace === ROOT_NAMESPACE || p.namespace === namespace) && mapSelects(selector, p.labels));
}

/** Whether a policy applies to an ingress gateway: it targets a Gateway, or selects Gateway pods. */
export function appliesToGateway(m: Manifest): boolean {
  if (policyTargets(m).some(isGatewayTarget)) return true;
  const selector = policySelector(m);
  return selector !== undefined && (GATEWAY_NAME_LABEL in selector || selector.istio === 'ingressgateway');
}

/** The key of what a policy applies to, for comparing two policies of one namespace. */
export function targetKeys(m: Manifest): string[] {
  const targets = policyTargets(m);
  if (targets.length > 0) return targets.map((t) => `ref:${t.group}/${t.kind}/${t.name}`);
  const selector = policySelector(m);
  if (selector) return [`sel:${Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',')}`];
  return ['namespace'];
}
