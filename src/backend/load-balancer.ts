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

  /** Whether this is a consistent-hash (sticky) load balancer. */
  public get isConsistentHash(): boolean {
    return this.settings.consistentHash !== undefined;
  }

  /**
   * This consistent-hash load balancer with the hash algorithm set: a ring
   * hash of a given size, or Maglev. Only for the `consistentHash*` factories.
   *
   * @param algorithm `ConsistentHashAlgorithm.ringHash()` or `ConsistentHashAlgorithm.maglev()`
   * @returns a new LoadBalancer; this one is unchanged
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB
   */
  public withHashAlgorithm(algorithm: ConsistentHashAlgorithm): LoadBalancer {
    const call = `${this.description}.withHashAlgorithm(${algorithm?.description})`;
    const problem = this.problem
      ?? (this.isConsistentHash ? undefined
        : `${call}: a hash algorithm applies only to consistent-hash load balancers (LoadBalancer.consistentHashBy...()), not ${this.description}`)
      ?? (algorithm instanceof ConsistentHashAlgorithm ? algorithm._problem() : `${call}: pass ConsistentHashAlgorithm.ringHash() or .maglev()`);
    const consistentHash = this.isConsistentHash && algorithm instanceof ConsistentHashAlgorithm
      ? { ...this.settings.consistentHash, ...algorithm._settings }
      : this.settings.consistentHash;
    return new LoadBalancer(`${this.description} ${algorithm?.description}`, { ...this.settings, consistentHash }, problem);
  }

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

/** Envoy's limit of `minimum_ring_size` (api/envoy/config/cluster/v3/cluster.proto: `lte: 8388608`). */
const MAX_RING_SIZE = 8_388_608;
/** Istio's limit: "tableSize must be less than 5000011 for maglev" (pkg/config/validation/validation.go validateLoadBalancer). */
const MAGLEV_TABLE_LIMIT = 5_000_011;

/**
 * The hash algorithm of a consistent-hash load balancer
 * (`consistentHash.ringHash` or `consistentHash.maglev`). Pass it to
 * `LoadBalancer.withHashAlgorithm()`.
 *
 * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB
 */
export class ConsistentHashAlgorithm {
  /**
   * A ketama hash ring (`ringHash.minimumRingSize`). A bigger ring spreads
   * requests more evenly over the pods.
   * @param minimumRingSize virtual nodes on the ring, 1 to 8388608 (Envoy's limit)
   * @default minimumRingSize 1024 - Envoy's default, written out
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB-RingHash
   */
  public static ringHash(minimumRingSize?: number): ConsistentHashAlgorithm {
    const size = minimumRingSize ?? 1024;
    const problem = Number.isInteger(size) && size >= 1 && size <= MAX_RING_SIZE ? undefined
      : `minimumRingSize must be a whole number from 1 to ${MAX_RING_SIZE}, got ${size}`;
    return new ConsistentHashAlgorithm(`ringHash(${size})`, { ringHash: { minimumRingSize: size } },
      factoryProblem('ConsistentHashAlgorithm.ringHash', [minimumRingSize], problem));
  }

  /**
   * Maglev hashing (`maglev.tableSize`): less disruption than a ring when
   * pods come and go.
   * @param tableSize the lookup table size: a prime number below 5000011 (Istio's validation)
   * @default tableSize 65537 - Envoy's default, written out (Istio requires the field)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB-MagLev
   */
  public static maglev(tableSize?: number): ConsistentHashAlgorithm {
    const size = tableSize ?? 65537;
    let problem: string | undefined;
    if (!Number.isInteger(size) || size < 2 || size >= MAGLEV_TABLE_LIMIT) {
      problem = `tableSize must be a prime number from 2 to ${MAGLEV_TABLE_LIMIT - 1}, got ${size}; e.g. 65537`;
    } else if (!isPrime(size)) {
      problem = `tableSize must be a prime number, got ${size}; the nearest primes are ${previousPrime(size)} and ${nextPrime(size)}`;
    }
    return new ConsistentHashAlgorithm(`maglev(${size})`, { maglev: { tableSize: size } },
      factoryProblem('ConsistentHashAlgorithm.maglev', [tableSize], problem));
  }

  private constructor(
    /** A short description, e.g. `maglev(65537)`. */
    public readonly description: string,
    private readonly settings: Pick<istio.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHash, 'ringHash' | 'maglev'>,
    private readonly problem?: string,
  ) {}

  /** What the factory found wrong with its argument, if anything. @internal */
  public _problem(): string | undefined {
    return this.problem;
  }

  /** The `ringHash` or `maglev` field, unchecked (the problem travels with the LoadBalancer). @internal */
  public get _settings(): Pick<istio.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHash, 'ringHash' | 'maglev'> {
    return this.settings;
  }

  /** The `ringHash` or `maglev` field of `consistentHash`. @internal */
  public _toIstio(): Pick<istio.DestinationRuleSpecTrafficPolicyLoadBalancerConsistentHash, 'ringHash' | 'maglev'> {
    assertFactoryValue(this.problem);
    return this.settings;
  }
}

/** Envoy's and Istio's primality test (Istio copies Envoy's `isPrime`: 1, 2 and 3 count as prime). */
function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) {
    if (x % f === 0) return false;
  }
  return true;
}

function nextPrime(x: number): number {
  let n = x + 1;
  while (!isPrime(n)) n++;
  return n;
}

function previousPrime(x: number): number {
  let n = x - 1;
  while (n > 2 && !isPrime(n)) n--;
  return n;
}
