/**
 * Jest matchers for RoutingDecisions. Not part of the jsii API: import
 * them from `cdk8s-istio-gateway/jest`.
 *
 * ```ts
 * import { trafficMatchers, TrafficMatchers } from 'cdk8s-istio-gateway/jest';
 * expect.extend(trafficMatchers);
 * declare global {
 *   namespace jest {
 *     interface Matchers<R, T = {}> extends TrafficMatchers<R> {}
 *   }
 * }
 * expect(sim.request({ host: 'shop.example.com', path: '/api' })).toRouteTo('api-v1', 0.9);
 * ```
 *
 * The module does not depend on jest's types.
 */

/** What a matcher returns to jest. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The matcher signatures, for `declare global { namespace jest { interface Matchers<R> ... } }`. */
export interface TrafficMatchers<R> {
  /**
   * The request (HTTP or gRPC) or connection (TLS, TCP) is forwarded
   * (status 200) and the backend (`name` or `namespace/name`) receives
   * `share` of it (default: all of it).
   */
  toRouteTo(backend: string, share?: number): R;
  /** The request is redirected to `location`, with `statusCode` if given. */
  toRedirectTo(location: string, statusCode?: number): R;
  /** The decision has this HTTP status (0 for no HTTP response, or a TLS or TCP connection that is closed). */
  toReturnStatus(status: number): R;
  /**
   * The request is denied (403) by the AuthorizationPolicy `policy`
   * (`name` or `namespace/name`), or rejected (401) by the
   * RequestAuthentication of that name.
   */
  toBeDeniedBy(policy: string): R;
  /**
   * The request, sent without a valid token, is refused for it: 401 for an
   * invalid token, or 403 from a policy rule that requires a request
   * principal (what Istio answers to a missing token).
   */
  toRequireAuthentication(): R;
}

interface DecisionLike {
  readonly status: number;
  readonly route?: string;
  readonly routeKind?: string;
  readonly ruleIndex?: number;
  readonly reason?: string;
  readonly redirect?: { location: string; statusCode: number };
  readonly backends: { namespace: string; name: string; share: number; status: number }[];
  readonly authorization?: { readonly policy?: string; readonly requiresRequestPrincipal?: boolean };
}

function isDecision(x: unknown): x is DecisionLike {
  return typeof x === 'object' && x !== null && typeof (x as any).status === 'number' && Array.isArray((x as any).backends);
}

/** A one-line summary of a decision for failure messages. */
export function describeDecision(d: DecisionLike): string {
  const parts = [`status ${d.status}`];
  if (d.route) parts.push(`${d.routeKind && d.routeKind !== 'HTTPRoute' ? d.routeKind : 'route'} ${d.route} rule ${d.ruleIndex}`);
  if (d.redirect) parts.push(`redirect ${d.redirect.statusCode} ${d.redirect.location}`);
  if (d.backends.length > 0) {
    parts.push(`backends ${d.backends.map((b) => `${b.namespace}/${b.name}=${percent(b.share)}${b.status === 200 ? '' : `(${b.status})`}`).join(', ')}`);
  }
  if (d.authorization?.policy && (d.status === 401 || d.status === 403)) parts.push(`policy ${d.authorization.policy}`);
  if (d.reason) parts.push(`reason: ${d.reason}`);
  return parts.join('; ');
}

/** A share (0 to 1) as a percentage, e.g. `100%`, `12.5%`. */
export function percent(share: number): string {
  return `${Math.round(share * 1e6) / 1e4}%`;
}

function notADecision(received: unknown): MatcherResult {
  return { pass: false, message: () => `expected a RoutingDecision, got ${JSON.stringify(received)}` };
}

function shareOf(d: DecisionLike, backend: string): number {
  const s = d.backends
    .filter((b) => b.status === 200 && (b.name === backend || `${b.namespace}/${b.name}` === backend))
    .reduce((sum, b) => sum + b.share, 0);
  return Math.round(s * 1e9) / 1e9;
}

/** Pass to `expect.extend(...)`. */
export const trafficMatchers = {
  toRouteTo(received: unknown, backend: string, share: number = 1): MatcherResult {
    if (!isDecision(received)) return notADecision(received);
    const actual = shareOf(received, backend);
    const pass = received.status === 200 && Math.abs(actual - share) < 1e-6;
    return {
      pass,
      message: () => pass
        ? `expected ${percent(share)} of the request's traffic not to reach ${backend}`
        : `expected ${percent(share)} of the request's traffic to reach ${backend}, got ${percent(actual)} (${describeDecision(received)})`,
    };
  },

  toRedirectTo(received: unknown, location: string, statusCode?: number): MatcherResult {
    if (!isDecision(received)) return notADecision(received);
    const r = received.redirect;
    const pass = r !== undefined && r.location === location && (statusCode === undefined || r.statusCode === statusCode);
    return {
      pass,
      message: () => pass
        ? `expected the request not to redirect to ${location}`
        : `expected a redirect${statusCode ? ` ${statusCode}` : ''} to ${location}, got ${describeDecision(received)}`,
    };
  },

  toReturnStatus(received: unknown, status: number): MatcherResult {
    if (!isDecision(received)) return notADecision(received);
    const pass = received.status === status;
    return {
      pass,
      message: () => pass
        ? `expected a status other than ${status}`
        : `expected status ${status}, got ${describeDecision(received)}`,
    };
  },

  toBeDeniedBy(received: unknown, policy: string): MatcherResult {
    if (!isDecision(received)) return notADecision(received);
    const actual = received.authorization?.policy;
    const named = actual !== undefined && (actual === policy || actual.split('/')[1] === policy);
    const pass = (received.status === 403 || received.status === 401) && named;
    return {
      pass,
      message: () => pass
        ? `expected the request not to be denied by ${policy}`
        : `expected the request to be denied by ${policy}, got ${describeDecision(received)}`,
    };
  },

  toRequireAuthentication(received: unknown): MatcherResult {
    if (!isDecision(received)) return notADecision(received);
    const pass = received.status === 401 || (received.status === 403 && received.authorization?.requiresRequestPrincipal === true);
    return {
      pass,
      message: () => pass
        ? 'expected the request not to be refused for want of a valid token'
        : `expected the request to be refused for want of a valid token (401, or 403 from a rule requiring a request principal), got ${describeDecision(received)}`,
    };
  },
};
