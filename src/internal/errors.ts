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
