import { IConstruct } from 'constructs';
import { fail } from '../internal/errors';

// Module-internal helpers of the backend module; not exported from the package.

/** RFC 1035 label: what a Service name must be. */
const DNS_1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Names claimed per app root, keyed by `namespace/name`, with the claiming construct's path. */
const claimed = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Derives an object name from a construct id: lowercase, runs of other
 * characters become `-`. `MyApi` -> `myapi`, `api_v1` -> `api-v1`.
 * @internal
 */
export function nameFromId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
}

/**
 * Checks that `name` can be a Service name (RFC 1035 label, at most 63 characters).
 * @internal
 */
export function checkServiceName(scope: IConstruct, name: string, what: string, fix: string): void {
  if (name.length > 63) {
    fail(scope, `${what} "${name}" is ${name.length} characters long, at most 63 are allowed; ${fix}`);
  }
  if (!DNS_1035_LABEL_RE.test(name)) {
    fail(scope, `${what} "${name}" is not a valid Service name (lowercase letters, digits and "-", starting with a letter); ${fix}`);
  }
}

/**
 * Claims `namespace/name` for `scope` within its app; two backends that would
 * write objects with the same name fail instead of overwriting each other.
 * @internal
 */
export function claimName(scope: IConstruct, namespace: string, name: string): void {
  const root = scope.node.root;
  let names = claimed.get(root);
  if (!names) {
    names = new Map();
    claimed.set(root, names);
  }
  const key = `${namespace}/${name}`;
  const owner = names.get(key);
  if (owner !== undefined) {
    fail(scope, `name "${name}" in namespace "${namespace}" is already used by ${owner}; pick another name or version`);
  }
  names.set(key, scope.node.path);
}
