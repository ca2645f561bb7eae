/**
 * How a VirtualService names its gateways (istio/istio
 * pilot/pkg/model/virtualservice.go `resolveGatewayName`): `mesh` is every
 * sidecar; `namespace/name` names a Gateway, `./name` one in the
 * VirtualService's namespace; a bare `name` is in the VirtualService's
 * namespace; the legacy `name.namespace[.svc.cluster.local]` form names
 * `namespace/name`. A VirtualService without gateways binds to `mesh`.
 */

/** The reserved gateway name of every sidecar in the mesh. */
export const MESH_GATEWAY = 'mesh';

/** A gateway reference of a VirtualService as `namespace/name`, or `mesh`. */
export function resolveGatewayName(gateway: string, namespace: string): string {
  if (gateway === MESH_GATEWAY) return MESH_GATEWAY;
  const slash = gateway.indexOf('/');
  if (slash >= 0) {
    const ns = gateway.slice(0, slash);
    return `${ns === '.' ? namespace : ns}/${gateway.slice(slash + 1)}`;
  }
  const dot = gateway.indexOf('.');
  if (dot < 0) return `${namespace}/${gateway}`;
  const rest = gateway.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${gateway.slice(0, dot)}`;
}

/** The gateways of a VirtualService (or of one of its routes' `match.gateways`), resolved; `['mesh']` when none is written. */
export function resolveGateways(gateways: unknown, namespace: string): string[] {
  const list = Array.isArray(gateways) ? gateways.filter((g): g is string => typeof g === 'string' && g !== '') : [];
  if (list.length === 0) return [MESH_GATEWAY];
  return [...new Set(list.map((g) => resolveGatewayName(g, namespace)))];
}
