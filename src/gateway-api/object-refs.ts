/**
 * References from Gateway API objects to other objects
 * (`BackendObjectReference`, `SecretObjectReference`, `ObjectReference`):
 * the group defaults to the core group `""`, the kind to what the field
 * refers to (`Service` for backendRefs, `Secret` for certificateRefs), and
 * the namespace to that of the referring object.
 */

/** An object reference with its defaults applied. */
export interface ResolvedObjectRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The port of a backend reference, when set. */
  readonly port?: number;
}

/** A raw object reference with the defaults of its field: core group, `defaultKind`, the referrer's namespace. */
export function resolveObjectRef(raw: any, defaultKind: string, referrerNamespace: string): ResolvedObjectRef {
  return {
    group: raw?.group ?? '',
    kind: raw?.kind ?? defaultKind,
    namespace: raw?.namespace ?? referrerNamespace,
    name: String(raw?.name ?? ''),
    port: raw?.port === undefined ? undefined : Number(raw.port),
  };
}
