/**
 * TLS and TCP connections through a Gateway: a `tls` connection's SNI picks
 * the TLS listener of its port and the TLSRoute whose hostnames match it; a
 * `tcp` connection's port picks the TCP listener and its TCPRoute. Neither
 * looks at HTTP: the first (and only) rule's backendRefs receive the
 * connection by weight.
 *
 * Istio's conversion (istio/istio pilot/pkg/config/kube/gateway/conversion.go):
 * `convertTLSRoute` matches `sniHosts` = the route hostnames (`*` when it has
 * none) on the listener's port; `convertTCPRoute` matches the port alone;
 * both send a rule whose weights sum to 0 to a blackhole destination
 * (`internal.cluster.local`, subset `zero-weight`), so the connection is
 * closed; `buildTCPDestination` drops invalid backends. Istio serves
 * TLSRoutes only on TLS listeners in mode Passthrough and TCPRoutes on TCP
 * listeners and TLS listeners in mode Terminate (conditions.go
 * `generateSupportedKinds`, see `istioSupportedRouteKinds`).
 */
import { attachRoutes, AttachedRoute, Rejection } from './attachment';
import { BackendResolutionOptions, resolveBackend, ResolvedBackend } from './backends';
import { listenerHostnameRank, normalizeHost } from './hostnames';
import { GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';
import { SimulatedRequest } from './request';
import { BackendDecision, RoutingDecision } from './routing-decision';
import { hostMatches, isWildcard } from '../gateway-api/hostnames';
import { compareRouteOrder } from '../gateway-api/match-precedence';
import { portProblem } from '../internal/port';

/** A TLS or TCP connection, checked. */
export interface ConnectionRequest {
  /** `tls` or `tcp`. */
  readonly protocol: string;
  readonly port: number;
  /** The TLS server name (tls only). */
  readonly sni?: string;
}

/** What the connection simulation needs from the simulator. */
export interface ConnectionContext {
  readonly baseNotes: string[];
  readonly backendOptions: BackendResolutionOptions;
  /** Turns a resolved backend into its decision (share, DestinationRule policy). */
  readonly backendDecision: (b: ResolvedBackend, total: number, notes: Set<string>) => BackendDecision;
}

/** Checks a `tls` or `tcp` request: the fields that fit the protocol, and its port. */
export function connectionRequest(r: SimulatedRequest, protocol: string): ConnectionRequest {
  const unfit = (['scheme', 'path', 'method', 'headers', 'query', 'jwtClaims', 'clientCertificate'] as const).filter((f) => r[f] !== undefined);
  if (unfit.length > 0) {
    throw new Error(`${unfit.join(', ')} ${unfit.length === 1 ? 'is' : 'are'} not meaningful for ${protocol} connections (the gateway does not read HTTP there)`);
  }
  if (protocol === 'tcp') {
    if (r.sni !== undefined) throw new Error('sni is not meaningful for tcp connections: use protocol tls');
    if (r.port === undefined) throw new Error('a tcp connection needs a port, e.g. 5432');
  }
  const port = r.port ?? 443;
  const badPort = portProblem(port);
  if (badPort) throw new Error(`port ${badPort}`);
  if (protocol === 'tcp') return { protocol, port };
  const sni = r.sni ?? r.host;
  if (sni === undefined || normalizeHost(sni) === '') throw new Error('a tls connection needs sni, e.g. db.example.com');
  return { protocol, port, sni: normalizeHost(sni) };
}

function describe(l: ListenerInfo): string {
  return `${l.name} (${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''})`;
}

/** Decides what happens to one TLS or TCP connection. */
export function simulateConnection(model: SimulationModel, gw: GatewayInfo, req: ConnectionRequest, ctx: ConnectionContext): RoutingDecision {
  const notes = [...ctx.baseNotes];
  const base = { gateway: gw.key, requestHeaders: {}, mirrors: [], backends: [] };
  const closed = (reason: string, listener?: ListenerInfo, route?: string) =>
    RoutingDecision._of({ ...base, status: 0, listener: listener?.name, route, reason, notes });
  const wanted = req.protocol === 'tls' ? 'TLS' : 'TCP';
  const all = gw.listeners.map(describe).join(', ') || 'none';
  const declared = gw.listeners.filter((l) => l.port === req.port);
  const dropped = declared.filter((l) => l.notProgrammed).map((l) => l.notProgrammed!);
  notes.push(...dropped);
  const onPort = declared.filter((l) => !l.notProgrammed);
  if (onPort.length === 0) {
    return closed(`gateway ${gw.key} has no ${dropped.length > 0 ? 'programmed ' : ''}listener on port ${req.port} (listeners: ${all}); the connection is refused`);
  }
  const candidates = onPort.filter((l) => l.protocol === wanted);
  if (candidates.length === 0) {
    const served = [...new Set(onPort.map((l) => l.protocol))].sort().join(', ');
    return closed(`port ${req.port} of gateway ${gw.key} serves ${served} (${onPort.map(describe).join(', ')}), not ${wanted}; `
      + `use protocol ${suggestedProtocol(onPort[0].protocol)} or another port`);
  }
  let listener: ListenerInfo;
  if (wanted === 'TLS') {
    // Envoy picks the filter chain by SNI: exact server names before the longest wildcard, then a chain without names
    const matching = candidates.filter((l) => !l.hostname || hostMatches(req.sni!, l.hostname)).sort((a, b) => {
      const ra = listenerHostnameRank(a.hostname);
      const rb = listenerHostnameRank(b.hostname);
      return rb[0] - ra[0] || rb[1] - ra[1];
    });
    if (matching.length === 0) {
      return closed(`no TLS listener on port ${req.port} of gateway ${gw.key} accepts SNI "${req.sni}" `
        + `(listener hostnames: ${candidates.map((l) => l.hostname).join(', ')}); the connection is closed`);
    }
    listener = matching[0];
    if (matching.length > 1) {
      notes.push(`listener ${listener.name} was chosen over ${matching.slice(1).map((l) => l.name).join(', ')} because its hostname `
        + `${listener.hostname ?? '(none)'} is more specific`);
    }
  } else {
    listener = candidates[0];
  }
  const passthrough = listener.protocol === 'TLS' && listener.raw?.tls?.mode === 'Passthrough';
  if (listener.protocol === 'TLS' && !passthrough) {
    notes.push(`TLS listener ${listener.name} terminates TLS (mode ${listener.raw?.tls?.mode ?? 'Terminate'}): Istio serves TCPRoutes there, not TLSRoutes `
      + '(conditions.go generateSupportedKinds)');
  }
  const tls = attachRoutes(model, gw, listener, model.tlsRoutes, 'TLSRoute');
  const tcp = attachRoutes(model, gw, listener, model.tcpRoutes, 'TCPRoute');
  notes.push(...new Set([...tls.notes, ...tcp.notes]));
  const rejected = [...tls.rejected, ...tcp.rejected];
  const kind = passthrough ? 'TLSRoute' : 'TCPRoute';
  const attached = passthrough ? tls.attached : tcp.attached;
  const chosen = passthrough ? chooseTlsRoute(attached, req.sni!) : chooseTcpRoute(attached);
  if (!chosen) {
    const why = attached.length === 0
      ? `no ${kind} is attached to listener ${listener.name} of gateway ${gw.key}`
      : `no ${kind} attached to listener ${listener.name} of gateway ${gw.key} accepts SNI "${req.sni}"`;
    return closed(`${why}; the connection is closed${rejectionText(rejected)}`, listener);
  }
  const others = attached.filter((a) => a.route !== chosen.route);
  if (kind === 'TCPRoute' && others.length > 0) {
    notes.push(`TCPRoutes ${others.map((o) => o.route.key).join(', ')} are attached to listener ${listener.name} too; a TCP listener has no request `
      + `to tell them apart, so the oldest route (creationTimestamp, then namespace/name), ${chosen.route.key}, gets every connection`);
  }
  if (kind === 'TCPRoute') {
    notes.push('Istio 1.30 watches TCPRoute only as v1alpha2 and only with PILOT_ENABLE_ALPHA_GATEWAY_API=true in istiod '
      + '(pkg/config/schema/gvr/resources.gen.go); without it no TCPRoute is programmed');
  }
  return forward(model, chosen.route, kind, listener, base, notes, ctx);
}

function suggestedProtocol(protocol: string): string {
  switch (protocol) {
    case 'HTTPS':
      return 'http with scheme https (or grpc)';
    case 'HTTP':
      return 'http (or grpc)';
    default:
      return protocol.toLowerCase();
  }
}

/** The routes refused on the listener, for the reason of a closed connection. */
function rejectionText(rejected: Rejection[]): string {
  const shown = rejected.filter((r) => r.kind !== 'elsewhere' || r.otherListeners.length === 0).map((r) => r.message);
  return shown.length > 0 ? `; ${[...new Set(shown)].join('; ')}` : '';
}

/** The characters of the best route hostname matching the SNI: [non-wildcard length, length], or undefined. */
function hostnameScore(hostnames: string[], sni: string): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const h of hostnames) {
    if (!hostMatches(sni, h)) continue;
    const score: [number, number] = [isWildcard(h) ? 0 : h.length, h.length];
    if (!best || score[0] > best[0] || (score[0] === best[0] && score[1] > best[1])) best = score;
  }
  return best;
}

