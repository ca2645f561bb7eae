import { GATEWAY_GROUP, RouteInfo, SimulationModel } from './model';
import { referencePermitted } from './reference-permission';
import { ExternalObjects } from '../gateway-api/external-objects';
import { resolveObjectRef } from '../gateway-api/object-refs';
import { pushTo } from '../internal/map-lists';
import { Manifest } from '../manifests/manifest';
import { mapSelects, podLabelsOf } from '../manifests/pod-labels';

/** A backendRef with its validity. */
export interface ResolvedBackend {
  readonly namespace: string;
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly port?: number;
  readonly weight: number;
  readonly status: number;
  readonly problem?: string;
  /** The Service manifest, when the backend is a Service found in the input. */
  readonly service?: any;
  /** The workloads behind the Service, when the input shows them. */
  readonly workloads?: string[];
}

/** Options of backend resolution. */
export interface BackendResolutionOptions {
  /** Treat Services that are not in the input as existing. */
  readonly assumeServicesExist: boolean;
  /** Objects declared to exist outside the input. */
  readonly externals: ExternalObjects;
}

/** Backend kinds Istio accepts that the simulator cannot look up. */
const UNCHECKED_KINDS = new Set(['multicluster.x-k8s.io/ServiceImport', 'inference.networking.k8s.io/InferencePool', 'inference.networking.x-k8s.io/InferencePool']);

/**
 * Resolves a backendRef of a route: kind (Service, Istio `Hostname`),
 * existence of the Service and its port, and ReferenceGrants for a
 * cross-namespace reference.
 */
export function resolveBackend(
  model: SimulationModel, route: RouteInfo, ref: any, options: BackendResolutionOptions, notes: Set<string>,
): ResolvedBackend {
  const { group, kind, namespace, name, port } = resolveObjectRef(ref, 'Service', route.namespace);
  const weight = ref.weight === undefined ? 1 : Number(ref.weight);
  const base = { namespace, name, group, kind, port, weight };

  if (group === 'networking.istio.io' && kind === 'Hostname') {
    return { ...base, status: 200 };
  }
  if (UNCHECKED_KINDS.has(`${group}/${kind}`)) {
    notes.add(`backend ${group}/${kind} ${namespace}/${name} is not looked up; it is assumed to be valid`);
    return { ...base, status: 200 };
  }
  if (!(group === '' && kind === 'Service')) {
    return { ...base, status: 500, problem: `backend kind ${group ? `${group}/` : ''}${kind} is not supported (InvalidKind)` };
  }
  if (port === undefined) {
    return { ...base, status: 500, problem: `backendRef to Service ${namespace}/${name} has no port` };
  }
  // the ReferenceGrant must name the route's own kind (conversion.go buildDestination: BackendAllowed(k, ...))
  const routeKind = route.kind ?? 'HTTPRoute';
  const from = { group: GATEWAY_GROUP, kind: routeKind, namespace: route.namespace };
  const to = { group: '', kind: 'Service', name };
  if (!referencePermitted(model.set, model.objects('ReferenceGrant', GATEWAY_GROUP), options.externals, from, namespace, to, (n) => notes.add(n))) {
    return {
      ...base,
      status: 500,
      problem: `cross-namespace reference from ${routeKind} ${route.key} to Service ${namespace}/${name} is not permitted: no ReferenceGrant in namespace ${namespace} `
        + `allows ${routeKind}s from namespace ${route.namespace} (RefNotPermitted)`,
    };
  }
  const service = model.service(namespace, name);
  if (!service) {
    if (options.externals.has('Service', namespace, name)) {
      notes.add(`Service ${namespace}/${name} is declared external; its ports and workloads are unknown`);
      return { ...base, status: 200 };
    }
    if (options.assumeServicesExist) {
      notes.add(`Service ${namespace}/${name} is not in the input; it is assumed to exist`);
      return { ...base, status: 200 };
    }
    return { ...base, status: 500, problem: `Service ${namespace}/${name} is not in the input (BackendNotFound)` };
  }
  const ports: any[] = service.object.spec?.ports ?? [];
  if (ports.length > 0 && !ports.some((p) => Number(p.port) === port)) {
    // Istio checks only that the Service exists; the destination names a cluster that does not exist, and for
    // Gateway API routes Envoy's cluster_not_found_response_code is INTERNAL_SERVER_ERROR
    // (pilot/pkg/networking/core/route/route.go, applyHTTPRouteDestination)
    return {
      ...base,
      status: 500,
      service,
      problem: `Service ${namespace}/${name} has no port ${port} (ports: ${ports.map((p) => p.port).join(', ')}); Istio routes to a cluster that does not exist and answers 500`,
    };
  }
  const workloads = workloadsOf(model, service);
  return { ...base, status: 200, service, ...(workloads.length > 0 ? { workloads } : {}) };
}

const POD_CONTROLLERS: Array<[string, string]> = [['Deployment', 'apps'], ['StatefulSet', 'apps'], ['DaemonSet', 'apps'], ['ReplicaSet', 'apps']];

/**
 * The workloads behind a Service: pod controllers (and Pods) in its
 * namespace whose pod labels its selector matches; for a Service without a
 * selector, the Pods its EndpointSlices (`kubernetes.io/service-name`)
 * name as endpoint targets. Sorted, deduplicated.
 */
export function workloadsOf(model: SimulationModel, service: any): string[] {
  // a copy: decisions hand the list to callers
  return [...model.memo(`workloadsOf ${model.set.namespaceOf(service)}/${service.name}`, new Set(), () => findWorkloads(model, service))];
}

function findWorkloads(model: SimulationModel, service: any): string[] {
  const namespace = model.set.namespaceOf(service);
  const selector = service.object.spec?.selector;
  const out = new Set<string>();
  if (selector && typeof selector === 'object' && Object.keys(selector).length > 0) {
    // only the workloads that carry the selector's first label can match
    const [key, value] = Object.entries(selector)[0];
    const byLabel = model.memo('workloadsByLabel', new Set(), () => indexWorkloads(model));
    for (const m of byLabel.get(labelKey(namespace, key, value)) ?? []) {
      if (mapSelects(selector, podLabelsOf(m))) out.add(m.name);
    }
  } else {
    for (const slice of model.objects('EndpointSlice', 'discovery.k8s.io')) {
      if (model.set.namespaceOf(slice) !== namespace || slice.object.metadata?.labels?.['kubernetes.io/service-name'] !== service.name) continue;
      for (const e of Array.isArray(slice.object.endpoints) ? slice.object.endpoints : []) {
        if (e?.targetRef?.name) out.add(String(e.targetRef.name));
      }
    }
  }
  return [...out].sort();
}

/** Pod controllers and Pods by namespace and each of their pod labels. */
function indexWorkloads(model: SimulationModel): Map<string, Manifest[]> {
  const byLabel = new Map<string, Manifest[]>();
  for (const [kind, group] of [...POD_CONTROLLERS, ['Pod', '']]) {
    for (const m of model.objects(kind, group)) {
      const namespace = model.set.namespaceOf(m);
      for (const [key, value] of Object.entries(podLabelsOf(m))) pushTo(byLabel, labelKey(namespace, key, value), m);
    }
  }
  return byLabel;
}

function labelKey(namespace: string, key: string, value: unknown): string {
  return `${namespace}\u0000${key}=${String(value)}`;
}
