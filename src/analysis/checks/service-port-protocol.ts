import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';

/** Protocol prefixes Istio recognizes in Service port names (`<protocol>[-<suffix>]`). */
const ISTIO_PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];

/** Whether a port name follows Istio's `<protocol>[-<suffix>]` convention. */
export function followsPortNaming(name: string): boolean {
  const lower = name.toLowerCase();
  return ISTIO_PROTOCOLS.some((p) => lower === p || lower.startsWith(`${p}-`));
}

/**
 * IGW1016: a Service port whose name does not follow Istio's
 * `<protocol>[-<suffix>]` convention and that has no `appProtocol`, so Istio
 * has to sniff the protocol (istioctl IST0118). Server-first protocols then
 * break and HTTP features may not apply.
 */
export const servicePortProtocol: Check = {
  id: 'IGW1016',
  title: 'Service port without appProtocol and without an Istio protocol name',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const svc of set.ofKind('Service', '')) {
      if (svc.object.spec?.type === 'ExternalName') continue;
      const ports: any[] = Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports : [];
      ports.forEach((p, i) => {
        if (typeof p?.appProtocol === 'string' && p.appProtocol !== '') return;
        if (typeof p?.name === 'string' && followsPortNaming(p.name)) return;
        const label = typeof p?.name === 'string' && p.name !== '' ? `port "${p.name}" (${p?.port})` : `unnamed port ${p?.port}`;
        out.push(findingOf(this, svc, {
          path: `spec.ports[${i}]`,
          message: `${label} has no appProtocol and its name does not start with a protocol istio knows, so istio has to detect the protocol`,
          fix: 'set appProtocol (e.g. http, http2, grpc, tcp) or name the port <protocol>[-<suffix>], e.g. http-web',
        }));
      });
    }
    return out;
  },
};
