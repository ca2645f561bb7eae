import { evaluateAllowedRoutes } from '../../gateway-api/allowed-routes';
import {
  AttachingRoute, evaluateAttachment, listenerRouteHostnames, parentRefSelects, UncertainNamespace,
} from '../../gateway-api/attachment';
import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { composeListeners, GatewayListener, ListenerComposition, listenerList, readListener } from '../../gateway-api/listeners';
import { resolveObjectRef } from '../../gateway-api/object-refs';
import { isGatewayParentRef, ResolvedParentRef, resolveParentRef } from '../../gateway-api/parent-refs';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';

export { mapSelects } from '../../manifests/pod-labels';

export { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
export { hostnamesIntersect } from '../../gateway-api/hostnames';
export { isGatewayParentRef as isGatewayRef } from '../../gateway-api/parent-refs';
export { referenceGranted } from '../../gateway-api/reference-grants';

/** Route kinds of the Gateway API that attach to Gateways through `parentRefs`. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** Route kinds that carry `spec.hostnames`. */
export const HOSTNAME_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute'];

/** A listener of a Gateway or of a ListenerSet it admits, as the kernel reads it (hostname lower case). */
export type Listener = GatewayListener;

/** A quoted, comma-separated list for messages: `"a", "b"`. */
export function quoteList(values: readonly (string | number)[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** `Kind namespace/name` with the namespace resolved. */
export function refOf(kind: string, namespace: string, name: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

/** Every Gateway API Gateway of the set. */
export function gatewaysOf(set: ManifestSet): Manifest[] {
  return set.ofKind('Gateway', GATEWAY_GROUP);
}

/** Every Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) of the set. */
export function routesOf(set: ManifestSet): Manifest[] {
  return ROUTE_KINDS.flatMap((k) => set.ofKind(k, GATEWAY_GROUP));
}

/** The Gateway's (or a ListenerSet's) own `spec.listeners`, in order. */
export function listenersOf(set: ManifestSet, owner: Manifest): Listener[] {
  const namespace = set.namespaceOf(owner);
  const gatewayName = owner.kind === 'ListenerSet' ? String(owner.object.spec?.parentRef?.name ?? '') : owner.name;
  const listenerSet = owner.kind === 'ListenerSet' ? { namespace, name: owner.name, key: `${namespace}/${owner.name}` } : undefined;
  return listenerList(owner.object.spec).map((l, i) => readListener(l, i, namespace, gatewayName, listenerSet));
}

/**
 * Every listener of a Gateway: its own, then those of the ListenerSets it
 * admits, without the conflicted ones (`composeListeners`).
 */
export function gatewayListeners(set: ManifestSet, gateway: Manifest): ListenerComposition {
  const listenerSets = set.ofKind('ListenerSet', GATEWAY_GROUP).map((m) => ({
    namespace: set.namespaceOf(m),
    name: m.name,
    creationTimestamp: m.object.metadata?.creationTimestamp,
    parentRef: m.object.spec?.parentRef,
    listeners: listenerList(m.object.spec),
  }));
  return composeListeners(
    { namespace: set.namespaceOf(gateway), name: gateway.name, spec: gateway.object.spec, listeners: listenerList(gateway.object.spec) },
    listenerSets, (ns) => set.namespaceLabels(ns));
}

/** `Gateway namespace/name`, or `ListenerSet namespace/name` for a ListenerSet's listener. */
export function listenerOwnerRef(l: Listener): string {
  return l.listenerSet ? refOf('ListenerSet', l.listenerSet.namespace, l.listenerSet.name) : refOf('Gateway', l.namespace, l.gatewayName);
}

/** A route's `spec.hostnames`, empty when unset. */
export function routeHostnames(route: Manifest): string[] {
  const h = route.object.spec?.hostnames;
  return Array.isArray(h) ? h.filter((x: any) => typeof x === 'string') : [];
}

/**
 * Whether a listener accepts a route by hostname: a listener without a
 * hostname (or one that does not match on hostnames) accepts every route; a
 * route without hostnames is accepted by every listener.
 */
export function listenerAcceptsHostnames(l: Listener, hostnames: string[]): boolean {
  return listenerRouteHostnames(l, hostnames) !== undefined;
}

/**
 * Whether the set manages objects of a kind in a namespace: it contains at
 * least one of them there. A missing object of that kind is then an error; in
 * a namespace where the set has none of that kind, the object may be managed
 * elsewhere (another repository, a Helm release, a platform team) and a
 * missing one is only a warning.
 */
export function managesKindIn(set: ManifestSet, group: string, kind: string, namespace: string): boolean {
  let index = KINDS_BY_NAMESPACE.get(set);
  if (!index) {
    index = new Set<string>();
    for (const m of set.all) index.add(`${m.group}|${m.kind}|${set.namespaceOf(m)}`);
    KINDS_BY_NAMESPACE.set(set, index);
  }
  return index.has(`${group}|${kind}|${namespace}`);
}

/** `group|kind|namespace` keys per set, computed once: sets are immutable. */
const KINDS_BY_NAMESPACE = new WeakMap<ManifestSet, Set<string>>();

/** The end of a message about an object that may be managed elsewhere. */
export function managedElsewhere(kind: string, namespace: string): string {
  return `the manifests contain no ${kind} in namespace "${namespace}", so it may be managed elsewhere`;
}

/** A `parentRefs[]` entry with the defaults applied. */
export interface ParentRef extends ResolvedParentRef {
  readonly index: number;
  /** Field path, e.g. `spec.parentRefs[0]`. */
  readonly path: string;
}

/** The parent references of a route, with group, kind and namespace defaulted. */
export function parentRefsOf(set: ManifestSet, route: Manifest): ParentRef[] {
  const raw = route.object.spec?.parentRefs;
  if (!Array.isArray(raw)) return [];
  const routeNs = set.namespaceOf(route);
  return raw.map((p: any, index: number) => ({ index, path: `spec.parentRefs[${index}]`, ...resolveParentRef(p, routeNs) }));
}

/** The Gateway parentRefs of a route (Service parents of mesh routes are left out). */
export function gatewayParentRefsOf(set: ManifestSet, route: Manifest): ParentRef[] {
  return parentRefsOf(set, route).filter(isGatewayParentRef);
}

/** The listeners of a Gateway (its own) a parent reference selects: by sectionName and port, or all of them. */
export function selectedListeners(set: ManifestSet, gateway: Manifest, p: ParentRef): Listener[] {
  return listenersOf(set, gateway).filter((l) => parentRefSelects(p, l));
}

/** The listeners a parentRef selects, of the Gateway or ListenerSet it names. */
export interface ParentListeners {
  readonly parentRef: ParentRef;
  /** `Gateway namespace/name` or `ListenerSet namespace/name`. */
  readonly ownerRef: string;
  /** The selected listeners (by sectionName and port, or all of them); may be empty. */
  readonly listeners: Listener[];
}

/**
 * For each parentRef of a route that names a Gateway or a ListenerSet of
 * the set, the listeners it selects. Parents that are not in the set are
 * left out (IGW1001 and IGW1025 report them).
 */
export function parentListenersOf(set: ManifestSet, route: Manifest): ParentListeners[] {
  const out: ParentListeners[] = [];
  for (const p of parentRefsOf(set, route)) {
    const kind = isGatewayParentRef(p) ? 'Gateway' : p.group === GATEWAY_GROUP && p.kind === 'ListenerSet' ? 'ListenerSet' : undefined;
    const owner = kind && set.find(kind, GATEWAY_GROUP, p.namespace, p.name);
    if (!kind || !owner) continue;
    out.push({ parentRef: p, ownerRef: refOf(kind, p.namespace, p.name), listeners: listenersOf(set, owner).filter((l) => parentRefSelects(p, l)) });
  }
  return out;
}

/** A route attached to one listener, with the hostnames it serves there. */
export interface ListenerAttachment {
  readonly route: Manifest;
  readonly parentRef: ParentRef;
  /** Hostnames on the listener (lower case); empty means every host the listener accepts. */
  readonly hostnames: string[];
}

/** The route as the attachment rule reads it. */
function attachingRoute(set: ManifestSet, route: Manifest): AttachingRoute {
  return { group: route.group, kind: route.kind, namespace: set.namespaceOf(route), hostnames: routeHostnames(route) };
}

/**
 * How `route` attaches to listener `l` (of a Gateway or of a ListenerSet):
 * by a parentRef that selects the listener, admitted by it (or possibly
 * admitted, when that depends on the labels of a Namespace outside the
 * set), with intersecting hostnames. Undefined when it does not attach.
 */
export function attachmentTo(set: ManifestSet, l: Listener, route: Manifest): ListenerAttachment | undefined {
  const r = attachingRoute(set, route);
  for (const p of parentRefsOf(set, route)) {
    const v = evaluateAttachment(p, l, r, (ns) => set.namespaceLabels(ns), UncertainNamespace.ADMITTED);
    if (v.failure === 'owner' || v.failure === 'sectionName' || v.failure === 'port') continue;
    return v.failure ? undefined : { route, parentRef: p, hostnames: v.hostnames! };
  }
  return undefined;
}

/** `Kind namespace/name` of an object, with the namespace resolved. */
export function objectRef(set: ManifestSet, m: Manifest): string {
  return refOf(m.kind, set.namespaceOf(m), m.name);
}

/** Whether a listener lets a route attach, and why not. */
export interface AllowVerdict {
  /** `allowed`, `denied`, or `unknown` when it depends on labels of a Namespace outside the set. */
  readonly result: 'allowed' | 'denied' | 'unknown';
  /** Why it is denied or unknown. */
  readonly reason?: string;
  /** Field path of the deciding setting, relative to the Gateway. */
  readonly path?: string;
}

/**
 * Whether listener `l` admits `route` by namespace (`allowedRoutes.namespaces`)
 * and kind (`allowedRoutes.kinds`, else inferred from the protocol).
 */
export function listenerAllows(set: ManifestSet, l: Listener, route: Manifest): AllowVerdict {
  const gwNs = l.namespace;
  const routeNs = set.namespaceOf(route);
  const v = evaluateAllowedRoutes(l, gwNs, attachingRoute(set, route), (ns) => set.namespaceLabels(ns));
  if (v.deniedBy === 'kinds') {
    return {
      result: 'denied',
      reason: `listener "${l.name}" accepts only ${v.kinds!.map((k) => k.kind).join(', ')}, not ${route.kind}`,
      path: `${l.path}.allowedRoutes.kinds`,
    };
  }
  const path = `${l.path}.allowedRoutes.namespaces`;
  if (!v.certain) {
    return {
      result: 'unknown',
      reason: `listener "${l.name}" selects namespaces by label and Namespace "${routeNs}" is not in the set, so its labels are unknown`,
      path,
    };
  }
  if (v.allowed) return { result: 'allowed' };
  switch (v.from) {
    case 'Same':
      return { result: 'denied', reason: `listener "${l.name}" only accepts routes from namespace "${gwNs}" (allowedRoutes from Same, the default)`, path };
    case 'Selector':
      return { result: 'denied', reason: `listener "${l.name}" selects namespaces by label and the labels of Namespace "${routeNs}" do not match`, path };
    default:
      return { result: 'denied', reason: `listener "${l.name}" has allowedRoutes from "${v.from}", which is not All, Same or Selector`, path };
  }
}


/** One backend reference of a route, with group, kind and namespace defaulted. */
export interface BackendRef {
  /** Field path, e.g. `spec.rules[0].backendRefs[1]`. */
  readonly path: string;
  readonly ruleIndex: number;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
  /** Whether this is a RequestMirror filter's backend. */
  readonly mirror: boolean;
}

/**
 * Every backend a route references: rule backendRefs and the backends of
 * RequestMirror filters (rule-level and backendRef-level).
 */
export function backendRefsOf(set: ManifestSet, route: Manifest): BackendRef[] {
  const out: BackendRef[] = [];
  const routeNs = set.namespaceOf(route);
  const add = (raw: any, path: string, ruleIndex: number, mirror: boolean) => {
    if (!raw || typeof raw !== 'object') return;
    out.push({
      path,
      ruleIndex,
      mirror,
      ...resolveObjectRef(raw, 'Service', routeNs),
    });
  };
  const mirrors = (filters: any, base: string, ruleIndex: number) => {
    if (!Array.isArray(filters)) return;
    filters.forEach((f: any, k: number) => {
      if (f?.type === 'RequestMirror') add(f.requestMirror?.backendRef, `${base}.filters[${k}].requestMirror.backendRef`, ruleIndex, true);
    });
  };
  const rules = route.object.spec?.rules;
  if (!Array.isArray(rules)) return out;
  rules.forEach((rule: any, i: number) => {
    const base = `spec.rules[${i}]`;
    const refs = rule?.backendRefs;
    if (Array.isArray(refs)) {
      refs.forEach((b: any, j: number) => {
        add(b, `${base}.backendRefs[${j}]`, i, false);
        mirrors(b?.filters, `${base}.backendRefs[${j}]`, i);
      });
    }
    mirrors(rule?.filters, base, i);
  });
  return out;
}

/** Whether a backend reference points at a core Service. */
export function isServiceRef(b: { group: string; kind: string }): boolean {
  return b.group === '' && b.kind === 'Service';
}

/** A listener certificate reference with group, kind and namespace defaulted. */
export interface CertificateRef {
  /** Field path, e.g. `spec.listeners[1].tls.certificateRefs[0]`. */
  readonly path: string;
  readonly listener: Listener;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** The certificate references of every listener of a Gateway. */
export function certificateRefsOf(set: ManifestSet, gateway: Manifest): CertificateRef[] {
  const gwNs = set.namespaceOf(gateway);
  const out: CertificateRef[] = [];
  for (const l of listenersOf(set, gateway)) {
    const refs = l.raw.tls?.certificateRefs;
    if (!Array.isArray(refs)) continue;
    refs.forEach((r: any, k: number) => {
      const { group, kind, namespace, name } = resolveObjectRef(r, 'Secret', gwNs);
      out.push({ path: `${l.path}.tls.certificateRefs[${k}]`, listener: l, group, kind, namespace, name });
    });
  }
  return out;
}
