/**
 * What a VirtualService HTTP rule does besides choosing destinations, as
 * Istio translates it (istio/istio pilot/pkg/networking/core/route/route.go
 * `translateRoute`, `ApplyRedirect`, `applyHTTPRouteDestination`,
 * `TranslateHeadersOperations`, `TranslateFault`, `TranslateCORSPolicy`,
 * `MirrorPercent`).
 */
import { RE2JS } from 're2js';
import { stringMatches } from '../../istio-api/string-match';
import { applyCors, CorsOutcome } from '../cors';
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

/**
 * The `Location` of an `HTTPRedirect` (`ApplyRedirect`): `uri` replaces the
 * whole path (a query in it replaces the request's), `authority` the host,
 * `scheme` the scheme; `port` or `derivePort: FROM_REQUEST_PORT` (the server
 * port) sets the port, dropped when it is the scheme's default; the code is
 * `redirectCode`, 301 by default.
 */
export function virtualServiceRedirect(
  r: any, req: { scheme: string; authority: string; path: string; queryString: string }, listenerPort: number, isTls: boolean,
): RedirectDecision {
  const scheme = String(r.scheme || req.scheme).toLowerCase();
  const [reqHost, reqPort] = splitAuthority(req.authority);
  const host = r.authority ? String(r.authority) : reqHost;
  let port: number | undefined;
  if (r.port !== undefined) port = Number(r.port);
  else if (r.derivePort === 'FROM_REQUEST_PORT') port = listenerPort;
  else if (r.derivePort === 'FROM_PROTOCOL_DEFAULT' || r.scheme) port = undefined;
  else port = reqPort;
  const effectiveScheme = r.scheme ? scheme : (isTls ? 'https' : 'http');
  if ((port === 80 && effectiveScheme === 'http') || (port === 443 && effectiveScheme === 'https')) port = undefined;
  let path = req.path;
  let query = req.queryString ? `?${req.queryString}` : '';
  if (typeof r.uri === 'string' && r.uri !== '') {
    const q = r.uri.indexOf('?');
    path = q < 0 ? r.uri : r.uri.slice(0, q);
    if (q >= 0) query = r.uri.slice(q);
  }
  return { location: `${scheme}://${host}${port !== undefined ? `:${port}` : ''}${path}${query}`, statusCode: Number(r.redirectCode ?? 301) || 301 };
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
    let re: RE2JS;
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

/** What a VirtualService `corsPolicy` does with one request (Envoy's CORS filter, via cors.ts). */
export function virtualServiceCors(policy: any, method: string, headers: Map<string, string>): CorsOutcome & { forwardedPreflight?: boolean } {
  const origin = headers.get('origin');
  if (origin === undefined) return { answered: false, headers: {}, ignored: 'the request has no Origin header' };
  const origins: any[] = Array.isArray(policy.allowOrigins) ? policy.allowOrigins
    : (Array.isArray(policy.allowOrigin) ? policy.allowOrigin.map((o: string) => ({ exact: o })) : []);
  // Istio's allowOrigins are StringMatches (util.ConvertToEnvoyMatches): Envoy compares the Origin header with them
  const allowed = origins.some((m) => (m?.exact === '*' ? true : stringMatches(m, origin).matched));
  const requestedMethod = headers.get('access-control-request-method');
  const preflight = method === 'OPTIONS' && requestedMethod !== undefined;
  // forward_not_matching_preflights is true unless unmatchedPreflights is IGNORE (route.go forwardNotMatchingPreflights)
  if (!allowed && preflight && policy.unmatchedPreflights !== 'IGNORE') {
    return { answered: false, headers: {}, ignored: `origin ${origin} is not allowed; the preflight is forwarded to the backend (unmatchedPreflights is not IGNORE)`, forwardedPreflight: true };
  }
  const maxAge = durationSeconds(policy.maxAge);
  const outcome = applyCors({
    allowOrigins: allowed ? [origin] : [],
    allowMethods: policy.allowMethods,
    allowHeaders: policy.allowHeaders,
    exposeHeaders: policy.exposeHeaders,
    allowCredentials: policy.allowCredentials,
    maxAge,
  }, method, headers);
  const out = { ...outcome.headers };
  if (maxAge === undefined) delete out['access-control-max-age'];
  return { ...outcome, headers: out };
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

function splitAuthority(authority: string): [string, number | undefined] {
  const m = /^(.*):(\d+)$/.exec(authority);
  return m && !m[1].endsWith(']') && m[1].includes(':') ? [authority, undefined] : (m ? [m[1], Number(m[2])] : [authority, undefined]);
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
