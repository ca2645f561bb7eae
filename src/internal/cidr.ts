import { isIP } from 'net';

/**
 * Why `value` is not an IP address or CIDR block the way Istio reads
 * AuthorizationPolicy `ipBlocks`, `remoteIpBlocks` and the `source.ip`,
 * `remote.ip`, `destination.ip` conditions, or undefined when it is one.
 *
 * Istio (`pkg/config/security.ValidateIPs`) parses a value that contains `/`
 * with Go's `netip.ParsePrefix`, else with `netip.ParseAddr`: an IPv4 or IPv6
 * address without a zone, and a decimal prefix length of at most 32 (IPv4) or
 * 128 (IPv6) without leading zeros. Host bits may be set (`10.1.2.3/16`).
 *
 * @internal
 */
export function ipOrCidrProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'must be an IP address or a CIDR block such as "10.0.0.0/8"';
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0) {
    return `"${value}" is not an IP address or CIDR block; write an IPv4 or IPv6 address, optionally with a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"`;
  }
  if (slash < 0) return undefined;
  const bits = value.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > max) {
    return `"${value}" has an invalid prefix length "${bits}"; an IPv${family} prefix length is a number from 0 to ${max}`;
  }
  return undefined;
}
