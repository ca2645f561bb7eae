import { isIP } from 'net';
import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { DNS_1035_LABEL_RE, DNS_LABEL_RE, DNS_SUBDOMAIN_RE } from '../internal/names';

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

  /**
   * Binds the Gateway to an existing gateway Service, e.g. the
   * `istio-ingressgateway` of an `istioctl` or Helm install (manual
   * deployment): a Hostname address `<service>.<namespace>.svc.<clusterDomain>`.
   * Istio then provisions no Deployment or Service for the Gateway and
   * programs the pods behind that Service instead; their ports must serve the
   * Gateway's listener ports. Use it as the only address, and without
   * `IngressGateway` `deployment` options (Istio deploys nothing to customize).
   *
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#manual-deployment
   * @param serviceName the Service's name, e.g. `istio-ingressgateway`
   * @param namespace the Service's namespace, e.g. `istio-system`
   * @param clusterDomain the cluster's DNS domain; default `cluster.local`
   */
  public static existingService(serviceName: string, namespace: string, clusterDomain?: string): GatewayAddress {
    const domain = clusterDomain ?? 'cluster.local';
    const hostname = `${serviceName}.${namespace}.svc.${domain}`;
    let problem: string | undefined;
    if (typeof serviceName !== 'string' || serviceName.length > 63 || !DNS_1035_LABEL_RE.test(serviceName)) {
      problem = `"${serviceName}" is not a Service name; use at most 63 lowercase letters, digits and "-", starting with a letter, e.g. "istio-ingressgateway"`;
    } else if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL_RE.test(namespace)) {
      problem = `"${namespace}" is not a namespace name; use at most 63 lowercase letters, digits and "-", e.g. "istio-system"`;
    } else if (typeof domain !== 'string' || !DNS_SUBDOMAIN_RE.test(domain)) {
      problem = `"${domain}" is not a cluster domain; use e.g. "cluster.local"`;
    } else {
      problem = addressHostnameProblem(hostname);
    }
    return new GatewayAddress('Hostname', hostname, factoryProblem('GatewayAddress.existingService', [serviceName, namespace, clusterDomain], problem));
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
