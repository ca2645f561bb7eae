/**
 * How long an RE2 full match (as the simulator and Envoy do it) takes on a
 * 10,000-character path against patterns that make a backtracking engine
 * (JavaScript's RegExp) take exponential time. One line per pattern: the
 * first call (compile + match) and the median of the cached matches.
 *
 *   npx ts-node --transpile-only bench/regex.bench.ts [runs]   (BENCH_RUNS also works)
 */
import { now } from './measure';
import { re2FullMatch } from '../src/internal/re2';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 21);
const LENGTH = 10_000;

/** Pattern and subject: each subject almost matches, the worst case for backtracking. */
const CASES: Array<[string, string]> = [
  ['/(a+)+$', `/${'a'.repeat(LENGTH - 2)}!`],
  ['/(a|a)+$', `/${'a'.repeat(LENGTH - 2)}!`],
  ['/(a|aa)+$', `/${'a'.repeat(LENGTH - 2)}!`],
  ['/(a*)*b', `/${'a'.repeat(LENGTH - 1)}`],
  ['(.*a){20}', `/${'a'.repeat(LENGTH - 2)}!`],
  ['^(\\w+\\s?)*$', `${'word '.repeat(LENGTH / 5 - 1)}word!`],
  ['(?i)/api/(v[0-9]+/)*[a-z]+', `/api/${'v1/'.repeat((LENGTH - 10) / 3)}!`],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`re2FullMatch, ${LENGTH}-character subjects, median of ${RUNS} runs`);
for (const [pattern, subject] of CASES) {
  let start = now();
  const result = re2FullMatch(pattern, subject);
  const first = now() - start;
  const timings: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    start = now();
    re2FullMatch(pattern, subject);
    timings.push(now() - start);
  }
  console.log(`${pattern.padEnd(28)} ${String(result).padEnd(5)} first ${first.toFixed(2).padStart(7)} ms`
    + `  median ${median(timings).toFixed(2).padStart(7)} ms`);
}
