import { Duration } from 'cdk8s';

/**
 * Renders a Duration in the Go / GEP-2257 form that Istio and the Gateway API
 * expect (`1h30m`, `30s`, `500ms`), never ISO-8601. Sub-millisecond parts are
 * rejected, since neither API accepts them.
 *
 * @internal
 */
export function formatDuration(d: Duration, what: string): string {
  const totalMs = d.toMilliseconds({ integral: false });
  if (!Number.isInteger(totalMs) || totalMs < 0) {
    throw new Error(`${what} must be a whole, non-negative number of milliseconds, got ${totalMs}ms`);
  }
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
