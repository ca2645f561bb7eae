import { celSyntaxProblem } from '../internal/cel-syntax';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * Which requests and connections an access log records
 * (`accessLogging[].filter.expression`): a CEL expression over Envoy's
 * attributes, logged when it is true.
 *
 * The expression is parsed when the filter is made, as Istio's validation
 * does (syntax only: the attributes are known only to the proxy). An invalid
 * one is reported, with the construct path, by the `GatewayTelemetry` that
 * uses it.
 *
 * Note: `response.code` exists only for HTTP traffic; on a TCP listener a
 * filter on it logs nothing.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging-Filter
 * @see https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/advanced/attributes
 */
export class AccessLogFilter {
  /** Only responses with a 4xx or 5xx status: `response.code >= 400`. */
  public static errorsOnly(): AccessLogFilter {
    return AccessLogFilter.expression('response.code >= 400');
  }

  /** Only responses with a 5xx status: `response.code >= 500`. */
  public static serverErrorsOnly(): AccessLogFilter {
    return AccessLogFilter.expression('response.code >= 500');
  }

  /**
   * Any CEL expression over Envoy attributes, e.g.
   * `response.code >= 400 || request.url_path.startsWith('/admin')`.
   * @param expression a CEL expression that returns a bool
   */
  public static expression(expression: string): AccessLogFilter {
    return new AccessLogFilter(expression, factoryProblem('AccessLogFilter.expression', [expression], expressionProblem(expression)));
  }

  /** The CEL expression. */
  public readonly celExpression: string;

  private constructor(expression: string, private readonly problem: string | undefined) {
    this.celExpression = expression;
  }

  /** What the factory found wrong with its argument, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The `filter` object. @internal */
  public _toKube(): { expression: string } {
    assertFactoryValue(this.problem);
    return { expression: this.celExpression };
  }
}

function expressionProblem(expression: string): string | undefined {
  if (typeof expression !== 'string' || expression.trim() === '') {
    return 'the filter expression is empty; pass a CEL expression such as "response.code >= 400", or leave the filter out to log every request';
  }
  const syntax = celSyntaxProblem(expression);
  return syntax === undefined ? undefined
    : `${JSON.stringify(expression)} is not a valid CEL expression (${syntax}); fix the syntax, e.g. "response.code >= 400"`;
}
