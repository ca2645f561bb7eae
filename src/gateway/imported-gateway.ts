import { Construct } from 'constructs';
import { IGateway } from './gateway-ref';
import { declareExternalObject } from '../analysis/synth-validation';
import { factoryCall, fail } from '../internal/errors';
import { SECTION_NAME_RE } from '../internal/names';
import { externalGatewayProblem, IRouteParent, ParentReference, RouteParent } from '../routing/route-parent';

/**
 * A Gateway managed outside this app: what `IngressGateway.fromGatewayName`
 * returns (as an `IGateway`). Its name is checked by the same rule as
 * `RouteParent.fromGatewayName`, and its references are that parent's.
 *
 * Internal: not exported from the package.
 */
export class ImportedGateway extends Construct implements IGateway {
  /** The Gateway's name. */
  public readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - the namespace of the routes that attach to it
   */
  public readonly gatewayNamespace?: string;
  private readonly parent: IRouteParent;

  /**
   * @param gatewayName the Gateway's name
   * @param namespace the Gateway's namespace
   */
  constructor(scope: Construct, id: string, gatewayName: string, namespace?: string) {
    super(scope, id);
    const problem = externalGatewayProblem(gatewayName, namespace);
    if (problem) {
      fail(this, `${factoryCall('IngressGateway.fromGatewayName', [id, gatewayName, namespace]).replace('(', '(scope, ')}: ${problem}`);
    }
    this.gatewayName = gatewayName;
    this.gatewayNamespace = namespace;
    this.parent = RouteParent.fromGatewayName(gatewayName, { namespace });
    declareExternalObject(this, 'Gateway', namespace, gatewayName);
  }

  /** A parentRef to the whole Gateway (every listener). */
  public parentReference(): ParentReference {
    return this.parent.parentReference();
  }

  /** A parent for one listener, by name (the route's `sectionName`). */
  public listener(listenerName: string): IRouteParent {
    if (typeof listenerName !== 'string' || listenerName.length > 253 || !SECTION_NAME_RE.test(listenerName)) {
      fail(this, `listener("${listenerName}"): listener name "${listenerName}" is invalid; use the listener's name on the Gateway (lowercase letters, digits, "-" and "."), e.g. "https"`);
    }
    return RouteParent.fromGatewayName(this.gatewayName, { namespace: this.gatewayNamespace, sectionName: listenerName });
  }
}
