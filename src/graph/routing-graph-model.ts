/**
 * The data of a routing graph: nodes (Gateways, listeners, HTTPRoutes, rules,
 * backends, redirects, DestinationRules) and the edges between them, with
 * the marks that say what traffic cannot take. The renderers read only this.
 */

/** What a node of a routing graph stands for. */
export enum RoutingGraphNodeKind {
  /**
   * A Gateway (`gateway.networking.k8s.io`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
   */
  GATEWAY = 'gateway',
  /**
   * A listener of a Gateway, its own or one of a ListenerSet it admits.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  LISTENER = 'listener',
  /**
   * An HTTPRoute.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
   */
  ROUTE = 'route',
  /**
   * One rule of an HTTPRoute (`spec.rules[i]`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
   */
  RULE = 'rule',
  /**
   * A backend (a Service and port, or another backendRef kind).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
   */
  BACKEND = 'backend',
  /**
   * The target of a RequestRedirect filter.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   */
  REDIRECT = 'redirect',
  /**
   * An Istio DestinationRule that applies to a backend.
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  POLICY = 'policy',
}

/** What an edge of a routing graph stands for. */
export enum RoutingGraphEdgeKind {
  /** A Gateway to one of its listeners. */
  LISTENER = 'listener',
  /** A listener to an HTTPRoute attached to it. */
  ATTACHMENT = 'attachment',
  /** A Gateway or listener to an HTTPRoute that names it but is not attached (marked `UNATTACHED`). */
  REJECTED_ATTACHMENT = 'rejected-attachment',
  /** An HTTPRoute to one of its rules. */
  RULE = 'rule',
  /** A rule to a backend, labelled with its share of the traffic. */
  BACKEND = 'backend',
  /** A rule to the target of its RequestRedirect filter, labelled with the status code. */
  REDIRECT = 'redirect',
  /** A rule to the backend of its RequestMirror filter. */
  MIRROR = 'mirror',
  /** A backend to the DestinationRule that applies to traffic from the gateway. */
  POLICY = 'policy',
}

/** What traffic cannot take: rendered as dashed lines and a style class, explained in a legend. */
export enum RoutingGraphMark {
  /** An HTTPRoute attached to no listener; on an edge, the parentRef that does not attach it. */
  UNATTACHED = 'unattached',
  /** A rule no request reaches (its route attaches nowhere, or earlier rules of the route take all its matches); an edge from it. */
  UNREACHABLE = 'unreachable',
  /** A cross-namespace backendRef that no ReferenceGrant permits (RefNotPermitted). */
  BLOCKED = 'blocked',
  /** A listener or HTTPRoute that Istio does not program. */
  NOT_PROGRAMMED = 'not-programmed',
  /** A backend that cannot serve (Service or port missing, unsupported kind); an edge with weight 0. */
  BROKEN = 'broken',
}

/** A node of a routing graph. */
export interface RoutingGraphNode {
  /** The id in the rendered graph, e.g. `rt2`: letters and digits only. */
  readonly id: string;
  /** What the node stands for. */
  readonly kind: RoutingGraphNodeKind;
  /**
   * What identifies the object, e.g. `shop/api` for a route, `shop/api#0`
   * for its first rule, `shop/api:80` for a Service backend,
   * `infra/edge/https` for a listener.
   */
  readonly key: string;
  /** The label, lines separated by `\n`, as written in the manifests (not escaped). */
  readonly label: string;
  /** What traffic cannot take here; empty when nothing. */
  readonly marks: RoutingGraphMark[];
  /**
   * Why the node is marked.
   * @default - not marked
   */
  readonly reason?: string;
}

/** An edge of a routing graph. */
export interface RoutingGraphEdge {
  /** The id of the node the edge starts at. */
  readonly from: string;
  /** The id of the node the edge ends at. */
  readonly to: string;
  /** What the edge stands for. */
  readonly kind: RoutingGraphEdgeKind;
  /**
   * The label, e.g. `90%` (lines separated by `\n`, not escaped).
   * @default - no label
   */
  readonly label?: string;
  /** What traffic cannot take here; empty when nothing. */
  readonly marks: RoutingGraphMark[];
}
