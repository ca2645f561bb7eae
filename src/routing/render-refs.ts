import { BackendReference } from './backend';
import { ParentReference } from './route-parent';

/* Rendering of references with the API server's defaults spelled out.
 * Internal to the routing module. */

/** A backendRef without weight: group `""` and kind `Service` unless set. */
export function renderBackendRef(ref: BackendReference): any {
  return {
    group: ref.group ?? '',
    kind: ref.kind ?? 'Service',
    name: ref.name,
    namespace: ref.namespace,
    port: ref.port,
  };
}

/** A parentRef: group `gateway.networking.k8s.io` and kind `Gateway` unless set. */
export function renderParentRef(ref: ParentReference): any {
  return {
    group: ref.group ?? 'gateway.networking.k8s.io',
    kind: ref.kind ?? 'Gateway',
    name: ref.name,
    namespace: ref.namespace,
    sectionName: ref.sectionName,
    port: ref.port,
  };
}
