/**
 * What a VirtualService HTTP rule does besides choosing destinations, as
 * Istio translates it (istio/istio pilot/pkg/networking/core/route/route.go
 * `translateRoute`, `ApplyRedirect`, `applyHTTPRouteDestination`,
 * `TranslateHeadersOperations`, `TranslateFault`, `TranslateCORSPolicy`,
 * `MirrorPercent`).
 */
import * as re2jsModule from 're2js'; // only its type: the module loads on first use (re2js)
import { re2FullMatch, re2js } from '../../internal/re2';
import { describeStringMatch, stringMatches } from '../../istio-api/string-match';
import { CorsOutcome } from '../cors';
import { FaultDecision, HeaderChanges, RedirectDecision } from '../routing-decision';

/**
 * A `headers` block (`request`/`response` with `set`, `add`, `remove`).
 * Envoy removes first, then sets and appends (HeaderParser: "remove-before-add").
 * `host` / `:authority` in set or add is an authority rewrite, not a header
 * operation (`isAuthorityHeader`); other `:` headers are ignored.
 */
export function applyRequestHeaders(headers: Map<string, string>, ops: any): string | undefined {
  const req = ops?.request;
  if (!req) return undefined;
  for (const n of list(req.remove)) if (!internal(n)) headers.delete(n.toLowerCase());
  let authority: string | undefined;
  for (const [k, v] of Object.entries(obj(req.add))) {
    if (isAuthority(k)) {authority = String(v);} else if (!internal(k)) {
      const n = k.toLowerCase();
      const existing = headers.get(n);
      headers.set(n, existing === undefined ? String(v) : `${existing},${v}`);
    }
  }
  for (const [k, v] of Object.entries(obj(req.set))) {
    if (isAuthority(k)) authority = String(v);
    else if (!internal(k)) headers.set(k.toLowerCase(), String(v));
  }
  return authority;
}

/** Merges a `headers.response` block into response header changes. */
export function mergeResponseHeaders(prev: HeaderChanges | undefined, ops: any): HeaderChanges | undefined {
  const resp = ops?.response;
  if (!resp) return prev;
  const set = { ...(prev?.set ?? {}) };
  const add = { ...(prev?.add ?? {}) };
  const remove = [...(prev?.remove ?? [])];
  for (const n of list(resp.remove)) if (!internal(n)) remove.push(n.toLowerCase());
  for (const [k, v] of Object.entries(obj(resp.set))) if (!internal(k)) set[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(obj(resp.add))) {
    if (internal(k)) continue;
    const n = k.toLowerCase();
    add[n] = add[n] === undefined ? String(v) : `${add[n]},${v}`;
  }
  return { set, add, remove };
}

/** The redirect codes Envoy's `RedirectAction.response_code` has (route.go `ApplyRedirect`); 0 means 301. */
export const SUPPORTED_REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/**
 * What Istio does with an `HTTPRedirect.redirectCode`:
 * - `valid`: 0 (unset, 301), 301, 302, 303, 307 or 308;
 * - `rejected`: outside 300-399: the validating webhook refuses the
 *   VirtualService ("N is not a valid redirect code, must be 3xx",
 *   pkg/config/validation `validateHTTPRedirect`), so istiod never sees it;
 * - `unsupported`: another 3xx (300, 304, 305, 306, 309-399): admitted, but
 *   `ApplyRedirect` logs "Redirect Code N is not yet supported" and leaves the
 *   route without an action, which Envoy's Route validation refuses
 *   (`action` is a required oneof), so Envoy rejects the whole route
 *   configuration of the port.
 */
export function redirectCodeStatus(redirect: any): 'valid' | 'rejected' | 'unsupported' {
  if (!redirect || typeof redirect !== 'object' || redirect.redirectCode === undefined || redirect.redirectCode === null) return 'valid';
  const code = Number(redirect.redirectCode);
  if (code === 0 || SUPPORTED_REDIRECT_CODES.has(code)) return 'valid';
  if (!Number.isInteger(code) || code < 300 || code > 399) return 'rejected';
  return 'unsupported';
}

