import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { IstioApiModel, IstioGatewayInfo } from '../istio-api/istio-model';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/**
 * What a gateway serves, as far as a routing diff needs it to generate
 * requests: its HTTP(S) ports, the hosts it names and the matches of the
 * routes bound to it. Read from plain manifests (Gateway API Gateways with
 * their ListenerSets and HTTPRoutes; Istio Gateways with their
 * VirtualServices and delegates).
 * @internal
 */
export interface GatewaySurface {
  /**
   * `namespace/name`; for Istio Gateways with the same selector, which the
   * same pods serve with their servers merged, the members joined by `+`.
   */
  readonly key: string;
  /** The gateways (`namespace/name`) this surface stands for. */
  readonly names: string[];
  /** The gateway requests are sent to (the simulator merges Istio Gateways with the same selector). */
  readonly target: string;
  /** `Gateway` (gateway.networking.k8s.io) or `Istio Gateway` (networking.istio.io). */
  readonly kind: string;
  /** The `scheme port` pairs served over HTTP or HTTPS. */
  readonly endpoints: Endpoint[];
  /** Hostnames written on the gateway and its routes (wildcards included; `*` for none). */
  readonly hosts: string[];
  /** Every match of the routes bound to the gateway. */
  readonly matches: MatchSpec[];
  /** Ports that accept TLS connections routed by SNI (TLS listeners; Istio TLS and PASSTHROUGH servers). */
  readonly tlsPorts: number[];
  /** Server names of those ports: listener and TLSRoute hostnames; Istio server hosts and VirtualService `tls[].match[].sniHosts`. */
  readonly tlsHosts: string[];
  /** Ports that accept plain TCP connections (TCP listeners; Istio servers of a non-HTTP, non-TLS protocol). */
  readonly tcpPorts: number[];
}

/** @internal */
export interface Endpoint {
  readonly scheme: string;
  readonly port: number;
}

/**
 * One condition on a header, query parameter or the authority: `exact`,
 * `prefix`, `regex` (the value must match) or `present` (any value).
 * @internal
 */
export interface Condition {
  readonly name: string;
  readonly kind: string;
  readonly value: string;
  /** Istio `withoutHeaders`: the request must not carry a header that matches. */
  readonly negated?: boolean;
}

/** A match of a route rule, in a shape common to HTTPRoute and VirtualService. @internal */
export interface MatchSpec {
  /**
   * The path match: `exact`, `prefix` (Istio: a string prefix), `pathPrefix`
   * (Gateway API: element-wise) or `regex`.
   */
  readonly path?: { readonly kind: string; readonly value: string };
  /** Istio `ignoreUriCase`. */
  readonly ignoreUriCase: boolean;
  readonly headers: Condition[];
  readonly query: Condition[];
  /** The method (exact). @default - any */
  readonly method?: string;
  /** Istio `authority` match. @default - any */
  readonly authority?: Condition;
  /** The hostnames of the route or VirtualService the match belongs to. @default - any host */
  readonly hosts?: string[];
}

/** Every gateway of a manifest set (both APIs), sorted by kind then key. @internal */
export function gatewaySurfaces(set: ManifestSet): GatewaySurface[] {
  return [...gatewayApiSurfaces(set), ...istioSurfaces(set)];
}

