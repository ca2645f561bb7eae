import { Construct } from 'constructs';
import { AllowedRoutes } from './allowed-routes';
import { IGatewayListener, IListenerGateway } from './listener-gateway';
import { ListenerProtocol } from './listener-protocol';
import { checkFactoryValue, fail } from '../internal/errors';
import { hostnameProblem, nameFromId, SECTION_NAME_RE } from '../internal/names';
import { portProblem } from '../internal/port';
import { ParentReference } from '../routing/route-parent';

/**
 * Options common to every listener.
 */
export interface ListenerOptions {
  /**
   * The listener name: what routes use as `sectionName`.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `name` (Core)
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The hostname this listener accepts; `*.example.com` accepts every
   * subdomain. Must be lowercase DNS labels; IPs and a bare `*` are not allowed.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `hostname` (Core)
   * @default - the gateway's `hostname`, or every hostname when that is unset
   */
  readonly hostname?: string;
  /**
   * Which namespaces may attach routes. A listener that an `HttpsRedirect`
   * uses also admits the gateway's namespace (see `AllowedRoutes`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes `allowedRoutes` (Core)
   * @default - the gateway's `allowedRoutes` (which defaults to the same namespace)
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * Options for a plain HTTP listener.
 */
export interface HttpListenerOptions extends ListenerOptions {
  /**
   * The port.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `port` (Core)
   * @default 80
   */
  readonly port?: number;
}

/**
 * Props for `HttpListener`: its options (the gateway is the construct scope).
 */
export interface HttpListenerProps extends HttpListenerOptions {}

/**
 * A listener of an `IngressGateway`. Routes attach to it by `sectionName`,
 * so they attach to this listener only.
 */
export abstract class GatewayListener extends Construct implements IGatewayListener {
  /** The listener name (`sectionName` for routes). */
  public readonly listenerName: string;
  /** The port. */
  public readonly port: number;
  /** The protocol. */
  public readonly protocol: ListenerProtocol;
  /**
   * The hostname the listener accepts.
   * @default - every hostname
   */
  public readonly hostname?: string;
  /** The gateway this listener belongs to. */
  public readonly gateway: IListenerGateway;
  /** The client-certificate validation of this listener's port, if it sets one. @internal */
  public _frontendValidation?: any;

  private readonly _allowedRoutes: AllowedRoutes;
  private readonly _explicitAllowedRoutes: boolean;
  private _redirectTarget = false;

  protected constructor(gateway: IListenerGateway, id: string, spec: ListenerOptions, port: number, protocol: ListenerProtocol) {
    super(gateway, id);
    this.gateway = gateway;
    this.listenerName = spec.name ?? nameFromId(id, this);
    if (!SECTION_NAME_RE.test(this.listenerName) || this.listenerName.length > 253) {
      fail(this, `listener name "${this.listenerName}" is invalid: use lowercase letters, digits, "-" and "." (e.g. "https")`);
    }
    const badPort = portProblem(port);
    if (badPort) fail(this, `listener port ${badPort}`);
    this.port = port;
    this.protocol = protocol;
    this.hostname = this._resolveHostname(spec, gateway);
    if (this.hostname !== undefined) {
      const problem = hostnameProblem(this.hostname);
      if (problem) fail(this, `listener hostname "${this.hostname}" is invalid: ${problem}`);
    }
    this._explicitAllowedRoutes = spec.allowedRoutes !== undefined;
    this._allowedRoutes = spec.allowedRoutes ?? gateway.allowedRoutes;
    checkFactoryValue(this, 'allowedRoutes', this._allowedRoutes._problem);
    gateway._registerListener(this);
  }

  /**
   * Which namespaces may attach routes: the listener's own `allowedRoutes`,
   * else the gateway's. When an `HttpsRedirect` attaches to this listener,
   * the gateway's own namespace (where the redirect route lives) is admitted
   * too: a namespace list gets it added, and an inherited label selector
   * becomes `AllowedRoutes.sameNamespace()`.
   */
  public get allowedRoutes(): AllowedRoutes {
    return this._redirectTarget
      ? this._allowedRoutes._admittingGatewayNamespace(this.gateway.gatewayNamespace, this._explicitAllowedRoutes)
      : this._allowedRoutes;
  }

  /**
   * Marks the listener as the source of an HTTPS redirect, so its
   * allowedRoutes admit the redirect route's namespace.
   * @internal
   */
  public _acceptRedirectRoute(): void {
    this._redirectTarget = true;
  }

  /** The Gateway's name. */
  public get gatewayName(): string {
    return this.gateway.gatewayName;
  }

  /**
   * The Gateway's namespace.
   * @default - the namespace of the gateway's chart
   */
  public get gatewayNamespace(): string | undefined {
    return this.gateway.gatewayNamespace;
  }

  /** A parentRef to this listener only (`sectionName` set). */
  public parentReference(): ParentReference {
    return { ...this.gateway.parentReference(), sectionName: this.listenerName };
  }

  /** @internal */
  public _toKube(): any {
    return {
      name: this.listenerName,
      hostname: this.hostname,
      port: this.port,
      protocol: this.protocol,
      allowedRoutes: this.allowedRoutes._toKube(),
      tls: this._tlsToKube(),
    };
  }

  /** @internal */
  protected _tlsToKube(): any {
    return undefined;
  }

  /**
   * The listener's hostname: its own, else the gateway's. Listener kinds
   * that forbid or require one override this (called by the constructor,
   * before the listener registers with its gateway).
   * @internal
   */
  protected _resolveHostname(spec: ListenerOptions, gateway: IListenerGateway): string | undefined {
    return spec.hostname ?? gateway.hostname;
  }
}

/**
 * A plain HTTP listener. Create it with `IngressGateway.addHttpListener()`;
 * the gateway has one on port 80 unless `httpListener: false`.
 */
export class HttpListener extends GatewayListener {
  constructor(gateway: IListenerGateway, id: string, props: HttpListenerProps = {}) {
    super(gateway, id, props, props.port ?? 80, ListenerProtocol.HTTP);
  }
}
