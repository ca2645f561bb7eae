/**
 * Several VirtualServices for one host on one gateway.
 *
 * Istio merges them into one Envoy virtual host (istio/istio
 * pilot/pkg/networking/core/gateway.go `buildGatewayHTTPRouteConfig`): the
 * routes of each VirtualService, oldest first (then by name, namespace:
 * `byCreation`), each cut after its first catch-all route
 * (route.go `BuildHTTPRoutesForVirtualService`), then every catch-all route
 * moved to the end, keeping the relative order of the others
 * (`SortVHostRoutes`; src/istio-api/catch-all-routes.ts; the simulator does
 * the same in src/simulation/istio/virtual-hosts.ts). Separate HTTPRoutes
 * would rank their matches together by Gateway API precedence instead, so
 * VirtualServices with equal hosts and gateways are merged into ONE
 * VirtualService (in the namespace of the oldest, named after it) before
 * conversion; destination hosts and match gateways of the others are
 * written fully qualified, so they keep naming what they named in their own
 * namespace. When the hosts or gateways only partly overlap, no single
 * HTTPRoute expresses the merge, and all of them are refused.
 */
import { Severity } from './finding-collector';
import { catchAllMatch } from '../istio-api/catch-all-routes';
import { resolveGatewayName, MESH_GATEWAY } from '../istio-api/gateway-refs';
import { fqdnOf, istioHostsIntersect } from '../istio-api/istio-hosts';
import { byCreation, VirtualServiceInfo } from '../istio-api/istio-model';

/** A finding on one VirtualService of a group. @internal */
export interface MergeIssue {
  readonly vs: VirtualServiceInfo;
  readonly severity: Severity;
  readonly field: string;
  readonly message: string;
  readonly suggestion: string;
}

/** What to convert: VirtualServices (some merged), and the ones refused. @internal */
export interface MergeResult {
  readonly virtualServices: VirtualServiceInfo[];
  readonly issues: MergeIssue[];
}

/** Whether two VirtualServices serve a common host on a common gateway (the mesh aside). */
function clash(a: VirtualServiceInfo, b: VirtualServiceInfo, known: (gateway: string) => boolean): boolean {
  if (!a.gateways.some((g) => known(g) && b.gateways.includes(g))) return false;
  return a.hosts.some((h) => b.hosts.some((x) => istioHostsIntersect(h, x)));
}

function sameSet(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Groups the (non-delegate) VirtualServices that share a host on a gateway
 * of the input (`knownGateway`; missing gateways and the mesh do not count);
 * a group with equal host and gateway sets becomes one merged
 * VirtualService, any other group is refused whole.
 * @internal
 */
export function mergeVirtualServices(list: VirtualServiceInfo[], knownGateway: (gateway: string) => boolean): MergeResult {
  const known = (g: string) => g !== MESH_GATEWAY && knownGateway(g);
  const issues: MergeIssue[] = [];
  const out: VirtualServiceInfo[] = [];
  const done = new Set<VirtualServiceInfo>();
  for (const vs of list) {
    if (done.has(vs)) continue;
    // the connected group of VirtualServices that clash with it
    const group = [vs];
    done.add(vs);
    for (let i = 0; i < group.length; i++) {
      for (const other of list) {
        if (!done.has(other) && clash(group[i], other, known)) {
          group.push(other);
          done.add(other);
        }
      }
    }
    if (group.length === 1) {
      out.push(vs);
      continue;
    }
    group.sort(byCreation);
    const keys = group.map((g) => g.key).join(', ');
    const gateways = (g: VirtualServiceInfo) => g.gateways.filter(known);
    const equal = group.every((g) => sameSet(g.hosts, group[0].hosts) && sameSet(gateways(g), gateways(group[0]))
      && g.tls.length === 0 && g.tcp.length === 0 && sameSet(g.exportTo, group[0].exportTo));
    if (!equal) {
      for (const g of group) {
        issues.push({
          vs: g,
          severity: 'error',
          field: 'spec.hosts',
          message: `VirtualServices ${keys} share hosts on a gateway: Istio merges their routes into one virtual host per host (oldest first, catch-all routes last), but their hosts, gateways or tls/tcp routes differ, so no single HTTPRoute expresses the merge; none of them is migrated, as migrating one alone would let its catch-all take the others' paths`,
          suggestion: 'give the VirtualServices for a host the same hosts and gateways (or merge them into one), then migrate',
        });
      }
      continue;
    }
    const merged = mergeGroup(group);
    out.push(merged.vs);
    for (const g of group) {
      issues.push({
        vs: g,
        severity: 'info',
        field: 'spec.http',
        message: `VirtualServices ${keys} serve the same hosts on the same gateways: Istio merges their routes (oldest first, each cut after its first catch-all, catch-all routes last), and so does HTTPRoute ${merged.vs.namespace}/${merged.vs.name}; its spec.http: ${merged.origin.join(', ')} (findings on spec.http[i] of ${merged.vs.key} refer to this merged list)`,
        suggestion: 'none needed',
      });
    }
  }
  return { virtualServices: out.sort(byCreation), issues };
}

/** One merged VirtualService, and where each merged rule came from (`ns/name spec.http[i]`). */
function mergeGroup(group: VirtualServiceInfo[]): { vs: VirtualServiceInfo; origin: string[] } {
  const first = group[0];
  const regular: Array<{ rule: any; origin: string }> = [];
  const catchAll: Array<{ rule: any; origin: string }> = [];
  for (const vs of group) {
    for (let i = 0; i < vs.http.length; i++) {
      const rule = qualify(vs.http[i], vs.namespace);
      const origin = `${vs.key} spec.http[${i}]`;
      const matches: any[] = Array.isArray(rule.match) ? rule.match : [];
      if (matches.length === 0 && rule.delegate === undefined) {
        catchAll.push({ rule, origin });
        break;
      }
      const at = matches.findIndex((m) => catchAllMatch(m, true) !== undefined);
      if (at < 0) {
        regular.push({ rule, origin });
        continue;
      }
      // the routes before the catch-all match stay in place; the catch-all moves to the end; the rest is never built
      if (at > 0) regular.push({ rule: { ...rule, match: matches.slice(0, at) }, origin });
      catchAll.push({ rule: { ...rule, match: [matches[at]] }, origin });
      break;
    }
  }
  const all = [...regular, ...catchAll];
  const vs: VirtualServiceInfo = { ...first, http: all.map((r) => r.rule) };
  return { vs, origin: all.map((r, i) => `[${i}] = ${r.origin}`) };
}

/** A rule whose destination hosts and match gateways no longer depend on the VirtualService's namespace. */
function qualify(rule: any, namespace: string): any {
  if (typeof rule !== 'object' || rule === null) return rule;
  const dest = (d: any) => (typeof d?.host === 'string' ? { ...d, host: fqdnOf(d.host, namespace) } : d);
  const out: any = { ...rule };
  if (Array.isArray(rule.route)) out.route = rule.route.map((r: any) => (r && typeof r === 'object' ? { ...r, destination: dest(r.destination) } : r));
  if (rule.mirror !== undefined) out.mirror = dest(rule.mirror);
  if (Array.isArray(rule.mirrors)) out.mirrors = rule.mirrors.map((m: any) => (m && typeof m === 'object' ? { ...m, destination: dest(m.destination) } : m));
  if (Array.isArray(rule.match)) {
    out.match = rule.match.map((m: any) => (m && typeof m === 'object' && Array.isArray(m.gateways)
      ? { ...m, gateways: m.gateways.map((g: unknown) => resolveGatewayName(String(g), namespace)) } : m));
  }
  return out;
}
