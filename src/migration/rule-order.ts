/**
 * Keeps Istio's first-match order under Gateway API precedence.
 *
 * Istio takes the first `http` rule of a VirtualService whose match admits
 * the request (istio/istio pilot/pkg/networking/core/route/route.go
 * `BuildHTTPRoutesForVirtualService` emits one Envoy route per match, in
 * order, and Envoy takes the first). Gateway API ranks all matches of all
 * rules (Exact, longest PathPrefix, method, headers, query parameters) and
 * falls back to rule order only on a tie
 * (src/gateway-api/match-precedence.ts). So where a later rule's match
 * outranks an overlapping match of an earlier rule, the earlier rule gets
 * the intersection of the two: it ranks at least as high as the later match
 * and wins the tie by rule order. A rule every match of which an earlier
 * rule covers is unreachable in Istio and is dropped.
 */
import { covers, DISJOINT, HttpMatch, intersectMatches, matchId, NOT_EXPRESSIBLE, outranks, keyOf } from './http-match';
import { compareMatches, describeMatchKey } from '../gateway-api/match-precedence';

/** A rule to order: its matches (never empty; `PathPrefix /` for "every request"). @internal */
export interface OrderedRule {
  readonly index: number;
  readonly matches: HttpMatch[];
}

/** The outcome. @internal */
export interface RuleOrderResult {
  /** The rules kept, in order, with the matches they need. */
  readonly rules: OrderedRule[];
  /** Rules dropped as unreachable: index and the index of the earlier rule that covers it. */
  readonly unreachable: Array<{ index: number; coveredBy: number }>;
  /** Rules that received intersection matches: index and how many. */
  readonly added: Array<{ index: number; count: number; because: number }>;
  /** Why the order cannot be kept, when it cannot. */
  readonly problem?: string;
}

/**
 * Orders `rules` (in Istio order) so that Gateway API precedence sends every
 * request to the rule Istio picks. `maxMatches` bounds the matches of one
 * route (HTTPRoute CRD: 128 per route, 64 per rule).
 * @internal
 */
export function preserveFirstMatch(input: OrderedRule[], maxMatchesPerRule: number, maxMatches: number): RuleOrderResult {
  const unreachable: Array<{ index: number; coveredBy: number }> = [];
  const kept: OrderedRule[] = [];
  for (const rule of input) {
    const coveredBy = kept.find((k) => rule.matches.every((m) => k.matches.some((e) => covers(e, m))));
    if (coveredBy) {
      unreachable.push({ index: rule.index, coveredBy: coveredBy.index });
      continue;
    }
    kept.push({ index: rule.index, matches: [...rule.matches] });
  }
  const added: Array<{ index: number; count: number; because: number }> = [];
  // from the last rule to the first: a rule's added matches are seen by the rules before it
  for (let k = kept.length - 2; k >= 0; k--) {
    const rule = kept[k];
    const ids = new Set(rule.matches.map(matchId));
    for (let x = 0; x < rule.matches.length; x++) {
      const mk = rule.matches[x];
      for (let j = k + 1; j < kept.length; j++) {
        for (const mj of kept[j].matches) {
          if (!outranks(mj, mk)) continue;
          const both = intersectMatches(mk, mj);
          if (both === DISJOINT) continue;
          const problem = `spec.http[${rule.index}] (${describeMatchKey(keyOf(mk))}) overlaps the later spec.http[${kept[j].index}] (${describeMatchKey(keyOf(mj))}), which Gateway API ranks higher`;
          if (both === NOT_EXPRESSIBLE) {
            return { rules: kept, unreachable, added, problem: `${problem}, and no single HTTPRoute match expresses the requests both admit` };
          }
          if (compareMatches(keyOf(both), keyOf(mj)) > 0) {
            return { rules: kept, unreachable, added, problem: `${problem}, and the requests both admit (${describeMatchKey(keyOf(both))}) still rank below it` };
          }
          const id = matchId(both);
          if (ids.has(id)) continue;
          ids.add(id);
          rule.matches.push(both);
          const last = added.find((a) => a.index === rule.index && a.because === kept[j].index);
          if (last) (last as any).count++;
          else added.push({ index: rule.index, count: 1, because: kept[j].index });
          if (rule.matches.length > maxMatchesPerRule) {
            return { rules: kept, unreachable, added, problem: `${problem}; keeping Istio's order needs more than ${maxMatchesPerRule} matches in one rule` };
          }
        }
      }
    }
  }
  const crowded = kept.find((r) => r.matches.length > maxMatchesPerRule);
  if (crowded) {
    return { rules: kept, unreachable, added, problem: `spec.http[${crowded.index}] needs ${crowded.matches.length} matches, more than the ${maxMatchesPerRule} one HTTPRoute rule allows` };
  }
  const total = kept.reduce((n, r) => n + r.matches.length, 0);
  if (total > maxMatches) {
    return { rules: kept, unreachable, added, problem: `keeping Istio's order needs ${total} matches, more than the ${maxMatches} one HTTPRoute allows` };
  }
  return { rules: kept, unreachable, added };
}
