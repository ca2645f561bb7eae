/**
 * Istio's `HTTPMatchRequest` (VirtualService `http[].match[]`) evaluated
 * against one request, as Envoy runs the route match Istio builds for it
 * (istio/istio pilot/pkg/networking/core/route/route.go `translateRoute`,
 * `sourceMatchHTTP`, `TranslateRouteMatch`):
 * - `port` other than the listener port, and `gateways` / `sourceLabels` /
 *   `sourceNamespace` that do not fit the proxy, drop the match before Envoy
 *   sees it;
 * - `uri` is Envoy's path match (`exact` → `path`, `prefix` → a string
 *   `prefix`, `regex` → `safe_regex`), case-insensitive for exact and prefix
 *   with `ignoreUriCase`; the query string is not part of the path;
 * - `scheme`, `method`, `authority` are header matches on `:scheme`,
 *   `:method`, `:authority`; `headers` on the named headers; `withoutHeaders`
 *   inverts a header match and treats a missing header as empty (unless the
 *   match is a presence match); `queryParams` match the first value of the
 *   parameter;
 * - every condition of one match must hold (AND); a rule matches when any
 *   of its matches does (OR), and a rule without matches matches everything.
 */
import { resolveGateways } from './gateway-refs';
import { describeStringMatch, isPresentMatch, stringMatches } from './string-match';

/** A request as Istio's route matches read it. */
export interface IstioHttpRequest {
  /** `http` or `https`. */
  readonly scheme: string;
  /** Upper case. */
  readonly method: string;
  /** The path without query string. */
  readonly path: string;
  /** `:authority` / `Host` as sent (a port included). */
  readonly authority: string;
  /** Lower-case header names. */
  readonly headers: Map<string, string>;
  /** The first value of each query parameter. */
  readonly query: Map<string, string>;
}

/** The proxy the routes are built for. */
export interface IstioMatchContext {
  /** The Istio Gateway (`namespace/name`) whose server the request reached. */
  readonly gateway: string;
  /** The server (listener) port. */
  readonly port: number;
  /** The labels of the gateway pods (the Gateway's `selector` is the best the input tells). */
  readonly proxyLabels: { [label: string]: string };
  /** The namespace of the gateway pods. */
  readonly proxyNamespace: string;
  /** The namespace of the VirtualService (for `gateways` short names). */
  readonly virtualServiceNamespace: string;
}

/** Whether a match holds, and what could not be simulated. */
export interface HttpMatchOutcome {
  readonly matched: boolean;
  /** Remarks (JWT claim headers, invalid regexes, ...). */
  readonly notes: string[];
}

/** JWT claim routing headers (`@request.auth.claims...`), matched on Envoy dynamic metadata, not on headers. */
const CLAIM_HEADER = /^@request\.auth\.claims/;

/**
 * Whether the proxy keeps the match at all (`sourceMatchHTTP` and the port
 * check of `translateRoute`): a match with `gateways` needs this gateway; a
 * match without needs its `sourceLabels` to be a subset of the proxy's labels
 * and `sourceNamespace` to be the proxy's namespace.
 */
export function matchAppliesToProxy(match: any, ctx: IstioMatchContext): boolean {
  if (!match) return true;
  if (match.port !== undefined && Number(match.port) !== 0 && Number(match.port) !== ctx.port) return false;
  const gateways: unknown = match.gateways;
  if (Array.isArray(gateways) && gateways.length > 0) {
    return resolveGateways(gateways, ctx.virtualServiceNamespace).includes(ctx.gateway);
  }
  const labels = match.sourceLabels && typeof match.sourceLabels === 'object' ? match.sourceLabels : {};
  if (!Object.entries(labels).every(([k, v]) => ctx.proxyLabels[k] === String(v))) return false;
  return match.sourceNamespace === undefined || match.sourceNamespace === '' || match.sourceNamespace === ctx.proxyNamespace;
}

