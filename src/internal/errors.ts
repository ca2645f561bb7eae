import { IConstruct } from 'constructs';

/**
 * Throws an error that names the construct path: `[path] message`.
 * Messages are lowercase, name the bad value and say how to fix it.
 *
 * @internal
 */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`[${scope.node.path}] ${message}`);
}

/*
 * Static factories (`Backend.fromServiceName(...)`, `AllowedRoutes.fromNamespaces(...)`)
 * have no scope, so they do not throw. They record what is wrong with their
 * arguments as a message that names the call and the fix:
 *
 *   Backend.fromServiceName("api", 0): port must be an integer between 1 and 65535, got 0; pass the Service port
 *
 * The construct that uses the value reports it with its path
 * (`checkFactoryValue`), and a value that is used where no construct checks it
 * throws that message on first use (`assertFactoryValue`), so it never
 * reaches the YAML.
 */

/**
 * Renders a static factory call for messages: `Backend.fromServiceName("api", 0)`.
 * Strings and objects are shown as JSON, trailing `undefined` arguments are left out.
 *
 * @internal
 */
export function factoryCall(factory: string, args: unknown[]): string {
  const shown = [...args];
  while (shown.length > 0 && shown[shown.length - 1] === undefined) shown.pop();
  return `${factory}(${shown.map(showArgument).join(', ')})`;
}

/**
 * The problem a static factory records: `<call>: <problem>`, or undefined when
 * there is none.
 *
 * @internal
 */
export function factoryProblem(factory: string, args: unknown[], problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${factoryCall(factory, args)}: ${problem}`;
}

/**
 * Reports a factory-made value's problem where a construct uses it:
 * `[path] <field> <call>: <problem>`.
 *
 * @param scope the construct that uses the value
 * @param field where the value is used, e.g. `addresses[0]`
 * @param problem the problem recorded by the factory, if any
 * @internal
 */
export function checkFactoryValue(scope: IConstruct, field: string, problem: string | undefined): void {
  if (problem !== undefined) fail(scope, `${field} ${problem}`);
}

/**
 * Throws a factory-made value's problem (without a path) when code outside a
 * checking construct uses it; the last line of defence before the YAML.
 *
 * @internal
 */
export function assertFactoryValue(problem: string | undefined): void {
  if (problem !== undefined) throw new Error(problem);
}

function showArgument(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'object' && typeof (value as any).toMilliseconds === 'function') {
    return `Duration(${(value as any).toMilliseconds({ integral: false })}ms)`;
  }
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    // fall through: circular structures
  }
  return String(value);
}
