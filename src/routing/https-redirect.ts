import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { renderParentRef } from './render-refs';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import type { IngressGateway } from '../gateway/ingress-gateway';
import { GatewayListener } from '../gateway/listener';
import { ListenerProtocol } from '../gateway/listener-protocol';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { annotationsSizeProblem } from '../internal/annotations';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_SUBDOMAIN_RE, hostnameProblem } from '../internal/names';

/** The status codes a Gateway API redirect may use. */
const REDIRECT_CODES = [301, 302, 303, 307, 308];
/** An HTTPRoute lists at most this many hostnames. */
const MAX_HOSTNAMES = 16;

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
   * The hostnames to redirect (at most 16, as an HTTPRoute allows).
   * @default - the hostnames of the gateway's HTTPS listeners that the HTTP
   * listener serves (every hostname if an HTTPS listener has none); more
   * than 16 of them is an error that asks for this list
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
 *
 * The route lives in the gateway's namespace, and the HTTP listener admits
 * that namespace whatever its `allowedRoutes` (see `AllowedRoutes`), so the
 * redirect attaches in every configuration.
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
  private readonly explicitHostnames?: string[];

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
    this.checkExplicitHostnames(props.hostnames);
    this.explicitHostnames = props.hostnames ? [...props.hostnames] : undefined;
    this.routeName = props.name ?? `${gateway.gatewayName}-https-redirect`;
    if (!DNS_SUBDOMAIN_RE.test(this.routeName) || this.routeName.length > 253) {
      fail(this, `route name "${this.routeName}" is invalid: use lowercase letters, digits, "-" and "."`);
    }
    const sizeProblem = annotationsSizeProblem('metadata.annotations', props.metadata?.annotations);
    if (sizeProblem) fail(this, sizeProblem);
    claimName(this, 'HTTPRoute', gateway.gatewayNamespace, this.routeName);
    // the HTTP listener admits the route's namespace (the gateway's), whatever its allowedRoutes
    from._acceptRedirectRoute();

    this.resource = new gwapi.HttpRoute(this, 'Resource', {
      metadata: { ...props.metadata, name: this.routeName, namespace: gateway.gatewayNamespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as any,
    });
    this.node.addValidation({ validate: () => this.validateTarget() });
  }

  private httpsListeners(): GatewayListener[] {
    return this.gateway.listeners.filter((l) => l.protocol === ListenerProtocol.HTTPS);
  }

  private checkExplicitHostnames(hostnames: string[] | undefined): void {
    if (hostnames === undefined) return;
    if (hostnames.length > MAX_HOSTNAMES) {
      fail(this, `hostnames has ${hostnames.length} entries, but an HTTPRoute lists at most ${MAX_HOSTNAMES}; use wildcards such as "*.example.com", or split them over several HttpsRedirects (each with its own name)`);
    }
    const seen = new Set<string>();
    for (const h of hostnames) {
      const problem = hostnameProblem(h);
      if (problem) fail(this, `hostnames entry "${h}" is invalid: ${problem}`);
      if (seen.has(h)) fail(this, `hostnames lists "${h}" twice; list each hostname once`);
      seen.add(h);
    }
  }

  private validateTarget(): string[] {
    const errors: string[] = [];
    if (this.httpsListeners().length === 0) {
      errors.push(`gateway "${this.gateway.gatewayName}" has no HTTPS listener to redirect to; add one with addTlsListener() or new TlsListener(gateway, ...)`);
      return errors;
    }
    const ns = this.gateway.gatewayNamespace;
    const names = this.from.allowedRoutes._names;
    if (ns === undefined && names !== undefined) {
      errors.push(`listener "${this.from.listenerName}" admits only the namespaces ${names.join(', ')}, and the gateway has no namespace, so the redirect route's namespace is unknown; `
        + 'set namespace on the gateway or its chart, or give the listener AllowedRoutes.sameNamespace()');
    } else if (this.from.allowedRoutes._admits(ns, ns) === false) {
      errors.push(`listener "${this.from.listenerName}" does not accept routes from the gateway's own namespace "${ns}", so the redirect route would not attach; `
        + 'give that listener allowedRoutes: AllowedRoutes.sameNamespace() and widen only the HTTPS listener, or include the namespace');
    }
    if (this.explicitHostnames === undefined) {
      const { hostnames, outside } = this.derivedHostnames();
      if (hostnames && hostnames.length === 0) {
        errors.push(`the HTTPS hostnames (${outside.join(', ')}) are not served by HTTP listener "${this.from.listenerName}" (hostname ${this.from.hostname}), so there is nothing to redirect; `
          + 'pass from: an HTTP listener that serves them, or hostnames explicitly');
      } else if (hostnames && hostnames.length > MAX_HOSTNAMES) {
        errors.push(`the HTTPS listeners of gateway "${this.gateway.gatewayName}" have ${hostnames.length} hostnames, but the redirect's HTTPRoute lists at most ${MAX_HOSTNAMES}; `
          + `pass hostnames (at most ${MAX_HOSTNAMES}), e.g. wildcards${wildcardHint(hostnames)}, or split them over several HttpsRedirects each given up to ${MAX_HOSTNAMES} hostnames`);
      }
    }
    return errors;
  }

  /**
   * The hostnames to redirect when none are given: those of the HTTPS
   * listeners that the HTTP listener serves (undefined: every hostname), and
   * those it does not serve.
   */
  private derivedHostnames(): { hostnames?: string[]; outside: string[] } {
    const https = this.httpsListeners();
    if (https.some((l) => l.hostname === undefined)) return { hostnames: undefined, outside: [] };
    const all = [...new Set(https.map((l) => l.hostname!))].sort();
    const httpHost = this.from.hostname;
    if (httpHost === undefined) return { hostnames: all, outside: [] };
    return {
      hostnames: all.filter((h) => hostnamesIntersect(h, httpHost)),
      outside: all.filter((h) => !hostnamesIntersect(h, httpHost)),
    };
  }

  private renderSpec(): any {
    const https = this.httpsListeners();
    const hostnames = this.explicitHostnames ?? this.derivedHostnames().hostnames;
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

/** `: ["*.example.com", ...]` when replacing each host's first label by `*` gives at most 16 hostnames. */
function wildcardHint(hostnames: string[]): string {
  const wild = [...new Set(hostnames.map((h) => {
    if (h.startsWith('*.')) return h;
    const labels = h.split('.');
    return labels.length > 2 ? `*.${labels.slice(1).join('.')}` : h;
  }))].sort();
  if (wild.length > MAX_HOSTNAMES) return '';
  return ` (hostnames: [${wild.map((w) => `"${w}"`).join(', ')}], which also redirect hosts without an HTTPS listener)`;
}
