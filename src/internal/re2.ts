import * as re2jsModule from 're2js'; // only its type: the import is erased, the module loads in re2js()
import { onFirstUse } from './on-first-use';

/* RE2, as Envoy runs it for `safe_regex` matches (Gateway API RegularExpression
 * path, header and query parameter matches become Envoy safe_regex matchers).
 * re2js is a linear-time JavaScript port of RE2, so a match never backtracks.
 * Internal: not exported from the package. */

/**
 * The `re2js` package, loaded on first call (about 10 ms of the cold start):
 * only validation and the simulator compile patterns.
 * @internal
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const re2js = onFirstUse(() => require('re2js') as typeof re2jsModule);

/**
 * The largest RE2 program Istio lets Envoy compile: Istio's bootstrap sets the
 * runtime key `re2.max_program_size.error_level` to 32768 (Envoy's own default is 100).
 * @internal
 */
export const ISTIO_RE2_MAX_PROGRAM_SIZE = 32768;

/** How many compiled patterns are kept; the least recently used is dropped first. */
const CACHE_SIZE = 512;

/** A compiled pattern, or why it does not compile. */
interface Compiled {
  readonly re?: re2jsModule.RE2JS;
  readonly problem?: string;
}

const cache = new Map<string, Compiled>();

/**
 * Why RE2 as configured by Istio rejects `pattern`, as a lowercase sentence
 * fragment (`is not a valid regular expression (RE2: ...)`), or undefined when
 * it is accepted. Lookarounds and backreferences get their own message.
 * @internal
 */
export function re2Problem(pattern: string): string | undefined {
  return compile(pattern).problem;
}

/**
 * Whether `value` matches `pattern` as a whole (RE2 `FullMatch`, as Envoy's
 * safe_regex does: the pattern is anchored at both ends). Runs in time linear
 * in the length of `value`. Undefined when the pattern is not valid RE2.
 * @internal
 */
export function re2FullMatch(pattern: string, value: string): boolean | undefined {
  const { re } = compile(pattern);
  return re ? re.matches(value) : undefined;
}

function compile(pattern: string): Compiled {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  const compiled = compileUncached(pattern);
  cache.set(pattern, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return compiled;
}

function compileUncached(pattern: string): Compiled {
  if (typeof pattern !== 'string') return { problem: 'is not a string' };
  const { RE2JS } = re2js(); // outside the try: a failure to load re2js is not a pattern problem
  let re: re2jsModule.RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return { problem: describeSyntaxError(pattern, String((e as Error)?.message ?? e)) };
  }
  const size = re.programSize();
  if (size > ISTIO_RE2_MAX_PROGRAM_SIZE) {
    return {
      problem: `compiles to an RE2 program of ${size} instructions, more than the ${ISTIO_RE2_MAX_PROGRAM_SIZE} `
        + 'that Istio lets Envoy accept (re2.max_program_size.error_level); use smaller repetition counts or a shorter expression',
    };
  }
  return { re };
}

/** Turns an RE2 syntax error into a sentence fragment with a fix where one is known. */
function describeSyntaxError(pattern: string, message: string): string {
  const detail = message.replace(/^error parsing regexp:\s*/, '');
  const operand = /`([^`]*)`\s*$/.exec(detail)?.[1] ?? '';
  if (/^\(\?(?:=|!|<=|<!)/.test(operand)) {
    return 'uses a lookaround, which RE2 does not support; match the text itself, or split the match into several rules';
  }
  if (/^\\[1-9]/.test(operand) || operand.startsWith('\\k') || (operand === '(?P' && pattern.includes('(?P='))) {
    return 'uses a backreference, which RE2 does not support; match the text itself';
  }
  const hints: Array<[RegExp, string]> = [
    [/^\\Z/, 'use \\z for the end of the text'],
    [/^\{/, 'RE2 allows at most 1000 repetitions, nested repetition counts multiplied'],
    [/^\(\?[>x#]/, 'RE2 supports only the flags i, m, s and U, and no atomic groups or comments'],
    [/^[*+?]{2}/, 'RE2 has no possessive quantifiers; drop the second operator'],
  ];
  const hint = hints.find(([re]) => re.test(operand))?.[1];
  return `is not a valid regular expression (RE2: ${detail})${hint ? `; ${hint}` : ''}`;
}
