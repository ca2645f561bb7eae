/**
 * The `Location` a RequestRedirect filter answers with.
 */
export interface RedirectDecision {
  /** The full `Location` header value, e.g. `https://shop.example.com/cart`. */
  readonly location: string;
  /** The redirect status code (301, 302, 303, 307 or 308). */
  readonly statusCode: number;
}

/**
 * What a URLRewrite filter changes before the request is forwarded.
 */
export interface RewriteDecision {
  /**
   * The `Host` header sent to the backend.
   * @default - unchanged
   */
  readonly host?: string;
  /**
   * The path sent to the backend (without the query string, which is kept).
   * @default - unchanged
   */
  readonly path?: string;
}

/**
 * Header changes a ResponseHeaderModifier filter applies to the response.
 */
export interface HeaderChanges {
  /** Headers set (overwritten), by lower-case name. */
  readonly set: { [name: string]: string };
  /** Headers added (appended to existing values), by lower-case name. */
  readonly add: { [name: string]: string };
  /** Lower-case names of removed headers. */
  readonly remove: string[];
}

/**
 * The DestinationRule traffic policy that applies to a backend.
 */
export interface BackendPolicy {
  /** The DestinationRule, `namespace/name`. */
  readonly destinationRule: string;
  /** The DestinationRule's `host` as written. */
  readonly host: string;
  /**
   * The effective traffic policy for the backend port: `spec.trafficPolicy`,
   * where a `portLevelSettings` entry for the port replaces `loadBalancer`,
   * `connectionPool`, `outlierDetection` and `tls` as a whole (Istio does not
   * inherit the top-level values into a port-level policy).
   */
  readonly trafficPolicy: any;
  /**
   * The port whose `portLevelSettings` entry applied.
   * @default - none applied
   */
  readonly portLevelSettings?: number;
}

/**
 * The timeouts of the chosen rule and what Istio programs from them
 * (istio/istio pilot/pkg/config/kube/gateway/conversion.go, `convertHTTPRoute`:
 * a non-zero `request` becomes the route timeout; a non-zero
 * `backendRequest` becomes the per-try timeout when the rule has a retry,
 * else the route timeout, replacing `request`).
 */
export interface TimeoutsDecision {
  /**
   * `timeouts.request` as written.
   * @default - not set
   */
  readonly request?: string;
  /**
   * `timeouts.backendRequest` as written.
   * @default - not set
   */
  readonly backendRequest?: string;
  /**
   * The route timeout Istio programs.
   * @default - none: Istio disables Envoy's route timeout
   */
  readonly routeTimeout?: string;
  /**
   * The per-try timeout Istio programs.
   * @default - none
   */
  readonly perTryTimeout?: string;
}

/**
 * The retry policy Envoy applies to the chosen rule: the rule's
 * `retry` as Istio converts it, or Istio's default policy when the rule has
 * none.
 */
export interface RetryDecision {
  /** `route` when the rule sets `retry`, `istio-default` when Istio's default policy applies. */
  readonly source: string;
  /** Retries of one request. */
  readonly attempts: number;
  /** Envoy's `retry_on` conditions, comma-separated. */
  readonly retryOn: string;
  /** Envoy's `retriable_status_codes`. */
  readonly codes: number[];
  /**
   * Base interval between retries.
   * @default - Envoy's default (25ms)
   */
  readonly backoff?: string;
  /**
   * Timeout of each try.
   * @default - none
   */
  readonly perTryTimeout?: string;
}

/**
 * One backendRef of the chosen rule, with its share of the traffic.
 */
