/**
 * VirtualService destinations (`route[].destination`) as Envoy clusters
 * (istio/istio pilot/pkg/networking/core/route/route.go
 * `applyHTTPRouteDestination`, `GetDestinationCluster`):
 * - the host resolves in the VirtualService's namespace; the cluster is
 *   `outbound|<port>|<subset>|<host>`;
 * - without `port`, a Service with one port gives that port, else the
 *   server (listener) port is used;
 * - with one destination it gets every request whatever its weight; with
 *   several, destinations of weight 0 are left out and each gets weight / sum;
 * - a cluster that does not exist (no such Service, port or subset) gets
 *   Envoy's `cluster_not_found_response_code`, which Istio leaves at the
 *   default 503 for VirtualServices (it sets 500 only for Gateway API routes);
 * - the DestinationRule policy is the top-level `trafficPolicy` with the
 *   subset's `trafficPolicy` fields replacing it (cluster_traffic_policy.go
 *   `MergeTrafficPolicy`), port-level settings applied to each.
 */
import { fqdnOf, serviceOfFqdn } from '../../istio-api/istio-hosts';
import { IstioApiModel } from '../../istio-api/istio-model';
import { mapSelects, podLabelsOf } from '../../manifests/pod-labels';
import { BackendResolutionOptions, workloadsOf } from '../backends';
import { effectivePolicy } from '../destination-rules';
import { SimulationModel } from '../model';
import { BackendDecision, BackendPolicy } from '../routing-decision';

/** What destination resolution needs. */
export interface DestinationContext {
  readonly model: SimulationModel;
  readonly istio: IstioApiModel;
  readonly options: BackendResolutionOptions;
  /** The namespace of the gateway proxy (DestinationRule lookup). */
  readonly clientNamespace: string;
  /** The server port. */
  readonly listenerPort: number;
}

