import { isIP } from 'net';

// Value checks of the gateway deployment options; internal to gateway/deployment.

/**
 * A Kubernetes resource quantity (`k8s.io/apimachinery/pkg/api/resource`
 * `ParseQuantity`): a signed decimal number, then a binary-SI suffix
 * (Ki..Ei), a decimal-SI suffix (n, u, m, k, M..E) or a decimal exponent (e3).
 */
const QUANTITY_RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: { [suffix: string]: number } = Object.fromEntries([
  ['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40], ['Pi', 2 ** 50], ['Ei', 2 ** 60],
  ['n', 1e-9], ['u', 1e-6], ['m', 1e-3], ['', 1], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15], ['E', 1e18],
]);

/**
 * The value of a non-negative resource quantity (approximate, as a float, for
 * comparisons), or undefined when `text` is not one.
 * @internal
 */
export function quantityValue(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix = ''] = m;
  const n = Number(digits);
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  const value = n * multiplier;
  if (!Number.isFinite(value)) return undefined;
  // resource requests and limits must be >= 0 (ValidateResourceQuantityValue)
  if (sign === '-' && value !== 0) return undefined;
  return value;
}

/**
 * What is wrong with a CIDR of `loadBalancerSourceRanges`, or undefined.
 * Kubernetes parses each entry with Go's `net.ParseCIDR` (`GetLoadBalancerSourceRanges`):
 * an IPv4 or IPv6 address, `/`, and a prefix length.
 * @internal
 */
export function cidrProblem(cidr: string): string | undefined {
  const example = 'e.g. "203.0.113.0/24" or "2001:db8::/32"';
  if (typeof cidr !== 'string' || !cidr.includes('/')) {
    return `"${cidr}" is not a CIDR: give an address and a prefix length, ${example}`;
  }
  const slash = cidr.indexOf('/');
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  // node's isIP, like Go's ParseIP, rejects IPv4 octets with leading zeros
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0) return `"${cidr}" is not a CIDR: "${address}" is not an IP address; ${example}`;
  const max = family === 4 ? 32 : 128;
  // Go's ParseCIDR: decimal digits, no sign, no leading zeros
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > max) {
    return `"${cidr}" is not a CIDR: the prefix length must be 0 to ${max}; ${example}`;
  }
  return undefined;
}
