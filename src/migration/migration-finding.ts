/**
 * One part of the Istio configuration that `IstioMigration` could not carry
 * over as is: a field without a Gateway API equivalent, a part it refused,
 * or a note on how it mapped a field.
 */
export interface MigrationFinding {
  /**
   * `error` (the part was refused: it is not in the output), `warning` (the
   * output leaves the field out or behaves differently) or `info` (a note on
   * an equivalent mapping).
   */
  readonly severity: string;
  /** The Istio object, `Kind namespace/name`. */
  readonly object: string;
  /** The field, e.g. `spec.http[0].fault`. */
  readonly field: string;
  /** The file (or source) the object came from. */
  readonly location: string;
  /**
   * The line of `field` in that file (of its deepest written parent when
   * the field itself is not written, e.g. a default; the object's first line
   * when the file cannot be read again).
   * @default - unknown
   */
  readonly line?: number;
  /** What happened. */
  readonly message: string;
  /** What to do instead. */
  readonly suggestion: string;
}
