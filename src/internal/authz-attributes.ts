/**
 * The attributes an Istio AuthorizationPolicy `when` condition can name, as
 * Istio 1.30 validates and translates them. One table, read by the
 * `GatewayAuthorization` construct (construct-time errors) and by the IGW1043
 * analysis check (the same rules on any YAML).
 *
 * Sources: istio/istio `pkg/config/security/security.go` (`ValidateAttribute`:
 * the accepted keys, `a[b]` keys, IPs and ports), `pilot/pkg/security/authz/model/model.go`
 * (the keys it translates; anything else is "unknown attribute"),
 * `pkg/config/validation/validation.go` (`ValidateAuthorizationPolicy`: keys
 * CUSTOM does not support), and https://istio.io/latest/docs/reference/config/security/conditions/
 * (which keys need mutual TLS).
 */

/** How a `when` key fares on a policy that targets a Gateway. */
export interface AuthzAttribute {
  /** The key, or its prefix for `name[...]` keys. */
  readonly key: string;
  /** Whether the key is `key[name]` (headers, claims). */
  readonly bracketed: boolean;
  /** What the values are: free strings, IPs/CIDRs, or ports. */
  readonly values: 'string' | 'ip' | 'port' | 'serviceAccount';
  /**
   * Why the key never matches external clients at an ingress gateway (it
   * needs the client's mTLS identity), or undefined when it applies there.
   */
  readonly gatewayCaveat?: string;
  /** Whether `action: CUSTOM` rejects the key (`ValidateAuthorizationPolicy`). */
  readonly notWithCustom: boolean;
}

const MTLS_CAVEAT = 'it is the peer identity from mutual TLS, and clients of an ingress gateway (browsers, partners) have none, so it never matches them';

/** @internal */
export const AUTHZ_ATTRIBUTES: readonly AuthzAttribute[] = [
  { key: 'request.headers', bracketed: true, values: 'string', notWithCustom: false },
  { key: 'request.experimental.inline.headers', bracketed: true, values: 'string', notWithCustom: false },
  { key: 'source.ip', bracketed: false, values: 'ip', notWithCustom: false },
  { key: 'remote.ip', bracketed: false, values: 'ip', notWithCustom: false },
  { key: 'source.namespace', bracketed: false, values: 'string', gatewayCaveat: MTLS_CAVEAT, notWithCustom: true },
  { key: 'source.principal', bracketed: false, values: 'string', gatewayCaveat: MTLS_CAVEAT, notWithCustom: true },
  { key: 'source.serviceAccount', bracketed: false, values: 'serviceAccount', gatewayCaveat: MTLS_CAVEAT, notWithCustom: true },
  { key: 'request.auth.principal', bracketed: false, values: 'string', notWithCustom: true },
  { key: 'request.auth.audiences', bracketed: false, values: 'string', notWithCustom: true },
  { key: 'request.auth.presenter', bracketed: false, values: 'string', notWithCustom: true },
  { key: 'request.auth.claims', bracketed: true, values: 'string', notWithCustom: true },
  { key: 'destination.ip', bracketed: false, values: 'ip', notWithCustom: false },
  { key: 'destination.port', bracketed: false, values: 'port', notWithCustom: false },
  { key: 'connection.sni', bracketed: false, values: 'string', notWithCustom: false },
];

/** Keys Istio rejects with a reason (v1alpha1 leftovers). @internal */
export const REJECTED_AUTHZ_KEYS: ReadonlyArray<{ readonly key: string; readonly prefix: boolean; readonly reason: string }> = [
  { key: 'destination.namespace', prefix: false, reason: 'it is replaced by the policy\'s metadata.namespace' },
  { key: 'destination.labels', prefix: true, reason: 'it is replaced by the workload selector (targetRefs for a Gateway)' },
  { key: 'destination.name', prefix: false, reason: 'it was only supported in v1alpha1' },
  { key: 'destination.user', prefix: false, reason: 'it was only supported in v1alpha1' },
];

/** The prefix of the experimental Envoy metadata keys (`experimental.envoy.filters.a.b[c]`). @internal */
export const EXPERIMENTAL_ENVOY_PREFIX = 'experimental.envoy.filters.';

/** The result of looking up a `when` key. */
export interface AuthzKeyLookup {
  /** The attribute, when the key is one Istio supports. */
  readonly attribute?: AuthzAttribute;
  /** Why Istio rejects the key, when it does. */
  readonly problem?: string;
}

/**
 * Looks a `when` key up the way Istio's `ValidateAttribute` does.
 * @internal
 */
export function lookUpAuthzKey(key: string): AuthzKeyLookup {
  if (typeof key !== 'string' || key === '') return { problem: 'the key is empty' };
  for (const r of REJECTED_AUTHZ_KEYS) {
    if (r.prefix ? key.startsWith(r.key) : key === r.key) return { problem: `istio rejects "${key}": ${r.reason}` };
  }
  if (key.startsWith(EXPERIMENTAL_ENVOY_PREFIX)) {
    return mapKeyProblem(key) ? { problem: mapKeyProblem(key) } : { attribute: { key: EXPERIMENTAL_ENVOY_PREFIX, bracketed: true, values: 'string', notWithCustom: false } };
  }
  for (const a of AUTHZ_ATTRIBUTES) {
    if (a.bracketed ? key.startsWith(a.key) : key === a.key) {
      if (a.bracketed) {
        const p = mapKeyProblem(key);
        if (p) return { problem: p };
      }
      return { attribute: a };
    }
  }
  return { problem: `"${key}" is not an attribute istio knows` };
}

/** Istio's `validateMapKey`: `a[b]` with a non-empty name. */
function mapKeyProblem(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `"${key}" must have the form name[key], e.g. "request.headers[x-api-key]"`;
}
