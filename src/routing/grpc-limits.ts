/**
 * The limits of one GRPCRoute in the Gateway API v1.6.1 CRD (standard
 * channel, `gateway.networking.k8s.io/v1`): `maxItems` of hostnames, rules,
 * matches per rule, backendRefs and filters, the CEL rule on matches across
 * rules, the bounds of a weight and the `maxLength` of a method match's
 * service and method. The same numbers as HTTPRoute's, kept apart because
 * the CRDs may diverge.
 * @internal
 */
export const GRPCROUTE_LIMITS = {
  hostnames: 16,
  rules: 16,
  /** Across all rules of the route (the CEL rule on `spec.rules`). */
  matches: 128,
  matchesPerRule: 64,
  headersPerMatch: 16,
  filters: 16,
  backendRefs: 16,
  maxWeight: 1_000_000,
  /** `maxLength` of `matches[].method.service` and `.method`. */
  methodField: 1024,
} as const;
