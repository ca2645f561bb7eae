import { DiffRequest } from './diff-request';

/**
 * One request of the corpus that the two sides route differently.
 */
export interface RoutingDifference {
  /** The request. */
  readonly request: DiffRequest;
  /** The request as one line: `GET http://host:port/path?q [header: value]`. */
  readonly summary: string;
  /**
   * The fields that differ: `status`, `backends`, `backend ports`,
   * `redirect`, `rewrite`, `request headers`, `response headers`, `fault`;
   * when both sides forward the request, `timeout` (the route timeout),
   * `retry` (attempts, per-try timeout, conditions, codes) and `mirrors`.
   */
  readonly fields: string[];
  /** What the old side does, as compact text (e.g. `200 default/productpage:9080 100%`). */
  readonly oldOutcome: string;
  /** What the new side does, as compact text. */
  readonly newOutcome: string;
}
