/**
 * The one listener read-model of the Gateway API: a Gateway's own listeners,
 * then those of the ListenerSets it admits (`spec.allowedListeners`), oldest
 * ListenerSet first, then by `namespace/name` (`ListenerSetSpec.Listeners`).
 * A ListenerSet listener that is not distinct from an earlier one is
 * `Conflicted` and left out, whether it is the Gateway's or a
 * ListenerSet's (`listenerConflict`). Hostnames are lower case (DNS names are
 * case-insensitive). Analysis and simulation both read listeners here.
 */
import { GATEWAY_GROUP } from './gateway-api';
import { Labels } from './label-selector';
import { firstConflict, ListenerConflict } from './listener-conflicts';
import { allowedListeners, listenerSetParent } from './listener-sets';
import { compareRouteOrder } from './match-precedence';

/** The ListenerSet a listener comes from. */
export interface ListenerSetInfo {
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name`. */
  readonly key: string;
}

/** A listener of a Gateway, its own or one of a ListenerSet the Gateway admits. */
export interface GatewayListener {
  /** Index in `spec.listeners` of the object that declares it. */
  readonly index: number;
  /** Field path in the object that declares it, e.g. `spec.listeners[1]`. */
  readonly path: string;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  /** Lower case; undefined when unset or empty. */
  readonly hostname?: string;
  /** The listener as written (an empty object when it is not an object). */
  readonly raw: any;
  /** The namespace of the object that declares the listener: `allowedRoutes` `Same` means this one. */
  readonly namespace: string;
  /** The name of the Gateway the listener belongs to. */
  readonly gatewayName: string;
  /** The ListenerSet that declares the listener; undefined for the Gateway's own listeners. */
  readonly listenerSet?: ListenerSetInfo;
}

/**
 * One `spec.listeners[index]` entry of a Gateway (or, with `listenerSet`, of
 * a ListenerSet) in `namespace`.
 */
export function readListener(
  value: unknown, index: number, namespace: string, gatewayName: string, listenerSet?: ListenerSetInfo,
): GatewayListener {
  const raw: any = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  return {
    index,
    path: `spec.listeners[${index}]`,
    name: String(raw.name ?? ''),
    port: Number(raw.port),
    protocol: String(raw.protocol ?? ''),
    hostname: typeof raw.hostname === 'string' && raw.hostname ? raw.hostname.toLowerCase() : undefined,
    raw,
    namespace,
    gatewayName,
    ...(listenerSet ? { listenerSet } : {}),
  };
}

/** `spec.listeners` of a Gateway or ListenerSet as a list (anything else reads as none). */
export function listenerList(spec: any): unknown[] {
  return Array.isArray(spec?.listeners) ? spec.listeners : [];
}

/** A ListenerSet that may contribute listeners to a Gateway. */
export interface ListenerSetCandidate {
  readonly namespace: string;
  readonly name: string;
  /** `metadata.creationTimestamp`, when known: older ListenerSets come first. */
  readonly creationTimestamp?: string;
  /** `spec.parentRef` as written. */
  readonly parentRef: unknown;
  /** `spec.listeners` as written. */
  readonly listeners: readonly unknown[];
}

/** The Gateway whose listeners are composed. */
export interface ListenerGateway {
  readonly namespace: string;
  readonly name: string;
  /** The Gateway's `spec` (for `allowedListeners`). */
  readonly spec: any;
  /** `spec.listeners` as written. */
  readonly listeners: readonly unknown[];
}

/** A ListenerSet that names the Gateway but is not admitted by its `allowedListeners`. */
export interface ListenerSetNotAllowed {
  readonly type: 'NotAllowed';
  readonly listenerSet: ListenerSetInfo;
  /** `allowedListeners.namespaces.from` of the Gateway (`None` by default). */
  readonly from: string;
}

/** A listener left out because an earlier listener takes precedence. */
export interface ListenerConflicted {
  readonly type: 'Conflicted';
  readonly listener: GatewayListener;
  readonly earlier: GatewayListener;
  /** Why they conflict. */
  readonly conflict: ListenerConflict;
}

/** The listeners of a Gateway and what was left out, in the order it was decided. */
export interface ListenerComposition {
  readonly listeners: GatewayListener[];
  readonly excluded: Array<ListenerSetNotAllowed | ListenerConflicted>;
}

/**
 * The listeners of a Gateway: its own, then those of the `listenerSets`
 * whose `parentRef` names it and that its `allowedListeners` admits
 * (oldest first, then by `namespace/name`), without the conflicted ones
 * (`listenerConflict`): the first of two conflicting listeners wins. A Namespace whose labels are unknown
 * (`namespaceLabels` returns undefined) has only its name label.
 */
export function composeListeners(
  gateway: ListenerGateway,
  listenerSets: readonly ListenerSetCandidate[],
  namespaceLabels: (namespace: string) => Labels | undefined,
): ListenerComposition {
  const listeners: GatewayListener[] = [];
  const excluded: ListenerComposition['excluded'] = [];
  const add = (l: GatewayListener) => {
    const found = firstConflict(listeners, l);
    if (found) excluded.push({ type: 'Conflicted', listener: l, earlier: found.earlier, conflict: found.conflict });
    else listeners.push(l);
  };
  gateway.listeners.forEach((l, i) => add(readListener(l, i, gateway.namespace, gateway.name)));
  const ordered = listenerSets
    .map((ls) => ({ ls, key: `${ls.namespace}/${ls.name}`, creationTimestamp: ls.creationTimestamp }))
    .sort(compareRouteOrder);
  for (const { ls, key } of ordered) {
    const parent = listenerSetParent(ls.parentRef, ls.namespace);
    if (parent.group !== GATEWAY_GROUP || parent.kind !== 'Gateway' || parent.namespace !== gateway.namespace || parent.name !== gateway.name) continue;
    const info: ListenerSetInfo = { namespace: ls.namespace, name: ls.name, key };
    const verdict = allowedListeners(gateway.spec, gateway.namespace, ls.namespace, namespaceLabels);
    if (!verdict.allowed) {
      excluded.push({ type: 'NotAllowed', listenerSet: info, from: verdict.from });
      continue;
    }
    ls.listeners.forEach((raw, i) => add(readListener(raw, i, ls.namespace, gateway.name, info)));
  }
  return { listeners, excluded };
}
