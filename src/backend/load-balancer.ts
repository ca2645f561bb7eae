import { Duration } from 'cdk8s';
import { goDuration } from './field-checks';
import * as istio from '../../imports/networking.istio.io';
import { durationProblem } from '../internal/duration';
import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { HTTP_TOKEN_RE } from '../internal/names';

/** RFC 6265 cookie-name (a token as well). */
const COOKIE_NAME_RE = HTTP_TOKEN_RE;

/**
 * How the sidecar or gateway spreads requests over the pods of one Service
 * (`trafficPolicy.loadBalancer` of a DestinationRule).
 *
 * Istio's default, when no load balancer is set, is `LEAST_REQUEST`.
 *
 * The factories check their arguments; an invalid value is reported, with the
 * construct path, by the backend that uses it.
 *
 * Support: Implementation-specific (an Istio DestinationRule field; the Gateway
 * API has no load-balancer setting in the standard channel).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings
 */
export class LoadBalancer {
  /** Round robin over healthy pods (`simple: ROUND_ROBIN`). */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer('ROUND_ROBIN', { simple: istio.DestinationRuleSpecTrafficPolicyLoadBalancerSimple.ROUND_UNDERSCORE_ROBIN });
  }

  /** The pod with the fewest active requests of two picked at random (`simple: LEAST_REQUEST`). */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer('LEAST_REQUEST', { simple: istio.DestinationRuleSpecTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST });
  }

  /** A pod picked at random (`simple: RANDOM`). */
  public static random(): LoadBalancer {
    return new LoadBalancer('RANDOM', { simple: istio.DestinationRuleSpecTrafficPolicyLoadBalancerSimple.RANDOM });
  }

  /**
   * Sticky sessions keyed on a request header (`consistentHash.httpHeaderName`).
   * @param headerName the header whose value selects the pod, e.g. `x-user-id`
   */
  public static consistentHashByHeader(headerName: string): LoadBalancer {
    const problem = typeof headerName === 'string' && HTTP_TOKEN_RE.test(headerName) ? undefined
      : `header name "${headerName}" is not a valid HTTP header name; use letters, digits and !#$%&'*+-.^_\`|~ (no spaces), e.g. "x-user-id"`;
    return new LoadBalancer(`CONSISTENT_HASH(header ${headerName})`, { consistentHash: { httpHeaderName: headerName } },
      factoryProblem('LoadBalancer.consistentHashByHeader', [headerName], problem));
  }

  /**
   * Sticky sessions keyed on an HTTP cookie (`consistentHash.httpCookie`).
   * When the request has no such cookie, Envoy generates one with this `ttl`.
   *
   * @param cookieName the cookie's name
   * @param ttl lifetime of a generated cookie; `Duration.seconds(0)` makes it a
   * session cookie. When unset, Envoy generates no cookie, so requests without
   * one are not sticky.
   * @param path the `Path` attribute of a generated cookie; unset by default
   */
  public static consistentHashByCookie(cookieName: string, ttl?: Duration, path?: string): LoadBalancer {
    const problem = factoryProblem('LoadBalancer.consistentHashByCookie', [cookieName, ttl, path], cookieProblem(cookieName, ttl, path));
    const cookie: istio.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHashHttpCookie = {
      name: cookieName,
      path,
      ttl: problem ? undefined : goDuration('cookie ttl', ttl),
    };
    return new LoadBalancer(`CONSISTENT_HASH(cookie ${cookieName})`, { consistentHash: { httpCookie: cookie } }, problem);
  }

  /** Sticky sessions keyed on the client's source IP (`consistentHash.useSourceIp`). */
  public static consistentHashBySourceIp(): LoadBalancer {
    return new LoadBalancer('CONSISTENT_HASH(source ip)', { consistentHash: { useSourceIp: true } });
  }

  /**
   * Sticky sessions keyed on a query parameter (`consistentHash.httpQueryParameterName`).
   * @param parameterName the query parameter whose value selects the pod
   */
  public static consistentHashByQueryParameter(parameterName: string): LoadBalancer {
    const problem = typeof parameterName === 'string' && parameterName.length > 0 ? undefined
      : 'the query parameter name must not be empty; pass the parameter whose value selects the pod, e.g. "user"';
    return new LoadBalancer(`CONSISTENT_HASH(query ${parameterName})`, { consistentHash: { httpQueryParameterName: parameterName } },
      factoryProblem('LoadBalancer.consistentHashByQueryParameter', [parameterName], problem));
  }

  private constructor(
    /** A short, human-readable description, e.g. `ROUND_ROBIN`. */
    public readonly description: string,
    private readonly settings: istio.DestinationRuleSpecTrafficPolicyLoadBalancer,
    private readonly problem?: string,
  ) {}

  /** What the factory found wrong with its arguments, if anything. @internal */
  public _problem(): string | undefined {
    return this.problem;
  }

  /**
   * The DestinationRule `loadBalancer` block.
   * @internal
   */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyLoadBalancer {
    assertFactoryValue(this.problem);
    return this.settings;
  }
}

function cookieProblem(cookieName: string, ttl: Duration | undefined, path: string | undefined): string | undefined {
  if (typeof cookieName !== 'string' || !COOKIE_NAME_RE.test(cookieName)) {
    return `cookie name "${cookieName}" is not a valid cookie name; use letters, digits and !#$%&'*+-.^_\`|~ (no spaces or ";"), e.g. "session"`;
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    return `cookie path must start with "/", got "${path}"; e.g. "/"`;
  }
  const ttlProblem = durationProblem('cookie ttl', ttl, 0);
  return ttlProblem && `${ttlProblem}; use e.g. Duration.hours(1), or Duration.seconds(0) for a session cookie`;
}
