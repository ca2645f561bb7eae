/**
 * A `spec.parentRefs[]` entry, with the API server's defaults spelled out.
 */
export interface ParentReference {
  /** API group of the parent, `gateway.networking.k8s.io` for a Gateway. */
  readonly group: string;
  /** Kind of the parent, `Gateway` for a Gateway. */
  readonly kind: string;
  /** Name of the parent. */
  readonly name: string;
  /**
   * Namespace of the parent.
   * @default - the route's own namespace
   */
  readonly namespace?: string;
  /**
   * The listener name on the parent.
   * @default - every listener of the parent
   */
  readonly sectionName?: string;
  /**
   * The listener port on the parent.
   * @default - every port
   */
  readonly port?: number;
}

/**
 * Something a route can attach to: a listener of an `IngressGateway`, a whole
 * Gateway, or a Gateway managed elsewhere.
 */
export interface IRouteParent {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - unknown: the namespace of the chart the routes are applied to
   */
  readonly gatewayNamespace?: string;
  /**
   * The hostname the listener accepts, when the parent is a single listener
   * with a hostname.
   * @default - any hostname
   */
  readonly hostname?: string;
  /** The reference a route writes into `spec.parentRefs`. */
  parentReference(): ParentReference;
}
