import { IConstruct } from 'constructs';
import { AllowedRoutes } from './allowed-routes';
import { IGateway } from './gateway-ref';
import { ListenerProtocol } from './listener-protocol';
import { IRouteParent } from '../routing/route-parent';

/*
 * The two sides of the gateway/listener relation, as interfaces below both
 * `IngressGateway` and the listener classes, so neither file imports the other.
 */

/**
 * A listener of a Gateway or ListenerSet built in this app (`HttpListener`,
 * `TlsListener`, `TlsPassthroughListener`, `TcpListener`): what the gateway
 * and an `HttpsRedirect` read from it.
 */
export interface IGatewayListener extends IRouteParent, IConstruct {
  /** The listener name (`sectionName` for routes). */
  readonly listenerName: string;
  /** The port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: ListenerProtocol;
  /** Which namespaces may attach routes. */
  readonly allowedRoutes: AllowedRoutes;
  /** The client-certificate validation of the listener's port (`spec.tls.frontend.perPort`), if it sets one. @internal */
  readonly _frontendValidation?: any;
  /** The listener as written into `spec.listeners`. @internal */
  _toKube(): any;
  /** Admits the gateway's namespace, for an `HttpsRedirect` route. @internal */
  _acceptRedirectRoute(): void;
}

/**
 * The Gateway a listener is added to (an `IngressGateway`, or a
 * `ListenerSet` of one): the defaults it hands its listeners (`hostname`,
 * `allowedRoutes`), and where they register.
 */
export interface IListenerGateway extends IGateway, IConstruct {
  /** Which namespaces may attach routes, unless a listener sets its own. */
  readonly allowedRoutes: AllowedRoutes;
  /**
   * The kind of the object whose `spec.listeners` hold the listeners
   * (`ListenerSet`), for the `from` of the ReferenceGrants their
   * certificates need; `Gateway` when unset.
   * @internal
   */
  readonly _listenerOwnerKind?: string;
  /** The default HTTP listener, if any. @internal */
  readonly _defaultHttpListener?: IGatewayListener;
  /** The listeners, in the order they were added. @internal */
  readonly _gatewayListeners: IGatewayListener[];
  /** Adds a listener (called by the listener's constructor). @internal */
  _registerListener(listener: IGatewayListener): void;
  /** Calls `handler` after each listener is added. @internal */
  _onListenerAdded(handler: () => void): void;
}
