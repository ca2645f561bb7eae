import { BackendAliases } from './backend-aliases';
import { requestSummary } from './diff-request';
import { pairGateways } from './gateway-pairs';
import { GatewaySurface, gatewaySurfaces } from './gateway-surface';
import { buildCorpus } from './request-corpus';
import { RoutingDiffResult } from './routing-diff-result';
import { RoutingDifference } from './routing-difference';
import { differingFields, outcomeOf, outcomeText } from './routing-outcome';
import { ManifestSet } from '../manifests/manifest-set';
import { TrafficSimulator, TrafficSimulatorOptions } from '../simulation/traffic-simulator';

/**
 * Options of a routing diff: how the two sides correspond, plus the
 * traffic simulator's options (applied to both sides).
 */
export interface RoutingDiffOptions extends TrafficSimulatorOptions {
  /**
   * Gateways of the old side and the gateway of the new side that replaces
   * each, `namespace/name` (or a name unique on its side), e.g.
   * `{ 'istio-system/bookinfo-gateway': 'default/bookinfo' }`.
   * @default - gateways with the same `namespace/name` are paired; then,
   * when exactly one gateway is left on each side, those two
   */
  readonly gatewayPairs?: { [oldGateway: string]: string };

  /**
   * Backends of the old side and the new side's backend that stands for
   * each: `namespace/name#subset` (an Istio destination with a subset) or
   * `namespace/name` -> the new side's `namespace/name`, e.g.
   * `{ 'default/reviews#v1': 'default/reviews-v1' }` (see
   * `IstioMigration.backendAliases`).
   * Explicit aliases win; a subset without one is compared as the one
   * Service of the new side in its namespace whose selector is the old
   * Service's selector plus the subset's labels (the DestinationRule is
   * found as Istio finds it), and the result's notes say so.
   * @default - subsets inferred as above; other backends are compared by
   * `namespace/name` (`#subset` kept for a subset nothing stands for)
   */
  readonly backendAliases?: { [oldBackend: string]: string };

  /**
   * The largest corpus: requests beyond it are not sent, and the result
   * says the corpus was cut (`truncated`).
   * @default 10000
   */
  readonly maxRequests?: number;
}

/**
 * Proves that two sets of manifests route the same (e.g. Istio
 * VirtualServices and the Gateway API routes migrated from them), or shows
 * where they do not: it generates a request corpus from both sides — every
 * scheme, port and host the paired gateways serve, every path of the
 * matches probed inside, at and just outside each prefix, header, query
 * and method variants of the matches, TLS connections per server name on
 * each TLS port and TCP connections on each TCP port — sends each request
 * to both sides with the traffic simulator, and reports every request
 * whose status, backend shares, redirect, rewrite, header changes or fault
 * differ, or, when both sides forward it, whose route timeout, retry
 * policy or mirrors differ.
 *
 * @example
 * const result = RoutingDiff.compare(ManifestSet.fromPaths(['istio/']), ManifestSet.fromPaths(['gateway-api/']), {
 *   backendAliases: { 'default/reviews#v1': 'default/reviews-v1' },
 * });
 * // result.equal, result.corpusSize, result.toText()
 */
export class RoutingDiff {
  /**
   * Compares the routing of two sets of manifests.
   * @param oldSet the manifests that route today
   * @param newSet the manifests that should route the same
   */
  public static compare(oldSet: ManifestSet, newSet: ManifestSet, options: RoutingDiffOptions = {}): RoutingDiffResult {
    const max = options.maxRequests ?? 10000;
    if (!Number.isInteger(max) || max < 1) throw new Error(`maxRequests must be a positive integer, got ${max}`);
    const simOptions: TrafficSimulatorOptions = {
      assumeServicesExist: options.assumeServicesExist,
      assumeSecretsExist: options.assumeSecretsExist,
      externalObjects: options.externalObjects,
      istioVersion: options.istioVersion,
      experimental: options.experimental,
    };
    const oldSim = TrafficSimulator.fromManifests(oldSet, simOptions);
    const newSim = TrafficSimulator.fromManifests(newSet, simOptions);
    const notes: string[] = [];
    const oldSurfaces = surfaceMap(oldSet, 'old', notes);
    const newSurfaces = surfaceMap(newSet, 'new', notes);
    const pairs = pairGateways([...oldSurfaces.values()], [...newSurfaces.values()], options.gatewayPairs);
    for (const p of pairs) {
      if (p.old === undefined) notes.push(`the new gateway ${p.new} has no partner on the old side; its requests get an error there`);
      if (p.new === undefined) notes.push(`the old gateway ${p.old} has no partner on the new side; its requests get an error there (give gatewayPairs)`);
    }
    const corpus = buildCorpus(pairs, oldSurfaces, newSurfaces, max);
    const withGateways = pairs.length > 1;
    const aliases = new BackendAliases(options.backendAliases ?? {}, oldSet, newSet);
    const differences: RoutingDifference[] = [];
    for (const request of corpus.requests) {
      const a = outcomeOf(oldSim, request.oldGateway, request, aliases, request.newGateway);
      const b = outcomeOf(newSim, request.newGateway, request, undefined, request.oldGateway);
      const fields = differingFields(a, b);
      if (fields.length === 0) continue;
      differences.push({ request, summary: requestSummary(request, withGateways), fields, oldOutcome: outcomeText(a), newOutcome: outcomeText(b) });
    }
    return RoutingDiffResult._of({
      corpusSize: corpus.requests.length,
      truncated: corpus.truncated,
      gatewayPairs: pairs.map((p) => `${p.old ?? '(none)'} -> ${p.new ?? '(none)'}`),
      differences,
      notes: [...notes, ...aliases.notes, ...corpus.notes],
    });
  }

  private constructor() {}
}

/** The gateways of one side by `namespace/name`; a key used by both APIs keeps the Gateway API one, with a note. */
function surfaceMap(set: ManifestSet, side: string, notes: string[]): Map<string, GatewaySurface> {
  const map = new Map<string, GatewaySurface>();
  const names = new Set<string>();
  for (const s of gatewaySurfaces(set)) {
    if (s.names.some((n) => names.has(n))) {
      notes.push(`the ${side} side has a Gateway and an Istio Gateway named ${s.key}; only the Gateway is compared`);
      continue;
    }
    map.set(s.key, s);
    s.names.forEach((n) => names.add(n));
  }
  return map;
}
