import { dnsNamesCover } from '../../gateway-api/certificate-hostnames';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { certificatesBySecret, listenerSecretRefsOf } from './cert-manager-certificates';
import { Check, findingOf } from './check';
import { listenerOwnerRef, objectRef, quoteList, refOf } from './model';

/**
 * IGW1030: a cert-manager `Certificate` writes the Secret a listener serves,
 * but its `dnsNames` do not cover the listener's hostname, so clients reject
 * the certificate (the TLS handshake succeeds, host verification fails).
 *
 * A wildcard DNS name covers exactly one more label: `*.a.com` covers
 * `x.a.com`, not `a.com` nor `x.y.a.com` (RFC 6125 6.4.3). A wildcard
 * listener hostname needs the same wildcard DNS name. Listeners without a
 * hostname are not checked (any host may arrive). `commonName` is ignored, as
 * browsers ignore it.
 */
export const certificateDnsNames: Check = {
  id: 'IGW1030',
  title: 'certificate dnsNames do not cover the listener hostname',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const bySecret = certificatesBySecret(set);
    for (const ref of listenerSecretRefsOf(set)) {
      const hostname = ref.listener.hostname;
      if (hostname === undefined) continue;
      for (const cert of bySecret.get(`${ref.namespace}/${ref.name}`) ?? []) {
        if (dnsNamesCover(cert.dnsNames, hostname)) continue;
        const names = cert.dnsNames.length ? `dnsNames ${quoteList(cert.dnsNames)}` : 'no dnsNames';
        out.push(findingOf(this, cert.manifest, {
          path: 'spec.dnsNames',
          message: `${objectRef(set, cert.manifest)} has ${names}, which do not cover hostname "${hostname}" of listener "${ref.listener.name}" of ${listenerOwnerRef(ref.listener)}, which serves its ${refOf('Secret', ref.namespace, ref.name)}; clients would reject the certificate`,
          fix: `add "${hostname}" to spec.dnsNames (a wildcard "*.a.com" covers only "x.a.com"), or point the listener at a certificate for that hostname`,
        }));
      }
    }
    return out;
  },
};
