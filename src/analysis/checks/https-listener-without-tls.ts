import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewaysOf, listenersOf } from './model';

/**
 * IGW1007: an HTTPS listener without `tls` or without certificates. The
 * schema accepts it since Gateway API v1.6.0 (the CEL rule was reverted), but
 * the listener cannot terminate TLS and is not programmed.
 */
export const httpsListenerWithoutTls: Check = {
  id: 'IGW1007',
  title: 'HTTPS listener without tls certificates',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      for (const l of listenersOf(set, gateway).filter((x) => x.protocol === 'HTTPS')) {
        const tls = l.raw.tls;
        if (!tls) {
          out.push(findingOf(this, gateway, {
            path: l.path,
            message: `HTTPS listener "${l.name}" has no tls, so it cannot terminate TLS (the schema accepts this since Gateway API v1.6.0, the gateway does not)`,
            fix: `add tls.certificateRefs with a kubernetes.io/tls Secret to listener "${l.name}", or use protocol HTTP`,
          }));
          continue;
        }
        const mode = tls.mode ?? 'Terminate';
        const refs = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
        if (mode === 'Terminate' && refs.length === 0) {
          out.push(findingOf(this, gateway, {
            path: `${l.path}.tls`,
            message: `HTTPS listener "${l.name}" terminates TLS but has no certificateRefs`,
            fix: `add tls.certificateRefs with a kubernetes.io/tls Secret to listener "${l.name}"`,
          }));
        }
      }
    }
    return out;
  },
};
