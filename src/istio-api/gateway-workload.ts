/**
 * The namespace of the pods that run an Istio Gateway.
 *
 * Istio reads a server's `tls.credentialName` Secret from the namespace of
 * the gateway pods, not from the Gateway's (istio.io IST0161
 * InvalidGatewayCredential; istio.io "cert-manager" integration: the Secret
 * must be in the same namespace as the istio-ingressgateway deployment).
 * A Gateway's `selector` picks pods in ANY namespace by default
 * (PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false, pilot/pkg/features), so the
 * common layout is a Gateway in the application's namespace and the pods in
 * `istio-system`.
 */
import { IstioGatewayInfo } from './istio-model';
import { ManifestSet } from '../manifests/manifest-set';
import { mapSelects, podLabelsOf } from '../manifests/pod-labels';

/** Where the gateway pods run, and, when the input does not show it, why that namespace was assumed. */
export interface GatewayPodsNamespace {
  /** The namespace. */
  readonly namespace: string;
  /** Set when the namespace is a guess: why it was chosen. @default - known from the input */
  readonly assumed?: string;
}

/** The pod controllers (and Pods) whose pod labels a gateway selector is matched against. */
const POD_OWNERS: ReadonlyArray<{ kind: string; group: string }> = [
  { kind: 'Deployment', group: 'apps' },
  { kind: 'StatefulSet', group: 'apps' },
  { kind: 'DaemonSet', group: 'apps' },
  { kind: 'Pod', group: '' },
];

/** The labels Istio's default ingress gateway pods carry (manifests/charts/gateways/istio-ingress, istioctl default profile). */
export const DEFAULT_INGRESS_LABELS: { readonly [label: string]: string } = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/** The namespace of Istio's default ingress gateway installation. */
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';

/**
 * The namespace of the pods that run `gw` (where its `credentialName`
 * Secrets must be): `override` when given; else the namespace of the
 * Deployments, StatefulSets, DaemonSets or Pods of `set` whose pod labels
 * the selector matches (when several namespaces match, the Gateway's own if
 * among them, else the first by name, with `assumed` saying so); else, for
 * Istio's default ingress labels (`istio: ingressgateway`,
 * `app: istio-ingressgateway`), `istio-system` with `assumed`; else the
 * Gateway's namespace with `assumed`.
 */
export function gatewayPodsNamespace(gw: IstioGatewayInfo, set: ManifestSet, override?: string): GatewayPodsNamespace {
  if (override !== undefined && override !== '') return { namespace: override };
  const selector = Object.entries(gw.selector);
  if (selector.length > 0) {
    const found = new Set<string>();
    for (const { kind, group } of POD_OWNERS) {
      for (const m of set.ofKind(kind, group)) {
        if (mapSelects(gw.selector, podLabelsOf(m))) found.add(set.namespaceOf(m));
      }
    }
    const namespaces = [...found].sort();
    if (namespaces.length === 1) return { namespace: namespaces[0] };
    if (namespaces.length > 1) {
      const namespace = namespaces.includes(gw.namespace) ? gw.namespace : namespaces[0];
      return {
        namespace,
        assumed: `the selector ${describe(gw.selector)} matches pods in several namespaces (${namespaces.join(', ')}), each of which reads the Secret from its own namespace; ${namespace} is assumed`,
      };
    }
    const labels = Object.entries(DEFAULT_INGRESS_LABELS).find(([k, v]) => gw.selector[k] === v);
    if (labels) {
      return {
        namespace: ISTIO_SYSTEM_NAMESPACE,
        assumed: `the input holds no pods the selector ${describe(gw.selector)} matches; ${labels[0]}: ${labels[1]} is the label of Istio's default ingress gateway, installed in ${ISTIO_SYSTEM_NAMESPACE}`,
      };
    }
  }
  return {
    namespace: gw.namespace,
    assumed: `the input holds no pods the selector ${describe(gw.selector)} matches; the Gateway's namespace ${gw.namespace} is assumed, but with Istio's default PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false the selector picks gateway pods in any namespace`,
  };
}

function describe(selector: { [k: string]: string }): string {
  const e = Object.entries(selector);
  return e.length ? `{${e.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '{} (empty)';
}
