/**
 * How bad a finding is.
 */
export enum Severity {
  /** The cluster rejects the object or it does not work as written. */
  ERROR = 'error',
  /** It works, but probably not as intended, or it depends on the cluster. */
  WARNING = 'warning',
}

/**
 * One problem found in a set of manifests.
 */
export interface Finding {
  /** A stable id, e.g. `IGW1003` for a cross-object check or `schema` / `cel`. */
  readonly id: string;
  /** How bad it is. */
  readonly severity: Severity;
  /** The object, as `Kind namespace/name`. */
  readonly object: string;
  /**
   * The field path inside the object, e.g. `spec.rules[0].backendRefs[1].port`.
   * @default - the whole object
   */
  readonly path?: string;
  /** What is wrong, lowercase, naming the bad value. */
  readonly message: string;
  /**
   * How to fix it.
   * @default - no fix is known
   */
  readonly fix?: string;
  /** Where the object came from: a construct path, or a file path. */
  readonly location: string;
  /**
   * The 1-based line where the object starts in the file at `location`.
   * @default - unknown (the object came from an App, or from YAML text without a file)
   */
  readonly line?: number;
}
