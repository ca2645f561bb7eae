import { GATEWAY_GROUP, GroupKind } from './gateway-api';
import { Labels, selectorKeys, selectorMatches } from './label-selector';

/** The label every Namespace carries: its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Route kinds a listener accepts when `allowedRoutes.kinds` is empty, by protocol. */
const KINDS_BY_PROTOCOL: { [protocol: string]: string[] } = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** The parts of a listener allowedRoutes reads. */
export interface AllowedRoutesListener {
  readonly protocol: string;
  /** The raw listener object. */
  readonly raw: any;
}

/**
 * The route kinds a listener accepts: `allowedRoutes.kinds` (group defaulted
 * to the Gateway API group), else inferred from the protocol; undefined for
 * protocols without a known inference (custom protocols).
 */
export function allowedRouteKinds(l: AllowedRoutesListener): GroupKind[] | undefined {
  const kinds = l.raw?.allowedRoutes?.kinds;
  if (Array.isArray(kinds) && kinds.length > 0) {
    return kinds.map((k: any) => ({ group: k?.group ?? GATEWAY_GROUP, kind: String(k?.kind ?? '') }));
  }
  return KINDS_BY_PROTOCOL[l.protocol]?.map((kind) => ({ group: GATEWAY_GROUP, kind }));
}

/** The route a listener's allowedRoutes is evaluated for. */
export interface AllowedRoutesRoute {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** The outcome of `allowedRoutes` for one listener and one route. */
export interface AllowedRoutesVerdict {
  /** Whether the route may attach (with only the name label when the Namespace's labels are unknown). */
  readonly allowed: boolean;
  /** False when the outcome depends on labels of a Namespace whose labels are unknown. */
  readonly certain: boolean;
  /** What denies the route when it is not allowed. */
  readonly deniedBy?: 'kinds' | 'namespaces';
  /** The kinds the listener accepts, when known. */
  readonly kinds?: GroupKind[];
  /** `allowedRoutes.namespaces.from`, `Same` by default. */
  readonly from: string;
  /** `allowedRoutes.namespaces.selector` when from is `Selector`. */
  readonly selector?: any;
  /** The route Namespace labels the selector was evaluated against, when from is `Selector`. */
  readonly labels?: Labels;
  /** False when from is `Selector` and the route's Namespace labels are unknown (only its name label is). */
  readonly labelsKnown?: boolean;
}

/**
 * `allowedRoutes` of a listener for a route: kinds (`allowedRoutes.kinds`,
 * else inferred from the protocol) and namespaces (`Same` by default, `All`,
 * or `Selector` over the labels of the route's Namespace). When the
 * Namespace's labels are unknown (`namespaceLabels` returns undefined), only
 * its `kubernetes.io/metadata.name` label is assumed, and the verdict is not
 * certain unless the selector looks at that label alone.
 */
export function evaluateAllowedRoutes(
  l: AllowedRoutesListener,
  gatewayNamespace: string,
  route: AllowedRoutesRoute,
  namespaceLabels: (namespace: string) => Labels | undefined,
): AllowedRoutesVerdict {
  const namespaces = l.raw?.allowedRoutes?.namespaces ?? {};
  const from: string = namespaces.from ?? 'Same';
  const kinds = allowedRouteKinds(l);
  if (kinds && !kinds.some((k) => k.group === route.group && k.kind === route.kind)) {
    return { allowed: false, certain: true, deniedBy: 'kinds', kinds, from };
  }
  const verdict = (allowed: boolean, certain = true) => ({
    allowed, certain, kinds, from, ...(allowed ? {} : { deniedBy: 'namespaces' as const }),
  });
  if (from === 'All') return verdict(true);
  if (from === 'Same') return verdict(route.namespace === gatewayNamespace);
  if (from === 'Selector') {
    const selector = namespaces.selector ?? {};
    const known = namespaceLabels(route.namespace);
    const labels = known ?? { [NAMESPACE_NAME_LABEL]: route.namespace };
    const certain = known !== undefined || selectorKeys(selector).every((k) => k === NAMESPACE_NAME_LABEL);
    return { ...verdict(selectorMatches(selector, labels), certain), selector, labels, labelsKnown: known !== undefined };
  }
  return verdict(false);
}

/**
 * The route kinds Istio serves on a listener, before `allowedRoutes.kinds`
 * narrows them (istio/istio pilot/pkg/config/kube/gateway/conditions.go,
 * `generateSupportedKinds`): HTTP and HTTPS serve HTTPRoute and GRPCRoute,
 * TCP serves TCPRoute, TLS serves TLSRoute in mode Passthrough and TCPRoute
 * otherwise (Terminate); other protocols serve none. A kind in
 * `allowedRoutes.kinds` outside this list is dropped from the listener's
 * supportedKinds (`ResolvedRefs=False/InvalidRouteKinds`), so such routes
 * never attach.
 */
export function istioSupportedRouteKinds(l: AllowedRoutesListener): string[] {
  switch (l.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'TLS':
      return l.raw?.tls?.mode === 'Passthrough' ? ['TLSRoute'] : ['TCPRoute'];
    default:
      return [];
  }
}