/**
 * The `Location` of an `HTTPRedirect`, as Istio programs Envoy's
 * RedirectAction (route.go `ApplyRedirect`) and Envoy builds the URL
 * (source/common/router/config_impl.cc `newUri` / `processRequestHost`):
 * - `scheme` replaces the scheme, else the request's (x-forwarded-proto);
 * - `authority` replaces the whole Host, port included; without it the
 *   request's Host is kept, its port dropped when a port is redirected, or
 *   when the scheme changes and the port is the old scheme's default
 *   (`:80` for http, `:443` for https);
 * - `port` sets the port; `derivePort: FROM_REQUEST_PORT` sets the server
 *   port; `FROM_PROTOCOL_DEFAULT` sets none (Envoy's default behaviour, as
 *   without a port); with a port set, 80 for http and 443 for https (scheme
 *   `scheme`, else https on a TLS server, else http) is left out;
 * - `uri` replaces the path (a query in it replaces the request's query);
 * - the code is `redirectCode`, 301 when unset (see `redirectCodeStatus`).
 */
export function virtualServiceRedirect(
  r: any, req: { scheme: string; authority: string; path: string; queryString: string }, listenerPort: number, isTls: boolean,
): RedirectDecision {
  const scheme = typeof r.scheme === 'string' && r.scheme !== '' ? r.scheme : req.scheme;
  let port: number | undefined;
  if (r.port !== undefined && r.port !== null && Number(r.port) > 0) port = Number(r.port);
  else if (r.derivePort === 'FROM_REQUEST_PORT') port = listenerPort;
  if (port !== undefined) {
    const portScheme = typeof r.scheme === 'string' && r.scheme !== '' ? r.scheme : (isTls ? 'https' : 'http');
    if ((port === 80 && portScheme === 'http') || (port === 443 && portScheme === 'https')) port = undefined;
  }
  const redirectsPort = port !== undefined;
  const host = typeof r.authority === 'string' && r.authority !== ''
    ? r.authority
    : envoyRequestHost(req.authority, req.scheme, scheme, redirectsPort);
  let path = req.path;
  let query = req.queryString ? `?${req.queryString}` : '';
  if (typeof r.uri === 'string' && r.uri !== '') {
    const q = r.uri.indexOf('?');
    path = q < 0 ? r.uri : r.uri.slice(0, q);
    if (q >= 0) query = r.uri.slice(q);
  }
  const code = Number(r.redirectCode ?? 0);
  return { location: `${scheme}://${host}${redirectsPort ? `:${port}` : ''}${path}${query}`, statusCode: code === 0 ? 301 : code };
}

/**
 * The host part of a redirect without `authority` (Envoy `processRequestHost`):
 * the request's Host, its port removed when a port is redirected, or when the
 * scheme changes and the port is the request scheme's default.
 */
export function envoyRequestHost(authority: string, requestScheme: string, newScheme: string, redirectsPort: boolean): string {
  const end = authority.startsWith('[') ? (authority.lastIndexOf(']:') >= 0 ? authority.lastIndexOf(']:') + 1 : -1) : authority.lastIndexOf(':');
  if (end < 0) return authority;
  const port = authority.slice(end);
  let remove = redirectsPort;
  if (newScheme !== requestScheme) {
    remove = remove || (requestScheme === 'https' && port === ':443') || (requestScheme === 'http' && port === ':80');
  }
  return remove ? authority.slice(0, end) : authority;
}

/**
 * The path after `rewrite` (`applyHTTPRouteDestination`): `uriRegexRewrite`
 * is Envoy's `regex_rewrite` (every match replaced, `\1` groups); `uri` is
 * Envoy's `prefix_rewrite`, which replaces the part of the path the route
 * matched: the prefix of a prefix match, the whole path of an exact or regex
 * match, `/` when the rule has no uri match.
 */
export function rewrittenPath(rewrite: any, path: string, match: any, notes: Set<string>): string | undefined {
  const rr = rewrite?.uriRegexRewrite;
  if (rr && typeof rr.match === 'string') {
    const { RE2JS } = re2js(); // outside the try: a failure to load re2js is not a pattern problem
    let re: re2jsModule.RE2JS;
    try {
      re = RE2JS.compile(rr.match);
    } catch (e) {
      notes.add(`uriRegexRewrite.match ${JSON.stringify(rr.match)} is not valid RE2; Envoy rejects the route`);
      return undefined;
    }
    const replacement = String(rr.rewrite ?? '').replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
    return re.matcher(path).replaceAll(replacement);
  }
  if (typeof rewrite?.uri !== 'string' || rewrite.uri === '') return undefined;
  const uri = match?.uri;
  let matched: number;
  if (uri?.prefix !== undefined) matched = String(uri.prefix).length;
  else if (uri?.exact !== undefined || uri?.regex !== undefined) matched = path.length;
  else matched = 1;
  return rewrite.uri + path.slice(matched);
}

