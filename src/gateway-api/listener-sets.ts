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
