import { HttpRouteMatch } from './http-route-match';
import { HttpRouteRuleOptions } from './http-route-rule';
import {
  describeMatchKey, effectiveMatches, MatchKey, MatchLike, matchesTie, matchKey, tieBucket,
} from '../gateway-api/match-precedence';
import { pushTo } from '../internal/map-lists';

/** Limits of one part of a split route. */
export interface PartLimits {
  readonly rules: number;
  readonly matches: number;
}

/** Rules grouped into parts (indexes into the original list, in order), or why that is impossible. */
export type RulePartition = { readonly parts: number[][] } | { readonly problem: string };

/** A match of one rule, as the precedence rules see it. */
interface RuleMatch {
  readonly rule: number;
  readonly match: number;
  readonly key: MatchKey;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  public find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  public union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // the smaller index stays the root, so components are named by their first rule
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/**
 * Groups rules into parts of at most `limits.rules` rules and
 * `limits.matches` matches, such that routing stays the same: rules whose
 * matches tie on precedence (so that rule order decides between them) stay
 * in one part, in their order. Every other pair of matches is ordered by
 * precedence alone, wherever its rules end up. Components of tied rules are
 * packed first-fit, in the order of their first rule; each part keeps the
 * original rule order.
 */
export function partitionRules(rules: HttpRouteRuleOptions[], limits: PartLimits): RulePartition {
  const all: RuleMatch[] = [];
  rules.forEach((rule, r) => effectiveMatches(rule.matches?.map(precedenceView))
    .forEach((m, i) => all.push({ rule: r, match: i, key: matchKey(m) })));
  const uf = new UnionFind(rules.length);
  const witnesses: Array<[RuleMatch, RuleMatch]> = [];
  const buckets = new Map<string, RuleMatch[]>();
  for (const m of all) {
    const k = tieBucket(m.key);
    const list = buckets.get(k) ?? [];
    list.push(m);
    buckets.set(k, list);
  }
  for (const list of buckets.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a.rule === b.rule || uf.find(a.rule) === uf.find(b.rule) || !matchesTie(a.key, b.key)) continue;
        uf.union(a.rule, b.rule);
        witnesses.push([a, b]);
      }
    }
  }

  const components = new Map<number, number[]>();
  rules.forEach((_, r) => {
    const root = uf.find(r);
    pushTo(components, root, r);
  });
  const size = (members: number[]) => members.reduce((n, r) => n + effectiveMatches(rules[r].matches).length, 0);
  const parts: Array<{ rules: number[]; matches: number }> = [];
  for (const members of [...components.values()].sort((a, b) => a[0] - b[0])) {
    const matches = size(members);
    if (members.length > limits.rules || matches > limits.matches) {
      return { problem: tooBigProblem(members, matches, limits, witnesses.find(([a]) => members.includes(a.rule))) };
    }
    const part = parts.find((p) => p.rules.length + members.length <= limits.rules && p.matches + matches <= limits.matches);
    if (part) {
      part.rules.push(...members);
      part.matches += matches;
    } else {
      parts.push({ rules: [...members], matches });
    }
  }
  return { parts: parts.map((p) => [...p.rules].sort((a, b) => a - b)) };
}

/**
 * What precedence reads of a match. A condition value that its factory
 * found invalid reads as empty: the part that holds the rule then fails
 * with the rule's path, instead of this read failing without one.
 */
function precedenceView(m: HttpRouteMatch): MatchLike {
  const conditions = (list: ReadonlyArray<{ name: string; type?: string; value: string; _problem?: () => string | undefined }> | undefined) =>
    list?.map((c) => ({ name: c.name, type: c.type, value: typeof c._problem === 'function' && c._problem() !== undefined ? '' : c.value }));
  return {
    path: m.path && { type: m.path.type, value: m.path.value },
    method: m.method,
    headers: conditions(m.headers),
    queryParams: conditions(m.queryParams),
  };
}

function tooBigProblem(members: number[], matches: number, limits: PartLimits, example: [RuleMatch, RuleMatch] | undefined): string {
  const shown = members.slice(0, 8).map((r) => `rules[${r}]`).join(', ') + (members.length > 8 ? ` and ${members.length - 8} more` : '');
  const why = example
    ? ` (for example rules[${example[0].rule}].matches[${example[0].match}] and rules[${example[1].rule}].matches[${example[1].match}]: `
      + `${describeMatchKey(example[0].key)})`
    : '';
  return `cannot split the rules without changing routing: ${shown} have matches of equal precedence that one request can satisfy${why}, `
    + 'so only their order decides between them and they must stay in one HTTPRoute, '
    + `but together they have ${members.length} rules and ${matches} matches (at most ${limits.rules} and ${limits.matches} per route); `
    + 'make those matches distinct (a longer path, a method, another header or query parameter) or merge rules with the same backends';
}

/** Sorted hostnames in chunks of at most `size` (one empty chunk when there are none). */
export function chunkHostnames(hostnames: string[], size: number): string[][] {
  const sorted = [...hostnames].sort();
  if (sorted.length === 0) return [[]];
  const chunks: string[][] = [];
  for (let i = 0; i < sorted.length; i += size) chunks.push(sorted.slice(i, i + size));
  return chunks;
}
