/**
 * Rules of an HTTPRoute that no request reaches because earlier rules of
 * the same route take every one of their matches.
 *
 * Within one route, matches that tie on precedence go to the first rule in
 * list order (Gateway API `HTTPRouteRule.Matches`: "If ties still exist
 * within an HTTPRoute, matching precedence MUST be granted to the FIRST
 * matching rule (in list order)"; docs/gateway-api-and-istio-facts.md). A
 * match that an earlier rule of the route repeats exactly (same path type
 * and value, method, header and query parameter conditions) ties with it and
 * covers the same requests, so it never wins, whatever other routes do. A
 * rule all of whose matches are repeated that way is unreachable. Only this
 * clear case is reported: a match that ties with another route's depends on
 * creation order (IGW1022), not on the manifests.
 */
import { compareMatches, effectiveMatches, MatchKey, matchKey } from '../gateway-api/match-precedence';

/** Whether two matches select exactly the same requests (and so tie on precedence). */
function sameMatch(a: MatchKey, b: MatchKey): boolean {
  return compareMatches(a, b) === 0
    && a.pathType === b.pathType && a.pathValue === b.pathValue
    && (a.method ?? '') === (b.method ?? '')
    && sameConditions(a.headers, b.headers) && sameConditions(a.queryParams, b.queryParams);
}

function sameConditions(a: MatchKey['headers'], b: MatchKey['headers']): boolean {
  if (a.size !== b.size) return false;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || y.type !== x.type || y.value !== x.value) return false;
  }
  return true;
}

/**
 * For each rule index whose every match an earlier rule of the same route
 * repeats, the index of the earlier rule that repeats its first match.
 * @internal
 */
export function shadowedRules(rules: readonly any[]): Map<number, number> {
  const out = new Map<number, number>();
  const keys = rules.map((r) => effectiveMatches(Array.isArray(r?.matches) ? r.matches : undefined).map(matchKey));
  keys.forEach((matches, i) => {
    let first: number | undefined;
    for (const m of matches) {
      let by: number | undefined;
      for (let j = 0; j < i && by === undefined; j++) {
        if (keys[j].some((earlier) => sameMatch(earlier, m))) by = j;
      }
      if (by === undefined) return;
      first ??= by;
    }
    if (first !== undefined) out.set(i, first);
  });
  return out;
}
