import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { certificateRefsOf, gatewaysOf } from './model';

/**
 * IGW1014: Istio reads listener certificates only from core Secrets; any other
 * certificateRef kind leaves the listener without a certificate.
 */
export const istioNonSecretCertificateRef: Check = {
  id: 'IGW1014',
  title: 'certificateRef that is not a core Secret (Istio supports Secrets only)',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      for (const c of certificateRefsOf(set, gateway)) {
        if (c.group === '' && c.kind === 'Secret') continue;
        out.push(findingOf(this, gateway, {
          path: c.path,
          message: `listener "${c.listener.name}" refers to a ${c.group ? `${c.group}/` : ''}${c.kind} "${c.name}"; istio only reads certificates from core Secrets`,
          fix: 'refer to a Secret of type kubernetes.io/tls (group "", kind Secret)',
        }));
      }
    }
    return out;
  },
};
