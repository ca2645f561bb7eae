import { AttachedRoute } from './attachment';
import { RouteInfo } from './model';
import { hostMatches, isWildcard } from '../gateway-api/hostnames';
import { compareMatches, compareRouteOrder, MatchKey, matchKey, trimSlash } from '../gateway-api/match-precedence';
import { re2FullMatch, re2Problem } from '../internal/re2';

/** A request with normalized fields. */
export interface NormalizedRequest {
  readonly scheme: string;
  readonly port: number;
  readonly host: string;
  /** The TLS server name (https); the host when none was given. */
  readonly sni: string;
  readonly method: string;
  readonly path: string;
  /** The raw query string without `?`, or '' */
  readonly queryString: string;
  /** First value of each query parameter. */
  readonly query: Map<string, string>;
  /** Lower-case header names. */
  readonly headers: Map<string, string>;
}

/** A match of a rule that the request satisfies, with its precedence keys. */
export interface Candidate {
  readonly route: RouteInfo;
  readonly ruleIndex: number;
  readonly matchIndex: number;
  readonly rule: any;
  /** The path match type as written (`PathPrefix` when there is no path). */
  readonly pathType: string;
  /** The path match value as written (`/` when there is no path). */
  readonly pathValue: string;
  /** Characters in the matching non-wildcard route hostname, then in the matching hostname. */
  readonly hostScore: [number, number];
  readonly matchedHostname?: string;
  /** The precedence key of the match (`compareMatches`). */
  readonly key: MatchKey;
}

/** Candidates sorted by precedence, plus what the simulator could not decide for sure. */
export interface MatchResult {
  readonly candidates: Candidate[];
  /** Attached routes whose hostnames do not match the host. */
  readonly hostMismatches: string[];
  /** The route with the most specific hostname matching the host, and that hostname. */
  readonly mostSpecific?: { route: RouteInfo; hostname?: string; score: [number, number] };
  readonly notes: string[];
}

/**
 * Finds every (rule, match) of the attached routes that the request
 * satisfies and sorts them by the Gateway API precedence: route hostname
 * specificity, Exact path, longest PathPrefix (RegularExpression after
 * prefixes, as Istio orders them), method, most headers, most query
 * params, oldest route, `namespace/name`, rule order, match order.
 */
export function findMatches(routes: AttachedRoute[], req: NormalizedRequest, listenerHostname: string | undefined): MatchResult {
  const candidates: Candidate[] = [];
  const hostMismatches: string[] = [];
  const notes = new Set<string>();
  let mostSpecific: MatchResult['mostSpecific'];
  for (const { route, hostnames } of routes) {
    const hostMatch = bestHostname(hostnames, req.host, listenerHostname);
    if (!hostMatch) {
      hostMismatches.push(`${route.kind ?? 'HTTPRoute'} ${route.key}: hostnames ${hostnames.join(', ')} do not match host ${req.host}`);
      continue;
    }
    if (!mostSpecific || hostMatch.score[0] > mostSpecific.score[0]
      || (hostMatch.score[0] === mostSpecific.score[0] && hostMatch.score[1] > mostSpecific.score[1])) {
      mostSpecific = { route, hostname: hostMatch.hostname, score: hostMatch.score };
    }
    route.rules.forEach((rule: any, ruleIndex: number) => {
      const matches: any[] = Array.isArray(rule.matches) && rule.matches.length > 0 ? rule.matches : [{}];
      matches.forEach((m: any, matchIndex: number) => {
        const c = evaluate(m, req, notes, route);
        if (!c) return;
        candidates.push({ route, ruleIndex, matchIndex, rule, hostScore: hostMatch.score, matchedHostname: hostMatch.hostname, ...c });
      });
    });
  }
  candidates.sort(compareCandidates);
  return { candidates, hostMismatches, mostSpecific, notes: [...notes] };
}

/** Negative when a has precedence over b: hostname, then the match (`compareMatches`), then route and rule order. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return compareOnMatch(a, b)
    || compareRouteOrder(a.route, b.route)
    || (a.ruleIndex - b.ruleIndex)
    || (a.matchIndex - b.matchIndex);
}

/** The route hostname specificity, then the match precedence. */
function compareOnMatch(a: Candidate, b: Candidate): number {
  return (b.hostScore[0] - a.hostScore[0])
    || (b.hostScore[1] - a.hostScore[1])
    || compareMatches(a.key, b.key);
}

