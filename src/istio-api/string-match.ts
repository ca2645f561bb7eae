/**
 * Istio's `StringMatch` (networking.istio.io: `exact`, `prefix` or `regex`) as
 * Envoy evaluates it once Istio has translated it (istio/istio
 * pilot/pkg/networking/core/route/route.go `translateHeaderMatch`,
 * `translateQueryParamMatch`, `canBeConvertedToPresentMatch`, and
 * pilot/pkg/networking/util `ConvertToEnvoyMatch`):
 * - `exact`: the whole value, case-sensitive;
 * - `prefix`: a STRING prefix (`/productpage` matches `/productpagex`);
 * - `regex`: an RE2 full match (Envoy `safe_regex` is anchored at both ends);
 * - an empty match (`{}`) or `regex: "*"` becomes Envoy's `present_match`:
 *   the value only has to be there (istio/istio#20629).
 * A value that is absent never matches a non-present matcher.
 */
import { re2FullMatch, re2Problem } from '../internal/re2';

/** The outcome of one StringMatch against one value. */
export interface StringMatchOutcome {
  readonly matched: boolean;
  /**
   * Why the match could not be evaluated (an invalid regex: Envoy rejects the route).
   * @default - it could
   */
  readonly problem?: string;
}

/** Whether a StringMatch is Envoy's `present_match` (empty, or `regex: "*"`). */
export function isPresentMatch(m: any): boolean {
  if (m === undefined || m === null || typeof m !== 'object') return true;
  const keys = ['exact', 'prefix', 'regex'].filter((k) => m[k] !== undefined);
  if (keys.length === 0) return true;
  return m.regex === '*';
}

/**
 * Evaluates a StringMatch against a value (`undefined` when absent).
 * `ignoreCase` compares exact and prefix case-insensitively (`ignoreUriCase`:
 * Envoy's `case_sensitive: false` does not apply to `safe_regex`).
 */
export function stringMatches(m: any, value: string | undefined, ignoreCase = false): StringMatchOutcome {
  if (isPresentMatch(m)) return { matched: value !== undefined };
  if (value === undefined) return { matched: false };
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (m.exact !== undefined) return { matched: fold(value) === fold(String(m.exact)) };
  if (m.prefix !== undefined) return { matched: fold(value).startsWith(fold(String(m.prefix))) };
  const pattern = String(m.regex);
  const problem = re2Problem(pattern);
  if (problem) return { matched: false, problem: `regex ${JSON.stringify(pattern)} ${problem}` };
  return { matched: re2FullMatch(pattern, value) === true };
}

/** A StringMatch as text: `exact "/a"`, `prefix "/a"`, `regex "..."`, `present`. */
export function describeStringMatch(m: any): string {
  if (isPresentMatch(m)) return 'present';
  if (m.exact !== undefined) return `exact ${JSON.stringify(String(m.exact))}`;
  if (m.prefix !== undefined) return `prefix ${JSON.stringify(String(m.prefix))}`;
  return `regex ${JSON.stringify(String(m.regex))}`;
}
