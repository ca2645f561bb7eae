/**
 * Catch-all routes of a VirtualService, as Istio decides them.
 *
 * istio/istio pilot/pkg/networking/core/route/route.go:
 * - `IsCatchAllRoute`: an Envoy route is a catch-all when its path matcher is
 *   prefix `/` or regex `.*` and it has no header, query parameter or
 *   dynamic metadata matcher. `TranslateRouteMatch` turns `method`,
 *   `authority`, `scheme`, `headers` and `withoutHeaders` into header
 *   matchers, so any of them makes the route conditional; an HTTP rule
 *   without `match` becomes a route with prefix `/`.
 * - `BuildHTTPRoutesForVirtualService`: routes are built rule by rule, match
 *   by match, and building STOPS after the first catch-all ("Routes are
 *   matched in order, so we will never go beyond this match"): the rules
 *   after it never reach Envoy.
 * - `SortVHostRoutes` (gateways only, pilot/pkg/networking/core/gateway.go
 *   `buildGatewayHTTPRouteConfig`): the routes of every VirtualService that
 *   serves a host on a gateway are appended in VirtualService order, then the
 *   catch-all routes are moved to the end, keeping the relative order of the
 *   others.
 *
 * `port`, `gateways`, `sourceLabels` and `sourceNamespace` decide per proxy
 * and port whether a match is built at all (`translateRoute`,
 * `sourceMatchHTTP`); a match that uses them is treated as conditional here,
 * so the answers never claim more than holds for every proxy.
 */

/** The fields of an HTTPMatchRequest that become Envoy route conditions (besides `uri`). */
const ROUTE_CONDITION_FIELDS = ['headers', 'withoutHeaders', 'queryParams', 'method', 'authority', 'scheme'];
/** The fields that decide per proxy and port whether the match is built at all. */
const PROXY_FIELDS = ['port', 'gateways', 'sourceLabels', 'sourceNamespace'];

/** Why a rule or match of `spec.http` matches every request. */
export interface CatchAll {
  /** The index of the catch-all match in the rule's `match`; undefined when the rule has no `match`. */
  readonly matchIndex?: number;
  /** How it reads, e.g. `no match`, `uri prefix "/"`. */
  readonly reason: string;
}

/** Whether a value is set the way protobuf JSON reads it (a non-empty object, list or string, or a non-zero number). */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  return v !== false;
}

/**
 * Whether one HTTPMatchRequest matches every request on every proxy:
 * `uri` unset, `prefix: /` or `regex: .*`, and no other condition. Returns
 * the reason, or undefined when it is conditional. `forProxy`: the match was
 * already chosen for one proxy and port (its `port`, `gateways` and source
 * conditions hold), so only the conditions Envoy's route carries count.
 */
export function catchAllMatch(match: unknown, forProxy = false): string | undefined {
  if (typeof match !== 'object' || match === null || Array.isArray(match)) return undefined;
  const m = match as any;
  const fields = forProxy ? ROUTE_CONDITION_FIELDS : [...ROUTE_CONDITION_FIELDS, ...PROXY_FIELDS];
  if (fields.some((f) => isSet(m[f]))) return undefined;
  const uri = m.uri;
  if (!isSet(uri)) return 'a match without conditions';
  if (typeof uri !== 'object') return undefined;
  const keys = Object.keys(uri);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'prefix' && uri.prefix === '/') return 'uri prefix "/"';
  if (keys[0] === 'regex' && uri.regex === '.*') return 'uri regex ".*"';
  return undefined;
}

/**
 * Whether an `http` rule matches every request: no `match` (and no
 * `delegate`, whose routes take the delegate's matches), or a catch-all
 * match among its matches.
 */
export function catchAllRule(rule: unknown): CatchAll | undefined {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return undefined;
  const r = rule as any;
  if (isSet(r.delegate)) return undefined;
  const matches: unknown[] = Array.isArray(r.match) ? r.match : [];
  if (matches.length === 0) return { reason: 'no match' };
  for (let i = 0; i < matches.length; i++) {
    const reason = catchAllMatch(matches[i]);
    if (reason) return { matchIndex: i, reason };
  }
  return undefined;
}

/** The index of the first catch-all rule of an `http` list (Istio builds no route after it), or -1. */
export function firstCatchAllRule(http: readonly unknown[]): number {
  return http.findIndex((r) => catchAllRule(r) !== undefined);
}

/** The field path of a catch-all, e.g. `spec.http[2]` or `spec.http[2].match[0]`. */
export function catchAllPath(ruleIndex: number, c: CatchAll): string {
  return c.matchIndex === undefined ? `spec.http[${ruleIndex}]` : `spec.http[${ruleIndex}].match[${c.matchIndex}]`;
}
