import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewayListeners, gatewaysOf } from './model';

/**
 * IGW1012: a Gateway's own listener conflicts with an earlier one of the
 * same Gateway (the kernel's `listenerConflict`, Istio's rule): same port
 * with protocols that cannot share it (`ProtocolConflict`), or same port
 * and hostname (`HostnameConflict`). Istio programs the earlier listener
 * only. ListenerSet listeners are IGW1025's.
 *
 * Where Istio and the specification differ: the specification lets TCP
 * and UDP listeners share a port; Istio conflicts them
 * (pilot/pkg/config/kube/gatewaycommon/listener_conflict.go).
 */
export const conflictingListeners: Check = {
  id: 'IGW1012',
  title: 'conflicting listeners (port shared by incompatible protocols or the same hostname)',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      for (const x of gatewayListeners(set, gateway).excluded) {
        if (x.type !== 'Conflicted' || x.listener.listenerSet) continue;
        const { listener: b, earlier: a, conflict } = x;
        out.push(findingOf(this, gateway, {
          path: b.path,
          message: `listener "${b.name}" conflicts with listener "${a.name}" on port ${b.port}: ${conflict.detail}; `
            + `Istio programs only "${a.name}" (${conflict.reason})`,
          fix: conflict.reason === 'ProtocolConflict' && conflict.detail.startsWith('protocols')
            ? 'move one of them to another port'
            : 'give them different hostnames or ports, or merge them',
        }));
      }
    }
    return out;
  },
};
