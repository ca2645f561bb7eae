import { Duration } from 'cdk8s';

/**
 * Renders a Duration in the Go / GEP-2257 form that Istio and the Gateway API
 * expect (`1h30m`, `30s`, `500ms`), never ISO-8601. Sub-millisecond parts are
 * rejected, since neither API accepts them.
 *
 * @internal
 */
export function formatDuration(d: Duration, what: string): string {
  const problem = durationProblem(what, d, 0);
  if (problem) throw new Error(problem);
  const totalMs = d.toMilliseconds({ integral: false });
  if (totalMs === 0) return '0s';
  const parts: string[] = [];
  let rest = totalMs;
  const units: Array<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  return parts.join('');
}

/**
 * The one duration rule of the library: whole milliseconds, at least
 * `minMs` (Istio's CEL rules ask for at least 1ms on most durations), or
 * undefined when the duration is unset or fits.
 *
 * @returns e.g. `outlierDetection.interval must be a whole number of milliseconds, at least 1ms, got 0ms`
 * @internal
 */
export function durationProblem(what: string, value: Duration | undefined, minMs: number): string | undefined {
  if (value === undefined) return undefined;
  const ms = value.toMilliseconds({ integral: false });
  if (Number.isInteger(ms) && ms >= minMs) return undefined;
  return `${what} must be a whole number of milliseconds, ${minMs === 0 ? '0 or more' : `at least ${minMs}ms`}, got ${ms}ms`;
}
