/**
 * One Kubernetes object as synthesized or as read from YAML, with the
 * coordinates the analysis and simulation modules look it up by.
 */
export class Manifest {
  /**
   * Wraps a plain Kubernetes object.
   *
   * @param object the object as JSON (apiVersion, kind, metadata, ...)
   * @param source where it came from: a file path, or `app` for an in-memory App
   * @param constructPath the cdk8s construct path, when the object came from an App
   * @param line the 1-based line where the object starts in the source file, when read from YAML
   */
  public static of(object: any, source: string, constructPath?: string, line?: number): Manifest {
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
      throw new Error(`${source}${line !== undefined ? `:${line}` : ''}: not a Kubernetes object (apiVersion and kind are required)`);
    }
    return new Manifest(object, source, constructPath, line);
  }

  /** The API group, `''` for the core group. */
  public readonly group: string;
  /** The API version without the group, e.g. `v1`. */
  public readonly version: string;
  /** The kind, e.g. `HTTPRoute`. */
  public readonly kind: string;
  /** `metadata.name`, `''` when absent. */
  public readonly name: string;
  /**
   * `metadata.namespace` as written.
   * @default - none written (the object goes to the namespace of the apply context)
   */
  public readonly namespace?: string;
  /** The raw object. */
  public readonly object: any;
  /** Where the object came from: a file path, or `app`. */
  public readonly source: string;
  /**
   * The construct path, when the object came from an App.
   * @default - not from an App
   */
  public readonly constructPath?: string;
  /**
   * The 1-based line where the object starts in its source file.
   * @default - unknown (not read from a YAML file)
   */
  public readonly line?: number;

  private constructor(object: any, source: string, constructPath?: string, line?: number) {
    this.object = object;
    this.source = source;
    this.constructPath = constructPath;
    this.line = line;
    const apiVersion: string = object.apiVersion;
    const slash = apiVersion.lastIndexOf('/');
    this.group = slash < 0 ? '' : apiVersion.slice(0, slash);
    this.version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    this.kind = object.kind;
    this.name = object.metadata?.name ?? '';
    this.namespace = object.metadata?.namespace;
  }

  /** `kind namespace/name` (or `kind name` when no namespace is written), for messages. */
  public get ref(): string {
    return this.namespace ? `${this.kind} ${this.namespace}/${this.name}` : `${this.kind} ${this.name}`;
  }

  /** Where to point a user: the construct path if known, else the source. */
  public get location(): string {
    return this.constructPath ?? this.source;
  }

  /**
   * The namespace the object lives in, with `defaultNamespace` standing in
   * for an unset one.
   */
  public namespaceOr(defaultNamespace: string): string {
    return this.namespace ?? defaultNamespace;
  }
}
