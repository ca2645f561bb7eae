import { AllowedRoutes } from './allowed-routes';
import { GatewayListener, ListenerOptions } from './listener';
import { IListenerGateway } from './listener-gateway';
import { ListenerProtocol } from './listener-protocol';
import { fail } from '../internal/errors';

/**
 * Options for a TLS passthrough listener
 * (`IngressGateway.addTlsPassthroughListener()`).
 */
export interface TlsPassthroughListenerOptions {
  /**
   * The listener name: what routes use as `sectionName`.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `name` (Core)
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The SNI hostname the listener accepts, e.g. `db.example.com` or
   * `*.example.com`: lowercase DNS labels, no IP address, no bare `*`.
   * A passthrough listener needs one (its own or the gateway's), so that it
   * shares its port only with listeners of other hostnames.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `hostname` (Core)
   * @default - the gateway's `hostname`; one of the two is required
   */
  readonly hostname?: string;
  /**
   * The port.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `port` (Core)
   * @default 443
   */
  readonly port?: number;
  /**
   * Which namespaces may attach TLSRoutes.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes `allowedRoutes` (Core)
   * @default - the gateway's `allowedRoutes` (which defaults to the same namespace)
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * Props for `TlsPassthroughListener`: its options (the gateway is the construct scope).
 */
export interface TlsPassthroughListenerProps extends TlsPassthroughListenerOptions {}

/**
 * A listener that routes TLS connections by SNI without terminating them
 * (`protocol: TLS`, `tls.mode: Passthrough`): the backend presents its own
 * certificate, so the gateway holds no key. `TlsRoute`s attach to it.
 *
 * Gateway API v1.6.1 standard channel (TLS listeners and TLSRoute v1 are GA
 * since v1.5; Istio 1.30 reads TLSRoute v1). Istio programs one Envoy filter
 * chain per SNI hostname; TLS and HTTPS listeners share a port when their
 * hostnames differ, an HTTP listener does not (see `listenerConflict`).
 *
 * @see https://gateway-api.sigs.k8s.io/guides/tls/#listeners-and-tls
 */
export class TlsPassthroughListener extends GatewayListener {
  constructor(gateway: IListenerGateway, id: string, props: TlsPassthroughListenerProps = {}) {
    super(gateway, id, props, props.port ?? 443, ListenerProtocol.TLS);
  }

  /** @internal */
  protected _resolveHostname(spec: ListenerOptions, gateway: IListenerGateway): string | undefined {
    const hostname = spec.hostname ?? gateway.hostname;
    if (hostname === undefined || hostname === '') {
      fail(this, 'a TLS passthrough listener needs a hostname (the SNI it accepts): pass hostname, e.g. "db.example.com", '
        + 'or set hostname on the gateway');
    }
    return hostname;
  }

  /** @internal */
  protected _tlsToKube(): any {
    return { mode: 'Passthrough' };
  }
}