export interface BackendDecision {
  /** The backend's namespace. */
  readonly namespace: string;
  /** The backend's name. */
  readonly name: string;
  /** The backend's kind, e.g. `Service`. */
  readonly kind: string;
  /** The backend's API group, `''` for Service. */
  readonly group: string;
  /**
   * The port.
   * @default - none written
   */
  readonly port?: number;
  /** The weight as written (default 1). */
  readonly weight: number;
  /** weight / sum of the rule's weights, between 0 and 1. */
  readonly share: number;
  /**
   * 200 when requests reach the backend, 500 when the backendRef is invalid
   * (missing Service, unsupported kind, cross-namespace reference without a
   * ReferenceGrant), 503 when the Service has no such port.
   */
  readonly status: number;
  /**
   * Why the backend does not receive traffic.
   * @default - it does
   */
  readonly problem?: string;
  /**
   * The DestinationRule policy that applies to this backend.
   * @default - none applies
   */
  readonly policy?: BackendPolicy;
  /**
   * The workloads behind a Service backend: the Deployments (or other pod
   * controllers) whose pod labels its selector matches, or the pods named
   * by its EndpointSlices when it has no selector. Sorted.
   * @default - unknown (not a Service, or no workload in the input)
   */
  readonly workloads?: string[];
  /**
   * The request headers this backend receives, when its backendRef has
   * filters of its own (they apply after the rule's filters).
   * @default - the decision's `requestHeaders`
   */
  readonly requestHeaders?: { [name: string]: string };
  /**
   * The response header changes for this backend, when its backendRef has
   * filters of its own.
   * @default - the decision's `responseHeaders`
   */
  readonly responseHeaders?: HeaderChanges;
  /**
   * The DestinationRule subset a VirtualService destination names
   * (`route[].destination.subset`).
   * @default - no subset (the whole Service)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly subset?: string;
}

/**
 * The fault a VirtualService rule injects (`http[].fault`): Envoy's fault
 * filter aborts or delays a share of the requests the rule routes. The
 * decision's `status` stays the status of the requests that are not aborted.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export interface FaultDecision {
  /**
   * The HTTP status of aborted requests (`abort.httpStatus`).
   * @default - no abort
   */
  readonly abortStatus?: number;
  /**
   * The share of requests aborted, between 0 and 1 (`abort.percentage.value` / 100).
   * @default - no abort
   */
  readonly abortShare?: number;
  /**
   * The delay injected (`delay.fixedDelay`), e.g. `5s`.
   * @default - no delay
   */
  readonly delay?: string;
  /**
   * The share of requests delayed, between 0 and 1 (`delay.percentage.value` / 100).
   * @default - no delay
   */
  readonly delayShare?: number;
}

/**
 * A RequestMirror filter of the chosen rule.
 */
export interface MirrorDecision {
  /** The mirror backend's namespace. */
  readonly namespace: string;
  /** The mirror backend's name. */
  readonly name: string;
  /**
   * The port.
   * @default - none written
   */
  readonly port?: number;
  /** The percentage of requests mirrored (0-100). */
  /**
   * The DestinationRule subset a VirtualService mirror names.
   * @default - none (the whole Service)
   */
  readonly subset?: string;
  readonly percent: number;
  /**
   * Why the mirror does not receive traffic.
   * @default - it does
   */
  readonly problem?: string;
}

/**
 * The data a RoutingDecision is made of (internal: the simulator builds
 * decisions; users read `RoutingDecision`).
 */
/**
 * What Istio's authentication and authorization at the gateway made of the
 * request (RequestAuthentication, AuthorizationPolicy), before routing.
 */
export interface AuthorizationDecision {
  /**
   * The policy that decided, `namespace/name`: the AuthorizationPolicy that
   * denied (403) or allowed, or the RequestAuthentication whose jwtRules
   * rejected the token (401).
   * @default - no policy decided: none applies, or none denied
   */
  readonly policy?: string;
  /**
   * The index of the deciding rule in the policy's `spec.rules`.
   * @default - no rule decided
   */
  readonly ruleIndex?: number;
  /**
   * The request principal (`iss/sub`) of the validated token.
   * @default - no valid token
   */
  readonly requestPrincipal?: string;
  /**
   * True when a request without a valid token is denied because a rule
   * wants a request principal.
   * @default false
   */
  readonly requiresRequestPrincipal?: boolean;
}

