/**
 * Host handling of the simulator: a Host header's port is ignored, and
 * listeners are ranked by hostname. Wildcard matching and intersection are
 * the shared Gateway API rules.
 */
import { isWildcard } from '../gateway-api/hostnames';

/** The Host header without port, lower case, without a trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * Listener hostname precedence: exact (3) before wildcard (2, more labels
 * first) before no hostname (1). Higher sorts first.
 */
export function listenerHostnameRank(hostname: string | undefined): [number, number] {
  if (!hostname) return [1, 0];
  if (isWildcard(hostname)) return [2, hostname.split('.').length];
  return [3, hostname.length];
}
