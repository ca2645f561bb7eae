/**
 * Requests to an Istio Gateway (networking.istio.io): the proxy runs every
 * Istio Gateway with the same `selector` (Istio merges them into one
 * listener set, oldest Gateway first, skipping a TLS server that repeats a
 * host on its port: pilot/pkg/model/gateway.go `MergeGateways`); the request's
 * port picks the servers, the scheme and SNI the server, the Host header the
 * virtual host (virtual-hosts.ts), and the first route whose match holds
 * decides (Envoy evaluates routes in order; there is no Gateway API
 * precedence). The decision has the same format as for Gateway API
 * Gateways, with `routeKind` VirtualService.
 */
import { destinationDecision, DestinationContext, weightedDestinations } from './destinations';
import { applyRequestHeaders, faultOf, mergeResponseHeaders, mirrorsOf, redirectCodeStatus, rewrittenPath, virtualServiceCors, virtualServiceRedirect } from './http-actions';
import { virtualServiceRetry } from './retry-policy';
import { buildVirtualHosts, selectVirtualHost, VhostRoute, VirtualHost } from './virtual-hosts';
import { resolveGateways } from '../../istio-api/gateway-refs';
import { gatewayPodsNamespace, GatewayPodsNamespace } from '../../istio-api/gateway-workload';
import { describeHttpMatch, httpMatchRequestMatches } from '../../istio-api/http-match';
import { istioHostMatches } from '../../istio-api/istio-hosts';
import { byCreation, IstioApiModel, IstioGatewayInfo, IstioServer, VirtualServiceInfo } from '../../istio-api/istio-model';
import { authorizationOf, authorize, AuthzVerdict } from '../authorization';
import { BackendResolutionOptions } from '../backends';
import { ConnectionRequest } from '../connections';
import { NormalizedRequest } from '../matching';
import { SimulationModel } from '../model';
import { SimulatedRequest } from '../request';
import { AuthorizationDecision, BackendDecision, HeaderChanges, MirrorDecision, RoutingDecision } from '../routing-decision';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'ISTIO_MUTUAL']);

/** Simulates requests and connections to the Istio Gateways of the input. */
export class IstioGatewaySimulation {
  private readonly pods = new Map<string, GatewayPodsNamespace>();

  constructor(
    private readonly model: SimulationModel,
    public readonly istio: IstioApiModel,
    private readonly options: BackendResolutionOptions,
  ) {}

  /**
   * The namespace the gateway pods run in (gateway-workload.ts, the rule the
   * migration follows too): where Istio reads `credentialName` Secrets, the
   * client namespace of the DestinationRule lookup, and where
   * AuthorizationPolicies of the pods live.
   */
  private podsNamespace(gw: IstioGatewayInfo): string {
    return this.podsOf(gw).namespace;
  }

  private podsOf(gw: IstioGatewayInfo): GatewayPodsNamespace {
    let found = this.pods.get(gw.key);
    if (!found) {
      found = gatewayPodsNamespace(gw, this.model.set);
      this.pods.set(gw.key, found);
    }
    return found;
  }

  /** How the pods' namespace was found, for notes. */
  private podsText(gw: IstioGatewayInfo): string {
    const p = this.podsOf(gw);
    return p.assumed ? `${p.namespace}, assumed: ${p.assumed}` : `${p.namespace}, where the input runs them`;
  }

  /** The Istio Gateways, `namespace/name`, sorted. */
  public get gatewayKeys(): string[] {
    return this.istio.gateways.map((g) => g.key).sort();
  }

  /** The Istio Gateway a request names (`ns/name`, or `name` with `gatewayNamespace`), or undefined. */
  public find(name: string, namespace?: string): IstioGatewayInfo[] {
    return this.istio.gateways.filter((g) => g.name === name && (namespace === undefined || g.namespace === namespace));
  }

