/**
 * The text of routing graph labels: short, readable summaries of matches,
 * filters, redirects, traffic shares and DestinationRule policies, with
 * control characters made visible and long values shortened. Renderers
 * escape this text for their own syntax.
 */
import { effectiveMatches } from '../gateway-api/match-precedence';

/** The longest value a label shows; longer ones keep their start and end. */
const MAX_VALUE = 60;
/** The most list entries (hostnames, matches) a label shows. */
const MAX_ENTRIES = 4;

/**
 * C0 and C1 controls, DEL, the Unicode line and paragraph separators and
 * the bidirectional embedding, override and isolate characters: never
 * written raw into a graph, where they could break a line, hide text or
 * reorder it.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text with every control character written as a visible escape (`\x1b`,
 * `\u202e`), so a manifest value cannot add lines or reorder a label.
 * @internal
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A value for a label: printable and at most MAX_VALUE characters. @internal */
export function shortValue(value: unknown): string {
  const s = printable(String(value));
  return s.length <= MAX_VALUE ? s : `${s.slice(0, 40)}...${s.slice(-17)}`;
}

/** At most MAX_ENTRIES entries, then `+N more`. @internal */
export function shortList(values: readonly string[]): string[] {
  return values.length <= MAX_ENTRIES ? [...values] : [...values.slice(0, MAX_ENTRIES - 1), `+${values.length - MAX_ENTRIES + 1} more`];
}

/** One match: `GET PathPrefix /api · header x-version=v2 · query page=2`. @internal */
export function describeMatch(m: any): string {
  const path = m?.path ?? {};
  const parts = [`${m?.method ? `${shortValue(m.method)} ` : ''}${shortValue(path.type ?? 'PathPrefix')} ${shortValue(path.value ?? '/')}`];
  for (const h of Array.isArray(m?.headers) ? m.headers : []) parts.push(`header ${condition(h)}`);
  for (const q of Array.isArray(m?.queryParams) ? m.queryParams : []) parts.push(`query ${condition(q)}`);
  return parts.join(' · ');
}

/** `name=value` for an Exact condition, `name~value` for a RegularExpression one. */
function condition(c: any): string {
  const op = (c?.type ?? 'Exact') === 'RegularExpression' ? '~' : '=';
  return `${shortValue(c?.name)}${op}${shortValue(c?.value)}`;
}

/** The match lines of a rule (a rule without matches matches every request: `PathPrefix /`). @internal */
export function describeMatches(rule: any): string[] {
  return shortList(effectiveMatches(Array.isArray(rule?.matches) ? rule.matches : undefined).map(describeMatch));
}

/** The rule's filters other than RequestRedirect and RequestMirror (drawn as edges), one word or phrase each. @internal */
export function describeFilters(rule: any): string[] {
  const out: string[] = [];
  for (const f of Array.isArray(rule?.filters) ? rule.filters : []) {
    switch (f?.type) {
      case 'RequestRedirect':
      case 'RequestMirror':
        break;
      case 'URLRewrite': {
        const u = f.urlRewrite ?? {};
        const parts = [u.hostname !== undefined ? `host ${shortValue(u.hostname)}` : '', u.path ? pathModifier(u.path) : ''].filter((p) => p);
        out.push(`rewrite ${parts.join(', ') || '(nothing)'}`);
        break;
      }
      case 'ExtensionRef':
        out.push(`ExtensionRef ${shortValue(f.extensionRef?.name ?? '')}`);
        break;
      default:
        out.push(shortValue(f?.type ?? 'filter'));
    }
  }
  return out;
}

/**
 * The rule's timeouts and retry: `timeout request 10s, backend 2s`,
 * `retry 3 attempts on 503`.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry
 * @internal
 */