export interface RoutingDecisionData {
  /**
   * The HTTP status: 200 when backends receive the request, the redirect
   * code for a redirect, 404 when no rule matches, 500/503 when every
   * backend with traffic is invalid, 0 when the Gateway gives no HTTP
   * response at all (no listener on the port, the scheme does not fit, or
   * no HTTPS listener accepts the host as TLS SNI so the handshake fails).
   * For a TLS or TCP connection: 200 when backends receive it, 0 when it
   * is refused or closed (`reason` says why).
   */
  readonly status: number;
  /** The Gateway, `namespace/name`. */
  readonly gateway: string;
  /**
   * The listener name.
   * @default - no listener was selected
   */
  readonly listener?: string;
  /**
   * The route (HTTPRoute, GRPCRoute, TLSRoute or TCPRoute; see
   * `routeKind`), `namespace/name`.
   * @default - no route matched
   */
  readonly route?: string;
  /**
   * The kind of `route`: HTTPRoute, GRPCRoute, TLSRoute or TCPRoute.
   * @default - no route matched
   */
  readonly routeKind?: string;
  /**
   * The index of the chosen rule in the route's `spec.rules`.
   * @default - no rule matched
   */
  readonly ruleIndex?: number;
  /**
   * The chosen rule's `name`.
   * @default - unnamed, or no rule matched
   */
  readonly ruleName?: string;
  /**
   * The index of the match that matched in the rule's `matches`
   * (0 for a rule with the default match).
   * @default - no rule matched
   */
  readonly matchIndex?: number;
  /**
   * The redirect answered instead of forwarding.
   * @default - no redirect
   */
  readonly redirect?: RedirectDecision;
  /**
   * Host and path rewrites applied before forwarding.
   * @default - no rewrite
   */
  readonly rewrite?: RewriteDecision;
  /** Request headers (lower-case names) after request header modifiers. */
  readonly requestHeaders: { [name: string]: string };
  /**
   * Response header changes.
   * @default - none
   */
  readonly responseHeaders?: HeaderChanges;
  /** Mirrors of the chosen rule. */
  readonly mirrors: MirrorDecision[];
  /** The backendRefs of the chosen rule with their shares. */
  readonly backends: BackendDecision[];
  /**
   * The timeouts of the chosen rule, when it forwards to backends.
   * @default - no rule forwards the request
   */
  readonly timeouts?: TimeoutsDecision;
  /**
   * The retry policy of the chosen rule, when it forwards to backends.
   * @default - no rule forwards the request
   */
  readonly retry?: RetryDecision;
  /**
   * Authentication and authorization at the gateway.
   * @default - no policy applies to the gateway
   */
  readonly authorization?: AuthorizationDecision;
  /**
   * The fault the chosen VirtualService rule injects.
   * @default - none
   */
  readonly fault?: FaultDecision;
  /**
   * Why nothing (or nothing valid) serves the request.
   * @default - the request was routed
   */
  readonly reason?: string;
  /**
   * Remarks on assumptions and implementation-specific behaviour, e.g. a
   * tie broken without creation timestamps.
   */
  readonly notes: string[];
}

/**
 * The answer of the traffic simulator for one request: which listener,
 * route and rule it reaches, what the filters do, and which backends
 * receive which share.
 */
export class RoutingDecision {
  /** @internal */
  public static _of(data: RoutingDecisionData): RoutingDecision {
    return new RoutingDecision(data);
  }

