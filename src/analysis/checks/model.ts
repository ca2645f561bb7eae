import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';

/** The Gateway API group. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Route kinds of the Gateway API that attach to Gateways through `parentRefs`. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** Route kinds that carry `spec.hostnames`. */
export const HOSTNAME_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute'];

/** Listener protocols that match on hostnames. */
const HOSTNAME_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS'];

/** One listener of a Gateway. */
export interface Listener {
  readonly index: number;
  /** Field path, e.g. `spec.listeners[1]`. */
  readonly path: string;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly raw: any;
}

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

/** The listeners of a Gateway, in order. */
export function listenersOf(gateway: Manifest): Listener[] {
  const raw = gateway.object.spec?.listeners;
  if (!Array.isArray(raw)) return [];
  return raw.map((l: any, index: number) => ({
    index,
    path: `spec.listeners[${index}]`,
    name: String(l?.name ?? ''),
    port: Number(l?.port),
    protocol: String(l?.protocol ?? ''),
    hostname: typeof l?.hostname === 'string' && l.hostname !== '' ? l.hostname : undefined,
    raw: l ?? {},
  }));
}

/** Whether a listener protocol matches on hostnames (HTTP, HTTPS, TLS). */
export function matchesHostnames(l: Listener): boolean {
  return HOSTNAME_PROTOCOLS.includes(l.protocol);
}

/** A route's `spec.hostnames`, empty when unset. */
export function routeHostnames(route: Manifest): string[] {
  const h = route.object.spec?.hostnames;
  return Array.isArray(h) ? h.filter((x: any) => typeof x === 'string') : [];
}

/**
 * Whether two Gateway API hostnames can match a common host. A leading `*.`
 * matches one or more labels; host ports are not part of hostnames.
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.startsWith('*.') && b.endsWith(a.slice(1))) return true;
  if (b.startsWith('*.') && a.endsWith(b.slice(1))) return true;
  return false;
}

/**
 * Whether a listener accepts a route by hostname: a listener without a
 * hostname (or one that does not match on hostnames) accepts every route; a
 * route without hostnames is accepted by every listener.
 */
