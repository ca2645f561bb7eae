import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { certificateRefsOf, gatewaysOf, refOf } from './model';

/**
 * IGW1006: a listener certificate Secret is missing from the set (a warning:
 * it may be managed elsewhere, e.g. by cert-manager or an external secrets
 * operator), or present but not of type `kubernetes.io/tls` (an error: the
 * listener gets `ResolvedRefs=False/InvalidCertificateRef`). A cert-manager
 * `Certificate` in the set whose `spec.secretName` names the Secret counts as
 * providing it.
 */
export const certificateSecret: Check = {
  id: 'IGW1006',
  title: 'certificate Secret missing or not of type kubernetes.io/tls',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      for (const c of certificateRefsOf(set, gateway)) {
        if (c.group !== '' || c.kind !== 'Secret') continue;
        const secretRef = refOf('Secret', c.namespace, c.name);
        const secret = set.find('Secret', '', c.namespace, c.name);
        if (!secret) {
          // a namespace whose Certificates the manifests manage is IGW1032's: written by one of them, or a typo
          const certificatesHere = set.ofKind('Certificate', 'cert-manager.io').some((cert) => set.namespaceOf(cert) === c.namespace);
          if (certificatesHere || externals.has('Secret', c.namespace, c.name)) continue;
          out.push(findingOf(this, gateway, {
            path: c.path,
            severity: Severity.WARNING,
            message: `listener "${c.listener.name}" uses ${secretRef}, which is not in the manifests`,
            fix: `make sure ${secretRef} exists in the cluster (e.g. issued by cert-manager) with type kubernetes.io/tls, or add it`,
          }));
          continue;
        }
        const type = secret.object.type ?? 'Opaque';
        if (type === 'kubernetes.io/tls') continue;
        out.push(findingOf(this, gateway, {
          path: c.path,
          message: `listener "${c.listener.name}" uses ${secretRef} of type "${type}"; certificate Secrets must be of type "kubernetes.io/tls"`,
          fix: `recreate ${secretRef} with type kubernetes.io/tls and the keys tls.crt and tls.key`,
        }));
      }
    }
    return out;
  },
};
