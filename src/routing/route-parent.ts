import { assertFactoryValue, factoryCall } from '../internal/errors';
import { DNS_LABEL_RE } from '../internal/names';

/**
 * A `spec.parentRefs[]` entry, with the API server's defaults spelled out.
 */
export interface ParentReference {
  /** API group of the parent, `gateway.networking.k8s.io` for a Gateway. */
  readonly group: string;
  /** Kind of the parent, `Gateway` for a Gateway. */
  readonly kind: string;
  /** Name of the parent. */
  readonly name: string;
  /**
   * Namespace of the parent.
   * @default - the route's own namespace
   */
  readonly namespace?: string;
  /**
   * The listener name on the parent.
   * @default - every listener of the parent
   */
  readonly sectionName?: string;
  /**
   * The listener port on the parent.
   * @default - every port
   */
  readonly port?: number;
}

/**
 * Something a route can attach to: a listener of an `IngressGateway`, a whole
 * Gateway, or a Gateway managed elsewhere.
 */
export interface IRouteParent {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - unknown: the namespace of the chart the routes are applied to
   */
  readonly gatewayNamespace?: string;
  /**
   * The hostname the listener accepts, when the parent is a single listener
   * with a hostname.
   * @default - any hostname
   */
  readonly hostname?: string;
  /** The reference a route writes into `spec.parentRefs`. */
  parentReference(): ParentReference;
}

/**
 * Options of a parent given by name.
 */
export interface GatewayParentOptions {
  /**
   * Namespace of the Gateway.
   * @default - the route's namespace
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference `namespace` (Core support; a cross-namespace parent needs the listener's `allowedRoutes`)
   */
  readonly namespace?: string;
  /**
   * Listener name to attach to.
   * @default - every listener
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference `sectionName` (Core support)
   */
  readonly sectionName?: string;
  /**
   * Listener port to attach to.
   * @default - every port
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference `port` (Extended support)
   */
  readonly port?: number;
  /**
   * The hostname of the listener, when known; routes check that one of
   * their hostnames intersects it.
   * @default - unknown, not checked
   */
  readonly hostname?: string;
}

/**
 * Parents for Gateways that are not an `IngressGateway` of this app.
 */
export class RouteParent {
  /**
   * A Gateway known by name, e.g. a shared Gateway managed by a platform team.
   *
   * @param gatewayName the Gateway's name
   * @param options namespace, listener and hostname
   */
  public static fromGatewayName(gatewayName: string, options: GatewayParentOptions = {}): IRouteParent {
    // no throw here: the route that uses the parent reports the problem with its path
    const problem = externalGatewayProblem(gatewayName, options.namespace);
    return new NamedGatewayParent(gatewayName, options, problem && `${factoryCall('RouteParent.fromGatewayName', [gatewayName])}: ${problem}`);
  }

  /**
   * The problem `fromGatewayName` found in its arguments, if any.
   * @internal
   */
  public static _problemOf(parent: IRouteParent): string | undefined {
    return parent instanceof NamedGatewayParent ? parent.problem : undefined;
  }

  /**
   * Whether the parent is a Gateway managed outside this app (`fromGatewayName`),
   * so the app-wide analysis must not report it missing.
   * @internal
   */
  public static _isExternal(parent: IRouteParent): boolean {
    return parent instanceof NamedGatewayParent;
  }

  private constructor() {}
}

class NamedGatewayParent implements IRouteParent {
  public readonly gatewayNamespace?: string;
  public readonly hostname?: string;
  constructor(public readonly gatewayName: string, private readonly options: GatewayParentOptions, public readonly problem?: string) {
    this.gatewayNamespace = options.namespace;
    this.hostname = options.hostname;
  }
  public parentReference(): ParentReference {
    assertFactoryValue(this.problem);
    return {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: this.gatewayName,
      namespace: this.options.namespace,
      sectionName: this.options.sectionName,
      port: this.options.port,
    };
  }
}

/**
 * The one check of a Gateway known by name (`RouteParent.fromGatewayName`,
 * `IngressGateway.fromGatewayName`): its name is 1 to 253 characters and a
 * DNS label, as Istio names the Deployment and Service after it; its
 * namespace, when given, is a DNS label. Returns the problem, or undefined.
 *
 * @internal
 */
export function externalGatewayProblem(gatewayName: string, namespace: string | undefined): string | undefined {
  if (typeof gatewayName !== 'string' || gatewayName.length < 1 || gatewayName.length > 253) {
    return `gateway name "${gatewayName}" must be 1 to 253 characters long; use the Gateway's metadata.name`;
  }
  if (gatewayName.length > 63 || !DNS_LABEL_RE.test(gatewayName)) {
    return `gateway name "${gatewayName}" is not a valid DNS label; use the Gateway's metadata.name (lowercase letters, digits and "-")`;
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL_RE.test(namespace))) {
    return `namespace "${namespace}" is not a valid DNS label; use the Gateway's metadata.namespace, or leave it out for the route's own namespace`;
  }
  return undefined;
}
