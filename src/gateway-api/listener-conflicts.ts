/**
 * When two listeners of a Gateway (with its ListenerSets) cannot both be
 * programmed, as Istio decides it. The first listener wins and the later one
 * is left out; a listener that lost does not block later ones.
 *
 * Two Istio rules meet here:
 * - `listenersDistinct` (pilot/pkg/config/kube/gatewaycommon/listener_conflict.go,
 *   `ComputeGatewayListenerConflicts`): on one port, TCP and UDP listeners
 *   conflict with any HTTP, HTTPS, TLS, TCP or UDP listener; HTTP, HTTPS and
 *   TLS listeners conflict when their hostnames are equal (none counts as
 *   `*`), whatever their protocols; other protocols conflict when equal.
 * - `mergeGateways` (pilot/pkg/model/gateway.go, `canMergeProtocols`): a
 *   port's plain-text HTTP servers and its TLS servers (HTTPS, TLS) are not
 *   merged, so the later of an HTTP and an HTTPS/TLS listener on one port
 *   is skipped even with different hostnames.
 *
 * The Gateway API specification differs for TCP with UDP on one port (it
 * allows them); Istio does not.
 */

/** What the conflict rule reads of a listener. */
export interface ConflictListener {
  readonly port: number;
  readonly protocol: string;
  /** Unset or empty counts as `*`; compared case-insensitively. */
  readonly hostname?: string;
}

/** Why a listener conflicts with an earlier one. */
export interface ListenerConflict {
  /** The listener condition reason Istio reports. */
  readonly reason: 'ProtocolConflict' | 'HostnameConflict';
  /** Why, e.g. `protocols HTTP and TCP cannot share a port`. */
  readonly detail: string;
}

const L4 = new Set(['TCP', 'UDP']);
const HTTP_LIKE = new Set(['HTTP', 'HTTPS', 'TLS']);

function hostOf(l: ConflictListener): string {
  return l.hostname ? l.hostname.toLowerCase() : '*';
}

/**
 * Why `later` cannot be programmed next to `earlier` on one Gateway, or
 * undefined when both can.
 */
export function listenerConflict(earlier: ConflictListener, later: ConflictListener): ListenerConflict | undefined {
  if (earlier.port !== later.port) return undefined;
  const [a, b] = [earlier.protocol, later.protocol];
  const known = (p: string) => L4.has(p) || HTTP_LIKE.has(p);
  if (L4.has(a) || L4.has(b)) {
    if (!known(a) || !known(b)) return undefined;
    return a === b
      ? { reason: 'ProtocolConflict', detail: `two ${a} listeners cannot share a port` }
      : { reason: 'ProtocolConflict', detail: `protocols ${a} and ${b} cannot share a port` };
  }
  if (HTTP_LIKE.has(a) && HTTP_LIKE.has(b)) {
    if ((a === 'HTTP') !== (b === 'HTTP')) {
      return { reason: 'ProtocolConflict', detail: `protocols ${a} and ${b} cannot share a port` };
    }
    const host = hostOf(earlier);
    if (host !== hostOf(later)) return undefined;
    return {
      reason: a === b ? 'HostnameConflict' : 'ProtocolConflict',
      detail: host === '*' ? 'both accept every hostname (no hostname set)' : `both accept hostname "${host}"`,
    };
  }
  return a === b && !known(a) ? { reason: 'ProtocolConflict', detail: `two ${a} listeners cannot share a port` } : undefined;
}

/**
 * The first listener of `accepted` that `listener` conflicts with, and why;
 * undefined when there is none.
 */
export function firstConflict<T extends ConflictListener>(
  accepted: readonly T[], listener: ConflictListener,
): { readonly earlier: T; readonly conflict: ListenerConflict } | undefined {
  for (const earlier of accepted) {
    const conflict = listenerConflict(earlier, listener);
    if (conflict) return { earlier, conflict };
  }
  return undefined;
}
