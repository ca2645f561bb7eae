import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { certificatesBySecret } from './cert-manager-certificates';
import { Check, findingOf } from './check';
import { objectRef, refOf } from './model';

/**
 * IGW1031: two or more cert-manager `Certificate`s write the same Secret
 * (same namespace and `spec.secretName`). cert-manager re-issues each in
 * turn, since each finds the Secret holding the other's certificate, and the
 * listener serves whichever was written last. Every Certificate after the
 * first is reported.
 */
export const certificateSecretConflict: Check = {
  id: 'IGW1031',
  title: 'two Certificates write the same Secret',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const certs of certificatesBySecret(set).values()) {
      const [first, ...others] = certs;
      for (const cert of others) {
        out.push(findingOf(this, cert.manifest, {
          path: 'spec.secretName',
          message: `${objectRef(set, cert.manifest)} writes ${refOf('Secret', cert.namespace, cert.secretName!)}, which ${objectRef(set, first.manifest)} also writes; cert-manager would re-issue them in turn and the Secret would hold either certificate`,
          fix: 'give each Certificate its own secretName, or merge their dnsNames into one Certificate',
        }));
      }
    }
    return out;
  },
};
