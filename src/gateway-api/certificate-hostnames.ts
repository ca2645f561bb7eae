/**
 * Which listener hostnames a certificate's DNS names cover, the rule that
 * `TlsCertificate.fromCertManager` and IGW1030 share.
 *
 * A DNS name covers a host when they are equal (case-insensitively), or when
 * the DNS name is a wildcard `*.a.com` and the host is exactly one label more
 * (`x.a.com`): a certificate wildcard matches one whole left-most label only,
 * so `*.a.com` covers neither `a.com` nor `x.y.a.com` (RFC 6125 6.4.3, which
 * Envoy's `dnsNameMatch` implements).
 *
 * A wildcard listener hostname (`*.a.com`) is covered only by the same
 * wildcard DNS name. The listener accepts deeper hosts too (`x.y.a.com`, a
 * Gateway API wildcard matches one or more labels), which no certificate can
 * cover; that is the accepted way to serve a wildcard listener.
 */

/** Whether certificate DNS name `dnsName` covers hostname `host` (either may be a wildcard). */
export function dnsNameCovers(dnsName: string, host: string): boolean {
  const name = dnsName.toLowerCase();
  const h = host.toLowerCase();
  if (name === h) return true;
  if (!name.startsWith('*.') || h.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === name.slice(1);
}

/** Whether one of `dnsNames` covers `host`. */
export function dnsNamesCover(dnsNames: readonly string[], host: string): boolean {
  return dnsNames.some((n) => dnsNameCovers(n, host));
}
