/**
 * The Envoy virtual hosts Istio builds for the HTTP servers of one route
 * configuration (istio/istio pilot/pkg/networking/core/gateway.go
 * `buildGatewayHTTPRouteConfig`):
 * - for each server, each VirtualService bound to the server's Gateway
 *   (oldest first) adds its routes to one virtual host per host in the
 *   intersection of the server's hosts and its own hosts; several
 *   VirtualServices for the same host are merged into one virtual host, in
 *   that order;
 * - then the catch-all routes of a virtual host move to its end, keeping
 *   their relative order (route.go `SortVHostRoutes`);
 * - a server with `tls.httpsRedirect` sets `require_tls: ALL` on its virtual
 *   hosts (adding empty ones for hosts no VirtualService serves);
 * - without any virtual host, a `*` virtual host without routes answers 404.
 * A VirtualService with a `redirectCode` outside 300-399 is left out: Istio's
 * validating webhook refuses it (pkg/config/validation `validateHTTPRedirect`).
 * The routes of one VirtualService come from `BuildHTTPRoutesForVirtualService`:
 * one route per match (matches for another port or gateway are dropped),
 * and nothing after the first catch-all route.
 */
import { ExpandedRule, expandDelegates } from './delegate';
import { redirectCodeStatus } from './http-actions';
import { catchAllMatch } from '../../istio-api/catch-all-routes';
import { matchAppliesToProxy } from '../../istio-api/http-match';
import { istioHostIntersection, istioHostMatches } from '../../istio-api/istio-hosts';
import { admits, IstioApiModel, IstioGatewayInfo, IstioServer, VirtualServiceInfo } from '../../istio-api/istio-model';

/** One Envoy route: a rule and one of its matches. */
export interface VhostRoute {
  readonly expanded: ExpandedRule;
  /** The VirtualService bound to the gateway (the root for a delegated rule). */
  readonly vs: VirtualServiceInfo;
  /** The gateway of the server the route was built for. */
  readonly gateway: IstioGatewayInfo;
  /** The index in the rule's `match`, 0 for a rule without matches. */
  readonly matchIndex: number;
  /** The match; undefined for a rule without matches. */
  readonly match?: any;
  readonly catchAll: boolean;
  /** The position the route had before catch-all routes moved to the end. */
  readonly order: number;
}

/** An Envoy virtual host. */
export interface VirtualHost {
  /** The domain (`*.example.com`, `*` ...). */
  readonly domain: string;
  readonly routes: VhostRoute[];
  readonly requireTls: boolean;
  /** The VirtualServices whose routes it holds. */
  readonly virtualServices: string[];
}

/**
 * Builds the virtual hosts of the given servers (all on one port, sharing
 * one route configuration); `podsNamespace` says where a gateway's pods run
 * (for `match.sourceNamespace`).
 */
export function buildVirtualHosts(
  istio: IstioApiModel, servers: Array<{ server: IstioServer; gateway: IstioGatewayInfo }>, port: number, notes: Set<string>,
  podsNamespace: (gw: IstioGatewayInfo) => string = (gw) => gw.namespace,
): VirtualHost[] {
  const vhosts = new Map<string, { domain: string; routes: VhostRoute[]; requireTls: boolean; virtualServices: string[] }>();
  let order = 0;
  for (const { server, gateway } of servers) {
    for (const vs of istio.virtualServicesFor(gateway.key, podsNamespace(gateway))) {
      const badCode = rejectedRedirectCode(vs);
      if (badCode !== undefined) {
        notes.add(`VirtualService ${vs.key} has redirectCode ${badCode}: Istio's validating webhook refuses it ("${badCode} is not a valid redirect code, `
          + 'must be 3xx", validation.go validateHTTPRedirect), so it is not applied');
        continue;
      }
      const hosts = new Set<string>();
      for (const sh of server.hosts) {
        if (!admits(sh, vs.namespace)) continue;
        for (const h of vs.hosts) {
          const common = istioHostIntersection(h, sh.dnsName);
          if (common !== undefined) hosts.add(common.toLowerCase());
        }
      }
      if (hosts.size === 0) continue;
      const routes = routesOf(istio, vs, gateway, port, notes, podsNamespace);
      for (const h of hosts) {
        let vh = vhosts.get(h);
        if (!vh) {
          vh = { domain: h, routes: [], requireTls: false, virtualServices: [] };
          vhosts.set(h, vh);
        }
        for (const r of routes) vh.routes.push({ ...r, order: order++ });
        if (!vh.virtualServices.includes(vs.key)) vh.virtualServices.push(vs.key);
        if (server.httpsRedirect) vh.requireTls = true;
      }
    }
    if (server.httpsRedirect) {
      for (const sh of server.hosts) {
        const vh = vhosts.get(sh.dnsName);
        if (vh) vh.requireTls = true;
        else vhosts.set(sh.dnsName, { domain: sh.dnsName, routes: [], requireTls: true, virtualServices: [] });
      }
    }
  }
  if (vhosts.size === 0) return [{ domain: '*', routes: [], requireTls: false, virtualServices: [] }];
  return [...vhosts.values()].map((vh) => ({ ...vh, routes: [...vh.routes.filter((r) => !r.catchAll), ...vh.routes.filter((r) => r.catchAll)] }));
}

/** A `redirectCode` of the VirtualService's http rules that the validating webhook refuses, if any. */
function rejectedRedirectCode(vs: VirtualServiceInfo): unknown {
  const bad = vs.http.find((r: any) => redirectCodeStatus(r?.redirect) === 'rejected');
  return bad?.redirect?.redirectCode;
}

/** BuildHTTPRoutesForVirtualService for one gateway and port. */
function routesOf(
  istio: IstioApiModel, vs: VirtualServiceInfo, gateway: IstioGatewayInfo, port: number, notes: Set<string>,
  podsNamespace: (gw: IstioGatewayInfo) => string,
): Omit<VhostRoute, 'order'>[] {
  const out: Omit<VhostRoute, 'order'>[] = [];
  const ctx = {
    gateway: gateway.key, port, proxyLabels: gateway.selector, proxyNamespace: podsNamespace(gateway), virtualServiceNamespace: vs.namespace,
  };
  for (const expanded of expandDelegates(istio, vs, notes)) {
    const matches: any[] = Array.isArray(expanded.rule.match) ? expanded.rule.match.filter((m: any) => typeof m === 'object' && m !== null) : [];
    if (matches.length === 0) {
      out.push({ expanded, vs, gateway, matchIndex: 0, catchAll: true });
      return out;
    }
    for (const [matchIndex, match] of matches.entries()) {
      if (!matchAppliesToProxy(match, { ...ctx, virtualServiceNamespace: expanded.owner.namespace })) continue;
      const catchAll = catchAllMatch(match, true) !== undefined;
      out.push({ expanded, vs, gateway, matchIndex, match, catchAll });
      if (catchAll) return out;
    }
  }
  return out;
}

/**
 * The virtual host Envoy picks for a host (port ignored,
 * `ignore_port_in_host_matching`): an exact domain, else the longest
 * suffix wildcard, else `*`.
 */
export function selectVirtualHost(vhosts: VirtualHost[], host: string): VirtualHost | undefined {
  const h = host.toLowerCase();
  const exact = vhosts.find((v) => v.domain === h);
  if (exact) return exact;
  const wild = vhosts.filter((v) => v.domain.startsWith('*') && v.domain !== '*' && istioHostMatches(h, v.domain))
    .sort((a, b) => b.domain.length - a.domain.length);
  return wild[0] ?? vhosts.find((v) => v.domain === '*');
}
