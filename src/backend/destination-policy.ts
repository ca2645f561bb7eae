import { ClientTls } from './client-tls';
import { ConnectionPool } from './connection-pool';
import { OutlierDetection } from './outlier-detection';
import { TrafficPolicyOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';

/**
 * The `trafficPolicy` of a DestinationRule: a backend resolves it once from its
 * props, and each version overrides it field by field. Each block checks and
 * renders itself; this class only composes them. Not exported from the package.
 * @internal
 */
export class DestinationPolicy {
  public constructor(private readonly options: TrafficPolicyOptions) {}

  /** This policy with every field that `override` sets replacing this one's. */
  public _override(override: TrafficPolicyOptions): DestinationPolicy {
    return new DestinationPolicy({
      loadBalancer: override.loadBalancer ?? this.options.loadBalancer,
      connectionPool: override.connectionPool ?? this.options.connectionPool,
      outlierDetection: override.outlierDetection ?? this.options.outlierDetection,
      tls: override.tls ?? this.options.tls,
    });
  }

  /** The first problem of any block, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    const loadBalancer = o.loadBalancer?._problem();
    return (loadBalancer === undefined ? undefined : `loadBalancer ${loadBalancer}`)
      ?? (o.connectionPool && new ConnectionPool(o.connectionPool)._problem())
      ?? (o.outlierDetection && new OutlierDetection(o.outlierDetection)._problem())
      ?? (o.tls && new ClientTls(o.tls)._problem());
  }

  /**
   * The DestinationRule `trafficPolicy`, or undefined when no field is set (a
   * DestinationRule with only a host would shadow a mesh-wide one); throws on a problem.
   */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicy | undefined {
    const o = this.options;
    const rendered: istio.DestinationRuleSpecTrafficPolicy = {
      loadBalancer: o.loadBalancer?._toIstio(),
      connectionPool: o.connectionPool && new ConnectionPool(o.connectionPool)._toIstio(),
      outlierDetection: o.outlierDetection && new OutlierDetection(o.outlierDetection)._toIstio(),
      tls: o.tls && new ClientTls(o.tls)._toIstio(),
    };
    return Object.values(rendered).some(v => v !== undefined) ? rendered : undefined;
  }
}
