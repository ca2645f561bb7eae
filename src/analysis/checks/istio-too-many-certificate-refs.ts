import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewaysOf, listenersOf } from './model';

/**
 * IGW1013: Istio serves at most 2 certificates per listener (typically one RSA
 * and one ECDSA); the Gateway API allows 64.
 */
export const istioTooManyCertificateRefs: Check = {
  id: 'IGW1013',
  title: 'more than 2 certificateRefs on a listener (Istio limit)',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      for (const l of listenersOf(set, gateway)) {
        const refs = l.raw.tls?.certificateRefs;
        if (!Array.isArray(refs) || refs.length <= 2) continue;
        out.push(findingOf(this, gateway, {
          path: `${l.path}.tls.certificateRefs`,
          message: `listener "${l.name}" has ${refs.length} certificateRefs; istio supports at most 2 per listener`,
          fix: 'keep at most 2 certificates (e.g. one RSA and one ECDSA), or split the hostnames over several listeners',
        }));
      }
    }
    return out;
  },
};