/** Whether a and b tie on every match criterion (so route order decides). */
export function tieOnMatch(a: Candidate, b: Candidate): boolean {
  return compareOnMatch(a, b) === 0;
}

interface HostMatch {
  readonly hostname?: string;
  readonly score: [number, number];
}

function bestHostname(hostnames: string[], host: string, listenerHostname: string | undefined): HostMatch | undefined {
  if (hostnames.length === 0) {
    // the route takes the listener's hostname (or any host)
    if (!listenerHostname) return { score: [0, 0] };
    return { hostname: listenerHostname, score: [isWildcard(listenerHostname) ? 0 : listenerHostname.length, listenerHostname.length] };
  }
  let best: HostMatch | undefined;
  for (const h of hostnames) {
    if (!hostMatches(host, h)) continue;
    const score: [number, number] = [isWildcard(h) ? 0 : h.length, h.length];
    if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) {
      best = { hostname: h, score };
    }
  }
  return best;
}

type MatchKeys = Pick<Candidate, 'pathType' | 'pathValue' | 'key'>;

function evaluate(m: any, req: NormalizedRequest, notes: Set<string>, route: RouteInfo): MatchKeys | undefined {
  const pathType: string = m.path?.type ?? 'PathPrefix';
  const pathValue: string = m.path?.value ?? '/';
  if (!pathMatches(pathType, pathValue, req.path, notes, route)) return undefined;
  if (m.method !== undefined && String(m.method).toUpperCase() !== req.method) return undefined;
  const headers = firstByName(m.headers ?? [], (n) => n.toLowerCase());
  for (const h of headers) {
    const value = req.headers.get(String(h.name).toLowerCase());
    if (value === undefined || !valueMatches(h.type ?? 'Exact', String(h.value ?? ''), value, notes, route)) return undefined;
  }
  const params = firstByName(m.queryParams ?? [], (n) => n);
  for (const q of params) {
    const value = req.query.get(String(q.name));
    if (value === undefined || !valueMatches(q.type ?? 'Exact', String(q.value ?? ''), value, notes, route)) return undefined;
  }
  return { pathType, pathValue, key: matchKey(m) };
}

/** Keeps only the first entry of each (normalized) name, as the API requires. */
function firstByName(entries: any[], norm: (n: string) => string): any[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const k = norm(String(e.name));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Path matching: Exact is string equality; PathPrefix matches whole path
 * elements (`/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`; a
 * trailing `/` in the prefix is ignored); RegularExpression must match the
 * whole path.
 */
export function pathMatches(type: string, value: string, path: string, notes?: Set<string>, route?: RouteInfo): boolean {
  switch (type) {
    case 'Exact':
      return path === value;
    case 'PathPrefix': {
      const prefix = trimSlash(value);
      return prefix === '' || path === prefix || path.startsWith(prefix + '/');
    }
    case 'RegularExpression':
      notes?.add('RegularExpression matches are implementation-specific; they are evaluated with RE2 anchored at both ends, as Envoy does, and ranked after Exact and PathPrefix path matches, as Istio does');
      return regexMatches(value, path, notes, route);
    default:
      notes?.add(`${route?.kind ?? 'HTTPRoute'} ${route?.key}: unknown path match type ${type}; the match never matches`);
      return false;
  }
}

function valueMatches(type: string, expected: string, actual: string, notes: Set<string>, route: RouteInfo): boolean {
  if (type === 'Exact') return actual === expected;
  if (type === 'RegularExpression') {
    notes.add('RegularExpression matches are implementation-specific; they are evaluated with RE2 anchored at both ends, as Envoy does');
    return regexMatches(expected, actual, notes, route);
  }
  notes.add(`${route.kind ?? 'HTTPRoute'} ${route.key}: unknown match type ${type}; the match never matches`);
  return false;
}

function regexMatches(pattern: string, value: string, notes: Set<string> | undefined, route: RouteInfo | undefined): boolean {
  // Envoy evaluates safe_regex with RE2: linear time, full match
  const r = re2FullMatch(pattern, value);
  if (r === undefined) {
    notes?.add(`${route?.kind ?? 'HTTPRoute'} ${route?.key}: regular expression ${JSON.stringify(pattern)} ${re2Problem(pattern)}; the match never matches`);
    return false;
  }
  return r;
}
