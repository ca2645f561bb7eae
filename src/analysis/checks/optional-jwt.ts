import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { ROOT_NAMESPACE, SECURITY_GROUP, targetKeys } from './security-model';

/**
 * Whether an AuthorizationPolicy requires a request principal: a DENY rule
 * on `notRequestPrincipals` (Istio's "require a valid token" pattern), or an
 * ALLOW policy whose every rule needs a JWT (`requestPrincipals` or a
 * `request.auth.*` condition).
 * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
 */
export function requiresPrincipal(ap: Manifest): boolean {
  const action = ap.object.spec?.action ?? 'ALLOW';
  const rules: any[] = Array.isArray(ap.object.spec?.rules) ? ap.object.spec.rules : [];
  const sources = (r: any): any[] => (Array.isArray(r?.from) ? r.from.map((f: any) => f?.source ?? {}) : []);
  if (action === 'DENY') {
    return rules.some((r) => sources(r).some((s) => Array.isArray(s.notRequestPrincipals) && s.notRequestPrincipals.length > 0));
  }
  if (action === 'ALLOW') {
    return rules.length > 0 && rules.every((r) =>
      (sources(r).length > 0 && sources(r).every((s) => Array.isArray(s.requestPrincipals) && s.requestPrincipals.length > 0))
      || (Array.isArray(r?.when) && r.when.some((w: any) => typeof w?.key === 'string' && w.key.startsWith('request.auth.'))));
  }
  return false;
}

/**
 * IGW1041: a RequestAuthentication with no AuthorizationPolicy that
 * requires a principal on the same target (same targetRefs or selector,
 * the whole namespace, or the root namespace). Istio then rejects invalid
 * tokens but lets requests without a token through: the token is optional.
 */
export const optionalJwt: Check = {
  id: 'IGW1041',
  title: 'RequestAuthentication without an AuthorizationPolicy that requires a token',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const requiring = set.ofKind('AuthorizationPolicy', SECURITY_GROUP).filter(requiresPrincipal);
    for (const ra of set.ofKind('RequestAuthentication', SECURITY_GROUP)) {
      const ns = set.namespaceOf(ra);
      const keys = targetKeys(ra);
      const covered = requiring.some((ap) => {
        const apNs = set.namespaceOf(ap);
        const apKeys = targetKeys(ap);
        if (apNs === ROOT_NAMESPACE && apKeys[0] === 'namespace') return true;
        if (apNs !== ns) return false;
        return apKeys[0] === 'namespace' || keys.some((k) => apKeys.includes(k));
      });
      if (covered) continue;
      out.push(findingOf(this, ra, {
        message: 'the RequestAuthentication rejects invalid tokens, but no AuthorizationPolicy on the same target requires one, '
          + 'so requests without a token pass',
        fix: 'add an AuthorizationPolicy with action DENY and from.source.notRequestPrincipals ["*"] on the same target '
          + '(JwtAuthentication.requireJwt()), or ignore this if anonymous requests are intended',
      }));
    }
    return out;
  },
};
