import { goDuration, UINT32_MAX, wholeNumberProblem } from './field-checks';
import { OutlierDetectionOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { durationProblem } from '../internal/duration';
import { assertFactoryValue } from '../internal/errors';

/**
 * The `outlierDetection` block of a DestinationRule traffic policy: checks and
 * renders itself. Not exported from the package; users pass `OutlierDetectionOptions`.
 * @internal
 */
export class OutlierDetection {
  public constructor(private readonly options: OutlierDetectionOptions) {}

  /** What is wrong with the options, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    const field = (name: keyof OutlierDetectionOptions) => `outlierDetection.${name}`;
    return wholeNumberProblem(field('consecutive5xxErrors'), o.consecutive5xxErrors, 0, UINT32_MAX)
      ?? wholeNumberProblem(field('consecutiveGatewayErrors'), o.consecutiveGatewayErrors, 0, UINT32_MAX)
      ?? durationProblem(field('interval'), o.interval, 1)
      ?? durationProblem(field('baseEjectionTime'), o.baseEjectionTime, 1)
      ?? wholeNumberProblem(field('maxEjectionPercent'), o.maxEjectionPercent, 0, 100)
      ?? wholeNumberProblem(field('minHealthPercent'), o.minHealthPercent, 0, 100);
  }

  /** The DestinationRule `outlierDetection` block (empty: Istio's defaults); throws on a problem. */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyOutlierDetection {
    assertFactoryValue(this._problem());
    const o = this.options;
    return {
      consecutive5XxErrors: o.consecutive5xxErrors,
      consecutiveGatewayErrors: o.consecutiveGatewayErrors,
      interval: goDuration('outlierDetection.interval', o.interval),
      baseEjectionTime: goDuration('outlierDetection.baseEjectionTime', o.baseEjectionTime),
      maxEjectionPercent: o.maxEjectionPercent,
      minHealthPercent: o.minHealthPercent,
    };
  }
}
