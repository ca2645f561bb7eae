import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { Manifest } from './manifest';

/**
 * Options for reading manifests.
 */
export interface ManifestSetOptions {
  /**
   * The namespace assumed for namespaced objects that do not name one.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
}

/** Kinds that are cluster-scoped among those the library reads. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'GatewayClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'XMesh', 'PersistentVolume', 'StorageClass',
]);

/**
 * The shared model of Kubernetes objects that analysis and simulation read:
 * loaded from a cdk8s App, from plain objects or from YAML files, and indexed
 * by kind, namespace and name. It never looks at construct internals, so it
 * behaves the same on an App and on any YAML in a GitOps repository.
 */
export class ManifestSet {
  /**
   * Every ApiObject of an App (or of any construct tree), resolved, in
   * construct-tree order. Each manifest remembers its construct path.
   */
  public static fromApp(root: IConstruct, options: ManifestSetOptions = {}): ManifestSet {
    const manifests: Manifest[] = [];
    for (const c of root.node.findAll()) {
      if (ApiObject.isApiObject(c)) {
        manifests.push(Manifest.of(c.toJson(), 'app', c.node.path));
      }
    }
    return new ManifestSet(manifests, options);
  }

  /**
   * Plain objects, e.g. parsed YAML. Nulls (empty YAML documents) are skipped.
   * @param source a label for messages, e.g. a file name
   */
  public static fromObjects(objects: any[], source: string = 'input', options: ManifestSetOptions = {}): ManifestSet {
    return new ManifestSet(objects.filter((o) => o != null).map((o) => Manifest.of(o, source)), options);
  }

  /**
   * A multi-document YAML string. `List` objects are flattened.
   * @param source a label for messages, e.g. a file name
   */
  public static fromYaml(text: string, source: string = 'input', options: ManifestSetOptions = {}): ManifestSet {
    return new ManifestSet(parseYamlManifests(text, source), options);
  }

  /**
   * YAML files, and every `.yaml`/`.yml` file below the given directories
   * (sorted, so the order is stable). Throws when a path cannot be read or
   * a document is not valid YAML.
   */
  public static fromPaths(paths: string[], options: ManifestSetOptions = {}): ManifestSet {
    const manifests: Manifest[] = [];
    for (const file of expandPaths(paths)) {
      manifests.push(...parseYamlManifests(fs.readFileSync(file, 'utf8'), file));
    }
    return new ManifestSet(manifests, options);
  }

  /** The namespace assumed for namespaced objects that do not name one. */
  public readonly defaultNamespace: string;
  private readonly _all: Manifest[];
  private readonly byKey = new Map<string, Manifest>();
  private readonly byKind = new Map<string, Manifest[]>();

  private constructor(manifests: Manifest[], options: ManifestSetOptions) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this._all = manifests;
    for (const m of manifests) {
      this.byKey.set(this.key(m.kind, m.group, this.namespaceOf(m), m.name), m);
      const list = this.byKind.get(m.kind) ?? [];
      list.push(m);
      this.byKind.set(m.kind, list);
    }
  }

  /** Every manifest, in input order. */
  public get all(): Manifest[] {
    return [...this._all];
  }

  /**
   * Manifests of one kind, in input order.
   * @param group only this API group
   * @default - any group
   */
  public ofKind(kind: string, group?: string): Manifest[] {
    const list = this.byKind.get(kind) ?? [];
    return group === undefined ? [...list] : list.filter((m) => m.group === group);
  }

  /**
   * One object by kind, group, namespace and name.
   * @param namespace ignored for cluster-scoped kinds
   * @returns undefined when absent
   */
  public find(kind: string, group: string, namespace: string, name: string): Manifest | undefined {
    return this.byKey.get(this.key(kind, group, CLUSTER_SCOPED.has(kind) ? '' : namespace, name));
  }

  /**
   * The namespace an object lives in: its own, the default namespace when it
   * names none, `''` for cluster-scoped kinds.
   */
  public namespaceOf(m: Manifest): string {
    if (CLUSTER_SCOPED.has(m.kind)) return '';
    return m.namespaceOr(this.defaultNamespace);
  }

  /** The labels of a Namespace found in the set (plus `kubernetes.io/metadata.name`), or undefined. */
  public namespaceLabels(namespace: string): Record<string, string> | undefined {
    const ns = this.find('Namespace', '', '', namespace);
    if (!ns) return undefined;
    return { ...(ns.object.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
  }

  private key(kind: string, group: string, namespace: string, name: string): string {
    return `${group}|${kind}|${namespace}|${name}`;
  }
}

function parseYamlManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const lines = new LineCounter();
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    (node?.range ? lines.linePos(node.range[0]).line : undefined);
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: invalid YAML: ${doc.errors[0].message}`);
    }
    const obj = doc.toJS();
    if (obj == null) continue;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      obj.items.forEach((item: any, i: number) =>
        out.push(Manifest.of(item, source, undefined, lineOf(isSeq(items) ? (items.items[i] as any) : doc.contents))));
    } else {
      out.push(Manifest.of(obj, source, undefined, lineOf(doc.contents)));
    }
  }
  return out;
}

function expandPaths(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else if (/\.ya?ml$/.test(p) || paths.includes(p)) {
      files.push(p);
    }
  };
  paths.forEach(walk);
  return files;
}
