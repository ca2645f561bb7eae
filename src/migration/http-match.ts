/**
 * The HTTPRoute matches the migration writes, with what it needs to reason
 * about them: which requests one match admits, whether one match covers
 * another, and the match both admit (their intersection).
 */
import { compareMatches, matchKey, MatchKey, trimSlash } from '../gateway-api/match-precedence';
import { re2FullMatch } from '../internal/re2';

/** A header or query parameter condition. @internal */
export interface Condition {
  readonly name: string;
  readonly type: 'Exact' | 'RegularExpression';
  readonly value: string;
}

/**
 * The requests of an Istio string prefix that a PathPrefix does not admit:
 * paths that start with `prefix` and, when `notSlashNext`, go on with a
 * character other than `/` (rendered as a RegularExpression).
 * @internal
 */
export interface StringPrefix {
  readonly prefix: string;
  readonly notSlashNext: boolean;
}

/** A path match. @internal */
export interface PathCondition {
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  readonly value: string;
  /** Set when this RegularExpression stands for (part of) an Istio string prefix. */
  readonly stringPrefix?: StringPrefix;
  /** Set when this RegularExpression stands for an Istio exact or prefix match with `ignoreUriCase`. */
  readonly caseless?: { readonly value: string; readonly prefix: boolean };
}

/** One HTTPRoute match. @internal */
export interface HttpMatch {
  readonly path: PathCondition;
  readonly method?: string;
  readonly headers: Condition[];
  readonly queryParams: Condition[];
  /**
   * The Istio `uri.prefix` the match stands for (`/` when the Istio match
   * has no uri), for rewrites: Envoy replaces that string prefix.
   */
  readonly istioPrefix?: string;
  /**
   * A path the PathPrefix admits but the Istio match does not: for Istio
   * prefix `/api/`, PathPrefix `/api/` also admits `/api`. Later rules get
   * Exact matches for it (route-conversion.ts), which outrank the prefix.
   */
  readonly excludedPath?: string;
}

/** The precedence key (match-precedence.ts, the one implementation). @internal */
export function keyOf(m: HttpMatch): MatchKey {
  return matchKey({ path: m.path, method: m.method, headers: m.headers, queryParams: m.queryParams });
}

/** Negative when `a` outranks `b` in Gateway API precedence. @internal */
export function outranks(a: HttpMatch, b: HttpMatch): boolean {
  return compareMatches(keyOf(a), keyOf(b)) < 0;
}

/** The rendered HTTPRoute match. @internal */
export function renderMatch(m: HttpMatch): any {
  const out: any = { path: { type: m.path.type, value: m.path.value } };
  if (m.headers.length) out.headers = m.headers.map((h) => ({ name: h.name, type: h.type, value: h.value }));
  if (m.method) out.method = m.method;
  if (m.queryParams.length) out.queryParams = m.queryParams.map((q) => ({ name: q.name, type: q.type, value: q.value }));
  return out;
}

/** The identity of a match. @internal */
export function matchId(m: HttpMatch): string {
  return JSON.stringify(renderMatch(m));
}

/** An RE2 expression that matches `text` literally. @internal */
export function quoteRe2(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
}

/** The RegularExpression path of a string prefix. @internal */
export function stringPrefixPath(sp: StringPrefix): PathCondition {
  return { type: 'RegularExpression', value: `${quoteRe2(sp.prefix)}${sp.notSlashNext ? '[^/]' : ''}.*`, stringPrefix: sp };
}

/** Whether `value` is under PathPrefix `prefix` (whole path elements). */
function underPrefix(value: string, prefix: string): boolean {
  const p = trimSlash(prefix);
  return p === '' || value === p || value.startsWith(`${p}/`);
}

function inStringPrefix(value: string, sp: StringPrefix): boolean {
  if (!value.startsWith(sp.prefix)) return false;
  return !sp.notSlashNext || (value.length > sp.prefix.length && value[sp.prefix.length] !== '/');
}

