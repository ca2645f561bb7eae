import { LocalityLoadBalancingOptions, WarmupOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { durationProblem, formatDuration } from '../internal/duration';
import { assertFactoryValue } from '../internal/errors';

/**
 * The topology labels that `failoverPriority` may not use together with
 * `failover` (Istio's `ValidateLocalityLbSetting`,
 * pkg/config/validation/agent/validation.go: `label.LabelTopologyRegion`,
 * `LabelTopologyZone`, `LabelTopologySubzone`).
 */
const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/**
 * The `localityLbSetting` block of a DestinationRule load balancer: checks
 * and renders itself, with the rules of Istio's validating webhook
 * (`ValidateLocalityLbSetting` and `validateLocalities` in
 * pkg/config/validation/agent/validation.go). Not exported from the package.
 * @internal
 */
export class LocalityLoadBalancing {
  public constructor(private readonly options: LocalityLoadBalancingOptions, private readonly hasOutlierDetection: boolean) {}

  /** What is wrong, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    const f = 'localityLbSetting';
    const distribute = o.distribute ?? [];
    const failover = o.failover ?? [];
    const priority = o.failoverPriority ?? [];
    if (o.enabled !== undefined && typeof o.enabled !== 'boolean') return `${f}.enabled must be true or false, got ${JSON.stringify(o.enabled)}`;
    if (distribute.length > 0 && (failover.length > 0 || priority.length > 0)) {
      return `${f} sets distribute and ${failover.length > 0 ? 'failover' : 'failoverPriority'}; Istio allows only one of `
        + 'distribute, failover or failoverPriority: weights by locality or failover, not both';
    }
    if (failover.length > 0) {
      const topology = priority.find((l) => TOPOLOGY_LABELS.includes(l.split('=')[0]));
      if (topology) {
        return `${f}.failoverPriority lists the topology label "${topology}" together with failover; Istio rejects that: `
          + 'remove failover and rank by that label, or keep failover and use only non-topology labels';
      }
    }
    for (let i = 0; i < distribute.length; i++) {
      const d = distribute[i];
      const where = `${f}.distribute[${i}]`;
      const to = Object.entries(d?.to ?? {});
      if (to.length === 0) return `${where}.to is empty; give the destination localities and their weights, e.g. { 'us-east/*': 80, 'us-west/*': 20 }`;
      let total = 0;
      for (const [locality, weight] of to) {
        if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
          return `${where}.to["${locality}"] weight must be a whole number from 1 to 100, got ${weight}`;
        }
        total += weight;
      }
      if (total !== 100) return `${where}.to weights sum to ${total}; they must sum to 100`;
      const lp = localitiesProblem(to.map(([locality]) => locality));
      if (lp) return `${where}.to ${lp}`;
    }
    const fromProblem = localitiesProblem(distribute.map((d) => d?.from));
    if (fromProblem) return `${f}.distribute[].from ${fromProblem}`;
    for (let i = 0; i < failover.length; i++) {
      const { from, to } = failover[i] ?? {} as any;
      const where = `${f}.failover[${i}]`;
      for (const [field, region] of [['from', from], ['to', to]] as const) {
        if (typeof region !== 'string' || region === '') return `${where}.${field} must be a region name, e.g. "us-east"`;
        if (region.includes('/')) return `${where}.${field} "${region}" must be a region only, without zone ("/"); failover works between regions`;
        if (region.includes('*')) return `${where}.${field} "${region}" must not contain the "*" wildcard`;
      }
      if (from === to) return `${where} fails over from "${from}" to itself; give a different region in to`;
    }
    const seen = new Set<string>();
    for (let i = 0; i < priority.length; i++) {
      const label = priority[i];
      if (typeof label !== 'string' || label === '' || /\s/.test(label)) {
        return `${f}.failoverPriority[${i}] must be a label key or key=value without spaces, got ${JSON.stringify(label)}`;
      }
      if (seen.has(label)) return `${f}.failoverPriority lists "${label}" twice; list it once`;
      seen.add(label);
    }
    // Istio warns ("outlier detection policy must be provided for failover"): without ejections nothing ever fails over
    if ((failover.length > 0 || priority.length > 0) && o.enabled !== false && !this.hasOutlierDetection) {
      return `${f}.${failover.length > 0 ? 'failover' : 'failoverPriority'} needs outlierDetection: only ejected endpoints make `
        + 'traffic leave a locality, so without it nothing fails over; add outlierDetection (e.g. { consecutive5xxErrors: 5 })';
    }
    return undefined;
  }

  /** The `localityLbSetting` block; throws on a problem. */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting {
    assertFactoryValue(this._problem());
    const o = this.options;
    return {
      enabled: o.enabled,
      distribute: o.distribute && o.distribute.length > 0
        ? o.distribute.map((d) => ({ from: d.from, to: sortedWeights(d.to) }))
        : undefined,
      failover: o.failover && o.failover.length > 0 ? o.failover.map((x) => ({ from: x.from, to: x.to })) : undefined,
      failoverPriority: o.failoverPriority && o.failoverPriority.length > 0 ? [...o.failoverPriority] : undefined,
    };
  }
}

/**
 * Istio's `validateLocalities`: `region[/zone[/subzone]]`, no empty part, at
 * most one `*` and only at the end, and no locality that overlaps an earlier
 * one (`us-east/*` covers `us-east/a`).
 */
function localitiesProblem(localities: Array<string | undefined>): string | undefined {
  const tree = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    if (typeof locality !== 'string' || locality === '') return 'has an empty locality; use region, region/zone or region/zone/subzone';
    const stars = locality.split('*').length - 1;
    if (stars > 1 || (stars === 1 && !locality.endsWith('*'))) {
      return `locality "${locality}" may contain one "*" wildcard, only at the end (e.g. "us-east/*")`;
    }
    const overlap = `locality "${locality}" overlaps an earlier one; list each locality once, and no locality under a wildcard`;
    if (tree.has('*')) return overlap;
    const parts = splitN(locality, '/', 3);
    if (parts.some((p) => p === '')) return `locality "${locality}" has an empty region, zone or subzone`;
    const [region, zone, subzone] = parts;
    const zones = tree.get(region);
    if (parts.length === 1) {
      if (zones) return overlap;
      tree.set(region, new Map([['*', new Set(['*'])]]));
    } else if (parts.length === 2) {
      if (zones && (zones.has('*') || zones.has(zone))) return overlap;
      if (zones) zones.set(zone, new Set(['*']));
      else tree.set(region, new Map([[zone, new Set(['*'])]]));
    } else {
      if (zones?.has('*')) return overlap;
      const subzones = zones?.get(zone);
      if (subzones && (subzones.has('*') || subzones.has(subzone))) return overlap;
      if (subzones) subzones.add(subzone);
      else if (zones) zones.set(zone, new Set([subzone]));
      else tree.set(region, new Map([[zone, new Set([subzone])]]));
    }
  }
  return undefined;
}

