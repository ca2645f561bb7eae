import { IConstruct } from 'constructs';

/**
 * The one registry of objects that exist in the cluster but are managed
 * outside the manifests (e.g. the Service behind `Backend.fromServiceName`,
 * the Gateway behind `IngressGateway.fromGatewayName`). Synth-time analysis
 * and the traffic simulator both read it, so they agree on what exists.
 *
 * Entries are `Kind namespace/name`, e.g. `Service shop/api`.
 */

const EXTERNAL_RE = /^([A-Za-z][A-Za-z0-9]*)\s+([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]*[a-z0-9])?)$/;

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/**
 * Objects managed outside the manifests, declared as `Kind namespace/name`
 * (e.g. `Service shop/api`). Checks treat them as existing: no "not in the
 * manifests" finding, and no port check since their ports are unknown.
 */
export class ExternalObjects {
  /** No external objects. */
  public static readonly NONE = new ExternalObjects([]);

  /**
   * Parses `Kind namespace/name` entries.
   * @throws when an entry does not have that form
   */
  public static parse(entries: readonly string[]): ExternalObjects {
    const problem = externalObjectsProblem(entries);
    if (problem) throw new Error(problem);
    return new ExternalObjects(entries.map((entry) => {
      const m = EXTERNAL_RE.exec(String(entry).trim())!;
      return keyOf(m[1], m[2], m[3]);
    }));
  }

  private readonly keys: Set<string>;

  private constructor(keys: string[]) {
    this.keys = new Set(keys);
  }

  /** Whether `kind namespace/name` was declared external. */
  public has(kind: string, namespace: string, name: string): boolean {
    return this.keys.has(keyOf(kind, namespace, name));
  }

  /** Every entry, as `Kind namespace/name`, sorted. */
  public get entries(): string[] {
    return [...this.keys].sort();
  }
}

/**
 * Why entries are not all `Kind namespace/name`, or undefined when they are.
 * @internal
 */
export function externalObjectsProblem(entries: readonly string[]): string | undefined {
  const bad = entries.find((entry) => !EXTERNAL_RE.test(String(entry).trim()));
  return bad === undefined ? undefined : `external object "${bad}" must be "Kind namespace/name", e.g. "Service shop/api"`;
}

/** What the App (root construct) declared external, in declaration order. */
const declarations = new WeakMap<IConstruct, Set<string>>();

/**
 * Records `entry` (`Kind namespace/name`) as declared external in the App
 * that `scope` belongs to.
 * @throws when the entry is not `Kind namespace/name`
 */
export function recordExternalObject(scope: IConstruct, entry: string): void {
  const problem = externalObjectsProblem([entry]);
  if (problem) throw new Error(problem);
  const root = scope.node.root;
  let set = declarations.get(root);
  if (!set) {
    set = new Set();
    declarations.set(root, set);
  }
  set.add(entry.trim());
}

/**
 * The objects the App that `scope` belongs to declared external
 * (`Backend.fromServiceName`, `IngressGateway.fromGatewayName`,
 * `TlsCertificate.fromSecretName`...), as `Kind namespace/name`, sorted and
 * without duplicates. Analysis and simulation of an App both read this.
 */
export function declaredExternalObjects(scope: IConstruct): string[] {
  return [...declarations.get(scope.node.root) ?? []].sort();
}
