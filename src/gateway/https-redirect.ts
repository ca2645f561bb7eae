import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IGatewayListener, IListenerGateway } from './listener-gateway';
import { ListenerProtocol } from './listener-protocol';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { annotationsSizeProblem } from '../internal/annotations';
import { HTTPROUTE_LIMITS } from '../internal/api-limits';
import { fail } from '../internal/errors';
import { hostnameProblem } from '../internal/names';
import { HttpRoute } from '../routing/http-route';
import { HttpRouteFilter, HttpScheme } from '../routing/http-route-filter';
import { PathMatch } from '../routing/path-match';

/** An HTTPRoute lists at most this many hostnames. */
const MAX_HOSTNAMES = HTTPROUTE_LIMITS.hostnames;

/**
 * Options for `IngressGateway.addHttpsRedirect()`.
 */
export interface HttpsRedirectOptions {
  /**
   * The HTTPRoute's name.
   * @default - `<gateway>-https-redirect`
   */
  readonly name?: string;
  /**
   * The HTTP status code of the redirect: 301 (permanent) or 302, 303, 307,
   * 308, checked as `HttpRouteFilter.requestRedirect()` checks it.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `statusCode` (Core)
   * @default 301
   */
  readonly statusCode?: number;
  /**
   * The plain-HTTP listener to redirect from.
   * @default - the gateway's default HTTP listener
   */
  readonly from?: IGatewayListener;
  /**
   * The hostnames to redirect (at most 16, as an HTTPRoute allows).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames, Core)
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
 * Props for `HttpsRedirect`: its options (the gateway is the construct scope).
 */
export interface HttpsRedirectProps extends HttpsRedirectOptions {}

/**
 * Redirects plain HTTP to HTTPS: an `HttpRoute` attached to the HTTP listener
 * only (by `sectionName`, so it can never loop on the HTTPS listener) with one
 * rule, `PathMatch.prefix('/')` and `HttpRouteFilter.requestRedirect()` to
 * scheme `https`, 301 by default, and no backends. Create it with
 * `gateway.addHttpsRedirect()` or `new HttpsRedirect(gateway, id)`.
 *
 * The route lives in the gateway's namespace, and the HTTP listener admits
 * that namespace whatever its `allowedRoutes` (see `AllowedRoutes`), so the
 * redirect attaches in every configuration. HTTPS listeners added after the
 * redirect still count: the route (child `Resource`, so
 * `ApiObject.of(redirect)` is its HTTPRoute) is rebuilt when they change its
 * hostnames or port, so add JSON patches after the listeners.
 */
export class HttpsRedirect extends Construct {
  /** The HTTPRoute's name. */
  public readonly routeName: string;
  /** The status code. */
  public readonly statusCode: number;
  /** The HTTP listener the redirect attaches to. */
  public readonly from: IGatewayListener;
  private readonly gateway: IListenerGateway;
  private readonly explicitHostnames?: string[];
  private readonly metadata?: ApiObjectMetadata;
  private builtFor?: string;

  constructor(gateway: IListenerGateway, id: string, props: HttpsRedirectProps = {}) {
    super(gateway, id);
    this.gateway = gateway;
    this.statusCode = props.statusCode ?? 301;
    const from = props.from ?? gateway._defaultHttpListener;
    if (!from) {
      fail(this, `gateway "${gateway.gatewayName}" has no HTTP listener to redirect from; keep httpListener: true or pass from: gateway.addHttpListener(...)`);
    }
    if (from.protocol !== ListenerProtocol.HTTP) {
      fail(this, `the redirect must attach to a plain HTTP listener, but "${from.listenerName}" is ${from.protocol}: attaching it to HTTPS would make every request redirect to itself`);
    }
    if (!gateway._gatewayListeners.includes(from)) {
      fail(this, `listener "${from.listenerName}" belongs to another gateway; pass a listener of "${gateway.gatewayName}"`);
    }
    this.from = from;
    this.checkExplicitHostnames(props.hostnames);
    this.explicitHostnames = props.hostnames ? [...props.hostnames] : undefined;
    this.routeName = props.name ?? `${gateway.gatewayName}-https-redirect`;
    const sizeProblem = annotationsSizeProblem('metadata.annotations', props.metadata?.annotations);
    if (sizeProblem) fail(this, sizeProblem);
    this.metadata = props.metadata;
    // the HTTP listener admits the route's namespace (the gateway's), whatever its allowedRoutes
    from._acceptRedirectRoute();
    this.buildRoute();
    gateway._onListenerAdded(() => this.buildRoute());
    this.node.addValidation({ validate: () => this.validateTarget() });
  }

  /**
   * (Re)builds the HttpRoute for the HTTPS listeners known now, when they
   * change its hostnames or redirect port. Hostnames the redirect reports as
   * an error at synth (none served, more than 16) are left out.
   */
  private buildRoute(): void {
    const derived = this.derivedHostnames().hostnames;
    const hostnames = this.explicitHostnames
      ?? (derived && derived.length > 0 && derived.length <= MAX_HOSTNAMES ? derived : undefined);
    const ports = [...new Set(this.httpsListeners().map((l) => l.port))];
    const port = ports.length === 1 && ports[0] !== 443 ? ports[0] : undefined;
    const key = JSON.stringify([hostnames, port]);
    if (key === this.builtFor) return;
    this.node.tryRemoveChild('Resource');
    new HttpRoute(this, 'Resource', {
      name: this.routeName,
      metadata: { ...this.metadata, namespace: this.gateway.gatewayNamespace },
      parents: [this.from],
      hostnames,
      rules: [{
        matches: [{ path: PathMatch.prefix('/') }],
        filters: [HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS, port, statusCode: this.statusCode })],
      }],
    });
    this.builtFor = key;
  }

  private httpsListeners(): IGatewayListener[] {
    return this.gateway._gatewayListeners.filter((l) => l.protocol === ListenerProtocol.HTTPS);
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