  /**
   * The HTTP status: 200 when backends receive the request, the redirect
   * code for a redirect, 404 when no rule matches, 500/503 when every
   * backend with traffic is invalid, 0 when the Gateway gives no HTTP
   * response at all (no listener on the port, the scheme does not fit, or
   * no HTTPS listener accepts the host as TLS SNI so the handshake fails).
   * For a TLS or TCP connection: 200 when backends receive it, 0 when it
   * is refused or closed (`reason` says why).
   */
  public readonly status: number;
  /** The Gateway, `namespace/name`. */
  public readonly gateway: string;
  /**
   * The listener name.
   * @default - no listener was selected
   */
  public readonly listener?: string;
  /**
   * The route (HTTPRoute, GRPCRoute, TLSRoute or TCPRoute; see
   * `routeKind`), `namespace/name`.
   * @default - no route matched
   */
  public readonly route?: string;
  /**
   * The kind of `route`: `HTTPRoute`, `GRPCRoute`, `TLSRoute` or `TCPRoute`.
   * @default - no route matched
   */
  public readonly routeKind?: string;
  /**
   * The index of the chosen rule.
   * @default - no rule matched
   */
  public readonly ruleIndex?: number;
  /**
   * The chosen rule's name.
   * @default - unnamed, or no rule matched
   */
  public readonly ruleName?: string;
  /**
   * The index of the match that matched.
   * @default - no rule matched
   */
  public readonly matchIndex?: number;
  /**
   * The redirect answered instead of forwarding.
   * @default - no redirect
   */
  public readonly redirect?: RedirectDecision;
  /**
   * Host and path rewrites.
   * @default - no rewrite
   */
  public readonly rewrite?: RewriteDecision;
  /** Request headers (lower-case names) after request header modifiers. */
  public readonly requestHeaders: { [name: string]: string };
  /**
   * Response header changes.
   * @default - none
   */
  public readonly responseHeaders?: HeaderChanges;
  /** Mirrors of the chosen rule. */
  public readonly mirrors: MirrorDecision[];
  /** The backendRefs of the chosen rule with their shares. */
  public readonly backends: BackendDecision[];
  /**
   * The timeouts of the chosen rule and what Istio programs from them.
   * @default - no rule forwards the request
   */
  public readonly timeouts?: TimeoutsDecision;
  /**
   * The retry policy Envoy applies to the chosen rule.
   * @default - no rule forwards the request
   */
  public readonly retry?: RetryDecision;
  /**
   * Authentication and authorization at the gateway (401 and 403 name the
   * deciding policy here).
   * @default - no policy applies to the gateway
   */
  public readonly authorization?: AuthorizationDecision;
  /**
   * The fault the chosen VirtualService rule injects (`http[].fault`): the
   * share of requests aborted (with their status) and delayed. `status` is
   * the status of the requests that are not aborted.
   * @default - none
   */
  public readonly fault?: FaultDecision;
  /**
   * Why nothing (or nothing valid) serves the request.
   * @default - the request was routed
   */
  public readonly reason?: string;
  /** Remarks on assumptions and implementation-specific behaviour. */
  public readonly notes: string[];

  private constructor(data: RoutingDecisionData) {
    this.status = data.status;
    this.gateway = data.gateway;
    this.listener = data.listener;
    this.route = data.route;
    this.routeKind = data.route === undefined ? undefined : data.routeKind ?? 'HTTPRoute';
    this.ruleIndex = data.ruleIndex;
    this.ruleName = data.ruleName;
    this.matchIndex = data.matchIndex;
    this.redirect = data.redirect;
    this.rewrite = data.rewrite;
    this.requestHeaders = data.requestHeaders;
    this.responseHeaders = data.responseHeaders;
    this.mirrors = data.mirrors;
    this.backends = data.backends;
    this.timeouts = data.timeouts;
    this.retry = data.retry;
    this.authorization = data.authorization;
    this.fault = data.fault;
    this.reason = data.reason;
    this.notes = data.notes;
  }

  /** Names of the backends that receive traffic (share > 0 and status 200), sorted. */
  public get backendNames(): string[] {
    return [...new Set(this.backends.filter((b) => b.share > 0 && b.status === 200).map((b) => b.name))].sort();
  }

  /** The share of requests that end in an error (invalid backends), between 0 and 1. */
  public get errorShare(): number {
    return round(this.backends.filter((b) => b.status !== 200).reduce((s, b) => s + b.share, 0));
  }

  /**
   * The share of requests (0 to 1) that reach a backend, by `name` or
   * `namespace/name`, or one subset of it as `name#subset` or
   * `namespace/name#subset`; 0 for an invalid or unknown backend.
   */
  public shareOf(backend: string): number {
    return round(this.backends
      .filter((b) => b.status === 200 && backendIs(b, backend))
      .reduce((s, b) => s + b.share, 0));
  }

  /**
   * The DestinationRule policy of a backend, by `name` or `namespace/name`
   * (with `#subset` for a subset).
   * @returns undefined when no policy applies or the backend is unknown
   */
  public policyOf(backend: string): BackendPolicy | undefined {
    return this.backends.find((b) => backendIs(b, backend))?.policy;
  }