/** Whether a path condition admits one path: true, false or undefined (unknown). */
function admitsPath(p: PathCondition, value: string): boolean | undefined {
  switch (p.type) {
    case 'Exact': return p.value === value;
    case 'PathPrefix': return underPrefix(value, p.value);
    default:
      if (p.caseless) {
        const v = value.toLowerCase();
        const c = p.caseless.value.toLowerCase();
        return p.caseless.prefix ? v.startsWith(c) : v === c;
      }
      return p.stringPrefix ? inStringPrefix(value, p.stringPrefix) : re2FullMatch(p.value, value);
  }
}

/** The literal text a regular expression's matches all start with (up to the first operator). */
function literalPrefix(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      const n = re[i + 1];
      if (n !== undefined && /[\\.+*?()|[\]{}^$/-]/.test(n)) {
        out += n; i++; continue;
      }
      break;
    }
    if (/[.+*?()|[\]{}^$]/.test(c)) {
      // a quantifier applies to the last character: drop it
      if (/[*?{]/.test(c)) out = out.slice(0, -1);
      break;
    }
    out += c;
  }
  return out;
}

/** The literal text every path a condition admits starts with. */
function startOf(p: PathCondition): string {
  if (p.type === 'Exact') return p.value;
  if (p.type === 'PathPrefix') return trimSlash(p.value);
  if (p.caseless) return p.caseless.value;
  return p.stringPrefix ? p.stringPrefix.prefix : literalPrefix(p.value);
}

const NONE = 'none';
const UNKNOWN = 'unknown';
type Outcome<T> = T | typeof NONE | typeof UNKNOWN;

/** The path condition that admits exactly the paths both admit, `none`, or `unknown` (not expressible). */
export function intersectPaths(a: PathCondition, b: PathCondition): Outcome<PathCondition> {
  if (a.type === b.type && a.value === b.value) return a;
  if (a.type === 'Exact' || b.type === 'Exact') {
    const [e, o] = a.type === 'Exact' ? [a, b] : [b, a];
    const r = admitsPath(o, e.value);
    return r === undefined ? UNKNOWN : r ? e : NONE;
  }
  // diverging literal starts: no path can be in both (compared without case when one ignores it)
  const lower = a.caseless || b.caseless ? (x: string) => x.toLowerCase() : (x: string) => x;
  const sa = lower(startOf(a));
  const sb = lower(startOf(b));
  if (!sa.startsWith(sb) && !sb.startsWith(sa)) return NONE;
  if (a.caseless || b.caseless) return UNKNOWN;
  if (a.type === 'PathPrefix' && b.type === 'PathPrefix') {
    if (underPrefix(trimSlash(a.value), b.value)) return a;
    if (underPrefix(trimSlash(b.value), a.value)) return b;
    return NONE;
  }
  if (a.type === 'PathPrefix' || b.type === 'PathPrefix') {
    const [q, o] = a.type === 'PathPrefix' ? [a, b] : [b, a];
    if (!o.stringPrefix) return UNKNOWN;
    return prefixAndStringPrefix(trimSlash(q.value), q, o);
  }
  if (a.stringPrefix && b.stringPrefix) {
    const [long, short] = a.stringPrefix.prefix.length >= b.stringPrefix.prefix.length ? [a, b] : [b, a];
    const lp = long.stringPrefix!;
    const sp = short.stringPrefix!;
    if (lp.prefix === sp.prefix) return stringPrefixPath({ prefix: lp.prefix, notSlashNext: lp.notSlashNext || sp.notSlashNext });
    if (sp.notSlashNext && lp.prefix[sp.prefix.length] === '/') return NONE;
    return long;
  }
  return UNKNOWN;
}

function prefixAndStringPrefix(qt: string, q: PathCondition, o: PathCondition): Outcome<PathCondition> {
  const sp = o.stringPrefix!;
  const P = sp.prefix;
  if (qt === '' || P.startsWith(`${qt}/`)) return o;
  if (P === qt) return sp.notSlashNext ? NONE : q;
  if (qt.startsWith(P)) return sp.notSlashNext && qt[P.length] === '/' ? NONE : q;
  return NONE;
}

