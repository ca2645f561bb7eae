import { IRouteParent } from '../routing/route-parent';

/**
 * A Gateway routes can attach to: one built here (`IngressGateway`) or one
 * managed elsewhere (`IngressGateway.fromGatewayName()`).
 */
export interface IGateway extends IRouteParent {
  /**
   * A parent for one listener of this Gateway, by listener name
   * (the route's `sectionName`).
   */
  listener(listenerName: string): IRouteParent;
}
