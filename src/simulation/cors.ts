/**
 * The HTTPRoute `CORS` filter as Envoy's CORS filter applies it (Istio
 * turns the filter into the route's Envoy CorsPolicy):
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
 *   from an allowed origin is answered by the gateway itself with 200 and
 *   the `Access-Control-Allow-*` headers; the backend never sees it;
 * - any other request from an allowed origin is forwarded, and the response
 *   gets `Access-Control-Allow-Origin` (plus credentials and exposed headers);
 * - a preflight from an origin that is not allowed is answered by the gateway
 *   too (Istio 1.30 sets `unmatchedPreflights: IGNORE`, i.e. Envoy's
 *   `forward_not_matching_preflights: false`, istio/istio#59018), with the
 *   methods, headers, max-age and credentials headers but no
 *   `Access-Control-Allow-Origin`, so the browser refuses it;
 * - any other request from an origin that is not allowed is forwarded
 *   unchanged, with no CORS response headers.
 * Envoy echoes the request's origin rather than `*`, and answers a `*` in
 * allowMethods or allowHeaders with the requested method or headers.
 */

/** What the CORS filter does with one request. */
export interface CorsOutcome {
  /** The gateway answers the request itself (an allowed preflight). */
  readonly answered: boolean;
  /** Response headers the filter adds, by lower-case name. */
  readonly headers: { [name: string]: string };
  /** Why the origin was not allowed, when it was not. */
  readonly ignored?: string;
}

const DEFAULT_MAX_AGE = 5;

/** An origin as browsers send it: `scheme://host[:port]` (never `null`, a path or a query). */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s:]+(?::\d+)?$/i;

/**
 * Whether an origin is allowed by an `allowOrigins` entry. Istio 1.30 turns
 * `*` and wildcard entries into regular expressions over a well-formed
 * origin (istio/istio#59018, #59026): `*` matches any `scheme://host[:port]`
 * but not `null`, and a `*` inside an entry (`https://*.bar.com`) matches
 * one or more host labels.
 */
export function originAllowed(entry: string, origin: string): boolean {
  if (!ORIGIN.test(origin)) return false;
  if (entry === '*') return true;
  if (!entry.includes('*')) return entry.toLowerCase() === origin.toLowerCase();
  const pattern = entry.toLowerCase().split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/?#\\s:]+');
  return new RegExp(`^${pattern}$`).test(origin.toLowerCase());
}

/**
 * Applies a CORS filter (`HTTPCORSFilter`) to a request with lower-case
 * header names and an upper-case method.
 */
export function applyCors(cors: any, method: string, headers: Map<string, string>): CorsOutcome {
  const origin = headers.get('origin');
  if (origin === undefined) return { answered: false, headers: {}, ignored: 'the request has no Origin header' };
  const origins: string[] = Array.isArray(cors?.allowOrigins) ? cors.allowOrigins.map(String) : [];
  const allowed = origins.some((o) => originAllowed(o, origin));
  const requestedMethod = headers.get('access-control-request-method');
  const preflight = method === 'OPTIONS' && requestedMethod !== undefined;
  const ignored = allowed ? undefined : `origin ${origin} is not in allowOrigins (${origins.join(', ') || 'none'})`;
  if (!allowed && !preflight) return { answered: false, headers: {}, ignored };
  const out: { [name: string]: string } = allowed ? { 'access-control-allow-origin': origin } : {};
  if (cors.allowCredentials === true) out['access-control-allow-credentials'] = 'true';
  if (!preflight) {
    const expose = list(cors.exposeHeaders);
    if (expose.length > 0) out['access-control-expose-headers'] = expose.join(',');
    return { answered: false, headers: out };
  }
  const methods = list(cors.allowMethods);
  if (methods.length > 0) out['access-control-allow-methods'] = methods.includes('*') ? requestedMethod : methods.join(',');
  const allowHeaders = list(cors.allowHeaders);
  const requestedHeaders = headers.get('access-control-request-headers');
  if (allowHeaders.includes('*')) {
    if (requestedHeaders !== undefined) out['access-control-allow-headers'] = requestedHeaders;
  } else if (allowHeaders.length > 0) {
    out['access-control-allow-headers'] = allowHeaders.join(',');
  }
  const expose = list(cors.exposeHeaders);
  if (allowed && expose.length > 0) out['access-control-expose-headers'] = expose.join(',');
  out['access-control-max-age'] = String(cors.maxAge ?? DEFAULT_MAX_AGE);
  return { answered: true, headers: out, ...(ignored ? { ignored } : {}) };
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}
