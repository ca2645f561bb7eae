/**
 * ListenerSet rules of the Gateway API (standard channel since v1.5):
 * a Gateway admits ListenerSets through `spec.allowedListeners` (default
 * `None`), and its listeners come first, then those of its ListenerSets,
 * oldest first, then by `namespace/name` (`ListenerSetSpec.Listeners`).
 */
import { NAMESPACE_NAME_LABEL } from './allowed-routes';
import { Labels, selectorMatches } from './label-selector';
import { resolveParentRef } from './parent-refs';

/** A ListenerSet's `spec.parentRef` with its defaults applied. */
export interface ListenerSetParent {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `spec.parentRef` of a ListenerSet: group and kind default to Gateway, namespace to the ListenerSet's. */
export function listenerSetParent(raw: any, listenerSetNamespace: string): ListenerSetParent {
  const { group, kind, namespace, name } = resolveParentRef(raw, listenerSetNamespace);
  return { group, kind, namespace, name };
}

/** Whether a Gateway's `allowedListeners` admits ListenerSets from a namespace, and the rule that decided. */
export interface AllowedListenersVerdict {
  readonly allowed: boolean;
  /** `allowedListeners.namespaces.from`: `None` (the default), `Same`, `All` or `Selector`. */
  readonly from: string;
}

/**
 * `spec.allowedListeners` of a Gateway for a ListenerSet in `namespace`.
 * A Namespace whose labels are unknown has only its
 * `kubernetes.io/metadata.name` label.
 */
export function allowedListeners(
  gatewaySpec: any, gatewayNamespace: string, namespace: string, namespaceLabels: (ns: string) => Labels | undefined,
): AllowedListenersVerdict {
  const ns = gatewaySpec?.allowedListeners?.namespaces ?? {};
  const from: string = ns.from ?? 'None';
  switch (from) {
    case 'All': return { allowed: true, from };
    case 'Same': return { allowed: namespace === gatewayNamespace, from };
    case 'Selector': {
      const labels = namespaceLabels(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
      return { allowed: selectorMatches(ns.selector ?? {}, labels), from };
    }
    default: return { allowed: false, from };
  }
}

const L4_PROTOCOLS = new Set(['TCP', 'UDP']);

/** What the conflict rule reads of a listener. */
export interface ConflictListener {
  readonly port: number;
  readonly protocol: string;
  /** Lower case; none counts as `*`. */
  readonly hostname?: string;
}

/**
 * Why two listeners of one Gateway and its ListenerSets conflict, or
 * undefined when they are distinct, as Istio decides it
 * (pilot/pkg/config/kube/gatewaycommon/listener_conflict.go,
 * `ComputeGatewayListenerConflicts`): on the same port, a TCP or UDP
 * listener conflicts with any other, and HTTP, HTTPS and TLS listeners
 * conflict when their hostnames are equal (none counts as `*`), whatever
 * their protocols. The later listener (Gateway first, then ListenerSets
 * oldest first) is the conflicted one.
 */
export function listenerConflict(a: ConflictListener, b: ConflictListener): string | undefined {
  if (a.port !== b.port) return undefined;
  if (L4_PROTOCOLS.has(a.protocol) || L4_PROTOCOLS.has(b.protocol)) return `port ${a.port}: TCP/UDP shares no port`;
  const ha = a.hostname ?? '*';
  return ha === (b.hostname ?? '*') ? `port ${a.port}: same hostname ${ha}` : undefined;
}
