import { DNS_SUBDOMAIN_RE } from '../internal/names';

/**
 * A static address requested for a Gateway (`spec.addresses[]`).
 */
export class GatewayAddress {
  /**
   * An IP address; Istio sets it as the Service `loadBalancerIP`.
   * @param address IPv4 or IPv6 address
   */
  public static ipAddress(address: string): GatewayAddress {
    const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
    if (!v4.test(address) && !(address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address))) {
      throw new Error(`gateway address "${address}" is not an IP address; use GatewayAddress.hostname() for a DNS name`);
    }
    return new GatewayAddress('IPAddress', address);
  }

  /**
   * A hostname. One Hostname address that names an existing Service, e.g.
   * `istio-ingressgateway.istio-system.svc.cluster.local`, makes Istio use
   * that deployment instead of provisioning one (manual mode).
   */
  public static hostname(hostname: string): GatewayAddress {
    if (!DNS_SUBDOMAIN_RE.test(hostname) || hostname.length > 253) {
      throw new Error(`gateway address hostname "${hostname}" is not a valid DNS name`);
    }
    return new GatewayAddress('Hostname', hostname);
  }

  /** `IPAddress` or `Hostname`. */
  public readonly type: string;
  /** The address. */
  public readonly value: string;

  private constructor(type: string, value: string) {
    this.type = type;
    this.value = value;
  }
}
