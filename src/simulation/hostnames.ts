/**
 * Hostname rules of the Gateway API: wildcard labels (`*.`) are suffix
 * matches that need at least one more label, and a Host header's port is
 * ignored.
 */

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

export function isWildcard(hostname: string): boolean {
  return hostname.startsWith('*.');
}

/** Whether a concrete host matches a (possibly wildcard) hostname. */
export function hostMatches(host: string, hostname: string): boolean {
  if (!isWildcard(hostname)) return host === hostname;
  const suffix = hostname.slice(1); // '.example.com'
  return host.length > suffix.length && host.endsWith(suffix);
}

/**
 * The intersection of a listener hostname and a route hostname: the more
 * specific of the two when one includes the other, else undefined.
 * An undefined listener hostname accepts everything.
 */
export function intersectHostnames(listener: string | undefined, route: string): string | undefined {
  if (!listener) return route;
  if (!isWildcard(listener) && !isWildcard(route)) return listener === route ? route : undefined;
  if (isWildcard(listener) && !isWildcard(route)) return hostMatches(route, listener) ? route : undefined;
  if (!isWildcard(listener) && isWildcard(route)) return hostMatches(listener, route) ? listener : undefined;
  // both wildcards: the longer suffix is contained in the shorter one
  if (listener === route) return route;
  if (route.endsWith(listener.slice(1))) return route;
  if (listener.endsWith(route.slice(1))) return listener;
  return undefined;
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
