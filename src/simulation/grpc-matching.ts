/**
 * GRPCRoutes as Istio programs them. Istio has no gRPC-aware route: its
 * Gateway API conversion turns each GRPCRoute rule into a VirtualService
 * HTTP route whose method match becomes a path match on `/<service>/<method>`
 * (istio/istio pilot/pkg/config/kube/gateway/conversion.go, `convertGRPCRoute`
 * and `createGRPCURIMatch`), merged into the same per-hostname virtual host
 * as the HTTPRoutes of the listener and ordered with them by `sortHTTPRoutes`
 * (Exact before Prefix before Regex, then the longer value, then more
 * headers). The simulator therefore rewrites GRPCRoute matches into
 * HTTPRoute-shaped matches and lets the one HTTP matcher rank them:
 *
 * | method match | Istio's path match |
 * |---|---|
 * | Exact, service and method | Exact `/<service>/<method>` |
 * | Exact, service only | Prefix `/<service>/` |
 * | Exact or RegularExpression, method only | Regex `/[^/]+/<method>` |
 * | RegularExpression, service only | Regex `/<service>/.+` |
 * | RegularExpression, service and method | Regex `/<service>/<method>` |
 *
 * The GRPCRoute specification ranks matches by the characters of the
 * matching service, then of the method, then by header count
 * (`GRPCRouteRule.Matches`); Istio's order can differ (a method-only match
 * ranks after every service match, regular expressions by their length).
 */

/** The rule filter types Istio converts on a GRPCRoute (conversion.go `convertGRPCRoute`); any other aborts the route. */
const GRPC_RULE_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror']);
/** The backendRef filter types Istio converts on a GRPCRoute (conversion.go `buildGRPCDestination`). */
const GRPC_BACKEND_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier']);

/** The path match Istio programs for a GRPCRoute method match, or undefined when the match has no method match. */
export function grpcPathMatch(method: any): { type: string; value: string } | undefined {
  if (!method || typeof method !== 'object') return undefined;
  const service = method.service === undefined ? undefined : String(method.service);
  const name = method.method === undefined ? undefined : String(method.method);
  if (service === undefined && name === undefined) return undefined;
  const type = method.type ?? 'Exact';
  if (service === undefined) return { type: 'RegularExpression', value: `/[^/]+/${name}` };
  if (type === 'RegularExpression') {
    return { type: 'RegularExpression', value: name === undefined ? `/${service}/.+` : `/${service}/${name}` };
  }
  return name === undefined ? { type: 'PathPrefix', value: `/${service}/` } : { type: 'Exact', value: `/${service}/${name}` };
}

/** Why Istio rejects a whole GRPCRoute (an unsupported filter: `InvalidFilter`), or undefined. */
export function grpcConversionError(rules: any[]): string | undefined {
  for (const [i, rule] of rules.entries()) {
    for (const f of Array.isArray(rule?.filters) ? rule.filters : []) {
      if (!GRPC_RULE_FILTERS.has(f?.type)) {
        return `rules[${i}] has a ${f?.type} filter; Istio converts only RequestHeaderModifier, ResponseHeaderModifier and RequestMirror `
          + 'on a GRPCRoute and rejects the whole route (InvalidFilter: unsupported filter type)';
      }
    }
    for (const [j, ref] of (Array.isArray(rule?.backendRefs) ? rule.backendRefs : []).entries()) {
      for (const f of Array.isArray(ref?.filters) ? ref.filters : []) {
        if (!GRPC_BACKEND_FILTERS.has(f?.type)) {
          return `rules[${i}].backendRefs[${j}] has a ${f?.type} filter; Istio supports only RequestHeaderModifier and ResponseHeaderModifier there `
            + 'and rejects the whole route (InvalidFilter: unsupported filter type)';
        }
      }
    }
  }
  return undefined;
}

/**
 * A GRPCRoute read as the HTTP matcher reads routes: each match's `method`
 * becomes the `path` Istio programs (`grpcPathMatch`), headers are kept;
 * the original rule stays in `grpcRule` for filters and backendRefs.
 */
export function grpcRoute<T extends { readonly rules: any[]; readonly kind?: string; readonly invalid?: string }>(route: T): T {
  const rules = route.rules.map((rule: any) => {
    const matches: any[] = Array.isArray(rule?.matches) ? rule.matches : [];
    return {
      ...rule,
      // GRPCRoute has no timeouts or retry field; Istio's default retry policy applies
      matches: matches.map((m: any) => {
        const path = grpcPathMatch(m?.method);
        return { ...(path ? { path } : {}), ...(Array.isArray(m?.headers) ? { headers: m.headers } : {}) };
      }),
    };
  });
  return { ...route, kind: 'GRPCRoute', rules, invalid: grpcConversionError(route.rules) };
}