  /**
   * The Istio Gateways on the same pods (same selector), oldest first, as Istio merges them whichever one a
   * request names: PushContext.initGateways sorts the Gateways with sortConfigByCreationTime (creationTimestamp,
   * then name, then namespace: `byCreation`) before gateway.go MergeGateways walks them.
   */
  private merged(gw: IstioGatewayInfo): IstioGatewayInfo[] {
    const key = JSON.stringify(Object.entries(gw.selector).sort());
    const created = (g: IstioGatewayInfo) => ({ name: g.name, namespace: g.namespace, creationTimestamp: creationOf(g) });
    return this.istio.gateways.filter((g) => g === gw || JSON.stringify(Object.entries(g.selector).sort()) === key)
      .sort((a, b) => byCreation(created(a), created(b)));
  }

  /**
   * The servers of the merged Gateways on a port, in merge order, without the servers MergeGateways skips:
   * a server with `tls` any of whose hosts (`./h` made `<namespace>/h`, `* /h` made `h`: sanitizeServerHostNamespace)
   * repeats a host of an earlier server with `tls` on the port is left out whole ("skipping server on gateway ...,
   * duplicate host names", gateway.go CheckDuplicates), so it gets no filter chain. `bind` is not modelled.
   */
  private serversOnPort(merged: IstioGatewayInfo[], port: number, notes: string[]): Array<{ server: IstioServer; gateway: IstioGatewayInfo }> {
    const known = new Map<string, string>();
    const out: Array<{ server: IstioServer; gateway: IstioGatewayInfo }> = [];
    for (const gateway of merged) {
      for (const server of gateway.servers) {
        if (server.port !== port) continue;
        if (server.tls !== undefined) {
          const hosts = sanitizedHosts(server, gateway.namespace);
          const duplicates = hosts.filter((h) => known.has(h));
          if (duplicates.length > 0) {
            notes.push(`Istio skips server ${server.portName} (servers[${server.index}]) of Istio Gateway ${gateway.key} on port ${port}: its hosts ${duplicates.join(', ')} `
              + `repeat hosts of server ${known.get(duplicates[0])}, merged before it (oldest Gateway first), so it gets no filter chain `
              + '(gateway.go MergeGateways: "skipping server ... duplicate host names"); give each TLS host one server');
            continue;
          }
          for (const h of hosts) known.set(h, `${server.portName} of ${gateway.key}`);
        }
        out.push({ server, gateway });
      }
    }
    return out;
  }

