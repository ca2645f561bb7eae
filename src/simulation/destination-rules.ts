import { ResolvedBackend } from './backends';
import { SimulationModel } from './model';
import { BackendPolicy } from './routing-decision';
import { pushTo } from '../internal/map-lists';
import { DestinationRuleIndex, DestinationRuleLike, destinationRuleFor } from '../istio-api/destination-rule-lookup';
import { DOMAIN_SUFFIX } from '../istio-api/istio-hosts';

const ISTIO_GROUP = 'networking.istio.io';
const PORT_LEVEL_FIELDS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls'];

/**
 * Finds the DestinationRule that applies to traffic from a gateway in
 * `clientNamespace` to a backend, the way Istio looks one up: rules in the
 * client's namespace first, then rules exported from the Service's
 * namespace, then from the root namespace (`istio-system`); within a
 * namespace the most specific host wins. A short `host` resolves in the
 * DestinationRule's namespace.
 */
export function findPolicy(model: SimulationModel, backend: ResolvedBackend, clientNamespace: string, notes: Set<string>): BackendPolicy | undefined {
  const key = `findPolicy ${backend.group}/${backend.kind} ${backend.namespace}/${backend.name}:${backend.port} from ${clientNamespace}`;
  const policy = model.memo(key, notes, (added) => lookUpPolicy(model, backend, clientNamespace, added));
  return policy && structuredClone(policy); // a deep copy: decisions hand it to callers, who may change it
}

function lookUpPolicy(model: SimulationModel, backend: ResolvedBackend, clientNamespace: string, notes: Set<string>): BackendPolicy | undefined {
  const fqdn = backend.kind === 'Hostname' ? backend.name : `${backend.name}.${backend.namespace}.${DOMAIN_SUFFIX}`;
  const { index, byHost } = model.memo('destinationRuleIndex', new Set(), () => indexRules(model));
  const partial = [`${backend.name}.${backend.namespace}`, `${backend.name}.${backend.namespace}.svc`]
    .flatMap((host) => byHost.get(host) ?? [])
    .sort((a, b) => a.order - b.order); // input order
  for (const { dr } of partial) {
    notes.add(`DestinationRule ${dr.namespace}/${dr.name} host ${dr.spec?.host} is not expanded by Istio; write the FQDN ${fqdn}`);
  }
  const found = destinationRuleFor(index, fqdn, clientNamespace, backend.namespace,
    (dr) => notes.add(`DestinationRule ${dr.namespace}/${dr.name} has a workloadSelector; it is not considered for gateway traffic`));
  if (!found) return undefined;
  const best = found.rule;
  const ns = best.namespace;
  if (found.sameHost.length > 1) {
    notes.add(`DestinationRules ${found.sameHost.map((c) => `${ns}/${c.name}`).join(', ')} have the same host; Istio merges them, the simulator shows ${ns}/${best.name}`);
  }
  const effective = effectivePolicy(best.spec?.trafficPolicy, backend.port);
  if (effective.portLevel !== undefined) {
    notes.add(`DestinationRule ${ns}/${best.name} portLevelSettings for port ${effective.portLevel} replaces ${PORT_LEVEL_FIELDS.join(', ')} `
      + 'of the top-level trafficPolicy as a whole: a field it leaves unset gets the Istio default, not the top-level value');
  }
  return {
    destinationRule: `${ns}/${best.name}`,
    host: String(best.spec?.host),
    trafficPolicy: effective.policy,
    ...(effective.portLevel !== undefined ? { portLevelSettings: effective.portLevel } : {}),
  };
}

/** The DestinationRules of the input, indexed for lookups by host, and by their `spec.host` as written. */
function indexRules(model: SimulationModel): {
  index: DestinationRuleIndex<DestinationRuleLike>; byHost: Map<string, Array<{ dr: DestinationRuleLike; order: number }>>;
} {
  const infos = model.objects('DestinationRule', ISTIO_GROUP).map((dr) => ({ namespace: model.set.namespaceOf(dr), name: dr.name, spec: dr.object.spec }));
  const byHost = new Map<string, Array<{ dr: DestinationRuleLike; order: number }>>();
  infos.forEach((dr, order) => pushTo(byHost, String(dr.spec?.host ?? ''), { dr, order }));
  return { index: new DestinationRuleIndex(infos), byHost };
}

/**
 * The policy Istio applies to the backend port. A `portLevelSettings` entry
 * for the port replaces loadBalancer, connectionPool, outlierDetection and
 * tls together, unset ones included: "per the docs, port level policies do
 * not inherit and instead to defaults if not provided" (istio/istio
 * pilot/pkg/networking/core/cluster_traffic_policy.go, GetPortLevelTrafficPolicy
 * and MergeTrafficPolicy). Other top-level fields stay.
 */
export function effectivePolicy(trafficPolicy: any, port: number | undefined): { policy: any; portLevel?: number } {
  const top = { ...(trafficPolicy ?? {}) };
  const portLevel: any[] = Array.isArray(top.portLevelSettings) ? top.portLevelSettings : [];
  delete top.portLevelSettings;
  const entry = port === undefined ? undefined : portLevel.find((p) => Number(p?.port?.number) === port);
  if (!entry) return { policy: top };
  for (const f of PORT_LEVEL_FIELDS) {
    if (entry[f] !== undefined) top[f] = entry[f];
    else delete top[f];
  }
  return { policy: top, portLevel: port };
}
