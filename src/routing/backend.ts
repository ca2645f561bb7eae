/**
 * A `backendRefs[]` target, with the API server's defaults spelled out
 * (group `""`, kind `Service`).
 */
export interface BackendReference {
  /** API group of the backend, `""` for a core Service. */
  readonly group: string;
  /** Kind of the backend, `Service` for a Service. */
  readonly kind: string;
  /** Name of the backend. */
  readonly name: string;
  /**
   * Namespace of the backend.
   * @default - the route's own namespace
   */
  readonly namespace?: string;
  /** The Service port (required for a Service). */
  readonly port: number;
}

/**
 * Something a route can send traffic to: a version of a `ResilientBackend`,
 * a cdk8s-plus Service, or a Service managed elsewhere.
 */
export interface IBackend {
  /** The reference a route writes into `backendRefs`. */
  backendReference(): BackendReference;
}