export function describeTimeouts(rule: any): string[] {
  const out: string[] = [];
  const t = rule?.timeouts;
  if (t && typeof t === 'object') {
    const parts = [t.request !== undefined ? `request ${shortValue(t.request)}` : '', t.backendRequest !== undefined ? `backend ${shortValue(t.backendRequest)}` : '']
      .filter((p) => p);
    if (parts.length > 0) out.push(`timeout ${parts.join(', ')}`);
  }
  const r = rule?.retry;
  if (r && typeof r === 'object') {
    const codes = Array.isArray(r.codes) && r.codes.length > 0 ? ` on ${shortList(r.codes.map(shortValue)).join(', ')}` : '';
    out.push(`retry${r.attempts !== undefined ? ` ${shortValue(r.attempts)} attempts` : ''}${codes}`);
  }
  return out;
}

function pathModifier(p: any): string {
  return p.type === 'ReplacePrefixMatch' ? `prefix ${shortValue(p.replacePrefixMatch ?? '')}` : `path ${shortValue(p.replaceFullPath ?? '')}`;
}

/**
 * The target of a RequestRedirect filter, one part per field that is set:
 * `https`, `host`, `:port`, `path`; `same URL` when none is.
 * @internal
 */
export function describeRedirect(r: any): string {
  const parts: string[] = [];
  if (r?.scheme !== undefined) parts.push(`scheme ${shortValue(r.scheme)}`);
  if (r?.hostname !== undefined) parts.push(`host ${shortValue(r.hostname)}`);
  if (r?.port !== undefined) parts.push(`port ${shortValue(r.port)}`);
  if (r?.path) parts.push(pathModifier(r.path));
  return parts.join(' · ') || 'same URL';
}

/**
 * The status code of a RequestRedirect filter: 302 when unset
 * (`HTTPRequestRedirectFilter.StatusCode` `+kubebuilder:default=302`).
 * @internal
 */
export function redirectStatus(r: any): string {
  return shortValue(r?.statusCode ?? 302);
}

/** A share of the traffic as a percentage, at most two decimals: `90%`, `33.33%`. @internal */
export function percent(share: number): string {
  return `${Math.round(share * 10000) / 100}%`;
}

/**
 * The share of one backendRef: `90%` when the weights of the rule sum to
 * 100 or there is one backend, else `50% (weight 1)`.
 * @internal
 */
export function shareLabel(weight: number, total: number, count: number): string {
  if (total === 0) return `weight ${shortValue(weight)}, 0%`;
  const share = percent(weight / total);
  return count === 1 || total === 100 ? share : `${share} (weight ${shortValue(weight)})`;
}

/**
 * A DestinationRule traffic policy in a few words:
 * `lb ROUND_ROBIN · max 100 connections · eject after 5 5xx · tls ISTIO_MUTUAL`.
 * @internal
 */
export function describePolicy(p: any): string {
  const parts: string[] = [];
  const lb = p?.loadBalancer;
  if (lb) parts.push(`lb ${lb.simple !== undefined ? shortValue(lb.simple) : lb.consistentHash ? 'consistentHash' : 'custom'}`);
  const pool = p?.connectionPool;
  if (pool?.tcp?.maxConnections !== undefined) parts.push(`max ${shortValue(pool.tcp.maxConnections)} connections`);
  if (pool?.http?.http1MaxPendingRequests !== undefined) parts.push(`max ${shortValue(pool.http.http1MaxPendingRequests)} pending`);
  if (pool && parts.length === (lb ? 1 : 0)) parts.push('connection pool');
  const od = p?.outlierDetection;
  if (od) {
    const n = od.consecutive5xxErrors ?? od.consecutiveGatewayErrors;
    parts.push(n !== undefined ? `eject after ${shortValue(n)} ${od.consecutive5xxErrors !== undefined ? '5xx' : 'gateway errors'}` : 'outlier detection');
  }
  if (p?.tls?.mode !== undefined) parts.push(`tls ${shortValue(p.tls.mode)}`);
  return parts.join(' · ') || 'no traffic policy';
}
