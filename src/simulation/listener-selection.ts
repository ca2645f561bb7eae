import { listenerHostnameRank } from './hostnames';
import { GatewayInfo, ListenerInfo } from './model';
import { hostMatches } from '../gateway-api/hostnames';

/** The listener a request reaches, or why none does. */
export interface ListenerChoice {
  readonly listener?: ListenerInfo;
  /** Set when no listener is chosen: 0 (no HTTP response) or 404. */
  readonly status?: number;
  readonly reason?: string;
  readonly notes: string[];
  /**
   * Set when the Host belongs to another HTTPS listener than the one the
   * SNI chose: the specification answers 421 Misdirected Request there.
   */
  readonly misdirectedTo?: ListenerInfo;
}

function describe(l: ListenerInfo): string {
  return `${l.name} (${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''})`;
}

/** Sorts listeners by hostname precedence (most specific first) and returns them. */
function sortBySpecificity(listeners: ListenerInfo[]): ListenerInfo[] {
  return listeners.sort((a, b) => {
    const ra = listenerHostnameRank(a.hostname);
    const rb = listenerHostnameRank(b.hostname);
    return rb[0] - ra[0] || rb[1] - ra[1];
  });
}

/**
 * Chooses the listener by port, by protocol (http -> HTTP, https -> HTTPS)
 * and by hostname: exact before more specific wildcard before wildcard
 * before none. The model holds no conflicted listeners: of two that
 * conflict, the first one is kept (`composeListeners`).
 *
 * A host no listener hostname matches: over HTTPS the TLS handshake fails
 * (status 0; Envoy selects the filter chain by SNI), over HTTP the
 * listener port answers 404 (Istio serves the HTTP listeners of a port
 * from one route table without a virtual host for the name).
 */
export function selectListener(gw: GatewayInfo, scheme: string, port: number, host: string, sni: string = host): ListenerChoice {
  const notes: string[] = [];
  const all = gw.listeners.map(describe).join(', ') || 'none';
  const declared = gw.listeners.filter((l) => l.port === port);
  const dropped = declared.filter((l) => l.notProgrammed).map((l) => l.notProgrammed!);
  notes.push(...dropped);
  const onPort = declared.filter((l) => !l.notProgrammed);
  if (onPort.length === 0) {
    return {
      status: 0,
      notes,
      reason: `gateway ${gw.key} has no ${dropped.length > 0 ? 'programmed ' : ''}listener on port ${port} (listeners: ${all}); the connection is refused`
        + (dropped.length > 0 ? `: ${dropped.join('; ')}` : ''),
    };
  }
  const wanted = scheme === 'https' ? 'HTTPS' : 'HTTP';
  const candidates = onPort.filter((l) => l.protocol === wanted);
  if (candidates.length === 0) {
    return {
      status: 0,
      notes,
      reason: `port ${port} of gateway ${gw.key} serves ${[...new Set(onPort.map((l) => l.protocol))].sort().join(', ')} `
        + `(${onPort.map(describe).join(', ')}), not ${wanted}; use scheme ${onPort[0].protocol === 'HTTPS' ? 'https' : 'http'} or another port`,
    };
  }
  // over HTTPS the connection's SNI picks the listener (Envoy's filter chain and certificate), not the Host header
  const serverName = wanted === 'HTTPS' ? sni : host;
  const matching = candidates.filter((l) => !l.hostname || hostMatches(serverName, l.hostname));
  if (matching.length === 0 && wanted === 'HTTPS') {
    // Envoy picks the TLS filter chain by SNI; without a chain for the name the handshake fails.
    return {
      status: 0,
      notes,
      reason: `no HTTPS listener on port ${port} of gateway ${gw.key} accepts SNI "${serverName}" `
        + `(listeners: ${candidates.map((l) => l.hostname).join(', ')}); the TLS handshake fails`
        + (dropped.length > 0 ? ` (not programmed: ${dropped.join('; ')})` : ''),
    };
  }
  if (matching.length === 0) {
    return {
      status: 404,
      notes,
      reason: `no ${wanted} listener of gateway ${gw.key} on port ${port} matches host ${host} `
        + `(listener hostnames: ${candidates.map((l) => l.hostname).join(', ')})`,
    };
  }
  sortBySpecificity(matching);
  const best = matching[0];
  if (wanted === 'HTTPS' && serverName !== host) {
    // the specification (GatewayHTTPSListenerDetectMisdirectedRequests) answers 421 when another HTTPS listener
    // of the port serves the Host; Istio 1.30 and 1.31 do not detect it (istio-behaviour.ts): the SNI's
    // listener keeps the request, and a Host outside its route table gets 404
    const forHost = sortBySpecificity(candidates.filter((l) => !l.hostname || hostMatches(host, l.hostname)))[0];
    if (forHost && forHost !== best) {
      return {
        status: 404,
        notes,
        reason: `the TLS connection's SNI "${serverName}" selected listener ${best.name}, whose route table does not serve Host ${host} `
          + `(listener ${forHost.name} does); Istio answers 404`,
        misdirectedTo: forHost,
      };
    }
  }
  if (matching.length > 1) {
    notes.push(`listener ${best.name} was chosen over ${matching.slice(1).map((l) => l.name).join(', ')} because its hostname `
      + `${best.hostname ?? '(none)'} is more specific; routes attached only to the others are not used for this host`);
  }
  if (best.protocol === 'HTTPS') {
    const tls = best.raw.tls;
    if (!tls || ((tls.certificateRefs ?? []).length === 0 && !tls.options)) {
      notes.push(`HTTPS listener ${best.name} has no tls.certificateRefs; it cannot terminate TLS`);
    }
  }
  return { listener: best, notes };
}