/** Go's `strings.SplitN`: at most `n` parts, the last one keeps the rest. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function sortedWeights(to: { [locality: string]: number }): { [locality: string]: number } {
  const out: { [locality: string]: number } = {};
  for (const k of Object.keys(to).sort()) out[k] = to[k];
  return out;
}

/**
 * Problems of the `warmup` block, with Istio's rules (validateLoadBalancer in
 * pkg/config/validation/validation.go: duration required and valid,
 * minimumPercent at most 100, aggression at least 1) and the CRD's
 * (minimumPercent 0 to 100, duration at least 1ms).
 * @internal
 */
export function warmupProblem(w: WarmupOptions): string | undefined {
  if (!w.duration) return 'warmup.duration is required, e.g. Duration.seconds(60)';
  const d = durationProblem('warmup.duration', w.duration, 1);
  if (d) return d;
  if (w.minimumPercent !== undefined && (typeof w.minimumPercent !== 'number' || !Number.isFinite(w.minimumPercent)
    || w.minimumPercent < 0 || w.minimumPercent > 100)) {
    return `warmup.minimumPercent must be a number from 0 to 100, got ${w.minimumPercent}`;
  }
  if (w.aggression !== undefined && (typeof w.aggression !== 'number' || !Number.isFinite(w.aggression) || w.aggression < 1)) {
    return `warmup.aggression must be a number of at least 1 (1 is linear), got ${w.aggression}`;
  }
  return undefined;
}

/**
 * The `warmup` block; throws on a problem.
 * @internal
 */
export function renderWarmup(w: WarmupOptions): istio.DestinationRuleSpecTrafficPolicyLoadBalancerWarmup {
  assertFactoryValue(warmupProblem(w));
  return { duration: formatDuration(w.duration, 'warmup.duration'), minimumPercent: w.minimumPercent, aggression: w.aggression };
}
