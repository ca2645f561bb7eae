import { ClientTls } from './client-tls';
import { ConnectionPool } from './connection-pool';
import { LocalityLoadBalancing, renderWarmup, warmupProblem } from './locality-lb';
import { OutlierDetection } from './outlier-detection';
import { PortTrafficPolicyOptions, TrafficPolicyOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { portProblem } from '../internal/port';

/** The CRD's `maxItems` of `trafficPolicy.portLevelSettings`. */
const MAX_PORT_LEVEL_SETTINGS = 4096;

/**
 * The `trafficPolicy` of a DestinationRule: a backend resolves it once from its
 * props, and each version overrides it field by field. Each block checks and
 * renders itself; this class only composes them. Not exported from the package.
 * @internal
 */
export class DestinationPolicy {
  /**
   * @param options the traffic policy
   * @param servicePort the port of the Service the DestinationRule is for, when known: `portLevelSettings` must name it
   */
  public constructor(private readonly options: TrafficPolicyOptions, private readonly servicePort?: number) {}

  /** This policy with every field that `override` sets replacing this one's. */
  public _override(override: TrafficPolicyOptions): DestinationPolicy {
    return new DestinationPolicy({
      loadBalancer: override.loadBalancer ?? this.options.loadBalancer,
      connectionPool: override.connectionPool ?? this.options.connectionPool,
      outlierDetection: override.outlierDetection ?? this.options.outlierDetection,
      tls: override.tls ?? this.options.tls,
      localityLbSetting: override.localityLbSetting ?? this.options.localityLbSetting,
      warmup: override.warmup ?? this.options.warmup,
      portLevelSettings: override.portLevelSettings ?? this.options.portLevelSettings,
    }, this.servicePort);
  }

  /** The first problem of any block, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    return blockProblems(o)
      ?? (o.localityLbSetting && new LocalityLoadBalancing(o.localityLbSetting, hasOutlierDetection(o))._problem())
      ?? (o.warmup && warmupProblem(o.warmup))
      ?? this.portLevelProblem();
  }

  /**
   * The DestinationRule `trafficPolicy`, or undefined when no field is set (a
   * DestinationRule with only a host would shadow a mesh-wide one); throws on a problem.
   */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicy | undefined {
    const o = this.options;
    const loadBalancer = o.loadBalancer?._toIstio();
    const locality = o.localityLbSetting && new LocalityLoadBalancing(o.localityLbSetting, hasOutlierDetection(o))._toIstio();
    const warmup = o.warmup && renderWarmup(o.warmup);
    const rendered: istio.DestinationRuleSpecTrafficPolicy = {
      loadBalancer: loadBalancer || locality || warmup
        ? { ...loadBalancer, localityLbSetting: locality, warmup }
        : undefined,
      connectionPool: o.connectionPool && new ConnectionPool(o.connectionPool)._toIstio(),
      outlierDetection: o.outlierDetection && new OutlierDetection(o.outlierDetection)._toIstio(),
      tls: o.tls && new ClientTls(o.tls)._toIstio(),
      portLevelSettings: o.portLevelSettings && o.portLevelSettings.length > 0
        ? [...o.portLevelSettings].sort((a, b) => a.port - b.port).map(renderPortLevel)
        : undefined,
    };
    return Object.values(rendered).some(v => v !== undefined) ? rendered : undefined;
  }

  private portLevelProblem(): string | undefined {
    const list = this.options.portLevelSettings ?? [];
    if (list.length > MAX_PORT_LEVEL_SETTINGS) {
      return `portLevelSettings has ${list.length} entries; at most ${MAX_PORT_LEVEL_SETTINGS} are allowed`;
    }
    const seen = new Map<number, number>();
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      const where = `portLevelSettings[${i}]`;
      const pp = portProblem(entry?.port);
      if (pp) return `${where}.port ${pp}`;
      const first = seen.get(entry.port);
      if (first !== undefined) return `${where} repeats port ${entry.port} (also portLevelSettings[${first}]); merge them into one entry`;
      seen.set(entry.port, i);
      if (this.servicePort !== undefined && entry.port !== this.servicePort) {
        return `${where}.port is ${entry.port}, but the Service has only port ${this.servicePort}, so the policy would never apply; `
          + `use port ${this.servicePort}`;
      }
      if (!entry.loadBalancer && !entry.connectionPool && !entry.outlierDetection && !entry.tls) {
        // Istio's validatePortTrafficPolicies: "port traffic policy must have at least one field"
        return `${where} sets no policy; give it loadBalancer, connectionPool, outlierDetection or tls, or remove it`;
      }
      const p = blockProblems(entry);
      if (p) return `${where}.${p}`;
    }
    return undefined;
  }
}

/** The first problem of the blocks a port-level policy also has. */
function blockProblems(o: TrafficPolicyOptions | PortTrafficPolicyOptions): string | undefined {
  const loadBalancer = o.loadBalancer?._problem();
  return (loadBalancer === undefined ? undefined : `loadBalancer ${loadBalancer}`)
    ?? (o.connectionPool && new ConnectionPool(o.connectionPool)._problem())
    ?? (o.outlierDetection && new OutlierDetection(o.outlierDetection)._problem())
    ?? (o.tls && new ClientTls(o.tls)._problem());
}

/** Istio checks failover against the top-level outlierDetection only (validateLoadBalancer(policy.LoadBalancer, policy.OutlierDetection)). */
function hasOutlierDetection(o: TrafficPolicyOptions): boolean {
  return o.outlierDetection !== undefined;
}

function renderPortLevel(p: PortTrafficPolicyOptions): istio.DestinationRuleSpecTrafficPolicyPortLevelSettings {
  // the port-level types are the top-level ones under other generated names
  return {
    port: { number: p.port },
    loadBalancer: p.loadBalancer?._toIstio() as any,
    connectionPool: p.connectionPool && new ConnectionPool(p.connectionPool)._toIstio() as any,
    outlierDetection: p.outlierDetection && new OutlierDetection(p.outlierDetection)._toIstio(),
    tls: p.tls && new ClientTls(p.tls)._toIstio() as any,
  };
}
