import { IConstruct } from 'constructs';
import { fail } from './errors';

const REGISTRIES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `scope` writes the object `kind namespace/name`, and fails
 * when another construct of the same app already does: a name collision is
 * an error, never a silent hash.
 *
 * @internal
 */
export function claimName(scope: IConstruct, kind: string, namespace: string | undefined, name: string): void {
  const root = scope.node.root;
  let registry = REGISTRIES.get(root);
  if (!registry) {
    registry = new Map();
    REGISTRIES.set(root, registry);
  }
  const key = `${kind}|${namespace ?? ''}|${name}`;
  const owner = registry.get(key);
  if (owner !== undefined && owner !== scope.node.path) {
    fail(scope, `${kind} name "${name}"${namespace ? ` in namespace "${namespace}"` : ''} is already used by ${owner}; pass a different name`);
  }
  registry.set(key, scope.node.path);
}
