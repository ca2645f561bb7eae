import { hostValueProblem, methodProblem, pathProblem, portValuesProblem, valuesProblem } from './policy-values';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

const FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
type OperationField = typeof FIELDS[number];

/**
 * What a request asks for: one `rules[].to[].operation` of an
 * AuthorizationPolicy. The fields of one Operation are ANDed (combine them
 * with `Operation.allOf()`); the Operations of a rule are ORed.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
 */
export class Operation {
  /**
   * Request paths (`paths`): exact (`/login`), prefix (`/api/*`), suffix
   * (`*.png`), presence (`*`), or a path template whose whole segments are
   * `{*}` (one segment) or `{**}` (the rest, last only), e.g.
   * `/api/{*}/orders`. Istio normalizes the path first.
   * @see https://istio.io/latest/docs/reference/config/security/normalization/
   */
  public static paths(paths: string[]): Operation {
    return Operation.of('paths', paths, valuesProblem(paths, 'paths', pathProblem));
  }

  /** Not these request paths (`notPaths`); same patterns as `paths()`. */
  public static notPaths(paths: string[]): Operation {
    return Operation.of('notPaths', paths, valuesProblem(paths, 'notPaths', pathProblem));
  }

  /**
   * Hosts of the request (`hosts`, matched case-insensitively against the
   * Host header). Each host without a port is also written as `host:*`,
   * since the Host header may carry a port and Istio compares the exact
   * string: a DENY on `shop.example.com` alone is bypassed by
   * `Host: shop.example.com:443`. A suffix match (`*.example.com`) cannot
   * get such a twin: prefer exact hosts in DENY rules.
   * @see https://istio.io/latest/docs/ops/best-practices/security/#writing-host-match-policies
   */
  public static hosts(hosts: string[]): Operation {
    return Operation.of('hosts', hosts, valuesProblem(hosts, 'hosts', hostValueProblem));
  }

  /** Not these hosts (`notHosts`); each host without a port is also written as `host:*`. */
  public static notHosts(hosts: string[]): Operation {
    return Operation.of('notHosts', hosts, valuesProblem(hosts, 'notHosts', hostValueProblem));
  }

  /**
   * HTTP methods (`methods`), case-sensitive, e.g. `["GET", "HEAD"]`.
   */
  public static methods(methods: string[]): Operation {
    return Operation.of('methods', methods, valuesProblem(methods, 'methods', methodProblem));
  }

  /** Not these HTTP methods (`notMethods`). */
  public static notMethods(methods: string[]): Operation {
    return Operation.of('notMethods', methods, valuesProblem(methods, 'notMethods', methodProblem));
  }

  /**
   * Ports of the connection (`ports`): at a gateway, the port the gateway
   * pod listens on, which for a Gateway API Gateway is the listener port.
   */
  public static ports(ports: number[]): Operation {
    return Operation.of('ports', ports.map?.(String) ?? ports, portValuesProblem(ports, 'ports'), ports);
  }

  /** Not these ports (`notPorts`). */
  public static notPorts(ports: number[]): Operation {
    return Operation.of('notPorts', ports.map?.(String) ?? ports, portValuesProblem(ports, 'notPorts'), ports);
  }

  /**
   * A Operation that matches only when all of `operations` match: their fields together
   * in one `operation`. Each field may be set by one of them only.
   * @param operations e.g. `[Operation.paths(["/admin/*"]), Operation.methods(["POST"])]`
   */
  public static allOf(operations: Operation[]): Operation {
    if (!Array.isArray(operations) || operations.length === 0 || operations.some((x) => !(x instanceof Operation))) {
      return new Operation(new Map(), 'Operation.allOf(): pass a non-empty list of Operation values');
    }
    return operations.slice(1).reduce((acc, x) => acc.merge(x), operations[0]);
  }

  private static of(field: OperationField, values: any, problem: string | undefined, shown: unknown = values): Operation {
    return new Operation(new Map([[field, values]]), factoryProblem(`Operation.${field}`, [shown], problem));
  }

  private constructor(private readonly fields: Map<OperationField, string[]>, private readonly problem: string | undefined) {}

  /** An Operation that matches only when this one and `other` both match. A field may be set once. */
  private merge(other: Operation): Operation {
    const fields = new Map(this.fields);
    let problem = this.problem ?? other.problem;
    for (const [k, v] of other.fields) {
      if (fields.has(k) && !problem) problem = `Operation.allOf(): ${k} is set twice; list every value in one Operation.${k}([...])`;
      fields.set(k, v);
    }
    return new Operation(fields, problem);
  }

  /** What the factories found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The values of a field as given (hosts without the `:*` twins). @internal */
  public _values(field: string): string[] | undefined {
    return this.fields.get(field as OperationField);
  }

  /** The `operation` object. @internal */
  public _toKube(): { [key: string]: string[] } {
    assertFactoryValue(this.problem);
    const out: { [key: string]: string[] } = {};
    for (const f of FIELDS) {
      const v = this.fields.get(f);
      if (!v) continue;
      out[f] = f === 'hosts' || f === 'notHosts' ? withPortTwins(v) : [...v];
    }
    return out;
  }
}

/** Each host, then `host:*` for hosts without a port or wildcard, without duplicates. */
function withPortTwins(hosts: string[]): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const candidates = h.startsWith('*') || h.endsWith('*') || /:[0-9*]+$/.test(h) ? [h] : [h, `${h}:*`];
    for (const c of candidates) if (!out.includes(c)) out.push(c);
  }
  return out;
}
