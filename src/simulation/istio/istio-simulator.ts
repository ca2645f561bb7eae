/**
 * Requests to an Istio Gateway (networking.istio.io): the proxy runs every
 * Istio Gateway with the same `selector` (Istio merges them into one
 * listener set: pilot/pkg/model/gateway.go `MergeGateways`); the request's
 * port picks the servers, the scheme and SNI the server, the Host header the
 * virtual host (virtual-hosts.ts), and the first route whose match holds
 * decides (Envoy evaluates routes in order; there is no Gateway API
 * precedence). The decision has the same format as for Gateway API
 * Gateways, with `routeKind` VirtualService.
 */
import { destinationDecision, DestinationContext, weightedDestinations } from './destinations';
import { applyRequestHeaders, faultOf, mergeResponseHeaders, mirrorsOf, rewrittenPath, virtualServiceCors, virtualServiceRedirect } from './http-actions';
import { virtualServiceRetry } from './retry-policy';
import { buildVirtualHosts, selectVirtualHost, VhostRoute } from './virtual-hosts';
import { describeHttpMatch, httpMatchRequestMatches } from '../../istio-api/http-match';
import { istioHostMatches } from '../../istio-api/istio-hosts';
import { IstioApiModel, IstioGatewayInfo, IstioServer } from '../../istio-api/istio-model';
import { BackendResolutionOptions } from '../backends';
import { ConnectionRequest } from '../connections';
import { NormalizedRequest } from '../matching';
import { SimulationModel } from '../model';
import { SimulatedRequest } from '../request';
import { BackendDecision, HeaderChanges, MirrorDecision, RoutingDecision } from '../routing-decision';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'ISTIO_MUTUAL']);
const PASSTHROUGH = new Set(['PASSTHROUGH', 'AUTO_PASSTHROUGH']);

/** Simulates requests and connections to the Istio Gateways of the input. */
export class IstioGatewaySimulation {
  constructor(
    private readonly model: SimulationModel,
    public readonly istio: IstioApiModel,
    private readonly options: BackendResolutionOptions,
  ) {}

  /** The Istio Gateways, `namespace/name`, sorted. */
  public get gatewayKeys(): string[] {
    return this.istio.gateways.map((g) => g.key).sort();
  }

  /** The Istio Gateway a request names (`ns/name`, or `name` with `gatewayNamespace`), or undefined. */
  public find(name: string, namespace?: string): IstioGatewayInfo[] {
    return this.istio.gateways.filter((g) => g.name === name && (namespace === undefined || g.namespace === namespace));
  }

  /** The Istio Gateways on the same pods (same selector), the named one first. */
  private merged(gw: IstioGatewayInfo): IstioGatewayInfo[] {
    const key = JSON.stringify(Object.entries(gw.selector).sort());
    return [gw, ...this.istio.gateways.filter((g) => g !== gw && JSON.stringify(Object.entries(g.selector).sort()) === key)];
  }

