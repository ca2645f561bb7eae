/** What went wrong at one place of an object. */
export enum IssueKind {
  /** The OpenAPI schema is violated. */
  SCHEMA = 'schema',
  /** A CEL rule returned false. */
  CEL_VIOLATED = 'cel-violated',
  /** A CEL rule could not be evaluated. */
  CEL_ERROR = 'cel-error',
}

/** One problem found in one object, before it becomes a `Finding`. */
export interface Issue {
  readonly kind: IssueKind;
  /** Field path, e.g. `spec.listeners[1].tls`; `''` for the whole object. */
  readonly path: string;
  readonly message: string;
  /** The CEL rule text, for CEL issues. */
  readonly rule?: string;
  /** Set for a field the schema does not declare. */
  readonly unknownField?: boolean;
}
