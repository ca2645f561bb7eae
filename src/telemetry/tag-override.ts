import { tagNameProblem } from './telemetry-checks';
import { TelemetrySpecMetricsOverridesTagOverrides, TelemetrySpecMetricsOverridesTagOverridesOperation } from '../../imports/telemetry.istio.io';
import { celSyntaxProblem } from '../internal/cel-syntax';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * A change to one label (tag) of the selected metrics
 * (`metrics[].overrides[].tagOverrides`): set it from a CEL expression, or
 * remove it.
 *
 * The operation is always written out: Istio treats a missing operation as
 * `UPSERT`, but the CRD's rule that an `UPSERT` has a value only fires when
 * the operation is present.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides-TagOverride
 * @see https://istio.io/latest/docs/tasks/observability/metrics/customize-metrics/
 */
export class TagOverride {
  /**
   * Adds the label, or replaces its value (`operation: UPSERT`).
   * @param tag the label name, e.g. `request_host`
   * @param valueExpression a CEL expression over Envoy attributes, e.g.
   * `request.host` or `string(destination.port)`; a fixed string is quoted:
   * `'"edge"'`
   */
  public static upsert(tag: string, valueExpression: string): TagOverride {
    let problem = tagNameProblem(tag);
    if (problem === undefined) {
      if (typeof valueExpression !== 'string' || valueExpression.trim() === '') {
        problem = 'the value expression is empty; pass a CEL expression such as "request.host", or use TagOverride.remove() to drop the label';
      } else {
        const syntax = celSyntaxProblem(valueExpression);
        if (syntax !== undefined) {
          problem = `${JSON.stringify(valueExpression)} is not a valid CEL expression (${syntax}); fix the syntax, e.g. "request.host", and quote fixed strings: '"edge"'`;
        }
      }
    }
    return new TagOverride(tag, TelemetrySpecMetricsOverridesTagOverridesOperation.UPSERT, valueExpression,
      factoryProblem('TagOverride.upsert', [tag, valueExpression], problem));
  }

  /**
   * Drops the label from the selected metrics (`operation: REMOVE`).
   * @param tag the label name, e.g. `response_code`
   */
  public static remove(tag: string): TagOverride {
    return new TagOverride(tag, TelemetrySpecMetricsOverridesTagOverridesOperation.REMOVE, undefined,
      factoryProblem('TagOverride.remove', [tag], tagNameProblem(tag)));
  }

  /** The label name. */
  public readonly tag: string;
  /** `UPSERT` or `REMOVE`. */
  public readonly operation: string;
  /**
   * The CEL expression of an `UPSERT`.
   * @default - none for `REMOVE`
   */
  public readonly value?: string;

  private constructor(tag: string, operation: TelemetrySpecMetricsOverridesTagOverridesOperation, value: string | undefined,
    private readonly problem: string | undefined) {
    this.tag = tag;
    this.operation = operation;
    this.value = value;
  }

  /** What the factory found wrong with its arguments, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The `tagOverrides` value. @internal */
  public _toKube(): TelemetrySpecMetricsOverridesTagOverrides {
    assertFactoryValue(this.problem);
    return { operation: this.operation as TelemetrySpecMetricsOverridesTagOverridesOperation, value: this.value };
  }
}
