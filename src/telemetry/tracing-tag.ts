import { tagNameProblem } from './telemetry-checks';
import { TelemetrySpecTracingCustomTags } from '../../imports/telemetry.istio.io';
import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { HTTP_TOKEN_RE } from '../internal/names';

/**
 * A custom tag added to every trace span (`tracing[].customTags`): a literal,
 * a request header, an environment variable of the proxy, or an access-log
 * formatter.
 *
 * The factories check their arguments; an invalid tag is reported, with the
 * construct path, by the `GatewayTelemetry` that uses it.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing-CustomTag
 */
export class TracingTag {
  /**
   * The same value on every span (`literal.value`).
   * @param name the tag name, e.g. `team`
   * @param value the value, e.g. `payments`
   */
  public static literal(name: string, value: string): TracingTag {
    const problem = tagNameProblem(name)
      ?? (typeof value === 'string' && value.length > 0 ? undefined : 'the literal value is empty; pass a value, e.g. "payments"');
    return new TracingTag(name, { literal: { value } }, factoryProblem('TracingTag.literal', [name, value], problem));
  }

  /**
   * The value of a request header (`header.name`), or `defaultValue` when the
   * request has none.
   * @param name the tag name, e.g. `user-agent`
   * @param header the request header, e.g. `user-agent`
   * @param defaultValue used when the header is absent; unset by default
   */
  public static requestHeader(name: string, header: string, defaultValue?: string): TracingTag {
    const problem = tagNameProblem(name)
      ?? (typeof header === 'string' && HTTP_TOKEN_RE.test(header) ? undefined
        : `header name "${header}" is not a valid HTTP header name; use letters, digits and !#$%&'*+-.^_\`|~ (no spaces), e.g. "x-request-id"`);
    return new TracingTag(name, { header: { name: header, defaultValue } },
      factoryProblem('TracingTag.requestHeader', [name, header, defaultValue], problem));
  }

  /**
   * The value of an environment variable of the proxy container
   * (`environment.name`), or `defaultValue` when it is not set.
   * @param name the tag name, e.g. `cluster`
   * @param variable the environment variable, e.g. `CLUSTER_NAME`
   * @param defaultValue used when the variable is not set; unset by default
   */
  public static environment(name: string, variable: string, defaultValue?: string): TracingTag {
    // Kubernetes accepts any printable name without "=" for a container env var
    const ok = typeof variable === 'string' && /^[^\s=\u0000-\u001f\u007f]+$/.test(variable); // eslint-disable-line no-control-regex
    const problem = tagNameProblem(name)
      ?? (ok ? undefined : `environment variable name ${JSON.stringify(variable)} is invalid; pass the variable's name (no spaces or "="), e.g. "CLUSTER_NAME"`);
    return new TracingTag(name, { environment: { name: variable, defaultValue } },
      factoryProblem('TracingTag.environment', [name, variable, defaultValue], problem));
  }

  /**
   * The result of an Envoy access-log formatter (`formatter.value`), e.g.
   * `%REQ(:PATH)%` or `%UPSTREAM_HOST%`.
   * @param name the tag name, e.g. `upstream`
   * @param format the formatter string
   * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#command-operators
   */
  public static formatter(name: string, format: string): TracingTag {
    const problem = tagNameProblem(name)
      ?? (typeof format === 'string' && format.length > 0 ? undefined : 'the formatter is empty; pass an Envoy command operator, e.g. "%UPSTREAM_HOST%"');
    return new TracingTag(name, { formatter: { value: format } }, factoryProblem('TracingTag.formatter', [name, format], problem));
  }

  /** The tag name. */
  public readonly name: string;

  private constructor(name: string, private readonly tag: TelemetrySpecTracingCustomTags, private readonly problem: string | undefined) {
    this.name = name;
  }

  /** What the factory found wrong with its arguments, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The `customTags` value. @internal */
  public _toKube(): TelemetrySpecTracingCustomTags {
    assertFactoryValue(this.problem);
    return this.tag;
  }
}