/**
 * The TLSRoute for an SNI: the one with the most specific matching
 * hostname (a route without hostnames takes any SNI the listener accepts,
 * least specific); ties go to the oldest route, then `namespace/name`.
 */
function chooseTlsRoute(attached: AttachedRoute[], sni: string): AttachedRoute | undefined {
  const scored = attached
    .map((a) => ({ a, score: a.hostnames.length === 0 ? [0, 0] as [number, number] : hostnameScore(a.hostnames, sni) }))
    .filter((x) => x.score !== undefined)
    .sort((x, y) => (y.score![0] - x.score![0]) || (y.score![1] - x.score![1]) || compareRouteOrder(x.a.route, y.a.route));
  return scored[0]?.a;
}

/** The TCPRoute of a listener: the oldest attached one, then by `namespace/name`. */
function chooseTcpRoute(attached: AttachedRoute[]): AttachedRoute | undefined {
  return [...attached].sort((x, y) => compareRouteOrder(x.route, y.route))[0];
}

/** The connection forwarded by the route's first rule: status 200 when a backend receives it, 0 when it is closed. */
function forward(
  model: SimulationModel, route: RouteInfo, kind: string, listener: ListenerInfo, base: any, notes: string[], ctx: ConnectionContext,
): RoutingDecision {
  const noteSet = new Set<string>();
  const rule = route.rules[0] ?? {};
  if (route.rules.length > 1) {
    noteSet.add(`${kind} ${route.key} has ${route.rules.length} rules; a connection carries nothing to choose between them, so only rules[0] is used`);
  }
  const routed = { ...base, listener: listener.name, route: route.key, routeKind: kind, ruleIndex: 0, ruleName: rule.name };
  const refs: any[] = Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
  if (refs.length === 0) {
    return RoutingDecision._of({ ...routed, status: 0, notes, reason: `rule 0 of ${kind} ${route.key} has no backendRefs; the connection is closed` });
  }
  const resolved = refs.map((r) => resolveBackend(model, route, r, ctx.backendOptions, noteSet));
  const total = resolved.reduce((s, b) => s + b.weight, 0);
  const backends = resolved.map((b) => ctx.backendDecision(b, total, noteSet));
  let status = 200;
  let reason: string | undefined;
  if (total === 0) {
    status = 0;
    reason = `every backendRef of rule 0 of ${kind} ${route.key} has weight 0; Istio sends the connection to a blackhole and it is closed`;
  } else if (!backends.some((b) => b.status === 200 && b.share > 0)) {
    status = 0;
    reason = `${backends.filter((b) => b.share > 0).map((b) => b.problem).join('; ')}; the connection is closed`;
  } else {
    const partial = backends.filter((b) => b.share > 0 && b.status !== 200);
    if (partial.length > 0) {
      reason = partial.map((b) => `${Math.round(b.share * 10000) / 100}% of connections are closed: ${b.problem}`).join('; ');
    }
  }
  return RoutingDecision._of({ ...routed, status, backends, reason, notes: [...notes, ...noteSet] });
}
