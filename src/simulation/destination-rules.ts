import { ResolvedBackend } from './backends';
import { SimulationModel } from './model';
import { BackendPolicy } from './routing-decision';
import { Manifest } from '../manifests/manifest';

const ISTIO_GROUP = 'networking.istio.io';
const DOMAIN_SUFFIX = 'svc.cluster.local';
/** Istio's default mesh root namespace. */
const ROOT_NAMESPACE = 'istio-system';
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
  const fqdn = backend.kind === 'Hostname' ? backend.name : `${backend.name}.${backend.namespace}.${DOMAIN_SUFFIX}`;
  const rules = model.objects('DestinationRule', ISTIO_GROUP);
  const partial = new Set([`${backend.name}.${backend.namespace}`, `${backend.name}.${backend.namespace}.svc`]);
  for (const dr of rules) {
    const host = String(dr.object.spec?.host ?? '');
    if (partial.has(host)) {
      notes.add(`DestinationRule ${model.set.namespaceOf(dr)}/${dr.name} host ${host} is not expanded by Istio; write the FQDN ${fqdn}`);
    }
  }
  const namespaces = [...new Set([clientNamespace, backend.namespace, ROOT_NAMESPACE])];
  for (const ns of namespaces) {
    const candidates = rules
      .filter((dr) => model.set.namespaceOf(dr) === ns)
      .filter((dr) => visible(dr, ns, clientNamespace))
      .map((dr) => ({ dr, score: hostScore(resolveHost(String(dr.object.spec?.host ?? ''), ns), fqdn) }))
      .filter((c) => c.score >= 0);
    if (candidates.length === 0) continue;
    const withSelector = candidates.filter((c) => c.dr.object.spec?.workloadSelector);
    for (const c of withSelector) {
      notes.add(`DestinationRule ${ns}/${c.dr.name} has a workloadSelector; it is not considered for gateway traffic`);
    }
    const usable = candidates.filter((c) => !c.dr.object.spec?.workloadSelector)
      .sort((a, b) => b.score - a.score || a.dr.name.localeCompare(b.dr.name));
    if (usable.length === 0) continue;
    const best = usable[0];
    const same = usable.filter((c) => c.score === best.score);
    if (same.length > 1) {
      notes.add(`DestinationRules ${same.map((c) => `${ns}/${c.dr.name}`).join(', ')} have the same host; Istio merges them, the simulator shows ${ns}/${best.dr.name}`);
    }
    const effective = effectivePolicy(best.dr.object.spec?.trafficPolicy, backend.port);
    if (effective.portLevel !== undefined) {
      notes.add(`DestinationRule ${ns}/${best.dr.name} portLevelSettings for port ${effective.portLevel} replaces ${PORT_LEVEL_FIELDS.join(', ')} `
        + 'of the top-level trafficPolicy as a whole: a field it leaves unset gets the Istio default, not the top-level value');
    }
    return {
      destinationRule: `${ns}/${best.dr.name}`,
      host: String(best.dr.object.spec?.host),
      trafficPolicy: effective.policy,
      ...(effective.portLevel !== undefined ? { portLevelSettings: effective.portLevel } : {}),
    };
  }
  return undefined;
}

function visible(dr: Manifest, drNamespace: string, clientNamespace: string): boolean {
  const exportTo: string[] | undefined = dr.object.spec?.exportTo;
  if (drNamespace === clientNamespace) return !(exportTo && exportTo.length > 0 && exportTo.every((e) => e === '~'));
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.includes('*') || exportTo.includes(clientNamespace);
}

function resolveHost(host: string, namespace: string): string {
  if (host === '*' || host.includes('.')) return host;
  return `${host}.${namespace}.${DOMAIN_SUFFIX}`;
}

/** -1 when the DestinationRule host does not cover the FQDN; higher is more specific. */
function hostScore(drHost: string, fqdn: string): number {
  if (drHost === fqdn) return 10000;
  if (drHost === '*') return 0;
  if (drHost.startsWith('*.') && fqdn.endsWith(drHost.slice(1))) return drHost.length;
  return -1;
}

/**
 * The policy Istio applies to the backend port. A `portLevelSettings` entry
 * for the port replaces loadBalancer, connectionPool, outlierDetection and
 * tls together, unset ones included: "per the docs, port level policies do
 * not inherit and instead to defaults if not provided" (istio/istio
 * pilot/pkg/networking/core/cluster_traffic_policy.go, GetPortLevelTrafficPolicy
 * and MergeTrafficPolicy). Other top-level fields stay.
 */
function effectivePolicy(trafficPolicy: any, port: number | undefined): { policy: any; portLevel?: number } {
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