function gatewayApiSurfaces(set: ManifestSet): GatewaySurface[] {
  const listenerSets = set.ofKind('ListenerSet', GATEWAY_GROUP);
  const routes = set.ofKind('HTTPRoute', GATEWAY_GROUP);
  const tlsRoutes = set.ofKind('TLSRoute', GATEWAY_GROUP);
  const byKey = new Map<string, Manifest>();
  for (const g of set.ofKind('Gateway', GATEWAY_GROUP)) byKey.set(`${set.namespaceOf(g)}/${g.name}`, g);
  return [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([key, gw]) => {
    const namespace = set.namespaceOf(gw);
    const ownSets = listenerSets.filter((ls) => {
      const p = ls.object.spec?.parentRef ?? {};
      return p.name === gw.name && (p.namespace ?? set.namespaceOf(ls)) === namespace;
    });
    const ownSetKeys = new Set(ownSets.map((ls) => `${set.namespaceOf(ls)}/${ls.name}`));
    const listeners: any[] = [gw, ...ownSets].flatMap((m) => listOf(m.object.spec?.listeners));
    const endpoints: Endpoint[] = [];
    const hosts: string[] = [];
    const tlsPorts: number[] = [];
    const tlsHosts: string[] = [];
    const tcpPorts: number[] = [];
    for (const l of listeners) {
      const protocol = String(l.protocol ?? '').toUpperCase();
      const port = Number(l.port);
      if (!Number.isInteger(port)) continue;
      if (protocol === 'TLS') {
        tlsPorts.push(port);
        tlsHosts.push(typeof l.hostname === 'string' ? l.hostname : '*');
        continue;
      }
      if (protocol === 'TCP') tcpPorts.push(port);
      if (protocol === 'HTTP') endpoints.push({ scheme: 'http', port });
      else if (protocol === 'HTTPS') endpoints.push({ scheme: 'https', port });
      else continue;
      hosts.push(typeof l.hostname === 'string' ? l.hostname : '*');
    }
    const matches: MatchSpec[] = [];
    const attached = (r: Manifest) => {
      const routeNs = set.namespaceOf(r);
      return listOf(r.object.spec?.parentRefs).some((p) => {
        const kind = p.kind ?? 'Gateway';
        const ns = p.namespace ?? routeNs;
        if (kind === 'Gateway') return p.name === gw.name && ns === namespace;
        return kind === 'ListenerSet' && ownSetKeys.has(`${ns}/${p.name}`);
      });
    };
    for (const r of tlsRoutes.filter(attached)) {
      const hostnames = Array.isArray(r.object.spec?.hostnames) ? r.object.spec.hostnames.filter((h: unknown) => typeof h === 'string') : [];
      tlsHosts.push(...hostnames);
    }
    for (const r of routes) {
      if (!attached(r)) continue;
      const hostnames = Array.isArray(r.object.spec?.hostnames) ? r.object.spec.hostnames.filter((h: unknown) => typeof h === 'string') : [];
      hosts.push(...hostnames);
      const routeHosts = hostnames.length > 0 ? hostnames : undefined;
      for (const rule of listOf(r.object.spec?.rules)) {
        const ms = listOf(rule.matches);
        if (ms.length === 0) matches.push({ path: { kind: 'pathPrefix', value: '/' }, ignoreUriCase: false, headers: [], query: [], hosts: routeHosts });
        for (const m of ms) matches.push({ ...httpRouteMatch(m), hosts: routeHosts });
      }
    }
    return {
      key,
      names: [key],
      target: key,
      kind: 'Gateway',
      endpoints,
      hosts,
      matches,
      tlsPorts: sortedNumbers(tlsPorts),
      tlsHosts: sortedUnique(tlsHosts),
      tcpPorts: sortedNumbers(tcpPorts),
    };
  });
}

/** An HTTPRoute match (defaults: PathPrefix `/`, Exact headers and query parameters). */
function httpRouteMatch(m: any): MatchSpec {
  const type = m.path?.type ?? 'PathPrefix';
  const value = typeof m.path?.value === 'string' ? m.path.value : '/';
  const kind = type === 'Exact' ? 'exact' : type === 'RegularExpression' ? 'regex' : 'pathPrefix';
  const cond = (c: any): Condition => ({ name: String(c.name ?? ''), kind: c.type === 'RegularExpression' ? 'regex' : 'exact', value: String(c.value ?? '') });
  return {
    path: { kind, value },
    ignoreUriCase: false,
    headers: listOf(m.headers).map(cond),
    query: listOf(m.queryParams).map(cond),
    method: typeof m.method === 'string' ? m.method : undefined,
  };
}

/** Protocols an Istio server serves as HTTP (istio-simulator.ts; protocol.Parse IsHTTP). */
const ISTIO_HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);