/** Whether every path `b` admits is admitted by `a` (false when unknown). */
function pathCovers(a: PathCondition, b: PathCondition): boolean {
  if (a.type === b.type && a.value === b.value) return true;
  if (b.type === 'Exact') return admitsPath(a, b.value) === true;
  if (a.type === 'Exact') return false;
  if (a.type === 'PathPrefix') {
    const at = trimSlash(a.value);
    if (at === '') return true;
    if (b.type === 'PathPrefix') return underPrefix(trimSlash(b.value), a.value);
    return b.stringPrefix !== undefined && b.stringPrefix.prefix.startsWith(`${at}/`);
  }
  if (!a.stringPrefix) return false;
  const ap = a.stringPrefix;
  if (b.type === 'PathPrefix') {
    const bt = trimSlash(b.value);
    return bt.startsWith(ap.prefix) && (!ap.notSlashNext || (bt.length > ap.prefix.length && bt[ap.prefix.length] !== '/'));
  }
  if (!b.stringPrefix) return false;
  const bp = b.stringPrefix;
  if (bp.prefix === ap.prefix) return !ap.notSlashNext || bp.notSlashNext;
  return bp.prefix.startsWith(ap.prefix) && (!ap.notSlashNext || bp.prefix[ap.prefix.length] !== '/');
}

function fold(name: string, headers: boolean): string {
  return headers ? name.toLowerCase() : name;
}

/** Conditions both lists require, `none` or `unknown`. */
function intersectConditions(a: Condition[], b: Condition[], headers: boolean): Outcome<Condition[]> {
  const out = [...a];
  for (const y of b) {
    const i = out.findIndex((x) => fold(x.name, headers) === fold(y.name, headers));
    if (i < 0) {
      out.push(y); continue;
    }
    const x = out[i];
    if (x.type === y.type && x.value === y.value) continue;
    if (x.type === 'Exact' && y.type === 'Exact') return NONE;
    if (x.type === 'RegularExpression' && y.type === 'RegularExpression') return UNKNOWN;
    const [e, r] = x.type === 'Exact' ? [x, y] : [y, x];
    const ok = re2FullMatch(r.value, e.value);
    if (ok === undefined) return UNKNOWN;
    if (!ok) return NONE;
    out[i] = e;
  }
  return out;
}

/** Whether every condition of `a` is required as well by `b`. */
function conditionsCover(a: Condition[], b: Condition[], headers: boolean): boolean {
  return a.every((x) => b.some((y) => fold(x.name, headers) === fold(y.name, headers)
    && ((x.type === y.type && x.value === y.value) || (x.type === 'RegularExpression' && y.type === 'Exact' && re2FullMatch(x.value, y.value) === true))));
}

/** Whether every request `b` matches is matched by `a`. @internal */
export function covers(a: HttpMatch, b: HttpMatch): boolean {
  if (a.excludedPath !== undefined && b.excludedPath !== a.excludedPath && admitsPath(b.path, a.excludedPath) !== false) return false;
  return pathCovers(a.path, b.path)
    && (a.method === undefined || a.method === b.method)
    && conditionsCover(a.headers, b.headers, true)
    && conditionsCover(a.queryParams, b.queryParams, false);
}

/** The match that admits exactly the requests both admit, `none` (disjoint) or `unknown` (not expressible). @internal */
export function intersectMatches(a: HttpMatch, b: HttpMatch): Outcome<HttpMatch> {
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return NONE;
  const path = intersectPaths(a.path, b.path);
  const headers = intersectConditions(a.headers, b.headers, true);
  const queryParams = intersectConditions(a.queryParams, b.queryParams, false);
  if (path === NONE || headers === NONE || queryParams === NONE) return NONE;
  if (path === UNKNOWN || headers === UNKNOWN || queryParams === UNKNOWN) return UNKNOWN;
  const excluded = [a.excludedPath, b.excludedPath].filter((x): x is string => x !== undefined);
  if (path.type === 'Exact' && excluded.includes(path.value)) return NONE;
  const excludedPath = excluded.find((x) => admitsPath(path, x) !== false);
  const out: HttpMatch = { path, method: a.method ?? b.method, headers, queryParams, istioPrefix: a.istioPrefix };
  return excludedPath !== undefined ? { ...out, excludedPath } : out;
}

/** @internal */
export const DISJOINT = NONE;
/** @internal */
export const NOT_EXPRESSIBLE = UNKNOWN;
