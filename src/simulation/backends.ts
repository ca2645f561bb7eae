import { GATEWAY_GROUP, RouteInfo, SimulationModel } from './model';
import { referenceGranted } from '../manifests/semantics/reference-grants';

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
}

/** Options of backend resolution. */
export interface BackendResolutionOptions {
  /** Treat Services that are not in the input as existing. */
  readonly assumeServicesExist: boolean;
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
  const group: string = ref.group ?? '';
  const kind: string = ref.kind ?? 'Service';
  const namespace: string = ref.namespace ?? route.namespace;
  const name = String(ref.name ?? '');
  const port: number | undefined = ref.port === undefined ? undefined : Number(ref.port);
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
  if (namespace !== route.namespace && !referenceGranted(
    model.set, { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: route.namespace }, namespace,
    { group: '', kind: 'Service', name }, model.objects('ReferenceGrant', GATEWAY_GROUP))) {
    return {
      ...base,
      status: 500,
      problem: `cross-namespace reference from HTTPRoute ${route.key} to Service ${namespace}/${name} is not permitted: no ReferenceGrant in namespace ${namespace} `
        + `allows HTTPRoutes from namespace ${route.namespace} (RefNotPermitted)`,
    };
  }
  const service = model.set.find('Service', '', namespace, name);
  if (!service) {
    if (options.assumeServicesExist) {
      notes.add(`Service ${namespace}/${name} is not in the input; it is assumed to exist`);
      return { ...base, status: 200 };
    }
    return { ...base, status: 500, problem: `Service ${namespace}/${name} is not in the input (BackendNotFound)` };
  }
  const ports: any[] = service.object.spec?.ports ?? [];
  if (ports.length > 0 && !ports.some((p) => Number(p.port) === port)) {
    return {
      ...base,
      status: 503,
      service,
      problem: `Service ${namespace}/${name} has no port ${port} (ports: ${ports.map((p) => p.port).join(', ')})`,
    };
  }
  return { ...base, status: 200, service };
}
