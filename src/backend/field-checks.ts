import { Duration } from 'cdk8s';
import { formatDuration } from '../internal/duration';

// Module-internal helpers of the backend module; not exported from the package.

export { INT32_MAX, UINT32_MAX } from '../internal/api-limits';

/**
 * The one whole-number rule of the backend fields: `<what> must be a whole
 * number between <min> and <max>, got <value>`, or undefined when the value is
 * unset or fits.
 * @internal
 */
export function wholeNumberProblem(what: string, value: number | undefined, min: number, max: number): string | undefined {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) return undefined;
  return `${what} must be a whole number between ${min} and ${max}, got ${value}`;
}

/**
 * A checked duration in the Go form Istio expects (`30s`, `500ms`), or undefined when unset.
 * @internal
 */
export function goDuration(what: string, value: Duration | undefined): string | undefined {
  return value === undefined ? undefined : formatDuration(value, what);
}

/**
 * The object itself when at least one field is set, else undefined (Istio
 * rejects empty blocks, and an empty block says nothing).
 * @internal
 */
export function unlessEmpty<T extends object>(o: T): T | undefined {
  return Object.values(o).some(v => v !== undefined) ? o : undefined;
}
