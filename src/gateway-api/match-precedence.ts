/**
 * HTTPRoute match precedence (`HTTPRouteRule.Matches`): across all rules of
 * all routes on a listener, a request goes to the match with (1) an Exact
 * path, (2) the longest PathPrefix, (3) a method, (4) the most header
 * matches, (5) the most query parameter matches. Only when two matches tie
 * on all of these do route age, route `namespace/name` and rule order
 * decide.
 */

/** A match as written in an HTTPRoute (the rendered JSON, or the library's `HttpRouteMatch`). */
export interface MatchLike {
  readonly path?: { readonly type?: string; readonly value?: string };
  readonly method?: string;
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly value: string; readonly type?: string }>;
  readonly queryParams?: ReadonlyArray<{ readonly name: string; readonly value: string; readonly type?: string }>;
}

type Conditions = Map<string, { type: string; value: string }>;

/** What decides the precedence of a match, and what decides whether two matches can both match one request. */
export interface MatchKey {
  readonly pathType: string;
  /** The path value; a PathPrefix without its trailing slash. */
  readonly pathValue: string;
  readonly method?: string;
  /** Header conditions by lower-case name. */
  readonly headers: Conditions;
  /** Query parameter conditions by name. */
  readonly queryParams: Conditions;
}

const REGEX = 'RegularExpression';

/** Path match types by precedence: Exact before PathPrefix before RegularExpression (as Istio ranks it), unknown types last. */
const PATH_RANK: { readonly [type: string]: number } = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/** The precedence key of a match (no path means `PathPrefix /`). */
export function matchKey(m: MatchLike): MatchKey {
  const pathType = m.path?.type ?? 'PathPrefix';
  const value = m.path?.value ?? '/';
  return {
    pathType,
    pathValue: pathType === 'PathPrefix' ? trimSlash(value) : value,
    method: m.method,
    headers: conditions(m.headers, true),
    queryParams: conditions(m.queryParams, false),
  };
}

/**
 * Header or query parameter conditions by name. Only the first entry of a
 * name counts, as `HTTPHeaderMatch` and `HTTPQueryParamMatch` require
 * (header names are case-insensitive).
 */
function conditions(list: MatchLike['headers'], fold: boolean): Conditions {
  const out: Conditions = new Map();
  for (const h of Array.isArray(list) ? list : []) {
    const name = fold ? String(h.name).toLowerCase() : String(h.name);
    if (!out.has(name)) out.set(name, { type: h.type ?? 'Exact', value: String(h.value) });
  }
  return out;
}

/** A PathPrefix value without its trailing slash (`''` for `/`): prefixes match whole path elements. */
export function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * The one ranking of HTTPRoute matches (`HTTPRouteRule.Matches`): negative
 * when `a` takes precedence over `b`, 0 when they are equal on precedence
 * (then route age, route `namespace/name` and rule order decide, see
 * `compareRouteOrder`). Ranks by (1) path type, Exact before PathPrefix
 * before RegularExpression (the last is implementation-specific; Istio
 * ranks it after prefixes), (2) the longer path value (a PathPrefix
 * without its trailing slash; a RegularExpression by its length, as
 * Istio does), (3) a method, (4) more header matches, (5) more query
 * parameter matches.
 */
export function compareMatches(a: MatchKey, b: MatchKey): number {
  return ((PATH_RANK[b.pathType] ?? 0) - (PATH_RANK[a.pathType] ?? 0))
    || (b.pathValue.length - a.pathValue.length)
    || (Number(b.method !== undefined) - Number(a.method !== undefined))
    || (b.headers.size - a.headers.size)
    || (b.queryParams.size - a.queryParams.size);
}

/**
 * A bucket that every match that can tie with this one shares (matches in
 * different buckets never tie), to avoid comparing all pairs.
 */
export function tieBucket(k: MatchKey, regex: RegexPrecedence = RegexPrecedence.ANY): string {
  if (k.pathType !== REGEX) return `${k.pathType} ${k.pathValue}`;
  return regex === RegexPrecedence.ANY ? REGEX : `${REGEX} ${k.pathValue.length}`;
}

/** How RegularExpression paths are ranked against each other. */
export enum RegexPrecedence {
  /** Implementation-specific: any two may tie (the safe assumption). */
  ANY = 'any',
  /** As Istio ranks them: by length, so only expressions of equal length tie (`compareMatches`). */
  BY_LENGTH = 'by-length',
}

/**
 * Whether two matches tie on precedence (`compareMatches` is 0) and one
 * request can satisfy both, so that only route age, route name or rule
 * order decides between them. With `RegexPrecedence.ANY` (the default) two
 * RegularExpression paths always count as equal on the path, since their
 * precedence is implementation-specific.
 */
export function matchesTie(a: MatchKey, b: MatchKey, regex: RegexPrecedence = RegexPrecedence.ANY): boolean {
  if (a.pathType !== b.pathType) return false;
  const anyRegex = a.pathType === REGEX && regex === RegexPrecedence.ANY;
  if (compareMatches(a, anyRegex ? { ...b, pathValue: a.pathValue } : b) !== 0) return false;
  return canOverlap(a, b);
}

/** Whether one request can satisfy two matches of the same path type and equal precedence. */
function canOverlap(a: MatchKey, b: MatchKey): boolean {
  // same type and length but another value: an Exact path or a whole-element prefix can't be both
  if (a.pathType !== REGEX && a.pathValue !== b.pathValue) return false;
  if ((a.method ?? '') !== (b.method ?? '')) return false;
  return !exclusive(a.headers, b.headers) && !exclusive(a.queryParams, b.queryParams);
}

/** Whether some name needs two different exact values, so no request satisfies both. */
function exclusive(a: Conditions, b: Conditions): boolean {
  for (const [name, x] of a) {
    const y = b.get(name);
    if (y && x.type === 'Exact' && y.type === 'Exact' && x.value !== y.value) return true;
  }
  return false;
}

/** A short description of a match key: `PathPrefix /api, method GET, 1 header(s)`. */
export function describeMatchKey(k: MatchKey): string {
  const parts = [`${k.pathType} ${k.pathValue || '/'}`];
  if (k.method) parts.push(`method ${k.method}`);
  if (k.headers.size) parts.push(`${k.headers.size} header(s)`);
  if (k.queryParams.size) parts.push(`${k.queryParams.size} query param(s)`);
  return parts.join(', ');
}

/** The matches a rule renders: none means the default `PathPrefix /`. */
export function effectiveMatches<T extends MatchLike>(matches: readonly T[] | undefined): readonly MatchLike[] {
  return Array.isArray(matches) && matches.length ? matches : [{}];
}

/** What orders two routes whose matches tie: age, then `namespace/name`. */
export interface RouteOrderKey {
  /** `metadata.creationTimestamp`, when known. */
  readonly creationTimestamp?: string;
  /** `namespace/name`. */
  readonly key: string;
}

/** Negative when route a wins a tie: the older one (when both timestamps are known), then `namespace/name`. */
export function compareRouteOrder(a: RouteOrderKey, b: RouteOrderKey): number {
  if (a.creationTimestamp && b.creationTimestamp) {
    const ta = Date.parse(a.creationTimestamp);
    const tb = Date.parse(b.creationTimestamp);
    if (!isNaN(ta) && !isNaN(tb) && ta !== tb) return ta - tb;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
