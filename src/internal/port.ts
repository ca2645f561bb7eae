/**
 * The one port rule of the library (Gateway listeners, Service and container
 * ports, backendRefs, redirects): an integer from 1 to 65535.
 *
 * @returns the problem, e.g. `must be an integer between 1 and 65535, got 0`, or undefined
 * @internal
 */
export function portProblem(port: unknown): string | undefined {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : `must be an integer between 1 and 65535, got ${typeof port === 'string' ? JSON.stringify(port) : String(port)}`;
}
