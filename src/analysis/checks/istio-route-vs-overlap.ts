import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { MESH_GATEWAY } from '../../istio-api/gateway-refs';
import { DOMAIN_SUFFIX, istioHostMatches } from '../../istio-api/istio-hosts';
import { IstioApiModel } from '../../istio-api/istio-model';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { parentRefsOf, refOf } from './model';

/** Gateway API route kinds Istio turns into HTTP routes of a VirtualService (pilot/pkg/config/kube/gateway/conversion.go). */
const MESH_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

/**
 * IGW1064: a mesh (GAMMA) HTTPRoute or GRPCRoute whose parentRef is a
 * Service, and a VirtualService bound to `mesh` for that Service's host.
 *
 * Istio converts the route into an internal VirtualService for
 * `<service>.<namespace>.svc.cluster.local` (pilot/pkg/config/kube/gateway
 * conversion.go). Sidecars never merge VirtualServices for one host: the
 * first one selected is used and the others are dropped as duplicate
 * domains (pilot/pkg/networking/core/httproute.go
 * `BuildSidecarOutboundVirtualHosts`; istio/istio#36621). And
 * `SelectVirtualServices` (pilot/pkg/model/virtualservice.go) selects the
 * Gateway API routes of the client's namespace before any VirtualService.
 * So the HTTPRoute wins and the VirtualService is silently ignored for that
 * Service (for clients in the route's namespace always; elsewhere the older
 * of the two is used). Ingress is not affected unless both are served by
 * the same proxy: see IGW1065.
 */
export const istioRouteVirtualServiceOverlap: Check = {
  id: 'IGW1064',
  title: 'HTTPRoute and VirtualService for the same Service in the mesh: the VirtualService is ignored',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const model = IstioApiModel.read(set);
    const meshVs = model.virtualServices.filter((vs) => !vs.isDelegate && vs.gateways.includes(MESH_GATEWAY) && vs.http.length > 0);
    if (meshVs.length === 0) return [];
    const out: Finding[] = [];
    for (const route of MESH_ROUTE_KINDS.flatMap((k) => set.ofKind(k, GATEWAY_GROUP))) {
      const routeNs = set.namespaceOf(route);
      for (const p of parentRefsOf(set, route)) {
        if (p.kind !== 'Service' || p.group !== '') continue;
        const fqdn = `${p.name}.${p.namespace}.${DOMAIN_SUFFIX}`;
        const svcRef = refOf('Service', p.namespace, p.name);
        for (const vs of meshVs) {
          vs.hosts.forEach((h, i) => {
            if (!istioHostMatches(fqdn, h)) return;
            out.push(findingOf(this, vs.manifest, {
              path: `spec.hosts[${i}]`,
              message: `${route.kind} ${routeNs}/${route.name} (${p.path}) also routes mesh traffic to ${svcRef} (host "${vs.rawHosts[i]}"); `
                + `Istio does not merge them: sidecars use the ${route.kind} and ignore this VirtualService for that Service`
                + ` (always for clients in namespace "${routeNs}"; for other clients the older of the two is used)`,
              fix: `move the VirtualService's rules for ${svcRef} into ${route.kind} ${routeNs}/${route.name} (or delete the ${route.kind}), so one object owns mesh routing for the Service`,
            }));
          });
        }
      }
    }
    return out;
  },
};