  /** An HTTP request (scheme http or https). */
  public http(gw: IstioGatewayInfo, req: NormalizedRequest, request: SimulatedRequest, baseNotes: string[]): RoutingDecision {
    const notes = [...baseNotes];
    const merged = this.merged(gw);
    if (merged.length > 1) {
      notes.push(`Istio Gateways ${merged.map((g) => g.key).join(', ')} have the same selector, so the same gateway pods serve them all: `
        + 'their servers are merged (gateway.go MergeGateways)');
    }
    const base = {
      gateway: gw.key, requestHeaders: Object.fromEntries(req.headers), mirrors: [] as MirrorDecision[], backends: [] as BackendDecision[],
    };
    const onPort = merged.flatMap((g) => g.servers.filter((s) => s.port === req.port).map((server) => ({ server, gateway: g })));
    const closed = (reason: string, listener?: string) => RoutingDecision._of({ ...base, status: 0, listener, reason, notes });
    if (onPort.length === 0) {
      return closed(`no server of Istio Gateway ${merged.map((g) => g.key).join(', ')} listens on port ${req.port}; the connection is refused`);
    }
    const plain = onPort.filter((s) => HTTP_PROTOCOLS.has(s.server.protocol));
    let servers: typeof onPort;
    let isTls = false;
    if (plain.length > 0) {
      if (req.scheme === 'https') return closed(`port ${req.port} serves plain ${plain[0].server.protocol}; the TLS handshake fails`, plain[0].server.portName);
      servers = plain;
    } else {
      const https = onPort.filter((s) => s.server.protocol === 'HTTPS' && TERMINATING.has(s.server.tlsMode ?? 'SIMPLE'));
      if (https.length === 0) {
        return closed(`port ${req.port} serves ${[...new Set(onPort.map((s) => `${s.server.protocol}${s.server.tlsMode ? ` ${s.server.tlsMode}` : ''}`))].join(', ')}, `
          + 'which does not terminate HTTP here; use protocol tls or tcp');
      }
      if (req.scheme !== 'https') return closed(`port ${req.port} serves HTTPS; a plain-text request gets no answer`, https[0].server.portName);
      // Envoy picks the filter chain by SNI: exact server names, then the longest wildcard, then *
      const chosen = https.filter((s) => s.server.hosts.some((h) => istioHostMatches(req.sni, h.dnsName)))
        .sort((a, b) => specificity(b.server, req.sni) - specificity(a.server, req.sni))[0];
      if (!chosen) {
        return closed(`no HTTPS server on port ${req.port} accepts SNI ${req.sni} (hosts: ${https.flatMap((s) => s.server.hosts.map((h) => h.raw)).join(', ')}); the TLS handshake fails`);
      }
      const mode = chosen.server.tlsMode ?? 'SIMPLE';
      const problem = this.tlsProblem(chosen.server, chosen.gateway, request, notes);
      if (problem) return closed(problem, chosen.server.portName);
      if (mode === 'OPTIONAL_MUTUAL' && request.clientCertificate === undefined) notes.push('server tls mode OPTIONAL_MUTUAL accepts clients without a certificate');
      servers = [chosen];
      isTls = true;
    }
    const listener = servers[0].server.portName;
    const noteSet = new Set<string>();
    const vhosts = buildVirtualHosts(this.istio, servers, req.port, noteSet);
    const vhost = selectVirtualHost(vhosts, req.host);
    notes.push(...noteSet);
    if (!vhost) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener,
        notes,
        reason: `no virtual host of port ${req.port} matches host ${req.host} (hosts: ${vhosts.map((v) => v.domain).join(', ')}); Envoy answers 404`,
      });
    }
    if (vhost.virtualServices.length > 1) {
      notes.push(`VirtualServices ${vhost.virtualServices.join(', ')} all serve host ${vhost.domain} on this gateway: Istio merges their rules into one virtual host, `
        + 'oldest VirtualService first, catch-all rules moved to the end (gateway.go buildGatewayHTTPRouteConfig, route.go SortVHostRoutes)');
    }
    if (vhost.requireTls && !isTls) {
      const redirect = { location: `https://${req.host}${req.path}${req.queryString ? `?${req.queryString}` : ''}`, statusCode: 301 };
      return RoutingDecision._of({
        ...base,
        status: 301,
        listener,
        redirect,
        notes,
        reason: `the server has tls.httpsRedirect: Istio sets require_tls ALL on virtual host ${vhost.domain} and Envoy redirects every plain-text request to https`,
      });
    }
    if (vhost.routes.length === 0) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener,
        notes,
        reason: vhost.domain === '*' && vhost.virtualServices.length === 0
          ? `no VirtualService bound to ${servers.map((s) => s.gateway.key).join(', ')} serves a host of the server on port ${req.port}; Envoy answers 404`
          : `virtual host ${vhost.domain} has no routes; Envoy answers 404`,
      });
    }
    const ireq = {
      scheme: req.scheme, method: req.method, path: req.path, authority: String(request.host ?? req.host), headers: req.headers, query: req.query,
    };
    let winner: VhostRoute | undefined;
    for (const r of vhost.routes) {
      const o = httpMatchRequestMatches(r.match, ireq, {
        gateway: r.gateway.key,
        port: req.port,
        proxyLabels: r.gateway.selector,
        proxyNamespace: r.gateway.namespace,
        virtualServiceNamespace: r.expanded.owner.namespace,
      });
      o.notes.forEach((n) => noteSet.add(n));
      if (o.matched) {
        winner = r;
        break;
      }
    }
    notes.push(...[...noteSet].filter((n) => !notes.includes(n)));
    if (!winner) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener,
        notes,
        reason: `no rule of VirtualService ${vhost.virtualServices.join(', ')} for host ${vhost.domain} matches ${req.method} ${req.path}${req.queryString ? `?${req.queryString}` : ''}`,
      });
    }
    return this.apply(winner, req, ireq.authority, listener, isTls, base, notes, vhost.routes);
  }

  private tlsProblem(server: IstioServer, gw: IstioGatewayInfo, request: SimulatedRequest, notes: string[]): string | undefined {
    const mode = server.tlsMode ?? 'SIMPLE';
    if (mode === 'ISTIO_MUTUAL') {
      notes.push('server tls mode ISTIO_MUTUAL accepts only clients with a certificate issued by Istio\'s CA (mesh workloads)');
      if (request.clientCertificate === undefined) return `server ${server.portName} (tls mode ISTIO_MUTUAL) needs an Istio-issued client certificate; the TLS handshake fails`;
      return undefined;
    }
    if (mode === 'MUTUAL' && request.clientCertificate === undefined) {
      return `server ${server.portName} has tls mode MUTUAL and the client presents no certificate; the TLS handshake fails`;
    }
    const credential = server.tls?.credentialName;
    if (typeof credential === 'string' && credential !== '' && !this.model.options.assumeSecretsExist) {
      const exists = this.model.set.find('Secret', '', gw.namespace, credential) !== undefined
        || this.model.options.externals.has('Secret', gw.namespace, credential);
      if (!exists) {
        return `credentialName ${credential} is not a Secret in namespace ${gw.namespace} (Istio reads it from the gateway pods' namespace, taken to be the Gateway's); `
          + 'Envoy has no certificate for the server and the TLS handshake fails';
      }
    }
    return undefined;
  }

  private apply(
    winner: VhostRoute, req: NormalizedRequest, authority: string, listener: string, isTls: boolean, base: any, notes: string[], routes: VhostRoute[],
  ): RoutingDecision {
    const rule = winner.expanded.rule;
    const noteSet = new Set<string>();
    const owner = winner.expanded.owner;
    this.orderNotes(winner, routes, req, noteSet);
    if (winner.expanded.root) {
      noteSet.add(`rule ${winner.expanded.root.index} of VirtualService ${winner.expanded.root.vs.key} delegates to VirtualService ${owner.key}; `
        + `its rule ${winner.expanded.index} matched, merged with the root rule (virtualservice.go mergeHTTPRoute)`);
    }
    const routed = {
      ...base,
      listener,
      route: owner.key,
      routeKind: 'VirtualService',
      ruleIndex: winner.expanded.index,
      ruleName: typeof rule.name === 'string' ? rule.name : undefined,
      matchIndex: winner.matchIndex,
    };
    const headers = new Map<string, string>(req.headers);
    let responseHeaders: HeaderChanges | undefined;
    const fault = faultOf(rule.fault, noteSet);
    if (rule.corsPolicy) {
      const cors = virtualServiceCors(rule.corsPolicy, req.method, req.headers);
      if (cors.ignored) noteSet.add(`corsPolicy: ${cors.ignored}`);
      if (cors.answered) {
        return RoutingDecision._of({
          ...routed,
          status: 200,
          responseHeaders: { set: cors.headers, add: {}, remove: [] },
          notes: [...notes, ...noteSet],
          reason: `the gateway answers the CORS preflight for origin ${req.headers.get('origin')} itself; the request is not forwarded`,
        });
      }
      if (Object.keys(cors.headers).length > 0) responseHeaders = { set: cors.headers, add: {}, remove: [] };
    }
    if (rule.redirect) {
      const target = { scheme: req.scheme, authority, path: req.path, queryString: req.queryString };
      const redirect = virtualServiceRedirect(rule.redirect, target, req.port, isTls);
      return RoutingDecision._of({
        ...routed, status: redirect.statusCode, redirect, responseHeaders, ...(fault ? { fault } : {}), notes: [...notes, ...noteSet],
      });
    }
    if (rule.directResponse) {
      const status = Number(rule.directResponse.status);
      return RoutingDecision._of({
        ...routed,
        status,
        responseHeaders,
        ...(fault ? { fault } : {}),
        notes: [...notes, ...noteSet],
        reason: `rule ${winner.expanded.index} of VirtualService ${owner.key} answers ${status} itself (directResponse)`,
      });
    }
    let hostRewrite = applyRequestHeaders(headers, rule.headers);
    responseHeaders = mergeResponseHeaders(responseHeaders, rule.headers);
    let path: string | undefined;
    if (rule.rewrite) {
      path = rewrittenPath(rule.rewrite, req.path, winner.match, noteSet);
      if (typeof rule.rewrite.authority === 'string' && rule.rewrite.authority !== '') hostRewrite = rule.rewrite.authority;
    }
    const dests: any[] = Array.isArray(rule.route) ? rule.route.filter((d: any) => d && typeof d === 'object') : [];
    const ctx: DestinationContext = {
      model: this.model, istio: this.istio, options: this.options, clientNamespace: winner.gateway.namespace, listenerPort: req.port,
    };
    noteSet.add(`DestinationRules are looked up from namespace ${winner.gateway.namespace} (the Istio Gateway's, taken as the gateway pods' namespace)`);
    const weighted = weightedDestinations(dests);
    const backends: BackendDecision[] = weighted.map((w) => {
      const d = destinationDecision(ctx, w.destination, owner.namespace, w.weight, w.share, noteSet);
      if (!w.raw.headers || weighted.length === 1) return d;
      const own = new Map(headers);
      applyRequestHeaders(own, w.raw.headers);
      return { ...d, requestHeaders: Object.fromEntries(own), responseHeaders: mergeResponseHeaders(responseHeaders, w.raw.headers) };
    });
    if (weighted.length === 1 && weighted[0].raw.headers) {
      // a single destination's headers are appended to the route's (route.go processDestination)
      const a = applyRequestHeaders(headers, weighted[0].raw.headers);
      if (a !== undefined && hostRewrite === undefined) hostRewrite = a;
      responseHeaders = mergeResponseHeaders(responseHeaders, weighted[0].raw.headers);
    }
    if (hostRewrite !== undefined) headers.set('host', hostRewrite);
    const rewrite = path !== undefined || hostRewrite !== undefined ? { host: hostRewrite, path } : undefined;
    const mirrors: MirrorDecision[] = mirrorsOf(rule).map((m) => {
      const d = destinationDecision(ctx, m.destination, owner.namespace, 1, 1, noteSet);
      return { namespace: d.namespace, name: d.name, port: d.port, percent: m.percent, problem: d.problem };
    });
    const common = {
      ...routed, requestHeaders: Object.fromEntries(headers), responseHeaders, mirrors, rewrite, ...(fault ? { fault } : {}),
    };
    if (fault?.abortShare !== undefined && fault.abortShare > 0) {
      noteSet.add(`fault.abort answers ${fault.abortStatus} to ${Math.round(fault.abortShare * 10000) / 100}% of the requests before they are routed; `
        + 'the status shown is that of the others');
    }
    if (dests.length === 0) {
      return RoutingDecision._of({
        ...common,
        status: 404,
        notes: [...notes, ...noteSet],
        reason: `rule ${winner.expanded.index} of VirtualService ${owner.key} has no route, redirect or directResponse`,
      });
    }
    const timeouts = typeof rule.timeout === 'string' ? { request: rule.timeout, routeTimeout: rule.timeout } : undefined;
    const retry = virtualServiceRetry(rule.retries);
    let status = 200;
    let reason: string | undefined;
    const live = backends.filter((b) => b.share > 0);
    if (live.length === 0) {
      status = 503;
      reason = `every destination of rule ${winner.expanded.index} of VirtualService ${owner.key} has weight 0`;
    } else if (!live.some((b) => b.status === 200)) {
      status = 503;
      reason = live.map((b) => b.problem).join('; ');
    } else {
      const partial = live.filter((b) => b.status !== 200);
      if (partial.length > 0) reason = partial.map((b) => `${Math.round(b.share * 10000) / 100}% of requests get ${b.status}: ${b.problem}`).join('; ');
    }
    return RoutingDecision._of({ ...common, status, backends, timeouts, retry, reason, notes: [...notes, ...noteSet] });
  }

  /** Notes where Istio's first-match order and string prefixes decide differently from the Gateway API. */
  private orderNotes(winner: VhostRoute, routes: VhostRoute[], req: NormalizedRequest, notes: Set<string>): void {
    const prefix = winner.match?.uri?.prefix;
    if (typeof prefix === 'string' && prefix !== '/' && !prefix.endsWith('/') && req.path.length > prefix.length && req.path[prefix.length] !== '/') {
      notes.add(`uri prefix ${prefix} is a string prefix in Istio, so it matches ${req.path}; a Gateway API PathPrefix ${prefix} matches whole path segments only and would not`);
    }
    // a later rule of the same VirtualService (or a later route of the virtual host) with a longer matching uri
    const own = String(winner.match?.uri?.exact ?? winner.match?.uri?.prefix ?? '');
    const candidates: Array<{ match: any; where: string }> = [];
    winner.expanded.owner.http.forEach((r: any, i: number) => {
      if (i <= winner.expanded.index) return;
      for (const m of Array.isArray(r.match) ? r.match : []) candidates.push({ match: m, where: `VirtualService ${winner.expanded.owner.key} rule ${i}` });
    });
    for (const r of routes.slice(routes.indexOf(winner) + 1)) {
      if (r.match) candidates.push({ match: r.match, where: `VirtualService ${r.expanded.owner.key} rule ${r.expanded.index}` });
    }
    const later = candidates.find(({ match }) => {
      const uri = match?.uri;
      if (uri?.exact !== undefined) return uri.exact === req.path && winner.match?.uri?.exact === undefined;
      return typeof uri?.prefix === 'string' && uri.prefix.length > own.length && req.path.startsWith(uri.prefix);
    });
    if (later) {
      notes.add(`Istio takes the first matching rule: VirtualService ${winner.expanded.owner.key} rule ${winner.expanded.index} (${describeHttpMatch(winner.match)}) `
        + `wins over the later, more specific ${describeHttpMatch(later.match)} (${later.where}), which Gateway API precedence would pick`);
    }
  }

  /** A TLS or TCP connection. */
  public connection(gw: IstioGatewayInfo, req: ConnectionRequest, baseNotes: string[]): RoutingDecision {
    const notes = [...baseNotes];
    const merged = this.merged(gw);
    const base = { gateway: gw.key, requestHeaders: {}, mirrors: [] as MirrorDecision[], backends: [] as BackendDecision[] };
    const closed = (reason: string, listener?: string) => RoutingDecision._of({ ...base, status: 0, listener, reason, notes });
    const onPort = merged.flatMap((g) => g.servers.filter((s) => s.port === req.port).map((server) => ({ server, gateway: g })));
    if (onPort.length === 0) return closed(`no server of Istio Gateway ${merged.map((g) => g.key).join(', ')} listens on port ${req.port}; the connection is refused`);
    const noteSet = new Set<string>();
    if (req.protocol === 'tls') {
      const tlsServers = onPort.filter((s) => (s.server.protocol === 'TLS' || s.server.protocol === 'HTTPS') && PASSTHROUGH.has(s.server.tlsMode ?? ''));
      const chosen = tlsServers.filter((s) => s.server.hosts.some((h) => istioHostMatches(req.sni!, h.dnsName)))
        .sort((a, b) => specificity(b.server, req.sni!) - specificity(a.server, req.sni!))[0];
      if (!chosen) return closed(`no PASSTHROUGH or AUTO_PASSTHROUGH server on port ${req.port} accepts SNI ${req.sni}; the connection is closed`);
      const listener = chosen.server.portName;
      if (chosen.server.tlsMode === 'AUTO_PASSTHROUGH') {
        return closed('AUTO_PASSTHROUGH routes by the SNI outbound_.<port>_.<subset>_.<host> of mesh clients, which the simulator does not model', listener);
      }
      for (const vs of this.istio.virtualServicesFor(chosen.gateway.key)) {
        if (this.istio.hostsServed(chosen.server, vs).length === 0) continue;
        for (const [i, r] of vs.tls.entries()) {
          const matches: any[] = Array.isArray(r.match) ? r.match : [];
          const ok = matches.some((m) => {
            if (m.port !== undefined && Number(m.port) !== req.port) return false;
            const sni: string[] = Array.isArray(m.sniHosts) ? m.sniHosts : vs.hosts;
            return sni.some((h) => istioHostMatches(req.sni!, h));
          });
          if (ok) return this.forward(vs.key, 'VirtualService', i, r, vs.namespace, chosen.gateway, req.port, listener, base, notes, noteSet);
        }
      }
      return closed(`no tls route of a VirtualService bound to ${chosen.gateway.key} matches SNI ${req.sni}; the connection is closed`, listener);
    }
    const tcpServers = onPort.filter((s) => !HTTP_PROTOCOLS.has(s.server.protocol) && s.server.protocol !== 'HTTPS'
      && !(s.server.protocol === 'TLS' && PASSTHROUGH.has(s.server.tlsMode ?? '')));
    const chosen = tcpServers[0];
    if (!chosen) return closed(`port ${req.port} serves ${onPort.map((s) => s.server.protocol).join(', ')}, not TCP`);
    const listener = chosen.server.portName;
    for (const vs of this.istio.virtualServicesFor(chosen.gateway.key)) {
      if (this.istio.hostsServed(chosen.server, vs).length === 0) continue;
      for (const [i, r] of vs.tcp.entries()) {
        const matches: any[] = Array.isArray(r.match) ? r.match : [];
        if (matches.length === 0 || matches.some((m) => m.port === undefined || Number(m.port) === req.port)) {
          return this.forward(vs.key, 'VirtualService', i, r, vs.namespace, chosen.gateway, req.port, listener, base, notes, noteSet);
        }
      }
    }
    return closed(`no tcp route of a VirtualService bound to ${chosen.gateway.key} serves port ${req.port}; the connection is closed`, listener);
  }

  private forward(
    route: string, kind: string, index: number, rule: any, namespace: string, gw: IstioGatewayInfo, port: number, listener: string, base: any,
    notes: string[], noteSet: Set<string>,
  ): RoutingDecision {
    const ctx: DestinationContext = {
      model: this.model, istio: this.istio, options: this.options, clientNamespace: gw.namespace, listenerPort: port,
    };
    const dests: any[] = Array.isArray(rule.route) ? rule.route : [];
    const backends = weightedDestinations(dests).map((w) => destinationDecision(ctx, w.destination, namespace, w.weight, w.share, noteSet));
    const ok = backends.some((b) => b.status === 200 && b.share > 0);
    return RoutingDecision._of({
      ...base,
      status: ok ? 200 : 0,
      listener,
      route,
      routeKind: kind,
      ruleIndex: index,
      matchIndex: 0,
      backends,
      reason: ok ? undefined : `${backends.map((b) => b.problem).filter((p) => p).join('; ') || 'no destination'}; the connection is closed`,
      notes: [...notes, ...noteSet],
    });
  }
}

/** How specifically a server's hosts match an SNI: exact beats wildcards, longer wildcards beat shorter ones. */
function specificity(server: IstioServer, sni: string): number {
  let best = -1;
  for (const h of server.hosts) {
    if (!istioHostMatches(sni, h.dnsName)) continue;
    best = Math.max(best, h.dnsName === sni ? 100000 : h.dnsName.length);
  }
  return best;
}
