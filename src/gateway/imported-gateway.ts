import { Construct } from 'constructs';
import { IGateway } from './gateway-ref';
import { fail } from '../internal/errors';
import { DNS_LABEL_RE, SECTION_NAME_RE } from '../internal/names';
import { IRouteParent, ParentReference } from '../routing/route-parent';

/**
 * A Gateway managed outside this app (see `IngressGateway.fromGatewayName`).
 */
export class ImportedGateway extends Construct implements IGateway {
  public readonly gatewayName: string;
  public readonly gatewayNamespace?: string;

  constructor(scope: Construct, id: string, gatewayName: string, namespace?: string) {
    super(scope, id);
    if (!DNS_LABEL_RE.test(gatewayName)) fail(this, `gateway name "${gatewayName}" is not a valid DNS label`);
    if (namespace !== undefined && !DNS_LABEL_RE.test(namespace)) fail(this, `namespace "${namespace}" is not a valid DNS label`);
    this.gatewayName = gatewayName;
    this.gatewayNamespace = namespace;
  }

  public parentReference(): ParentReference {
    return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.gatewayName, namespace: this.gatewayNamespace };
  }

  public listener(listenerName: string): IRouteParent {
    if (!SECTION_NAME_RE.test(listenerName)) fail(this, `listener name "${listenerName}" is invalid: use lowercase letters, digits, "-" and "."`);
    return new ImportedListener(this, listenerName);
  }
}

/**
 * One listener of a Gateway managed outside this app.
 */
class ImportedListener implements IRouteParent {
  public readonly gatewayName: string;
  public readonly gatewayNamespace?: string;

  constructor(private readonly gateway: ImportedGateway, private readonly listenerName: string) {
    this.gatewayName = gateway.gatewayName;
    this.gatewayNamespace = gateway.gatewayNamespace;
  }

  public parentReference(): ParentReference {
    return { ...this.gateway.parentReference(), sectionName: this.listenerName };
  }
}