export function listenerAcceptsHostnames(l: Listener, hostnames: string[]): boolean {
  if (!matchesHostnames(l) || l.hostname === undefined || hostnames.length === 0) return true;
  return hostnames.some((h) => hostnamesIntersect(l.hostname!, h));
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
export interface ParentRef {
  readonly index: number;
  /** Field path, e.g. `spec.parentRefs[0]`. */
  readonly path: string;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** The parent references of a route, with group, kind and namespace defaulted. */
export function parentRefsOf(set: ManifestSet, route: Manifest): ParentRef[] {
  const raw = route.object.spec?.parentRefs;
  if (!Array.isArray(raw)) return [];
  const routeNs = set.namespaceOf(route);
  return raw.map((p: any, index: number) => ({
    index,
    path: `spec.parentRefs[${index}]`,
    group: p?.group ?? GATEWAY_GROUP,
    kind: p?.kind ?? 'Gateway',
    namespace: p?.namespace ?? routeNs,
    name: String(p?.name ?? ''),
    sectionName: p?.sectionName,
    port: p?.port === undefined ? undefined : Number(p.port),
  }));
}

/** Whether a parent reference points at a Gateway API Gateway. */
export function isGatewayRef(p: ParentRef): boolean {
  return p.group === GATEWAY_GROUP && p.kind === 'Gateway';
}

/** The listeners a parent reference selects: by sectionName and port, or all of them. */
export function selectedListeners(gateway: Manifest, p: ParentRef): Listener[] {
  return listenersOf(gateway).filter((l) =>
    (p.sectionName === undefined || l.name === p.sectionName) && (p.port === undefined || l.port === p.port));
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

/** Route kinds a listener accepts when `allowedRoutes.kinds` is empty, by protocol. */
const KINDS_BY_PROTOCOL: { [protocol: string]: string[] } = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** The route kinds a listener accepts, or undefined when unknown (custom protocols). */
export function allowedKinds(l: Listener): Array<{ group: string; kind: string }> | undefined {
  const kinds = l.raw.allowedRoutes?.kinds;
  if (Array.isArray(kinds) && kinds.length > 0) {
    return kinds.map((k: any) => ({ group: k?.group ?? GATEWAY_GROUP, kind: String(k?.kind ?? '') }));
  }
  const inferred = KINDS_BY_PROTOCOL[l.protocol];
  return inferred?.map((kind) => ({ group: GATEWAY_GROUP, kind }));
}

/**
 * Whether `l` of `gateway` admits `route` by namespace (`allowedRoutes.namespaces`)
 * and kind (`allowedRoutes.kinds`, else inferred from the protocol).
 */
export function listenerAllows(set: ManifestSet, gateway: Manifest, l: Listener, route: Manifest): AllowVerdict {
  const kinds = allowedKinds(l);
  if (kinds && !kinds.some((k) => k.group === route.group && k.kind === route.kind)) {
    return {
      result: 'denied',
      reason: `listener "${l.name}" accepts only ${kinds.map((k) => k.kind).join(', ')}, not ${route.kind}`,
      path: `${l.path}.allowedRoutes.kinds`,
    };
  }
  const gwNs = set.namespaceOf(gateway);
  const routeNs = set.namespaceOf(route);
  const namespaces = l.raw.allowedRoutes?.namespaces ?? {};
  const from = namespaces.from ?? 'Same';
  const path = `${l.path}.allowedRoutes.namespaces`;
  if (from === 'All') return { result: 'allowed' };
  if (from === 'Same') {
    return routeNs === gwNs
      ? { result: 'allowed' }
      : { result: 'denied', reason: `listener "${l.name}" only accepts routes from namespace "${gwNs}" (allowedRoutes from Same, the default)`, path };
  }
  if (from === 'Selector') {
    const selector = namespaces.selector ?? {};
    let labels = set.namespaceLabels(routeNs);
    if (!labels) {
      if (!selectorUsesOnlyNameLabel(selector)) {
        return {
          result: 'unknown',
          reason: `listener "${l.name}" selects namespaces by label and Namespace "${routeNs}" is not in the set, so its labels are unknown`,
          path,
        };
      }
      labels = { 'kubernetes.io/metadata.name': routeNs };
    }
    return selectorMatches(selector, labels)
      ? { result: 'allowed' }
      : { result: 'denied', reason: `listener "${l.name}" selects namespaces by label and the labels of Namespace "${routeNs}" do not match`, path };
  }
  return { result: 'denied', reason: `listener "${l.name}" has allowedRoutes from "${from}", which is not All, Same or Selector`, path };
}

function selectorUsesOnlyNameLabel(selector: any): boolean {
  const keys = [
    ...Object.keys(selector.matchLabels ?? {}),
    ...(Array.isArray(selector.matchExpressions) ? selector.matchExpressions.map((e: any) => e?.key) : []),
  ];
  return keys.length > 0 && keys.every((k) => k === 'kubernetes.io/metadata.name');
}

/** Kubernetes label selector semantics (matchLabels and matchExpressions, all ANDed). */
export function selectorMatches(selector: any, labels: { [key: string]: string }): boolean {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  const exprs = Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values: string[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether every key/value of `selector` (a plain map, as in Service `spec.selector`) is in `labels`. */
export function mapSelects(selector: { [key: string]: string }, labels: { [key: string]: string }): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
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
      group: raw.group ?? '',
      kind: raw.kind ?? 'Service',
      namespace: raw.namespace ?? routeNs,
      name: String(raw.name ?? ''),
      port: raw.port === undefined ? undefined : Number(raw.port),
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
  for (const l of listenersOf(gateway)) {
    const refs = l.raw.tls?.certificateRefs;
    if (!Array.isArray(refs)) continue;
    refs.forEach((r: any, k: number) => out.push({
      path: `${l.path}.tls.certificateRefs[${k}]`,
      listener: l,
      group: r?.group ?? '',
      kind: r?.kind ?? 'Secret',
      namespace: r?.namespace ?? gwNs,
      name: String(r?.name ?? ''),
    }));
  }
  return out;
}

/**
 * Whether a ReferenceGrant in `toNamespace` lets `from` (group, kind, namespace)
 * refer to the object `to` (group, kind, name).
 */
export function referenceGranted(
  set: ManifestSet,
  from: { group: string; kind: string; namespace: string },
  toNamespace: string,
  to: { group: string; kind: string; name: string },
): boolean {
  return set.ofKind('ReferenceGrant', GATEWAY_GROUP)
    .filter((g) => set.namespaceOf(g) === toNamespace)
    .some((g) => {
      const froms = Array.isArray(g.object.spec?.from) ? g.object.spec.from : [];
      const tos = Array.isArray(g.object.spec?.to) ? g.object.spec.to : [];
      const fromOk = froms.some((f: any) => (f?.group ?? '') === from.group && f?.kind === from.kind && f?.namespace === from.namespace);
      const toOk = tos.some((t: any) => (t?.group ?? '') === to.group && t?.kind === to.kind && (t?.name === undefined || t?.name === '' || t?.name === to.name));
      return fromOk && toOk;
    });
}