  /**
   * The decision as plain JSON with a stable key order: status, gateway,
   * listener, route, routeKind, rule, ruleName, redirect {location, statusCode},
   * rewrite {host, path}, requestHeaders (sorted), backends[] {namespace,
   * name, port, weight, share, status, problem}, policy (by
   * `namespace/name`), timeouts {request, backendRequest, routeTimeout,
   * perTryTimeout}, retry {source, attempts, retryOn, codes, backoff,
   * perTryTimeout}, authorization {policy, rule, requestPrincipal}, reason, responseHeaders {set, add, remove}, mirrors[]
   * {namespace, name, port, percent, problem}, errorShare, notes. Every key
   * is always present; absent values are `null`. Decisions for an Istio
   * Gateway add `subset` to the backends that name one (the policy key is
   * then `namespace/name#subset`) and `fault` {abortStatus, abortShare,
   * delay, delayShare} after `authorization` when the rule injects one.
   */
  public toJson(): any {
    const policy: Record<string, any> = {};
    for (const b of this.backends) {
      policy[`${b.namespace}/${b.name}${b.subset !== undefined ? `#${b.subset}` : ''}`] = b.policy ?? null;
    }
    return {
      status: this.status,
      gateway: this.gateway,
      listener: this.listener ?? null,
      route: this.route ?? null,
      routeKind: this.routeKind ?? null,
      rule: this.ruleIndex ?? null,
      ruleName: this.ruleName ?? null,
      redirect: this.redirect ? { location: this.redirect.location, statusCode: this.redirect.statusCode } : null,
      rewrite: this.rewrite ? { host: this.rewrite.host ?? null, path: this.rewrite.path ?? null } : null,
      requestHeaders: sortedObject(this.requestHeaders),
      backends: this.backends.map((b) => ({
        namespace: b.namespace,
        name: b.name,
        port: b.port ?? null,
        weight: b.weight,
        share: b.share,
        status: b.status,
        problem: b.problem ?? null,
        ...(b.subset !== undefined ? { subset: b.subset } : {}),
      })),
      policy,
      timeouts: this.timeouts
        ? {
          request: this.timeouts.request ?? null,
          backendRequest: this.timeouts.backendRequest ?? null,
          routeTimeout: this.timeouts.routeTimeout ?? null,
          perTryTimeout: this.timeouts.perTryTimeout ?? null,
        }
        : null,
      retry: this.retry
        ? {
          source: this.retry.source,
          attempts: this.retry.attempts,
          retryOn: this.retry.retryOn,
          codes: [...this.retry.codes],
          backoff: this.retry.backoff ?? null,
          perTryTimeout: this.retry.perTryTimeout ?? null,
        }
        : null,
      authorization: this.authorization
        ? {
          policy: this.authorization.policy ?? null,
          rule: this.authorization.ruleIndex ?? null,
          requestPrincipal: this.authorization.requestPrincipal ?? null,
        }
        : null,
      ...(this.fault
        ? {
          fault: {
            abortStatus: this.fault.abortStatus ?? null,
            abortShare: this.fault.abortShare ?? null,
            delay: this.fault.delay ?? null,
            delayShare: this.fault.delayShare ?? null,
          },
        }
        : {}),
      reason: this.reason ?? null,
      responseHeaders: this.responseHeaders
        ? { set: sortedObject(this.responseHeaders.set), add: sortedObject(this.responseHeaders.add), remove: [...this.responseHeaders.remove] }
        : null,
      mirrors: this.mirrors.map((m) => ({
        namespace: m.namespace,
        name: m.name,
        port: m.port ?? null,
        percent: m.percent,
        problem: m.problem ?? null,
        ...(m.subset !== undefined ? { subset: m.subset } : {}),
      })),
      errorShare: this.errorShare,
      notes: [...this.notes],
    };
  }
}

/** Whether a backend is the one named `name`, `namespace/name`, `name#subset` or `namespace/name#subset`. */
function backendIs(b: BackendDecision, wanted: string): boolean {
  const hash = wanted.indexOf('#');
  const ref = hash < 0 ? wanted : wanted.slice(0, hash);
  if (hash >= 0 && b.subset !== wanted.slice(hash + 1)) return false;
  return b.name === ref || `${b.namespace}/${b.name}` === ref;
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

function sortedObject(o: { [k: string]: string }): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