  /** An HTTP request (scheme http or https). */
  public http(gw: IstioGatewayInfo, req: NormalizedRequest, request: SimulatedRequest, baseNotes: string[]): RoutingDecision {
    const notes = [...baseNotes];
    const merged = this.merged(gw);
    if (merged.length > 1) {
      notes.push(`Istio Gateways ${merged.map((g) => g.key).join(', ')} have the same selector, so the same gateway pods serve them all: `
        + 'their servers are merged (gateway.go MergeGateways)');
    }
    const base: {
      gateway: string;
      requestHeaders: { [name: string]: string };
      mirrors: MirrorDecision[];
      backends: BackendDecision[];
      authorization?: AuthorizationDecision;
    } = {
      gateway: gw.key, requestHeaders: Object.fromEntries(req.headers), mirrors: [], backends: [],
    };
    const closed = (reason: string, listener?: string) => RoutingDecision._of({ ...base, status: 0, listener, reason, notes });
    const onPort = this.serversOnPort(merged, req.port, notes);
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
    // RequestAuthentication and AuthorizationPolicy: Envoy's jwt_authn and rbac filters run before the CORS, fault and
    // router filters (listener_builder.go buildHTTPConnectionManager), so they decide before any route is looked up
    const authz = this.authorize(gw, req, request);
    notes.push(...authz.notes);
    const authorization = authorizationOf(authz);
    if (authz.status !== undefined) {
      return RoutingDecision._of({ ...base, status: authz.status, listener, authorization, reason: authz.reason, notes });
    }
    if (authorization) base.authorization = authorization;
    const noteSet = new Set<string>();
    // the virtual hosts depend only on the input: built once per route configuration (servers and port)
    const vhostsKey = `istio virtual hosts :${req.port} ${servers.map((s) => `${s.gateway.key}#${s.server.index}`).join(',')}`;
    const { vhosts, unsupported } = this.model.memo(vhostsKey, noteSet, (added) => {
      const built = buildVirtualHosts(this.istio, servers, req.port, added, (g) => this.podsNamespace(g));
      return { vhosts: built, unsupported: unsupportedRedirect(built) };
    });
    notes.push(...noteSet);
    if (unsupported) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener,
        notes: [...notes, 'a gateway that was serving the port before keeps its last accepted routes instead (Envoy ignores the rejected update)'],
        reason: `VirtualService ${unsupported.route.expanded.owner.key} http[${unsupported.route.expanded.index}] has redirectCode ${unsupported.code}, which Istio admits `
          + `(3xx) but does not support: route.go ApplyRedirect logs "Redirect Code ${unsupported.code} is not yet supported" and leaves the route without an action, `
          + `so Envoy rejects the route configuration of port ${req.port} and a gateway that starts now serves no route on it; use 301, 302, 303, 307 or 308`,
      });
    }
    const vhost = selectVirtualHost(vhosts, req.host);
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
      // Envoy's require_tls redirect is `"https://" + Host + :path` with the Host header as sent, port included
      // (source/common/http/utility.cc createSslRedirectPath; Istio leaves ISTIO_GATEWAY_STRIP_HOST_PORT off)
      const redirect = { location: `https://${String(request.host ?? req.host)}${req.path}${req.queryString ? `?${req.queryString}` : ''}`, statusCode: 301 };
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
        proxyNamespace: this.podsNamespace(r.gateway),
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

  /**
   * Istio's RequestAuthentications and AuthorizationPolicies for the gateway
   * pods (authorization.ts, as for Gateway API Gateways). The workload is
   * the pods the Istio Gateway's `selector` picks: a policy with
   * `selector.matchLabels` applies when its labels are among the selector's
   * (the best the input tells of the pods' labels), one without selector
   * applies namespace-wide; both in the pods' namespace, taken to be the
   * Istio Gateway's (the input does not say where the pods run), or in the
   * root namespace istio-system. Policies with `targetRefs` select Gateway
   * API Gateways, Services or ServiceEntries, never these pods.
   */
  private authorize(gw: IstioGatewayInfo, req: NormalizedRequest, request: SimulatedRequest): AuthzVerdict {
    const security = (kind: string) => this.model.objects(kind, 'security.istio.io')
      .filter((m) => m.object.spec?.targetRef === undefined && !(Array.isArray(m.object.spec?.targetRefs) && m.object.spec.targetRefs.length > 0));
    const verdict = authorize({
      authority: String(request.host ?? req.host).toLowerCase(),
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      port: req.port,
      sni: req.scheme === 'https' ? req.sni : undefined,
      sourceIp: request.sourceIp,
      jwtClaims: request.jwtClaims,
      clientCertificateSan: request.clientCertificate?.san,
    }, { namespace: this.podsNamespace(gw), name: gw.name, podLabels: gw.selector }, {
      authorizationPolicies: security('AuthorizationPolicy'),
      requestAuthentications: security('RequestAuthentication'),
      rootNamespace: 'istio-system',
      namespaceOf: (m) => this.model.set.namespaceOf(m),
    });
    const applied = verdict.policy !== undefined || verdict.requestPrincipal !== undefined;
    return applied
      ? {
        ...verdict,
        notes: [...verdict.notes, `AuthorizationPolicies and RequestAuthentications apply to the Istio Gateway's pods by its selector (${labelText(gw.selector)}) `
        + `in the pods' namespace (${this.podsText(gw)}) and istio-system`],
      }
      : verdict;
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
      const ns = this.podsNamespace(gw);
      const exists = this.model.set.find('Secret', '', ns, credential) !== undefined
        || this.model.options.externals.has('Secret', ns, credential);
      if (!exists) {
        return `credentialName ${credential} is not a Secret in namespace ${ns} (Istio reads it from the gateway pods' namespace: ${this.podsText(gw)}); `
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
      if (cors.forwardedPreflight) noteSet.add('corsPolicy: the preflight is routed like any request and the backend answers it');
      if (cors.answered) {
        return RoutingDecision._of({
          ...routed,
          status: 200,
          responseHeaders: { set: cors.headers, add: {}, remove: [] },
          notes: [...notes, ...noteSet],
          reason: `the gateway answers the CORS preflight for origin ${req.headers.get('origin')} itself`
            + `${cors.headers['access-control-allow-origin'] === undefined ? ', without Access-Control-Allow-Origin since the origin is not allowed' : ''}; the request is not forwarded`,
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
      model: this.model, istio: this.istio, options: this.options, clientNamespace: this.podsNamespace(winner.gateway), listenerPort: req.port,
    };
    noteSet.add(`DestinationRules are looked up from the gateway pods' namespace (${this.podsText(winner.gateway)})`);
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
      return {
        namespace: d.namespace,
        name: d.name,
        port: d.port,
        percent: m.percent,
        problem: d.problem,
        ...(d.subset !== undefined ? { subset: d.subset } : {}),
      };
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

  /**
   * A TLS or TCP connection (gateway.go `buildGatewayTCPBasedFilterChains`):
   * - a PASSTHROUGH server gets one filter chain per `tls[].match[]` of the
   *   VirtualServices bound to its Gateway whose hosts it serves
   *   (`buildGatewayNetworkFiltersFromTLSRoutes`), if the match's `port` is
   *   unset or the server's and its `gateways` unset or naming the Gateway
   *   (`l4SingleMatch`), matching the match's `sniHosts`; a match repeating
   *   an SNI host of an earlier chain on the port is skipped
   *   (`model.CheckDuplicates`);
   * - a TLS server that terminates (SIMPLE, MUTUAL, ...) matches its own
   *   hosts and forwards by the first `tcp` route, as a TCP server (no `tls`)
   *   does for any connection (`buildGatewayNetworkFiltersFromTCPRoutes`:
   *   VirtualServices in order, first rule whose match list is empty or has
   *   a match for the port and gateway, `l4MultiMatch`);
   * - Envoy picks the filter chain by SNI: an exact server name, else the
   *   longest `*.` suffix, else a chain without server names (or `*`); none
   *   closes the connection.
   */
  public connection(gw: IstioGatewayInfo, req: ConnectionRequest, baseNotes: string[]): RoutingDecision {
    const notes = [...baseNotes];
    const merged = this.merged(gw);
    const base = { gateway: gw.key, requestHeaders: {}, mirrors: [] as MirrorDecision[], backends: [] as BackendDecision[] };
    const closed = (reason: string, listener?: string) => RoutingDecision._of({ ...base, status: 0, listener, reason, notes });
    const onPort = this.serversOnPort(merged, req.port, notes);
    if (onPort.length === 0) return closed(`no server of Istio Gateway ${merged.map((g) => g.key).join(', ')} listens on port ${req.port}; the connection is refused`);
    const noteSet = new Set<string>();
    const describe = () => [...new Set(onPort.map((s) => `${s.server.protocol}${s.server.tlsMode ? ` ${s.server.tlsMode}` : ''}`))].join(', ');
    if (req.protocol === 'tcp') {
      const plain = onPort.filter((s) => s.server.tls === undefined && !HTTP_PROTOCOLS.has(s.server.protocol) && s.server.protocol !== 'HTTPS');
      if (plain.length === 0) return closed(`port ${req.port} serves ${describe()}, not plain TCP; use protocol tls or an HTTP request`);
      if (plain.length > 1) noteSet.add(`several TCP servers listen on port ${req.port}; Envoy uses the first filter chain, server ${plain[0].server.portName}`);
      return this.tcpRoute(plain[0], req.port, base, notes, noteSet, closed);
    }
    const sni = req.sni!;
    const chains: TlsChain[] = [];
    const seen = new Map<string, string>();
    for (const entry of onPort) {
      const { server, gateway } = entry;
      const mode = server.tlsMode ?? '';
      if (mode === 'AUTO_PASSTHROUGH') {
        chains.push({ sniHosts: server.hosts.map((h) => h.dnsName), entry, auto: true });
      } else if (mode === 'PASSTHROUGH') {
        for (const vs of this.istio.virtualServicesFor(gateway.key, this.podsNamespace(gateway))) {
          if (this.istio.hostsServed(server, vs).length === 0) continue;
          vs.tls.forEach((rule: any, ruleIndex: number) => {
            const matches: any[] = Array.isArray(rule?.match) ? rule.match : [];
            matches.forEach((m: any, matchIndex: number) => {
              if (!l4SingleMatch(m, server.port, gateway.key, vs.namespace)) return;
              const hosts: string[] = Array.isArray(m?.sniHosts) ? m.sniHosts.map((h: unknown) => String(h).toLowerCase()) : [];
              const dup = hosts.filter((h) => seen.has(h));
              if (dup.length > 0) {
                noteSet.add(`VirtualService ${vs.key} tls[${ruleIndex}].match[${matchIndex}] repeats SNI host ${dup.join(', ')} of ${seen.get(dup[0])} on port ${req.port}; `
                  + 'Istio skips it (gateway.go: duplicate SNI host names)');
                return;
              }
              hosts.forEach((h) => seen.set(h, `VirtualService ${vs.key} tls[${ruleIndex}]`));
              chains.push({ sniHosts: hosts, entry, vs, ruleIndex, matchIndex, rule });
            });
          });
        }
      } else if (server.protocol === 'TLS' && TERMINATING.has(mode)) {
        chains.push({ sniHosts: server.hosts.map((h) => h.dnsName), entry, terminate: true });
      } else if (server.protocol === 'HTTPS' && TERMINATING.has(mode)) {
        chains.push({ sniHosts: server.hosts.map((h) => h.dnsName), entry, http: true });
      }
    }
    const chosen = pickChain(chains, sni);
    if (!chosen) {
      const passthrough = onPort.some((s) => s.server.tlsMode === 'PASSTHROUGH');
      return closed(`no filter chain on port ${req.port} (${describe()}) accepts SNI ${sni}`
        + `${passthrough ? `: no tls route of a VirtualService bound to ${[...new Set(onPort.map((s) => s.gateway.key))].join(', ')} lists it in sniHosts` : ''}; `
        + 'the connection is closed', passthrough ? onPort.find((s) => s.server.tlsMode === 'PASSTHROUGH')!.server.portName : undefined);
    }
    const listener = chosen.entry.server.portName;
    if (chosen.auto) return this.autoPassthrough(chosen.entry, sni, req.port, base, notes, noteSet, closed);
    if (chosen.http) return closed(`server ${listener} terminates TLS and serves HTTPS; simulate an https request instead of a tls connection`, listener);
    if (chosen.terminate) {
      const mode = chosen.entry.server.tlsMode;
      if (mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL') {
        return closed(`server ${listener} (tls mode ${mode}) needs a client certificate, which a simulated tls connection does not present; the TLS handshake fails`, listener);
      }
      noteSet.add(`server ${listener} terminates TLS (mode ${mode}) and forwards the plain stream by its tcp routes`);
      return this.tcpRoute(chosen.entry, req.port, base, notes, noteSet, closed);
    }
    return this.forward(chosen.vs!.key, 'VirtualService', chosen.ruleIndex!, chosen.matchIndex!, chosen.rule, chosen.vs!.namespace, chosen.entry.gateway, req.port,
      listener, base, notes, noteSet);
  }

  /**
   * An AUTO_PASSTHROUGH server (east-west gateways): no VirtualService
   * routes; the SNI names the outbound cluster itself,
   * `outbound_.<port>_.<subset>_.<host>` as mesh clients set it, and Envoy's
   * `sni_cluster` filter forwards to that cluster (istio.io Gateway
   * reference, ServerTLSSettings.TLSmode AUTO_PASSTHROUGH; the cluster name
   * format of pilot/pkg/model/service.go `BuildSubsetKey`). The host must be
   * one the server exposes.
   */
  private autoPassthrough(
    entry: { server: IstioServer; gateway: IstioGatewayInfo }, sni: string, port: number, base: any, notes: string[], noteSet: Set<string>,
    closed: (reason: string, listener?: string) => RoutingDecision,
  ): RoutingDecision {
    const { server, gateway } = entry;
    const listener = server.portName;
    const m = /^outbound_\.(\d+)_\.([^_]*)_\.(.+)$/.exec(sni.toLowerCase());
    if (!m) {
      return closed(`server ${listener} is AUTO_PASSTHROUGH: the SNI must name an Istio cluster, outbound_.<port>_.<subset>_.<host>, and ${sni} does not; `
        + 'the sni_cluster filter finds no cluster and the connection is closed', listener);
    }
    const [, clusterPort, subset, host] = m;
    if (!server.hosts.some((h) => istioHostMatches(host, h.dnsName))) {
      return closed(`server ${listener} (AUTO_PASSTHROUGH) does not expose host ${host} (hosts: ${server.hosts.map((h) => h.raw).join(', ')}); the connection is closed`, listener);
    }
    noteSet.add(`server ${listener} is AUTO_PASSTHROUGH: the SNI names the cluster (outbound_.<port>_.<subset>_.<host>) and no VirtualService applies`);
    const ctx: DestinationContext = {
      model: this.model, istio: this.istio, options: this.options, clientNamespace: this.podsNamespace(gateway), listenerPort: port,
    };
    const destination = { host, port: { number: Number(clusterPort) }, ...(subset !== '' ? { subset } : {}) };
    const backend = destinationDecision(ctx, destination, gateway.namespace, 1, 1, noteSet);
    const ok = backend.status === 200;
    return RoutingDecision._of({
      ...base,
      status: ok ? 200 : 0,
      listener,
      backends: [backend],
      reason: ok ? undefined : `${backend.problem ?? 'no such cluster'}; the connection is closed`,
      notes: [...notes, ...noteSet],
    });
  }

  /** The first tcp route of the VirtualServices bound to the server's Gateway (buildGatewayNetworkFiltersFromTCPRoutes). */
  private tcpRoute(
    entry: { server: IstioServer; gateway: IstioGatewayInfo }, port: number, base: any, notes: string[], noteSet: Set<string>,
    closed: (reason: string, listener?: string) => RoutingDecision,
  ): RoutingDecision {
    const { server, gateway } = entry;
    for (const vs of this.istio.virtualServicesFor(gateway.key, this.podsNamespace(gateway))) {
      if (this.istio.hostsServed(server, vs).length === 0) continue;
      for (const [i, r] of vs.tcp.entries()) {
        const matches: any[] = Array.isArray(r?.match) ? r.match : [];
        const matchIndex = matches.findIndex((m) => l4SingleMatch(m, server.port, gateway.key, vs.namespace));
        if (matches.length === 0 || matchIndex >= 0) {
          return this.forward(vs.key, 'VirtualService', i, Math.max(0, matchIndex), r, vs.namespace, gateway, port, server.portName, base, notes, noteSet);
        }
      }
    }
    notes.push(...noteSet);
    return closed(`no tcp route of a VirtualService bound to ${gateway.key} serves server ${server.portName} on port ${port}; the connection is closed`, server.portName);
  }

  private forward(
    route: string, kind: string, index: number, matchIndex: number, rule: any, namespace: string, gw: IstioGatewayInfo, port: number,
    listener: string, base: any, notes: string[], noteSet: Set<string>,
  ): RoutingDecision {
    const ctx: DestinationContext = {
      model: this.model, istio: this.istio, options: this.options, clientNamespace: this.podsNamespace(gw), listenerPort: port,
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
      matchIndex,
      backends,
      reason: ok ? undefined : `${backends.map((b) => b.problem).filter((p) => p).join('; ') || 'no destination'}; the connection is closed`,
      notes: [...notes, ...noteSet],
    });
  }
}

/** A filter chain of a TLS port. */
interface TlsChain {
  /** Server names; empty or `*` matches any SNI. */
  readonly sniHosts: string[];
  readonly entry: { server: IstioServer; gateway: IstioGatewayInfo };
  readonly auto?: boolean;
  readonly terminate?: boolean;
  readonly http?: boolean;
  readonly vs?: VirtualServiceInfo;
  readonly ruleIndex?: number;
  readonly matchIndex?: number;
  readonly rule?: any;
}

/**
 * Envoy's filter chain match on server names: an exact name, else the
 * longest `*.` suffix, else a chain without names (Istio drops a `*`
 * server name, which would match anything); the first chain on a tie.
 */
function pickChain(chains: TlsChain[], sni: string): TlsChain | undefined {
  const h = sni.toLowerCase();
  const rank = (c: TlsChain): number => {
    const names = c.sniHosts.filter((n) => n !== '*');
    if (names.length === 0) return 0;
    let best = -1;
    for (const n of names) {
      if (n === h) best = Math.max(best, 1e6);
      else if (n.startsWith('*') && istioHostMatches(h, n)) best = Math.max(best, n.length);
    }
    return best;
  };
  let chosen: TlsChain | undefined;
  let chosenRank = -1;
  for (const c of chains) {
    const r = rank(c);
    if (r > chosenRank) {
      chosen = c;
      chosenRank = r;
    }
  }
  return chosenRank >= 0 ? chosen : undefined;
}

/** gateway.go `l4SingleMatch`: the match's port is unset or the server's, its `gateways` unset or naming the Gateway. */
function l4SingleMatch(m: any, serverPort: number, gatewayKey: string, vsNamespace: string): boolean {
  if (m?.port !== undefined && Number(m.port) !== 0 && Number(m.port) !== serverPort) return false;
  const gateways: unknown = m?.gateways;
  return !Array.isArray(gateways) || gateways.length === 0 || resolveGateways(gateways, vsNamespace).includes(gatewayKey);
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

/** The first route of a route configuration whose redirectCode Istio admits but leaves without an action. */
function unsupportedRedirect(vhosts: VirtualHost[]): { route: VhostRoute; code: number } | undefined {
  for (const vh of vhosts) {
    for (const r of vh.routes) {
      if (redirectCodeStatus(r.expanded.rule.redirect) === 'unsupported') return { route: r, code: Number(r.expanded.rule.redirect.redirectCode) };
    }
  }
  return undefined;
}

function labelText(labels: { [k: string]: string }): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
}

/** `metadata.creationTimestamp` of an Istio Gateway, when the input has one. */
function creationOf(gw: IstioGatewayInfo): string | undefined {
  const t = gw.manifest.object?.metadata?.creationTimestamp;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

/** The server's hosts as MergeGateways compares them (gateway.go sanitizeServerHostNamespace). */
function sanitizedHosts(server: IstioServer, namespace: string): string[] {
  const out: string[] = [];
  for (const { raw } of server.hosts) {
    const slash = raw.indexOf('/');
    if (slash < 0) {
      out.push(raw);
      continue;
    }
    const [ns, host] = [raw.slice(0, slash), raw.slice(slash + 1)];
    if (ns === '.') {
      out.push(`${namespace}/${host}`);
    } else if (ns === '*') {
      if (host === '*') return ['*'];
      out.push(host);
    } else {
      out.push(raw);
    }
  }
  return out;
}
