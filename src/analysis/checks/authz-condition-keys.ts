import { AuthzAttribute, lookUpAuthzKey } from '../../internal/authz-attributes';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { appliesToGateway, SECURITY_GROUP } from './security-model';

/** Source fields that are the peer identity from mutual TLS. */
const MTLS_SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'];

/**
 * IGW1043: AuthorizationPolicy `when` keys that Istio does not support on
 * the policy's target: unknown or removed attributes (istiod rejects the
 * policy; `ValidateAttribute`), attributes a CUSTOM action does not support
 * (`request.auth.*`, `source.namespace`, `source.principal`,
 * `source.serviceAccount`), and, on a policy that applies to an ingress
 * gateway, mTLS peer attributes (`source.principal`, `source.namespace`,
 * `source.serviceAccount` and the `principals`/`namespaces`/`serviceAccounts`
 * source fields), which clients from outside the mesh never carry.
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
export const authzConditionKeys: Check = {
  id: 'IGW1043',
  title: 'AuthorizationPolicy condition key not supported on its target',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const ap of set.ofKind('AuthorizationPolicy', SECURITY_GROUP)) {
      const custom = ap.object.spec?.action === 'CUSTOM';
      const atGateway = appliesToGateway(ap);
      const rules = ap.object.spec?.rules;
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule: any, i: number) => {
        (Array.isArray(rule?.when) ? rule.when : []).forEach((w: any, j: number) => {
          const key = w?.key;
          if (typeof key !== 'string') return;
          const path = `spec.rules[${i}].when[${j}].key`;
          const { attribute, problem } = lookUpAuthzKey(key);
          if (problem) {
            out.push(findingOf(this, ap, {
              path,
              message: `${problem}; istiod rejects the policy`,
              fix: 'use a key from https://istio.io/latest/docs/reference/config/security/conditions/, e.g. request.headers[<name>] or request.auth.claims[<claim>]',
            }));
            return;
          }
          if (custom && attribute!.notWithCustom) {
            out.push(findingOf(this, ap, {
              path,
              message: `"${key}" is not supported with action CUSTOM; istiod rejects the policy`,
              fix: 'move this condition into a DENY or ALLOW policy on the same target',
            }));
            return;
          }
          if (atGateway && attribute!.gatewayCaveat) out.push(mtlsFinding(this, ap, path, `"${key}"`, attribute!));
        });
        if (!atGateway) return;
        (Array.isArray(rule?.from) ? rule.from : []).forEach((f: any, j: number) => {
          const source = f?.source ?? {};
          for (const field of MTLS_SOURCE_FIELDS.filter((x) => x in source)) {
            out.push(findingOf(this, ap, {
              path: `spec.rules[${i}].from[${j}].source.${field}`,
              severity: Severity.WARNING,
              message: `${field} at an ingress gateway is the client's mutual TLS identity, which clients from outside the mesh never have, so it never matches them`,
              fix: 'match external clients on requestPrincipals (a JWT) or remoteIpBlocks instead',
            }));
          }
        });
      });
    }
    return out;
  },
};

function mtlsFinding(check: Check, ap: any, path: string, what: string, attribute: AuthzAttribute): Finding {
  return findingOf(check, ap, {
    path,
    severity: Severity.WARNING,
    message: `${what} on a policy for an ingress gateway: ${attribute.gatewayCaveat}`,
    fix: 'match external clients on request.auth.* (a JWT) or remote.ip instead',
  });
}