/** Evaluates one HTTPMatchRequest (undefined: a rule without matches). */
export function httpMatchRequestMatches(match: any, req: IstioHttpRequest, ctx: IstioMatchContext): HttpMatchOutcome {
  const notes: string[] = [];
  if (!matchAppliesToProxy(match, ctx)) return { matched: false, notes };
  if (!match) return { matched: true, notes };
  const check = (m: any, value: string | undefined, what: string, ignoreCase = false): boolean => {
    const o = stringMatches(m, value, ignoreCase);
    if (o.problem) notes.push(`${what} ${o.problem}; Envoy rejects the route`);
    return o.matched;
  };
  if (match.uri !== undefined) {
    if (match.ignoreUriCase === true && match.uri?.regex !== undefined) {
      notes.push('ignoreUriCase does not apply to a uri regex (Envoy ignores case_sensitive for safe_regex)');
    }
    if (!check(match.uri, req.path, 'uri', match.ignoreUriCase === true && match.uri?.regex === undefined)) return { matched: false, notes };
  }
  if (match.scheme !== undefined && !check(match.scheme, req.scheme, 'scheme')) return { matched: false, notes };
  if (match.method !== undefined && !check(match.method, req.method, 'method')) return { matched: false, notes };
  if (match.authority !== undefined && !check(match.authority, req.authority, 'authority')) return { matched: false, notes };
  for (const [name, m] of Object.entries(objectOf(match.headers))) {
    if (CLAIM_HEADER.test(name)) {
      notes.push(`header match ${name} matches JWT claims (Envoy dynamic metadata), which the simulator does not read; it does not match`);
      return { matched: false, notes };
    }
    if (!check(m, req.headers.get(name.toLowerCase()), `header ${name}`)) return { matched: false, notes };
  }
  for (const [name, m] of Object.entries(objectOf(match.withoutHeaders))) {
    if (CLAIM_HEADER.test(name)) {
      notes.push(`withoutHeaders ${name} matches JWT claims, which the simulator does not read; it does not match`);
      return { matched: false, notes };
    }
    const value = req.headers.get(name.toLowerCase());
    // treat_missing_header_as_empty, except for a presence match (route.go TranslateRouteMatch)
    const seen = isPresentMatch(m) ? value : value ?? '';
    if (check(m, seen, `withoutHeaders ${name}`)) return { matched: false, notes };
  }
  for (const [name, m] of Object.entries(objectOf(match.queryParams))) {
    if ((m as any)?.prefix !== undefined) {
      notes.push(`queryParams ${name} uses prefix, which Istio's documentation calls unsupported; Istio 1.30 still translates it to an Envoy prefix match`);
    }
    if (!check(m, req.query.get(name), `queryParams ${name}`)) return { matched: false, notes };
  }
  return { matched: true, notes };
}

/** A match as a short text, for reasons and notes. */
export function describeHttpMatch(match: any): string {
  if (!match) return 'any request';
  const parts: string[] = [];
  if (match.uri !== undefined) parts.push(`uri ${describeStringMatch(match.uri)}${match.ignoreUriCase ? ' (ignoring case)' : ''}`);
  for (const f of ['scheme', 'method', 'authority']) if (match[f] !== undefined) parts.push(`${f} ${describeStringMatch(match[f])}`);
  for (const [n, m] of Object.entries(objectOf(match.headers))) parts.push(`header ${n} ${describeStringMatch(m)}`);
  for (const [n, m] of Object.entries(objectOf(match.withoutHeaders))) parts.push(`without header ${n} ${describeStringMatch(m)}`);
  for (const [n, m] of Object.entries(objectOf(match.queryParams))) parts.push(`query ${n} ${describeStringMatch(m)}`);
  if (match.port !== undefined) parts.push(`port ${match.port}`);
  return parts.length > 0 ? parts.join(', ') : 'any request';
}

function objectOf(v: unknown): { [k: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as any : {};
}
