import { GRPCROUTE_LIMITS } from './grpc-limits';
import { factoryProblem } from '../internal/errors';
import { re2Problem } from '../internal/re2';

/**
 * How a gRPC method match compares the service and method names.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatchtype
 */
export enum GrpcMethodMatchType {
  /** The names must be equal (Core support). */
  EXACT = 'Exact',
  /** The names must match RE2 regular expressions (Implementation-specific support). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** The GRPCRoute CRD's CEL rule for an `Exact` service name (a fully qualified protobuf service). */
const EXACT_SERVICE_RE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
/** The GRPCRoute CRD's CEL rule for an `Exact` method name (a protobuf identifier). */
const EXACT_METHOD_RE = /^[A-Za-z_][A-Za-z_0-9]*$/;

/**
 * The gRPC method condition of a GRPCRoute match (`matches[].method`): the
 * service, the method, or both. A gRPC request's path is
 * `/<service>/<method>`.
 *
 * The CRD's CEL rules are checked when the match is added to a route (with
 * the route's path in the error): at least one of service and method; for
 * `exact`, a service of dot-separated identifiers (`helloworld.Greeter`,
 * case-insensitive, an optional leading `.`) and a method that is an
 * identifier (`SayHello`); at most 1024 characters each. For
 * `regularExpression` each expression must be valid RE2, and so must the
 * path expression Istio builds from them.
 *
 * What Istio does with it (istio/istio pilot/pkg/config/kube/gateway,
 * `createGRPCURIMatch`): `Exact` with both becomes an exact path match
 * `/<service>/<method>`, with only a service a prefix match `/<service>/`,
 * with only a method the regex `/[^/]+/<method>`; `RegularExpression`
 * becomes the regex `/<service>/<method>`, a missing service `[^/]+` and a
 * missing method `.+`. Regexes match the whole path (RE2 full match).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
 * (`type: Exact`: Core support, `type: RegularExpression`: Implementation-specific support)
 */
export class GrpcMethodMatch {
  /**
   * The service, the method, or both must be equal, e.g.
   * `GrpcMethodMatch.exact('helloworld.Greeter', 'SayHello')`, or
   * `GrpcMethodMatch.exact('helloworld.Greeter')` for every method of a service.
   *
   * @param service fully qualified service name, e.g. `helloworld.Greeter`; undefined for any service
   * @param method method name, e.g. `SayHello`; undefined for any method
   */
  public static exact(service?: string, method?: string): GrpcMethodMatch {
    return new GrpcMethodMatch(GrpcMethodMatchType.EXACT, service, method,
      factoryProblem('GrpcMethodMatch.exact', [service, method], methodMatchProblem(GrpcMethodMatchType.EXACT, service, method)));
  }

  /**
   * The service, the method, or both must match RE2 regular expressions
   * (matched against the whole name), e.g.
   * `GrpcMethodMatch.regularExpression('helloworld\\.Greeter(V2)?')`.
   *
   * @param service RE2 expression of the service name; undefined for any service
   * @param method RE2 expression of the method name; undefined for any method
   */
  public static regularExpression(service?: string, method?: string): GrpcMethodMatch {
    return new GrpcMethodMatch(GrpcMethodMatchType.REGULAR_EXPRESSION, service, method,
      factoryProblem('GrpcMethodMatch.regularExpression', [service, method],
        methodMatchProblem(GrpcMethodMatchType.REGULAR_EXPRESSION, service, method)));
  }

  /**
   * The match itself, or one rebuilt (and checked) from a plain
   * `{ type, service, method }` object.
   * @internal
   */
  public static _of(m: GrpcMethodMatch): GrpcMethodMatch {
    if (m instanceof GrpcMethodMatch || m === null || typeof m !== 'object') return m;
    const plain = m as { type?: GrpcMethodMatchType; service?: string; method?: string };
    return plain.type === GrpcMethodMatchType.REGULAR_EXPRESSION
      ? GrpcMethodMatch.regularExpression(plain.service, plain.method)
      : GrpcMethodMatch.exact(plain.service, plain.method);
  }

  /** How the names are compared. */
  public readonly type: GrpcMethodMatchType;
  /**
   * The service name or expression.
   * @default - any service
   */
  public readonly service?: string;
  /**
   * The method name or expression.
   * @default - any method
   */
  public readonly method?: string;
  private readonly factoryProblem?: string;

  private constructor(type: GrpcMethodMatchType, service: string | undefined, method: string | undefined, problem: string | undefined) {
    this.type = type;
    this.service = service;
    this.method = method;
    this.factoryProblem = problem;
  }

  /**
   * The path Istio matches gRPC requests with (see the class docs):
   * `/helloworld.Greeter/SayHello`; for exact matches an exact path, or a
   * prefix (`/helloworld.Greeter/`), or a regex when only the method is set.
   * @internal
   */
  public get _istioPath(): string {
    return istioPath(this.type, this.service, this.method);
  }

  /** What the factory found wrong, as a fragment after `.method`, or undefined. @internal */
  public _problem(): string | undefined {
    return this.factoryProblem;
  }

  /** The match as the typed L1 structure, the default type written out. @internal */
  public _render(): any {
    return { type: this.type, service: this.service, method: this.method };
  }
}

/** The path pattern Istio builds (istio/istio `createGRPCURIMatch`). */
function istioPath(type: GrpcMethodMatchType, service: string | undefined, method: string | undefined): string {
  if (type === GrpcMethodMatchType.EXACT) {
    if (method === undefined) return `/${service}/`;
    return service === undefined ? `/[^/]+/${method}` : `/${service}/${method}`;
  }
  return `/${service ?? '[^/]+'}/${method ?? '.+'}`;
}

/** The CRD's rules for a method match (and RE2 for expressions), as a sentence fragment. */
function methodMatchProblem(type: GrpcMethodMatchType, service: string | undefined, method: string | undefined): string | undefined {
  if (service === undefined && method === undefined) {
    return 'needs a service, a method or both; leave the method match out to match every gRPC request';
  }
  for (const [field, value] of [['service', service], ['method', method]] as Array<[string, string | undefined]>) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length < 1 || value.length > GRPCROUTE_LIMITS.methodField) {
      return `${field} ${JSON.stringify(value)} must be 1 to ${GRPCROUTE_LIMITS.methodField} characters long; leave it out to match any ${field}`;
    }
    if (type === GrpcMethodMatchType.EXACT) {
      if (field === 'service' && !EXACT_SERVICE_RE.test(value)) {
        return `service "${value}" is not a fully qualified gRPC service name (identifiers separated by dots, e.g. helloworld.Greeter); `
          + 'use GrpcMethodMatch.regularExpression for a pattern';
      }
      if (field === 'method' && !EXACT_METHOD_RE.test(value)) {
        return `method "${value}" is not a gRPC method name (letters, digits and "_", not starting with a digit, e.g. SayHello); `
          + 'use GrpcMethodMatch.regularExpression for a pattern';
      }
    } else {
      const rp = re2Problem(value);
      if (rp) return `${field} expression "${value}" ${rp}`;
    }
  }
  if (type === GrpcMethodMatchType.REGULAR_EXPRESSION) {
    const path = istioPath(type, service, method);
    const rp = re2Problem(path);
    if (rp) return `gives the path expression "${path}" that Istio matches requests with, which ${rp}`;
  }
  return undefined;
}
