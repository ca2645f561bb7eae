import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { Listener, gatewaysOf, listenersOf } from './model';

/**
 * Listener protocols that may share a port: HTTP with HTTP, HTTPS with TLS,
 * TCP with UDP. Custom (`domain/Name`) protocols are left alone.
 */
const PORT_GROUPS: { [protocol: string]: string } = { HTTP: 'http', HTTPS: 'tls', TLS: 'tls', TCP: 'l4', UDP: 'l4' };

/**
 * IGW1012: two listeners of a Gateway conflict: same port with protocols that
 * cannot share a port (`ProtocolConflict`), or same port with the same
 * hostname among HTTP/HTTPS/TLS listeners, or same port and protocol among
 * TCP/UDP listeners (`HostnameConflict`). Conflicted listeners are not
 * programmed.
 */
export const conflictingListeners: Check = {
  id: 'IGW1012',
  title: 'conflicting listeners (port shared by incompatible protocols or the same hostname)',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      const listeners = listenersOf(set, gateway);
      const reported = new Set<number>();
      listeners.forEach((b, j) => {
        for (let i = 0; i < j; i++) {
          const a = listeners[i];
          const problem = conflict(a, b);
          if (!problem || reported.has(j)) continue;
          reported.add(j);
          out.push(findingOf(this, gateway, {
            path: b.path,
            message: `listener "${b.name}" conflicts with listener "${a.name}" on port ${b.port}: ${problem}`,
            fix: problem.startsWith('protocols')
              ? 'move one of them to another port'
              : 'give them different hostnames or ports, or merge them',
          }));
        }
      });
    }
    return out;
  },
};

function conflict(a: Listener, b: Listener): string | undefined {
  if (a.port !== b.port) return undefined;
  const ga = PORT_GROUPS[a.protocol];
  const gb = PORT_GROUPS[b.protocol];
  if (!ga || !gb) return undefined;
  if (ga !== gb) return `protocols ${a.protocol} and ${b.protocol} cannot share a port`;
  if (ga === 'l4') return a.protocol === b.protocol ? `two ${a.protocol} listeners cannot share a port` : undefined;
  if ((a.hostname ?? '') === (b.hostname ?? '')) {
    return a.hostname ? `both accept hostname "${a.hostname}"` : 'both accept every hostname (no hostname set)';
  }
  return undefined;
}
