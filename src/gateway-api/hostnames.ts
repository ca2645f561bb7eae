/**
 * Hostname rules of the Gateway API (`HTTPRouteSpec.Hostnames`,
 * `Listener.Hostname`): a leading `*.` label is a suffix match that needs at
 * least one more label, so `*.example.com` matches `foo.example.com` and
 * `a.b.example.com` but not `example.com`.
 */

/** Whether a hostname is a wildcard (`*.example.com`). */
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
 * The intersection of two hostnames: the more specific of the two when one
 * includes the other, else undefined.
 */
function intersectPair(a: string, b: string): string | undefined {
  if (a === b) return a;
  const wa = isWildcard(a);
  const wb = isWildcard(b);
  if (wa && !wb) return hostMatches(b, a) ? b : undefined;
  if (!wa && wb) return hostMatches(a, b) ? a : undefined;
  if (wa && wb) {
    // both wildcards: the longer suffix is contained in the shorter one
    if (b.endsWith(a.slice(1))) return b;
    if (a.endsWith(b.slice(1))) return a;
  }
  return undefined;
}

/**
 * The intersection of a listener hostname and a route hostname: the more
 * specific of the two when one includes the other, else undefined. A listener
 * without a hostname accepts every route hostname.
 */
export function intersectHostnames(listener: string | undefined, route: string): string | undefined {
  if (!listener) return route;
  return intersectPair(listener, route);
}

/** Whether two hostnames (either may be a `*.` wildcard) have a host in common. */
export function hostnamesIntersect(a: string, b: string): boolean {
  return intersectPair(a, b) !== undefined;
}

/**
 * The route hostnames a listener accepts (the more specific side of each
 * intersection, deduplicated, in route order). Empty when the route has no
 * hostnames (it then accepts any host the listener accepts); undefined when
 * none intersects (`NoMatchingListenerHostname`).
 */
export function intersectRouteHostnames(listener: string | undefined, routeHostnames: readonly string[]): string[] | undefined {
  if (routeHostnames.length === 0) return [];
  const out = new Set<string>();
  for (const h of routeHostnames) {
    const i = intersectHostnames(listener, h);
    if (i !== undefined) out.add(i);
  }
  return out.size === 0 ? undefined : [...out];
}
