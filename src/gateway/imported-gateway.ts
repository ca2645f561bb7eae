import { Construct } from 'constructs';
import { IGateway } from './gateway-ref';
import { declareExternalObject } from '../analysis/synth-validation';
import { fail } from '../internal/errors';
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
    if (!DNS_LABEL_RE.test(gatewayName)) fail(this, `gateway name "${gatewayName}" is not a valid DNS label`);
    if (namespace !== undefined && !DNS_LABEL_RE.test(namespace)) fail(this, `namespace "${namespace}" is not a valid DNS label`);
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
    if (!SECTION_NAME_RE.test(listenerName)) fail(this, `listener name "${listenerName}" is invalid: use lowercase letters, digits, "-" and "."`);
    return RouteParent.fromGatewayName(this.gatewayName, { namespace: this.gatewayNamespace, sectionName: listenerName });
  }
}
