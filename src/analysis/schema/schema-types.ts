/**
 * The parts of an OpenAPI v3 structural schema (as found in a CRD's
 * `openAPIV3Schema`) that validation reads.
 */
export interface JsonSchema {
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly 'nullable'?: boolean;
  readonly 'default'?: unknown;
  readonly 'enum'?: unknown[];
  readonly 'pattern'?: string;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'exclusiveMinimum'?: boolean;
  readonly 'exclusiveMaximum'?: boolean;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'required'?: string[];
  readonly 'properties'?: { [name: string]: JsonSchema };
  readonly 'additionalProperties'?: JsonSchema | boolean;
  readonly 'items'?: JsonSchema;
  readonly 'allOf'?: JsonSchema[];
  readonly 'anyOf'?: JsonSchema[];
  readonly 'oneOf'?: JsonSchema[];
  readonly 'not'?: JsonSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: string[];
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-validations'?: CelRuleSpec[];
}

/** One `x-kubernetes-validations` entry. */
export interface CelRuleSpec {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

/** One served version of one kind, as stored in `imports/schemas/*.json`. */
export interface SchemaEntry {
  readonly group: string;
  readonly kind: string;
  readonly plural?: string;
  readonly scope?: string;
  readonly version: string;
  readonly storage?: boolean;
  readonly schema: JsonSchema;
}
