import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { CERT_MANAGER_GROUP, certificatesBySecret, listenerSecretRefsOf } from './cert-manager-certificates';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { managesKindIn, refOf } from './model';
import { nearestName } from './near-names';

/**
 * IGW1032: a listener serves a Secret that no cert-manager `Certificate`
 * writes, while the set manages Certificates in that namespace (the
 * listener's certificates are expected to come from them), and the Secret is
 * neither in the manifests nor declared external. Usually a typo in the
 * listener's `certificateRefs` or in a Certificate's `secretName`: the
 * listener gets `ResolvedRefs=False/InvalidCertificateRef` and is not
 * programmed. In a namespace without Certificates in the set, a missing
 * Secret is only IGW1006's warning.
 */
export const unmanagedCertificateSecret: Check = {
  id: 'IGW1032',
  title: 'listener Secret written by no Certificate where the manifests manage Certificates',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const bySecret = certificatesBySecret(set);
    const out: Finding[] = [];
    for (const ref of listenerSecretRefsOf(set)) {
      if (!managesKindIn(set, CERT_MANAGER_GROUP, 'Certificate', ref.namespace)) continue;
      if (bySecret.has(`${ref.namespace}/${ref.name}`)) continue;
      if (set.find('Secret', '', ref.namespace, ref.name) || externals.has('Secret', ref.namespace, ref.name)) continue;
      const written = [...bySecret.keys()].filter((k) => k.startsWith(`${ref.namespace}/`)).map((k) => k.slice(ref.namespace.length + 1));
      const near = nearestName(ref.name, written);
      const secretRef = refOf('Secret', ref.namespace, ref.name);
      out.push(findingOf(this, ref.owner, {
        path: ref.path,
        message: `listener "${ref.listener.name}" uses ${secretRef}, which no Certificate writes, while the manifests manage Certificates in namespace "${ref.namespace}"${near ? `; did you mean "${near}"?` : ''}`,
        fix: near
          ? `use "${near}", the secretName of a Certificate in "${ref.namespace}", or add a Certificate with secretName "${ref.name}"`
          : `add a Certificate with secretName "${ref.name}", or declare ${secretRef} external if it is managed elsewhere`,
      }));
    }
    return out;
  },
};
