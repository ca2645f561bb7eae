import { BlockList, isIP } from 'net';

/**
 * Whether an IP address is in a CIDR block (`10.0.0.0/8`, `2001:db8::/32`)
 * or equals a single address, as Istio's `ipBlocks` and `source.ip` read
 * them. A value that does not parse matches nothing.
 */
export function ipInCidr(ip: string, cidr: string): boolean {
  const family = isIP(ip);
  const [addr, len] = cidr.split('/');
  const blockFamily = isIP(addr);
  if (!family || blockFamily !== family) return false;
  const max = family === 4 ? 32 : 128;
  const prefix = len === undefined ? max : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (len !== undefined && !/^\d+$/.test(len))) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(addr, prefix, type);
  return list.check(ip, type);
}
