import { isIP } from 'net';
import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

/**
 * A static address requested for a Gateway (`spec.addresses[]`).
 *
 * The factories check their argument; an invalid address is reported, with
 * the construct path, by the `IngressGateway` that uses it.
 */
export class GatewayAddress {
  /**
   * An IP address; Istio sets it as the Service `loadBalancerIP`.
   * @param address IPv4 or IPv6 address
   */
  public static ipAddress(address: string): GatewayAddress {
    // the CRD checks formats ipv4 / ipv6, which have no zone (`%eth0`)
    const ok = typeof address === 'string' && isIP(address) !== 0 && !address.includes('%');
    return new GatewayAddress('IPAddress', address, factoryProblem('GatewayAddress.ipAddress', [address], ok ? undefined
      : `"${address}" is not an IP address; pass an IPv4 or IPv6 address, or use GatewayAddress.hostname() for a DNS name`));
  }

  /**
   * A hostname. One Hostname address that names an existing Service, e.g.
   * `istio-ingressgateway.istio-system.svc.cluster.local`, makes Istio use
   * that deployment instead of provisioning one (manual mode).
   */
  public static hostname(hostname: string): GatewayAddress {
    return new GatewayAddress('Hostname', hostname, factoryProblem('GatewayAddress.hostname', [hostname], addressHostnameProblem(hostname)));
  }

  /** `IPAddress` or `Hostname`. */
  public readonly type: string;
  /** The address. */
  public readonly value: string;

  private constructor(type: string, value: string, private readonly problem: string | undefined) {
    this.type = type;
    this.value = value;
  }

  /** What the factory found wrong with its argument, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The `spec.addresses[]` entry. @internal */
  public _toKube(): any {
    assertFactoryValue(this.problem);
    return { type: this.type, value: this.value };
  }
}

function addressHostnameProblem(hostname: string): string | undefined {
  if (typeof hostname !== 'string' || hostname.length < 1 || hostname.length > 253) {
    return 'the hostname must be 1 to 253 characters long';
  }
  if (hostname.includes('*')) {
    return `"${hostname}" has a wildcard, but Istio uses a Hostname address as the Service to send traffic to, which a wildcard cannot name; `
      + 'give the precise DNS name, e.g. "istio-ingressgateway.istio-system.svc.cluster.local"';
  }
  if (!DNS_SUBDOMAIN_RE.test(hostname)) {
    return `"${hostname}" is not a valid DNS name; use lowercase letters, digits, "-" and ".", e.g. "gateway.example.com"`;
  }
  return undefined;
}
