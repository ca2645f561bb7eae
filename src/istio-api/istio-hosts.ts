/**
 * Host names as Istio's networking API reads them (istio/istio
 * pkg/config/host/name.go and pilot/pkg/model/virtualservice.go):
 * a short name (no dot) is a Service in the namespace of the object that
 * writes it, expanded to `<name>.<namespace>.svc.cluster.local`; any name
 * with a dot is taken literally (`reviews.default` is not expanded). A
 * leading `*` is a suffix wildcard over any number of labels, and `*`
 * alone matches every host.
 */

/** The cluster's DNS suffix Istio assumes (`svc.cluster.local`). */
export const DOMAIN_SUFFIX = 'svc.cluster.local';

const SERVICE_FQDN_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/;

/** A host as Istio resolves it in `namespace` (ResolveShortnameToFQDN): short names get the namespace and the cluster suffix. */
export function fqdnOf(host: string, namespace: string): string {
  const h = host.toLowerCase();
  if (h === '*' || h.includes('.') || h.startsWith('*')) return h;
  return `${h}.${namespace}.${DOMAIN_SUFFIX}`;
}

/** The Kubernetes Service a fully-qualified host names (`<name>.<namespace>.svc.cluster.local`), or undefined. */
export function serviceOfFqdn(fqdn: string): { namespace: string; name: string } | undefined {
  const m = SERVICE_FQDN_RE.exec(fqdn.toLowerCase());
  return m ? { namespace: m[3], name: m[1] } : undefined;
}

/**
 * Whether a concrete host matches an Istio host (host.Name.Matches): equal,
 * `*`, or a `*suffix` wildcard whose suffix ends the host.
 */
export function istioHostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/**
 * Whether two Istio hosts (either may be a wildcard) have a host in common
 * (host.Name.Matches in either direction).
 */
export function istioHostsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || x === '*' || y === '*') return true;
  const wx = x.startsWith('*');
  const wy = y.startsWith('*');
  if (wx && wy) return x.endsWith(y.slice(1)) || y.endsWith(x.slice(1));
  if (wx) return istioHostMatches(y, x);
  if (wy) return istioHostMatches(x, y);
  return false;
}

/**
 * The more specific of two intersecting hosts (the one a request for both
 * must carry), or undefined when they do not intersect.
 */
export function istioHostIntersection(a: string, b: string): string | undefined {
  if (!istioHostsIntersect(a, b)) return undefined;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === '*') return y;
  if (y === '*') return x;
  if (!x.startsWith('*')) return x;
  if (!y.startsWith('*')) return y;
  return x.length >= y.length ? x : y;
}
