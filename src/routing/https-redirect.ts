import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { renderParentRef } from './render-refs';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import type { IngressGateway } from '../gateway/ingress-gateway';
import { GatewayListener } from '../gateway/listener';
import { ListenerProtocol } from '../gateway/listener-protocol';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

/** The status codes a Gateway API redirect may use. */
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/**
 * Props for `HttpsRedirect`.
 */
export interface HttpsRedirectProps {
  /**
   * The HTTPRoute's name.
   * @default - `<gateway>-https-redirect`
   */
  readonly name?: string;
  /**
   * The HTTP status code: 301 (permanent) or 302, 303, 307, 308.
   * @default 301
   */
  readonly statusCode?: number;
  /**
   * The plain-HTTP listener to redirect from.
   * @default - the gateway's default HTTP listener
   */
  readonly from?: GatewayListener;
  /**
   * The hostnames to redirect.
   * @default - the hostnames of the gateway's HTTPS listeners (every hostname if one has none)
   */
  readonly hostnames?: string[];
  /**
   * Extra metadata for the HTTPRoute.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Redirects plain HTTP to HTTPS: an HTTPRoute attached to the HTTP listener
 * only (by `sectionName`, so it can never loop on the HTTPS listener) with a
 * `RequestRedirect` to scheme `https`, 301 by default, and no backends.
 */
export class HttpsRedirect extends Construct {
  /** The HTTPRoute's name. */
  public readonly routeName: string;
  /** The status code. */
  public readonly statusCode: number;
  /** The HTTP listener the redirect attaches to. */
  public readonly from: GatewayListener;
  /** The HTTPRoute (also `node.defaultChild`). */
  public readonly resource: ApiObject;
  private readonly gateway: IngressGateway;

  constructor(gateway: IngressGateway, id: string, props: HttpsRedirectProps = {}) {
    super(gateway, id);
    enableSynthValidation(this);
    this.gateway = gateway;
    this.statusCode = props.statusCode ?? 301;
    if (!REDIRECT_CODES.includes(this.statusCode)) {
      fail(this, `redirect statusCode must be one of ${REDIRECT_CODES.join(', ')}, got ${this.statusCode}`);
    }
    const from = props.from ?? gateway.httpListener;
    if (!from) {
      fail(this, `gateway "${gateway.gatewayName}" has no HTTP listener to redirect from; keep httpListener: true or pass from: gateway.addHttpListener(...)`);
    }
    if (from.protocol !== ListenerProtocol.HTTP) {
      fail(this, `the redirect must attach to a plain HTTP listener, but "${from.listenerName}" is ${from.protocol}: attaching it to HTTPS would make every request redirect to itself`);
    }
    if (from.gateway !== gateway) {
      fail(this, `listener "${from.listenerName}" belongs to another gateway; pass a listener of "${gateway.gatewayName}"`);
    }
    this.from = from;
    this.routeName = props.name ?? `${gateway.gatewayName}-https-redirect`;
    if (!DNS_SUBDOMAIN_RE.test(this.routeName) || this.routeName.length > 253) {
      fail(this, `route name "${this.routeName}" is invalid: use lowercase letters, digits, "-" and "."`);
    }
    claimName(this, 'HTTPRoute', gateway.gatewayNamespace, this.routeName);

    this.resource = new gwapi.HttpRoute(this, 'Resource', {
      metadata: { ...props.metadata, name: this.routeName, namespace: gateway.gatewayNamespace },
      spec: Lazy.any({ produce: () => this.renderSpec(props.hostnames) }) as any,
    });
    this.node.addValidation({ validate: () => this.validateTarget() });
  }

  private httpsListeners(): GatewayListener[] {
    return this.gateway.listeners.filter((l) => l.protocol === ListenerProtocol.HTTPS);
  }

  private validateTarget(): string[] {
    const errors: string[] = [];
    if (this.httpsListeners().length === 0) {
      errors.push(`gateway "${this.gateway.gatewayName}" has no HTTPS listener to redirect to; add one with addTlsListener() or new TlsListener(gateway, ...)`);
    }
    const ns = this.gateway.gatewayNamespace;
    if (this.from.allowedRoutes._admits(ns, ns) === false) {
      errors.push(`listener "${this.from.listenerName}" does not accept routes from the gateway's own namespace "${ns}", so the redirect route would not attach; `
        + 'give that listener allowedRoutes: AllowedRoutes.sameNamespace() and widen only the HTTPS listener, or include the namespace');
    }
    return errors;
  }

  private renderSpec(explicitHostnames?: string[]): any {
    const https = this.httpsListeners();
    let hostnames: string[] | undefined = explicitHostnames;
    if (!hostnames) {
      hostnames = https.some((l) => l.hostname === undefined) ? undefined : [...new Set(https.map((l) => l.hostname!))].sort();
    }
    const ports = [...new Set(https.map((l) => l.port))];
    const port = ports.length === 1 && ports[0] !== 443 ? ports[0] : undefined;
    return {
      parentRefs: [renderParentRef(this.from.parentReference())],
      hostnames: hostnames && hostnames.length ? hostnames : undefined,
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', port, statusCode: this.statusCode } }],
      }],
    };
  }
}