/**
 * The fault a rule injects (`TranslateFault`): `abort.httpStatus` with
 * `abort.percentage` (none given: no request is aborted) and
 * `delay.fixedDelay` with `delay.percentage` (or the deprecated integer
 * `percent`). Exponential delays and gRPC aborts are noted.
 */
export function faultOf(fault: any, notes: Set<string>): FaultDecision | undefined {
  if (!fault || typeof fault !== 'object') return undefined;
  const out: { abortStatus?: number; abortShare?: number; delay?: string; delayShare?: number } = {};
  const a = fault.abort;
  if (a && typeof a === 'object') {
    if (a.httpStatus !== undefined) {
      out.abortStatus = Number(a.httpStatus);
      out.abortShare = share(a.percentage?.value);
      if (a.percentage === undefined) notes.add('fault.abort has no percentage; no request is aborted (Istio: "If not specified, no request will be aborted")');
    } else if (a.grpcStatus !== undefined) {
      notes.add(`fault.abort.grpcStatus ${a.grpcStatus} aborts gRPC calls with that status (HTTP 200); the simulator does not show it as abortStatus`);
    }
  }
  const d = fault.delay;
  if (d && typeof d === 'object') {
    if (typeof d.fixedDelay === 'string') {
      out.delay = d.fixedDelay;
      out.delayShare = d.percentage !== undefined ? share(d.percentage?.value) : share(d.percent);
      notes.add(`fault.delay holds ${Math.round(out.delayShare * 10000) / 100}% of the requests for ${d.fixedDelay} before they are routed`);
    } else if (d.exponentialDelay !== undefined) {
      notes.add('fault.delay.exponentialDelay is not supported by Istio; no delay is injected');
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What a VirtualService `corsPolicy` does with one request. */
export interface VirtualServiceCorsOutcome extends CorsOutcome {
  /** A preflight from an origin that is not allowed, forwarded to the backend (unmatchedPreflights FORWARD, the default). */
  readonly forwardedPreflight?: boolean;
}

/**
 * A VirtualService `corsPolicy` as Envoy's CORS filter runs it (route.go
 * `TranslateCORSPolicy`; envoy source/extensions/filters/http/cors/cors_filter.cc):
 * - `allowOrigins` are StringMatches (`util.ConvertToEnvoyMatches`: exact,
 *   prefix, RE2 regex), the deprecated `allowOrigin` exact strings; an origin
 *   is allowed when an entry matches it or matches `*` (`isOriginAllowed`);
 * - a request without Origin is not a CORS request;
 * - a preflight (OPTIONS with Origin and Access-Control-Request-Method) from
 *   an allowed origin is answered 200 by the gateway with
 *   Access-Control-Allow-Origin (the origin), -Allow-Credentials,
 *   -Allow-Methods (`*` echoes the requested method), -Allow-Headers (`*`
 *   echoes the requested headers), -Max-Age (only when `maxAge` is set,
 *   in whole seconds) and -Expose-Headers: the filter sends its preflight
 *   answer through the encoder chain (`decoder_callbacks_->encodeHeaders`),
 *   where its own `encodeHeaders` adds Expose-Headers for a latched (allowed)
 *   origin, as the Gateway API conformance suite (HTTPRouteCORS) expects;
 * - a preflight from another origin is forwarded unless `unmatchedPreflights`
 *   is IGNORE (`forwardNotMatchingPreflights`), when the gateway answers 200
 *   with the same headers but no Access-Control-Allow-Origin;
 * - other requests are forwarded; from an allowed origin the response gets
 *   Access-Control-Allow-Origin, -Allow-Credentials and -Expose-Headers.
 */
export function virtualServiceCors(policy: any, method: string, headers: Map<string, string>): VirtualServiceCorsOutcome {
  const origin = headers.get('origin');
  if (origin === undefined || origin === '') return { answered: false, headers: {}, ignored: 'the request has no Origin header' };
  const matchers: any[] = Array.isArray(policy.allowOrigins)
    ? policy.allowOrigins.filter((m: any) => m && typeof m === 'object' && ['exact', 'prefix', 'regex'].some((k) => m[k] !== undefined))
    : (Array.isArray(policy.allowOrigin) ? policy.allowOrigin.map((o: unknown) => ({ exact: String(o) })) : []);
  const envoyMatch = (m: any, v: string) => (m.regex !== undefined ? re2FullMatch(String(m.regex), v) === true : stringMatches(m, v).matched);
  const allowed = matchers.some((m) => envoyMatch(m, '*') || envoyMatch(m, origin));
  const ignored = allowed ? undefined : `origin ${origin} matches no allowOrigins entry (${matchers.map(describeStringMatch).join(', ') || 'none'})`;
  const credentials = policy.allowCredentials === true;
  const requestedMethod = headers.get('access-control-request-method');
  const preflight = method === 'OPTIONS' && requestedMethod !== undefined && requestedMethod !== '';
  if (!preflight) {
    if (!allowed) return { answered: false, headers: {}, ignored };
    const out: { [name: string]: string } = { 'access-control-allow-origin': origin };
    if (credentials) out['access-control-allow-credentials'] = 'true';
    const expose = list(policy.exposeHeaders).join(',');
    if (expose !== '') out['access-control-expose-headers'] = expose;
    return { answered: false, headers: out };
  }
  if (!allowed && policy.unmatchedPreflights !== 'IGNORE') {
    return {
      answered: false,
      headers: {},
      ignored: `${ignored}; the preflight is forwarded to the backend (unmatchedPreflights is not IGNORE: forward_not_matching_preflights)`,
      forwardedPreflight: true,
    };
  }
  const out: { [name: string]: string } = allowed ? { 'access-control-allow-origin': origin } : {};
  if (credentials) out['access-control-allow-credentials'] = 'true';
  const methods = list(policy.allowMethods).join(',');
  if (methods !== '') out['access-control-allow-methods'] = methods === '*' ? requestedMethod : methods;
  const allowHeaders = list(policy.allowHeaders).join(',');
  if (allowHeaders !== '') out['access-control-allow-headers'] = allowHeaders === '*' ? headers.get('access-control-request-headers') ?? '' : allowHeaders;
  const maxAge = durationSeconds(policy.maxAge);
  if (maxAge !== undefined) out['access-control-max-age'] = String(maxAge);
  const expose = list(policy.exposeHeaders).join(',');
  if (allowed && expose !== '') out['access-control-expose-headers'] = expose;
  return { answered: true, headers: out, ...(ignored ? { ignored: `${ignored}; unmatchedPreflights IGNORE: the gateway answers the preflight without Access-Control-Allow-Origin` } : {}) };
}

/** The mirrors of a rule: `mirror` with `mirrorPercentage` (default 100), and `mirrors[]` with their `percentage`. */
export function mirrorsOf(rule: any): Array<{ destination: any; percent: number }> {
  const out: Array<{ destination: any; percent: number }> = [];
  if (rule.mirror && typeof rule.mirror === 'object') {
    const p = rule.mirrorPercentage !== undefined ? Number(rule.mirrorPercentage?.value ?? 0)
      : (rule.mirrorPercent !== undefined ? Number(rule.mirrorPercent) : 100);
    if (p > 0) out.push({ destination: rule.mirror, percent: p });
  }
  for (const m of Array.isArray(rule.mirrors) ? rule.mirrors : []) {
    if (!m?.destination) continue;
    const p = m.percentage !== undefined ? Number(m.percentage?.value ?? 0) : 100;
    if (p > 0) out.push({ destination: m.destination, percent: p });
  }
  return out;
}

/** Seconds of a protobuf Duration string (`24h`, `1.5s`, `300ms`), or undefined. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const units: { [u: string]: number } = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, ns: 0.000000001 };
  let total = 0;
  let matched = false;
  for (const [, n, u] of v.matchAll(/([0-9.]+)(ms|us|ns|h|m|s)/g)) {
    total += Number(n) * units[u];
    matched = true;
  }
  return matched ? Math.floor(total) : undefined;
}

function share(percent: unknown): number {
  const n = Number(percent ?? 0);
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.min(1, Math.round((n / 100) * 1e9) / 1e9);
}

function isAuthority(k: string): boolean {
  return k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';
}

function internal(k: string): boolean {
  return k.startsWith(':') || k.toLowerCase() === 'host';
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function obj(v: unknown): { [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as any : {};
}