function istioSurfaces(set: ManifestSet): GatewaySurface[] {
  const model = IstioApiModel.read(set);
  const delegates = model.virtualServices.filter((vs) => vs.isDelegate);
  // Istio Gateways with the same selector run on the same pods, which merge their servers
  // (pilot/pkg/model/gateway.go MergeGateways): one surface for them all
  const groups = new Map<string, IstioGatewayInfo[]>();
  for (const gw of model.gateways) {
    const selector = JSON.stringify(Object.entries(gw.selector).sort(([a], [b]) => compare(a, b)));
    groups.set(selector, [...groups.get(selector) ?? [], gw]);
  }
  return [...groups.values()].map((members) => {
    const endpoints: Endpoint[] = [];
    const hosts: string[] = [];
    const tlsPorts: number[] = [];
    const tlsHosts: string[] = [];
    const tcpPorts: number[] = [];
    for (const s of members.flatMap((gw) => gw.servers)) {
      if (!Number.isInteger(s.port)) continue;
      // the ports the Istio simulator answers connections on (istio-simulator.ts `connection`, after gateway.go
      // buildGatewayTCPBasedFilterChains): PASSTHROUGH and AUTO_PASSTHROUGH servers and TLS servers route by SNI;
      // a server without tls of a protocol that is neither HTTP nor HTTPS forwards plain TCP
      if (s.tlsMode === 'PASSTHROUGH' || s.tlsMode === 'AUTO_PASSTHROUGH' || (s.protocol === 'TLS' && s.tls !== undefined)) {
        tlsPorts.push(s.port);
        tlsHosts.push(...s.hosts.map((h) => h.dnsName));
        continue;
      }
      if (s.tls === undefined && !ISTIO_HTTP_PROTOCOLS.has(s.protocol) && s.protocol !== 'HTTPS') {
        tcpPorts.push(s.port);
        continue;
      }
      if (ISTIO_HTTP_PROTOCOLS.has(s.protocol)) {
        endpoints.push({ scheme: 'http', port: s.port });
      } else if (s.protocol === 'HTTPS' && s.tlsMode !== 'PASSTHROUGH' && s.tlsMode !== 'AUTO_PASSTHROUGH') {
        endpoints.push({ scheme: 'https', port: s.port });
      } else {
        continue;
      }
      hosts.push(...s.hosts.map((h) => h.dnsName));
    }
    const bound = members.flatMap((gw) => model.virtualServicesFor(gw.key)).filter((vs, i, all) => all.indexOf(vs) === i);
    const delegated = delegates.filter((d) => bound.some((vs) => vs.http.some((h) => {
      const ref = h.delegate;
      return ref && ref.name === d.name && (ref.namespace ?? vs.namespace) === d.namespace;
    })));
    const matches: MatchSpec[] = [];
    for (const vs of bound) hosts.push(...vs.hosts);
    for (const vs of bound) {
      for (const rule of vs.tls) {
        for (const m of listOf(rule?.match)) {
          if (Array.isArray(m.sniHosts)) tlsHosts.push(...m.sniHosts.filter((h: unknown) => typeof h === 'string'));
        }
      }
    }
    for (const vs of [...bound, ...delegated]) {
      // a delegate serves the hosts of the VirtualServices that delegate to it
      const vsHosts = vs.isDelegate ? undefined : vs.hosts;
      for (const h of vs.http) {
        const ms = listOf(h.match);
        if (ms.length === 0) matches.push({ ignoreUriCase: false, headers: [], query: [], hosts: vsHosts });
        for (const m of ms) matches.push({ ...istioMatch(m), hosts: vsHosts });
      }
    }
    const names = members.map((gw) => gw.key);
    return {
      key: names.join('+'),
      names,
      target: names[0],
      kind: 'Istio Gateway',
      endpoints,
      hosts,
      matches,
      tlsPorts: sortedNumbers(tlsPorts),
      tlsHosts: sortedUnique(tlsHosts),
      tcpPorts: sortedNumbers(tcpPorts),
    };
  });
}

/**
 * A VirtualService HTTPMatchRequest: `uri`, `headers`, `queryParams`,
 * `withoutHeaders`, `method`, `authority`, `ignoreUriCase`
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest).
 */
function istioMatch(m: any): MatchSpec {
  const uri = stringMatch(m.uri);
  const conds = (o: any, absent: boolean): Condition[] => Object.entries(isObject(o) ? o : {}).map(([name, sm]) => {
    const s = stringMatch(sm);
    return { name, kind: s?.kind ?? 'present', value: s?.value ?? '', ...(absent ? { negated: true } : {}) };
  });
  const method = stringMatch(m.method);
  const authority = stringMatch(m.authority);
  return {
    path: uri ? { kind: uri.kind, value: uri.value } : undefined,
    ignoreUriCase: m.ignoreUriCase === true,
    headers: [...conds(m.headers, false), ...conds(m.withoutHeaders, true)],
    query: conds(m.queryParams, false),
    method: method?.kind === 'exact' ? method.value : undefined,
    authority: authority ? { name: ':authority', ...authority } : undefined,
  };
}

/** An Istio StringMatch (`exact`, `prefix` or `regex`). */
function stringMatch(sm: any): { kind: string; value: string } | undefined {
  if (!isObject(sm)) return undefined;
  for (const kind of ['exact', 'prefix', 'regex']) {
    if (typeof sm[kind] === 'string') return { kind, value: sm[kind] };
  }
  return undefined;
}

function listOf(v: unknown): any[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function isObject(v: unknown): v is any {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortedNumbers(list: number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b);
}

function sortedUnique(list: string[]): string[] {
  return [...new Set(list.map((h) => h.toLowerCase()))].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
