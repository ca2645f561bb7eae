import { AllowedRoutes } from './allowed-routes';
import { GatewayListener, ListenerOptions } from './listener';
import { IListenerGateway } from './listener-gateway';
import { ListenerProtocol } from './listener-protocol';
import { fail } from '../internal/errors';

/**
 * Options for a TCP listener (`IngressGateway.addTcpListener()`).
 */
export interface TcpListenerOptions {
  /**
   * The port. A TCP listener owns its port: no other listener can share it.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `port` (Core)
   */
  readonly port: number;
  /**
   * The listener name: what routes use as `sectionName`.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `name` (Core)
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * Which namespaces may attach TCPRoutes.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes `allowedRoutes` (Core)
   * @default - the gateway's `allowedRoutes` (which defaults to the same namespace)
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * Props for `TcpListener`: its options (the gateway is the construct scope).
 */
export interface TcpListenerProps extends TcpListenerOptions {}

/**
 * A plain TCP listener (`protocol: TCP`): `TcpRoute`s attach to it. It has
 * no hostname (the API forbids one for TCP, so the gateway's `hostname` is
 * not inherited), and no other listener can share its port: Istio
 * programs only the first listener of a port with a TCP one.
 *
 * Gateway API v1.6.1 standard channel (TCPRoute v1 is GA since v1.6).
 * Istio 1.30 implements Gateway API v1.5.1 and reads TCPRoute v1alpha2 only
 * (behind `PILOT_ENABLE_ALPHA_GATEWAY_API=true`), which the v1.6.1 CRDs no
 * longer serve: TCPRoutes need an Istio release built on Gateway API v1.6.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
 */
export class TcpListener extends GatewayListener {
  constructor(gateway: IListenerGateway, id: string, props: TcpListenerProps) {
    super(gateway, id, props, props?.port, ListenerProtocol.TCP);
  }

  /** @internal */
  protected _resolveHostname(spec: ListenerOptions, _gateway: IListenerGateway): string | undefined {
    // CEL on Gateway and ListenerSet: "hostname must not be specified for protocols ['TCP', 'UDP']"
    if (spec.hostname !== undefined) {
      fail(this, `a TCP listener cannot have a hostname (got "${spec.hostname}"): TCP carries no host name; `
        + 'drop hostname, or use addTlsPassthroughListener() to route TLS by SNI');
    }
    return undefined;
  }
}
