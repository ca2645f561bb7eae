import { Construct } from 'constructs';
import { IGateway } from './gateway-ref';
import { declareExternalObject } from '../analysis/synth-validation';
import { factoryCall, fail } from '../internal/errors';
import { DNS_LABEL_RE, SECTION_NAME_RE } from '../internal/names';
import { IRouteParent, ParentReference, RouteParent } from '../routing/route-parent';

/**
 * A Gateway managed outside this app (see `IngressGateway.fromGatewayName`).
 */
export class ImportedGateway extends Construct implements IGateway {
  /** The Gateway's name. */
  public readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - the namespace of the routes that attach to it
   */
  public readonly gatewayNamespace?: string;

  /**
   * @param gatewayName the Gateway's name
   * @param namespace the Gateway's namespace
   */
  constructor(scope: Construct, id: string, gatewayName: string, namespace?: string) {
    super(scope, id);
    const call = factoryCall('IngressGateway.fromGatewayName', [id, gatewayName, namespace]).replace('(', '(scope, ');
    if (typeof gatewayName !== 'string' || gatewayName.length > 63 || !DNS_LABEL_RE.test(gatewayName)) {
      fail(this, `${call}: gateway name "${gatewayName}" is not a valid DNS label; use the Gateway's metadata.name (lowercase letters, digits and "-")`);
    }
    if (namespace !== undefined && (namespace.length > 63 || !DNS_LABEL_RE.test(namespace))) {
      fail(this, `${call}: namespace "${namespace}" is not a valid DNS label; use the Gateway's metadata.namespace, or leave it out for the route's own namespace`);
    }
    this.gatewayName = gatewayName;
    this.gatewayNamespace = namespace;
    declareExternalObject(this, 'Gateway', namespace, gatewayName);
  }

  /** A parentRef to the whole Gateway (every listener). */
  public parentReference(): ParentReference {
    return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.gatewayName, namespace: this.gatewayNamespace };
  }

  /** A parent for one listener, by name (the route's `sectionName`). */
  public listener(listenerName: string): IRouteParent {
    if (typeof listenerName !== 'string' || listenerName.length > 253 || !SECTION_NAME_RE.test(listenerName)) {
      fail(this, `listener("${listenerName}"): listener name "${listenerName}" is invalid; use the listener's name on the Gateway (lowercase letters, digits, "-" and "."), e.g. "https"`);
    }
    return RouteParent.fromGatewayName(this.gatewayName, { namespace: this.gatewayNamespace, sectionName: listenerName });
  }
}