/** One destination (`{host, subset, port}`) of a VirtualService in `namespace`, with its weight and share. */
export function destinationDecision(
  ctx: DestinationContext, destination: any, namespace: string, weight: number, share: number, notes: Set<string>,
): BackendDecision {
  const host = String(destination?.host ?? '');
  const fqdn = fqdnOf(host, namespace);
  const svcRef = serviceOfFqdn(fqdn);
  const subset: string | undefined = typeof destination?.subset === 'string' && destination.subset !== '' ? destination.subset : undefined;
  const base = {
    namespace: svcRef?.namespace ?? namespace,
    name: svcRef?.name ?? fqdn,
    kind: svcRef ? 'Service' : 'Hostname',
    group: svcRef ? '' : 'networking.istio.io',
    weight,
    share,
    ...(subset !== undefined ? { subset } : {}),
  };
  const service = svcRef ? ctx.model.service(svcRef.namespace, svcRef.name) : undefined;
  const ports: any[] = Array.isArray(service?.object.spec?.ports) ? service!.object.spec.ports : [];
  let port: number;
  if (destination?.port?.number !== undefined) {
    port = Number(destination.port.number);
  } else if (ports.length === 1) {
    port = Number(ports[0].port);
  } else {
    port = ctx.listenerPort;
    if (ports.length > 1) {
      notes.add(`destination ${host} has no port and Service ${base.namespace}/${base.name} has ${ports.length} ports; Istio uses the server port ${port} `
        + '(route.go GetDestinationCluster)');
    }
  }
  const cluster = `outbound|${port}|${subset ?? ''}|${fqdn}`;
  const missing = (why: string): BackendDecision => ({
    ...base,
    port,
    status: 503,
    problem: `${why}; Envoy has no cluster ${cluster} and answers 503 (cluster_not_found_response_code, which Istio sets to 500 only for Gateway API routes)`,
  });
  if (!service) {
    const external = svcRef ? ctx.options.externals.has('Service', svcRef.namespace, svcRef.name) : false;
    const entry = serviceEntryFor(ctx.model, fqdn);
    if (entry) {
      notes.add(`destination ${fqdn} is ServiceEntry ${entry}; its endpoints are not simulated`);
    } else if (external || ctx.options.assumeServicesExist) {
      notes.add(`${svcRef ? `Service ${base.namespace}/${base.name}` : `host ${fqdn}`} is not in the input; it is assumed to exist`);
    } else {
      return missing(svcRef ? `Service ${base.namespace}/${base.name} is not in the input` : `host ${fqdn} is neither a Service nor a ServiceEntry of the input`);
    }
  } else if (ports.length > 0 && !ports.some((p) => Number(p.port) === port)) {
    return missing(`Service ${base.namespace}/${base.name} has no port ${port} (ports: ${ports.map((p) => p.port).join(', ')})`);
  }
  const resolved = ctx.istio.subset(fqdn, subset, ctx.clientNamespace);
  if (subset !== undefined && !resolved?.subset) {
    return missing(resolved
      ? `subset ${subset} is not defined by DestinationRule ${resolved.destinationRule.key}, the one that applies to ${fqdn}`
      : `subset ${subset} is not defined: no DestinationRule applies to ${fqdn}`);
  }
  let policy: BackendPolicy | undefined;
  if (resolved) {
    const top = effectivePolicy(resolved.destinationRule.spec?.trafficPolicy, port);
    const merged = { ...top.policy };
    if (resolved.subset?.trafficPolicy) {
      const own = effectivePolicy(resolved.subset.trafficPolicy, port).policy;
      for (const [k, v] of Object.entries(own)) merged[k] = v;
    }
    policy = {
      destinationRule: resolved.destinationRule.key,
      host: String(resolved.destinationRule.spec?.host),
      trafficPolicy: merged,
      ...(top.portLevel !== undefined ? { portLevelSettings: top.portLevel } : {}),
    };
  }
  let workloads = service ? workloadsOf(ctx.model, service) : [];
  if (service && resolved?.subset && workloads.length > 0) {
    const labels = resolved.subset.labels;
    const all = workloads;
    workloads = workloads.filter((w) => workloadLabels(ctx.model, base.namespace, w).some((l) => mapSelects(labels, l)));
    if (workloads.length === 0) {
      notes.add(`no workload of Service ${base.namespace}/${base.name} (${all.join(', ')}) carries the labels of subset ${subset} `
        + `(${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}); Envoy would find no endpoint and answer 503 (no healthy upstream)`);
    }
  }
  return { ...base, port, status: 200, policy, ...(workloads.length > 0 ? { workloads } : {}) };
}

/** The pod template labels of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet) or Pod of that name. */
function workloadLabels(model: SimulationModel, namespace: string, name: string): Array<{ [k: string]: string }> {
  const out: Array<{ [k: string]: string }> = [];
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
    for (const m of model.objects(kind, 'apps')) {
      if (m.name === name && model.set.namespaceOf(m) === namespace) out.push(podLabelsOf(m));
    }
  }
  for (const m of model.objects('Pod', '')) if (m.name === name && model.set.namespaceOf(m) === namespace) out.push(podLabelsOf(m));
  return out;
}

/** The ServiceEntry (`namespace/name`) that declares a host, if any. */
function serviceEntryFor(model: SimulationModel, fqdn: string): string | undefined {
  for (const m of model.objects('ServiceEntry', 'networking.istio.io')) {
    const hosts: unknown = m.object.spec?.hosts;
    if (Array.isArray(hosts) && hosts.some((h) => String(h).toLowerCase() === fqdn)) return `${model.set.namespaceOf(m)}/${m.name}`;
  }
  return undefined;
}

/**
 * The destinations of a rule with their shares: one destination takes every
 * request; several share by weight, weight-0 ones left out.
 */
export function weightedDestinations(route: any[]): Array<{ destination: any; weight: number; share: number; raw: any }> {
  if (route.length === 1) return [{ destination: route[0].destination, weight: Number(route[0].weight ?? 100) || 100, share: 1, raw: route[0] }];
  const total = route.reduce((s, r) => s + Number(r.weight ?? 0), 0);
  return route.map((r) => {
    const weight = Number(r.weight ?? 0);
    return { destination: r.destination, weight, share: total === 0 ? 0 : Math.round((weight / total) * 1e9) / 1e9, raw: r };
  });
}
