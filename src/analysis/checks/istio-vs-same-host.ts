import { catchAllRule, firstCatchAllRule } from '../../istio-api/catch-all-routes';
import { MESH_GATEWAY } from '../../istio-api/gateway-refs';
import { gatewayPodsNamespace } from '../../istio-api/gateway-workload';
import { istioHostIntersection } from '../../istio-api/istio-hosts';
import { admits, IstioApiModel, IstioServer, VirtualServiceInfo } from '../../istio-api/istio-model';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';

/** Server protocols Istio terminates as HTTP (pilot/pkg/model/gateway.go `IsHTTPServer`). */
const HTTP_PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-WEB'];

/**
 * The route configuration a server uses (pilot/pkg/model/gateway.go
 * `gatewayRDSRouteName`): plain HTTP servers of a port share `http.<port>`;
 * each TLS-terminating server has its own. Undefined for servers that do
 * not route HTTP (TLS passthrough, TCP).
 */
function routeConfigOf(s: IstioServer): string | undefined {
  if (!HTTP_PROTOCOLS.includes(s.protocol)) return undefined;
  if (!s.tls) return s.protocol === 'HTTPS' ? undefined : `port ${s.port}`;
  if (['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(s.tlsMode ?? '')) return undefined;
  return `port ${s.port} (server "${s.portName}")`;
}

/** Why `a` comes before `b` in Istio's order of VirtualServices. */
function orderReason(a: VirtualServiceInfo, b: VirtualServiceInfo): string {
  const ta = a.creationTimestamp ? Date.parse(a.creationTimestamp) : NaN;
  const tb = b.creationTimestamp ? Date.parse(b.creationTimestamp) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return `it was created first (${a.creationTimestamp})`;
  return 'without an earlier creationTimestamp, Istio orders by name, then namespace';
}

/**
 * IGW1062: two or more VirtualServices serve the same host.
 *
 * On a gateway Istio merges them (pilot/pkg/networking/core/gateway.go
 * `buildGatewayHTTPRouteConfig`): the routes of each VirtualService are
 * appended to one virtual host in Istio's order (oldest first, then name,
 * then namespace: `sortConfigByCreationTime`), then `SortVHostRoutes` moves
 * every catch-all route to the end. So the first VirtualService's rules win
 * where they overlap, a catch-all in it does NOT shadow the next one's rules,
 * but the next one's catch-all comes after it and is never used. A warning.
 *
 * For sidecars (`mesh`) Istio does not merge: only the oldest VirtualService
 * for a host is used and the others are ignored for it (istio/istio#36621,
 * istioctl IST0109 ConflictingMeshGatewayVirtualServiceHosts). An error.
 */
export const istioVirtualServiceSameHost: Check = {
  id: 'IGW1062',
  title: 'two VirtualServices serve the same host on one gateway (merged) or on the mesh (one ignored)',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const model = IstioApiModel.read(set);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const gw of model.gateways) {
      const vss = model.virtualServicesFor(gw.key, gatewayPodsNamespace(gw, set).namespace);
      if (vss.length < 2) continue;
      // route configuration -> host -> VirtualServices (in Istio's order) with the index of the host in spec.hosts
      const byHost = new Map<string, Array<{ vs: VirtualServiceInfo; hostIndex: number }>>();
      for (const server of gw.servers) {
        const rc = routeConfigOf(server);
        if (!rc) continue;
        for (const vs of vss) {
          vs.hosts.forEach((h, hostIndex) => {
            for (const sh of server.hosts) {
              if (!admits(sh, vs.namespace)) continue;
              const name = istioHostIntersection(h, sh.dnsName);
              if (!name) continue;
              const key = `${rc}\u0000${name}`;
              const list = byHost.get(key) ?? [];
              if (!list.some((e) => e.vs === vs)) list.push({ vs, hostIndex });
              byHost.set(key, list);
            }
          });
        }
      }
      for (const [key, list] of byHost) {
        if (list.length < 2) continue;
        const [rc, host] = key.split('\u0000');
        list.sort((a, b) => vss.indexOf(a.vs) - vss.indexOf(b.vs));
        const first = list[0].vs;
        const firstCatchAll = firstCatchAllRule(first.http);
        for (const { vs, hostIndex } of list.slice(1)) {
          const dedupe = `${gw.key} ${vs.key} ${first.key} ${host}`;
          if (seen.has(dedupe)) continue;
          seen.add(dedupe);
          const own = firstCatchAllRule(vs.http);
          const parts = [
            `VirtualService ${first.key} also serves host "${host}" on Gateway ${gw.key} ${rc}; Istio merges both into one virtual host, `
            + `and the rules of ${first.key} come first (${orderReason(first, vs)}), then these`,
          ];
          if (firstCatchAll >= 0) {
            parts.push(`the catch-all ${first.key} spec.http[${firstCatchAll}] (${catchAllRule(first.http[firstCatchAll])!.reason}) is moved after every other route, so it does not shadow these rules`);
          }
          if (own >= 0 && firstCatchAll >= 0) {
            parts.push(`this VirtualService's catch-all spec.http[${own}] comes after ${first.key} spec.http[${firstCatchAll}] and is never used`);
          }
          out.push(findingOf(this, vs.manifest, {
            path: `spec.hosts[${hostIndex}]`,
            message: `${parts.join('; ')}; where their other rules overlap, ${first.key} wins`,
            fix: `keep one VirtualService per host and gateway with its rules in the order you want, or give ${vs.key} its own host`,
          }));
        }
      }
    }
    meshDuplicates(this, model, out);
    return out;
  },
};

/** Sidecars: VirtualServices bound to `mesh` with the same host, all but the oldest ignored. */
function meshDuplicates(check: Check, model: IstioApiModel, out: Finding[]): void {
  const byHost = new Map<string, Array<{ vs: VirtualServiceInfo; hostIndex: number }>>();
  for (const vs of model.virtualServices) {
    if (vs.isDelegate || !vs.gateways.includes(MESH_GATEWAY)) continue;
    vs.hosts.forEach((h, hostIndex) => {
      const list = byHost.get(h) ?? [];
      list.push({ vs, hostIndex });
      byHost.set(h, list);
    });
  }
  for (const [host, list] of byHost) {
    if (list.length < 2) continue;
    const first = list[0].vs;
    for (const { vs, hostIndex } of list.slice(1)) {
      out.push(findingOf(check, vs.manifest, {
        path: `spec.hosts[${hostIndex}]`,
        severity: Severity.ERROR,
        message: `VirtualService ${first.key} also serves host "${host}" to sidecars (mesh); Istio does not merge VirtualServices for sidecars `
          + `and uses only ${first.key} (${orderReason(first, vs)}), so this VirtualService is ignored for that host`,
        fix: `move these rules into ${first.key} (in the order you want), or remove the host from one of them`,
      }));
    }
  }
}
