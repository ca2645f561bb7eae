/**
 * VirtualService to HTTPRoute (and TLSRoute).
 *
 * All `http` rules of one VirtualService go to ONE HTTPRoute in order, with
 * the matches Istio's first-match order needs (rule-order.ts). Actions follow
 * istio/istio pilot/pkg/networking/core/route/route.go `translateRoute`:
 * `redirect` (Envoy path_redirect replaces the whole path; default 301),
 * `rewrite.uri` (Envoy prefix_rewrite: the matched string prefix is
 * replaced; with an exact or regex match the whole path), `headers`,
 * `mirror`/`mirrors` (mirrorPercentage, default 100%), `timeout`,
 * `retries`, `corsPolicy`; destinations with weights (one destination
 * without a weight takes all traffic).
 */
import { Severity } from './finding-collector';
import { ConvertedGateway } from './gateway-conversion';
import { covers, HttpMatch, intersectMatches, matchId, outranks, renderMatch, stringPrefixPath } from './http-match';
import { convertMatch, MatchContext } from './match-conversion';
import { preserveFirstMatch } from './rule-order';
import { SubsetServices } from './subset-services';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { trimSlash } from '../gateway-api/match-precedence';
import { referenceGrantName } from '../gateway-api/reference-grant-name';
import { HTTPROUTE_LIMITS } from '../internal/api-limits';
import { HOSTNAME_RE, HTTP_TOKEN_RE, SECTION_NAME_RE } from '../internal/names';
import { resolveGatewayName, MESH_GATEWAY } from '../istio-api/gateway-refs';
import { fqdnOf, istioHostsIntersect, serviceOfFqdn } from '../istio-api/istio-hosts';
import { IstioApiModel, VirtualServiceInfo, admits, exportedTo } from '../istio-api/istio-model';

/** A finding raised on a VirtualService. @internal */
export interface RouteIssue {
  readonly severity: Severity;
  readonly field: string;
  readonly message: string;
  readonly suggestion: string;
}

/** Options. @internal */
export interface RouteConversionOptions {
  readonly experimental: boolean;
  readonly segmentPrefixes: boolean;
}

/** The outcome for one VirtualService. @internal */
export interface ConvertedVirtualService {
  readonly objects: any[];
  readonly issues: RouteIssue[];
  readonly refused: boolean;
  /** `ns/svc#subset` -> `ns/svc-subset`. */
  readonly aliases: { [old: string]: string };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*']);

/** Converts one VirtualService bound to converted gateways. @internal */
export function convertVirtualService(
  vs: VirtualServiceInfo, model: IstioApiModel, gateways: Map<string, ConvertedGateway>, subsets: SubsetServices, opts: RouteConversionOptions,
): ConvertedVirtualService {
  const issues: RouteIssue[] = [];
  const aliases: { [old: string]: string } = {};
  const issue = (severity: Severity, field: string, message: string, suggestion: string) => issues.push({ severity, field, message, suggestion });
  const refused = (): ConvertedVirtualService => ({ objects: [], issues, refused: true, aliases: {} });

  if (vs.gateways.includes(MESH_GATEWAY)) {
    issue('warning', 'spec.gateways', 'the VirtualService also applies to the mesh (sidecars); only its gateway part is migrated',
      'migrate the mesh part to an HTTPRoute whose parentRef is the Service (GAMMA), or keep the VirtualService for the mesh');
  }
  // where the routes attach
  const httpParents: any[] = [];
  const tlsParents: any[] = [];
  const tlsPorts: number[] = [];
  const served = new Set<string>();
  const ports: number[] = [];
  const convertedGateways: string[] = [];
  let clientNamespace = vs.namespace;
  for (const g of vs.gateways) {
    if (g === MESH_GATEWAY) continue;
    const cg = gateways.get(g);
    if (!cg) {
      issue('warning', 'spec.gateways', `gateway ${g} is not in the input or was not migrated: the VirtualService is not attached to it`, 'add the Gateway to the input');
      continue;
    }
    // visibility is judged from the namespace of the gateway pods (push_context.go VirtualServicesForGateway)
    if (!exportedTo(vs.exportTo, vs.namespace, cg.podsNamespace)) {
      issue('info', 'spec.exportTo', `the VirtualService is not exported to namespace ${cg.podsNamespace}, where the pods of gateway ${g} run: `
        + 'Istio ignores it on that gateway, and so does the migration', 'none needed');
      continue;
    }
    convertedGateways.push(g);
    clientNamespace = cg.podsNamespace;
    for (const s of cg.servers) {
      const hosts = model.hostsServed(s.server, vs);
      if (hosts.length === 0) continue;
      for (const l of s.listeners) {
        if (!admits(l.serverHost, vs.namespace)) continue;
        if (!hosts.some((h) => istioHostsIntersect(h, l.hostname ?? '*'))) continue;
        const ref = { group: GATEWAY_GROUP, kind: 'Gateway', name: cg.name, namespace: cg.namespace, sectionName: l.name };
        if (l.role === 'redirect') {
          // only a VirtualService with http routes would be routed there
          if (vs.http.length > 0) issue('info', 'spec.gateways', `listener ${cg.namespace}/${cg.name}/${l.name} redirects to HTTPS (httpsRedirect): Istio does not route this VirtualService there, and the HTTPRoute does not attach to it`, 'none needed');
        } else if (l.role === 'passthrough') {
          tlsParents.push(ref);
          tlsPorts.push(l.port);
          hosts.forEach((h) => served.add(h));
        } else {
          httpParents.push(ref);
          ports.push(l.port);
          hosts.forEach((h) => served.add(h));
        }
      }
    }
  }

  const hostnames = [...new Set(vs.hosts.filter((h) => served.has(h)))].sort();
  let routeHostnames: string[] | undefined = hostnames;
  if (hostnames.includes('*')) routeHostnames = undefined;
  for (const h of routeHostnames ?? []) {
    if (!HOSTNAME_RE.test(h) || /^[0-9.]+$/.test(h)) {
      issue('error', 'spec.hosts', `host "${h}" is not a valid HTTPRoute hostname (no IPs; a wildcard only as a leading "*.")`, 'use DNS names or "*.domain" hosts');
      return refused();
    }
  }
  if (routeHostnames && routeHostnames.length > HTTPROUTE_LIMITS.hostnames) {
    issue('error', 'spec.hosts', `the VirtualService serves ${routeHostnames.length} hosts; an HTTPRoute lists at most ${HTTPROUTE_LIMITS.hostnames}`, 'split the VirtualService, or use wildcard hosts');
    return refused();
  }

  const objects: any[] = [];
  const grants = new Map<string, any>();
  const backend = (dest: any, field: string): any | undefined => {
    const host = String(dest?.host ?? '');
    const fqdn = fqdnOf(host, vs.namespace);
    const svc = serviceOfFqdn(fqdn);
    const subset = typeof dest?.subset === 'string' && dest.subset !== '' ? dest.subset : undefined;
    let port: number | undefined = dest?.port?.number !== undefined ? Number(dest.port.number) : undefined;
    if (!svc) {
      if (subset) {
        issue('error', `${field}.subset`, `host "${host}" is not a Kubernetes Service, so subset "${subset}" cannot become a per-version Service`, 'route to a Service in the cluster');
        return undefined;
      }
      issue('info', `${field}.host`, `host "${host}" is not a Kubernetes Service: it becomes a backendRef of kind networking.istio.io/Hostname (a ServiceEntry host)`, 'none needed');
      if (port === undefined) {
        issue('error', `${field}.port`, `destination "${host}" names no port; an HTTPRoute backendRef needs one`, 'set destination.port.number');
        return undefined;
      }
      return { group: 'networking.istio.io', kind: 'Hostname', name: host, port };
    }
    const svcObj = model.set.find('Service', '', svc.namespace, svc.name);
    if (port === undefined) {
      const svcPorts = Array.isArray(svcObj?.object.spec?.ports) ? svcObj!.object.spec.ports : [];
      if (svcPorts.length === 1) {
        port = Number(svcPorts[0].port);
      } else {
        issue('error', `${field}.port`, `destination "${host}" names no port and ${svcObj ? `Service ${svc.namespace}/${svc.name} has ${svcPorts.length} ports` : `Service ${svc.namespace}/${svc.name} is not in the input`}; an HTTPRoute backendRef needs one`, 'set destination.port.number');
        return undefined;
      }
    }
    let name = svc.name;
    if (subset) {
      const s = subsets.for(svc.namespace, svc.name, subset, clientNamespace);
      if (s.problem) {
        issue('error', `${field}.subset`, s.problem, s.suggestion ?? '');
        return undefined;
      }
      for (const w of s.warnings) issue('warning', `${field}.subset`, w, 'check the subset labels against the pods');
      name = s.name;
      aliases[`${svc.namespace}/${svc.name}#${subset}`] = `${svc.namespace}/${s.name}`;
    }
    const ref: any = { group: '', kind: 'Service', name, port };
    if (svc.namespace !== vs.namespace) {
      ref.namespace = svc.namespace;
      const permission = { fromGroup: GATEWAY_GROUP, fromKind: 'HTTPRoute', fromNamespace: vs.namespace, toGroup: '', toKind: 'Service', toNamespace: svc.namespace, toName: name };
      const grantName = referenceGrantName(permission);
      if (!grants.has(`${svc.namespace}/${grantName}`)) {
        grants.set(`${svc.namespace}/${grantName}`, {
          apiVersion: 'gateway.networking.k8s.io/v1beta1',
          kind: 'ReferenceGrant',
          metadata: { name: grantName, namespace: svc.namespace },
          spec: { from: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: vs.namespace }], to: [{ group: '', kind: 'Service', name }] },
        });
        issue('info', `${field}.host`, `the HTTPRoute in ${vs.namespace} refers to Service ${svc.namespace}/${name}: ReferenceGrant ${svc.namespace}/${grantName} allows it`, 'none needed');
      }
    }
    return ref;
  };

  // http
  if (vs.http.length > 0 && httpParents.length > 0) {
    const ctx: MatchContext = {
      ports: [...new Set(ports)],
      gateways: convertedGateways,
      resolveGateway: (n) => resolveGatewayName(n, vs.namespace),
      segmentPrefixes: opts.segmentPrefixes,
    };
    const rules: Array<{ index: number; matches: HttpMatch[]; rule: any }> = [];
    for (let i = 0; i < vs.http.length; i++) {
      const h = vs.http[i];
      const field = `spec.http[${i}]`;
      if (h.delegate !== undefined) {
        issue('error', `${field}.delegate`, 'delegation has no HTTPRoute equivalent in the standard channel (HTTPRoute delegation is not in Gateway API v1.6.1)', 'inline the delegate VirtualService\'s rules into this one, then migrate');
        return refused();
      }
      if (h.directResponse !== undefined) {
        issue('error', `${field}.directResponse`, 'HTTPRoute cannot answer with a fixed response', 'route to a small backend that answers it');
        return refused();
      }
      const list = Array.isArray(h.match) && h.match.length > 0 ? h.match : [{}];
      const matches: HttpMatch[] = [];
      for (let j = 0; j < list.length; j++) {
        const c = convertMatch(list[j] ?? {}, Array.isArray(h.match) && h.match.length > 0 ? `${field}.match[${j}]` : `${field}.match`, ctx);
        for (const x of c.issues) issue(x.severity, x.field, x.message, x.suggestion);
        if (c.refused) return refused();
        matches.push(...c.matches);
      }
      if (matches.length === 0) {
        issue('info', field, 'no match of the rule applies on the migrated gateways: the rule is left out', 'none needed');
        continue;
      }
      const rule = convertRuleAction(h, field, issue, backend, opts);
      if (rule === undefined) return refused();
      rules.push({ index: i, matches, rule });
    }
    catchAllAsRegex(rules, vs.http, issue);
    excludeSlashPrefixPaths(rules, vs.http, issue, issues);
    if (rules.length === 0) {
      issue('warning', 'spec.http', 'no http rule applies on the migrated gateways: no HTTPRoute is written', 'none needed');
    } else {
      const order = preserveFirstMatch(rules.map((r) => ({ index: r.index, matches: r.matches })), 64, HTTPROUTE_LIMITS.matches);
      if (order.problem) {
        issue('error', 'spec.http', `Istio takes the first matching rule, Gateway API the highest-ranked match: ${order.problem}. The VirtualService is not migrated, as any HTTPRoute would route some requests differently`,
          opts.segmentPrefixes ? 'reorder or narrow the rules (e.g. give the earlier rule the later rule\'s conditions)' : 'reorder or narrow the rules, or end string prefixes with "/" or migrate with segment prefixes (--segment-prefixes) if "/prefixX" paths need not match');
        return refused();
      }
      for (const u of order.unreachable) {
        issue('warning', `spec.http[${u.index}]`, `spec.http[${u.index}] is unreachable: every request it matches is taken by spec.http[${u.coveredBy}] first; it is left out`, 'remove the rule or move it before the rule that covers it');
      }
      for (const a of order.added) {
        issue('info', `spec.http[${a.index}].match`, `spec.http[${a.index}] gets ${a.count} extra match(es) (its conditions combined with those of spec.http[${a.because}]) so that it keeps winning the requests Istio gives it over the later, higher-ranked spec.http[${a.because}]`, 'none needed');
      }
      const out: any[] = [];
      for (const kept of order.rules) {
        const r = rules.find((x) => x.index === kept.index)!;
        out.push(...splitForRewrite(r.rule, kept.matches, vs.http[kept.index], `spec.http[${kept.index}]`, issue));
      }
      if (out.length > HTTPROUTE_LIMITS.rules) {
        issue('error', 'spec.http', `the VirtualService needs ${out.length} HTTPRoute rules; an HTTPRoute holds at most ${HTTPROUTE_LIMITS.rules}, and splitting it over routes would change the order`, 'split the VirtualService by path or host');
        return refused();
      }
      nameRules(out);
      const spec: any = { parentRefs: dedupeParents(httpParents) };
      if (routeHostnames) spec.hostnames = routeHostnames;
      spec.rules = out;
      objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: vs.name, namespace: vs.namespace }, spec });
    }
  } else if (vs.http.length > 0) {
    issue('warning', 'spec.http', 'no migrated HTTP listener serves the VirtualService\'s hosts: its http routes are not written', 'check spec.gateways and the Gateway server hosts');
  }

  // tls (passthrough)
  if (vs.tls.length > 0) {
    if (tlsParents.length === 0) {
      issue('warning', 'spec.tls', 'no migrated passthrough listener serves the VirtualService: its tls routes are not written', 'check spec.gateways');
    } else {
      for (let i = 0; i < vs.tls.length; i++) {
        const t = vs.tls[i];
        const field = `spec.tls[${i}]`;
        const sni = new Set<string>();
        for (const [j, m] of (Array.isArray(t.match) ? t.match : []).entries()) {
          if (m?.port !== undefined) {
            // the listener's port already implies it (Istio's SNI passthrough task writes port: 443 with sniHosts)
            const serverPorts = [...new Set(tlsPorts)];
            if (serverPorts.length === 1 && Number(m.port) === serverPorts[0]) {
              issue('info', `${field}.match[${j}].port`, `port ${m.port} is the port of every server the route is converted for: the TLSRoute's listener implies it`, 'none needed');
            } else {
              issue('error', `${field}.match[${j}].port`, `TLSRoute cannot match on port, and port ${m.port} is not the only port of the servers the route is converted for (${serverPorts.join(', ')})`,
                'split the VirtualService per server port, or drop the condition');
              return refused();
            }
          }
          for (const f of ['sourceLabels', 'sourceNamespace', 'destinationSubnets']) {
            if (m?.[f] !== undefined) {
              issue('error', `${field}.match[${j}].${f}`, `TLSRoute cannot match on ${f}`, 'drop the condition or keep the route on Istio');
              return refused();
            }
          }
          for (const s of Array.isArray(m?.sniHosts) ? m.sniHosts : []) sni.add(String(s).toLowerCase());
        }
        const names = [...sni].filter((s) => s !== '*').sort();
        const invalid = names.find((s) => !HOSTNAME_RE.test(s));
        if (invalid) {
          issue('error', `${field}.match`, `SNI host "${invalid}" is not a valid TLSRoute hostname`, 'use DNS names or "*.domain"');
          return refused();
        }
        const backendRefs: any[] = [];
        for (const [k, d] of (Array.isArray(t.route) ? t.route : []).entries()) {
          const b = backend(d?.destination, `${field}.route[${k}].destination`);
          if (!b) return refused();
          backendRefs.push({ ...b, weight: weightOf(d, t.route.length) });
        }
        const spec: any = { parentRefs: dedupeParents(tlsParents) };
        spec.hostnames = names.length ? names : hostnames.filter((h) => h !== '*');
        if (spec.hostnames.length === 0) {
          issue('error', `${field}.match`, 'a TLSRoute needs at least one hostname (SNI)', 'list sniHosts');
          return refused();
        }
        spec.rules = [{ backendRefs }];
        objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name: vs.tls.length === 1 ? vs.name : `${vs.name}-tls-${i}`, namespace: vs.namespace }, spec });
      }
      const overlap = overlappingTlsRules(vs.tls, hostnames);
      if (overlap) {
        issue('warning', 'spec.tls', `spec.tls[${overlap[0]}] and spec.tls[${overlap[1]}] match overlapping SNI hosts: Istio takes the first tls rule whose SNI matches; TLSRoutes rank by hostname specificity instead`, 'check the tls rules do not overlap');
      }
    }
  }
  if (vs.tcp.length > 0) {
    issue('error', 'spec.tcp', 'tcp routes need TCPRoute (experimental channel) and are not migrated', 'keep the tcp part on an Istio VirtualService');
  }
  for (const g of [...grants.keys()].sort()) objects.push(grants.get(g));
  return { objects, issues, refused: false, aliases };
}

/** The SNI hosts of a tls rule (`hosts` when it lists none), lower case. */
function sniHostsOf(t: any, hosts: string[]): string[] {
  const matches: any[] = Array.isArray(t?.match) ? t.match : [];
  const out = matches.flatMap((m: any) => (Array.isArray(m?.sniHosts) ? m.sniHosts : []).map((x: unknown) => String(x).toLowerCase()));
  return out.length ? out : hosts;
}

/** The first two tls rules whose SNI hosts intersect (Istio's host intersection), or undefined. */
function overlappingTlsRules(tls: any[], hosts: string[]): [number, number] | undefined {
  const sni = tls.map((t) => sniHostsOf(t, hosts));
  for (let i = 0; i < sni.length; i++) {
    for (let j = i + 1; j < sni.length; j++) {
      if (sni[i].some((a) => sni[j].some((b) => istioHostsIntersect(a, b)))) return [i, j];
    }
  }
  return undefined;
}

type Issue = (severity: Severity, field: string, message: string, suggestion: string) => void;

/**
 * An Istio prefix ending in `/` (`/api/`) admits `/api/...` but not `/api`;
 * PathPrefix `/api/` admits both. It is written as RegularExpression
 * `/api/.*` (exact, but ranked below every PathPrefix), unless the rule
 * rewrites the path (which needs ReplacePrefixMatch) or a later rule takes
 * `/api` in Istio: then as PathPrefix `/api/`, and each later rule that
 * admits `/api` gets an Exact `/api` match, which outranks the prefix, so
 * `/api` still goes where Istio sends it.
 */
function excludeSlashPrefixPaths(
  rules: Array<{ index: number; matches: HttpMatch[]; rule: any }>, http: any[], issue: Issue, issues: RouteIssue[],
): void {
  /** Prefixes written as PathPrefix: rule index and prefix -> the later rules that got an Exact match for the bare path. */
  const written = new Map<string, { index: number; prefix: string; exactIn: Set<number> }>();
  for (let r = 0; r < rules.length; r++) {
    const rewrites = typeof http[rules[r].index]?.rewrite?.uri === 'string';
    rules[r].matches = rules[r].matches.map((m) => {
      const sp = m.path.stringPrefix;
      if (!sp || sp.notSlashNext || !sp.prefix.endsWith('/') || sp.prefix === '/') return m;
      const bare = sp.prefix.slice(0, -1);
      const probe: HttpMatch = { ...m, path: { type: 'Exact', value: bare }, excludedPath: undefined };
      const later = rules.slice(r + 1);
      // a later rule that takes the bare path in Istio and outranks the RegularExpression would need the
      // intersection (a RegularExpression, ranked below it): then the PathPrefix form with an Exact bare path;
      // a rewrite needs the PathPrefix form anyway, so then every later rule that takes the bare path counts
      const taken = later.some((l) => l.matches.some((x) => covers(x, probe) && (rewrites || outranks(x, m))));
      if (!taken && !rewrites) return m;
      if (!taken) {
        issue('warning', `spec.http[${rules[r].index}].match`, `the rewrite needs PathPrefix "${sp.prefix}", which also admits "${bare}": Istio does not route "${bare}" with this rule, and no later rule takes it`,
          `add a rule for "${bare}" after this one (e.g. a redirect to "${sp.prefix}")`);
      }
      written.set(`${rules[r].index} ${sp.prefix}`, { index: rules[r].index, prefix: sp.prefix, exactIn: new Set() });
      return { ...m, path: { type: 'PathPrefix', value: sp.prefix }, excludedPath: taken ? bare : undefined };
    });
  }
  for (let r = 0; r < rules.length; r++) {
    for (const m of rules[r].matches) {
      if (m.excludedPath === undefined) continue;
      const exact: HttpMatch = { path: { type: 'Exact', value: m.excludedPath }, headers: [], queryParams: [] };
      for (const later of rules.slice(r + 1)) {
        for (const x of [...later.matches]) {
          const both = intersectMatches(x, exact);
          if (typeof both === 'string' || both.path.type !== 'Exact') continue;
          written.get(`${rules[r].index} ${m.excludedPath}/`)?.exactIn.add(later.index);
          if (!later.matches.some((y) => matchId(y) === matchId(both))) later.matches.push(both);
        }
      }
    }
  }
  // the info finding of match-conversion.ts said RegularExpression: say what is written
  for (const w of written.values()) {
    const bare = w.prefix.slice(0, -1);
    const at = issues.findIndex((i) => i.severity === 'info' && i.field.startsWith(`spec.http[${w.index}].match`)
      && i.field.endsWith('.uri.prefix') && i.message.startsWith(`Istio's prefix "${w.prefix}" `));
    if (at < 0) continue;
    const exact = [...w.exactIn].sort((a, b) => a - b).map((i) => `spec.http[${i}]`);
    issues[at] = {
      ...issues[at],
      message: exact.length
        ? `Istio's prefix "${w.prefix}" is a string prefix that does not admit "${bare}": written as PathPrefix "${w.prefix}" (which admits "${bare}" too), and ${exact.join(', ')}, which take${exact.length === 1 ? 's' : ''} "${bare}" in Istio, get${exact.length === 1 ? 's' : ''} an Exact "${bare}" match, which outranks the prefix`
        : `Istio's prefix "${w.prefix}" is a string prefix that does not admit "${bare}": written as PathPrefix "${w.prefix}" (the rewrite needs it), which admits "${bare}" too`,
    };
  }
}

/** Whether a match admits every request: PathPrefix `/` without other conditions. */
function isCatchAll(m: HttpMatch): boolean {
  return m.path.type === 'PathPrefix' && trimSlash(m.path.value) === '' && m.method === undefined && m.headers.length === 0 && m.queryParams.length === 0;
}

/**
 * A catch-all rule (no match, or `prefix: /` alone) after rules with
 * RegularExpression matches: PathPrefix `/` outranks every
 * RegularExpression in Istio's Gateway API implementation, so the earlier
 * regex rules would lose the requests Istio gives them (and no intersection
 * match ranks above PathPrefix `/`). Istio ranks RegularExpression paths
 * after every Exact and PathPrefix, and among themselves by length
 * (src/gateway-api/match-precedence.ts `compareMatches`), so the catch-all
 * is written as RegularExpression `/.*` (every path; length 3), which ranks
 * below every other match, and the earlier rules keep winning. Istio builds
 * no route after the first catch-all (catch-all-routes.ts), so later rules
 * are unreachable either way. Not done for a rule that rewrites the path
 * (ReplacePrefixMatch needs a PathPrefix).
 */
function catchAllAsRegex(rules: Array<{ index: number; matches: HttpMatch[]; rule: any }>, http: any[], issue: Issue): void {
  const at = rules.findIndex((r) => r.matches.some(isCatchAll));
  if (at <= 0) return;
  // a prefix ending in "/" (RegularExpression "/api/.*") can instead become PathPrefix "/api/" with an Exact "/api" in the
  // catch-all (excludeSlashPrefixPaths), which keeps PathPrefix "/"; any other RegularExpression cannot
  const slashPrefix = (m: HttpMatch) => m.path.stringPrefix !== undefined && !m.path.stringPrefix.notSlashNext && m.path.stringPrefix.prefix.endsWith('/');
  const regexBefore = rules.slice(0, at).some((r) => r.matches.some((m) => m.path.type === 'RegularExpression' && !slashPrefix(m)));
  if (!regexBefore || typeof http[rules[at].index]?.rewrite?.uri === 'string') return;
  const path = stringPrefixPath({ prefix: '/', notSlashNext: false });
  rules[at].matches = rules[at].matches.map((m) => (isCatchAll(m) ? { ...m, path } : m));
  issue('info', `spec.http[${rules[at].index}]`,
    `the catch-all rule is written as RegularExpression "${path.value}" (every path) instead of PathPrefix "/": Gateway API (Istio) ranks PathPrefix "/" above every RegularExpression, which would take requests from the earlier RegularExpression matches, and ranks "${path.value}" below every other match`,
    'none needed');
}

/** The rule without matches: filters, backends, timeouts. Undefined when refused. */
function convertRuleAction(h: any, field: string, issue: Issue, backend: (d: any, f: string) => any, opts: RouteConversionOptions): any | undefined {
  const rule: any = {};
  const filters: any[] = [];
  if (h.redirect !== undefined) {
    const r = h.redirect ?? {};
    const status = r.redirectCode === undefined ? 301 : Number(r.redirectCode);
    if (![301, 302, 303, 307, 308].includes(status)) {
      issue('error', `${field}.redirect.redirectCode`, `redirect code ${status} is not one HTTPRoute allows (301, 302, 303, 307, 308)`, 'use one of those codes');
      return undefined;
    }
    const rr: any = {};
    if (typeof r.scheme === 'string') rr.scheme = r.scheme;
    if (typeof r.authority === 'string') rr.hostname = r.authority;
    if (typeof r.uri === 'string') rr.path = { type: 'ReplaceFullPath', replaceFullPath: r.uri };
    if (r.port !== undefined) rr.port = Number(r.port);
    if (r.derivePort !== undefined) issue('warning', `${field}.redirect.derivePort`, 'derivePort has no HTTPRoute equivalent (HTTPRoute keeps the listener port unless a scheme is set)', 'set redirect.port explicitly');
    rr.statusCode = status;
    filters.push({ type: 'RequestRedirect', requestRedirect: rr });
    if (h.route !== undefined) issue('warning', `${field}.route`, 'a redirect rule has no destinations; route is ignored, as Istio ignores it', 'remove route');
  } else {
    const dests = Array.isArray(h.route) ? h.route : [];
    if (dests.length === 0) {
      issue('error', field, 'the rule has neither route nor redirect', 'add a destination');
      return undefined;
    }
    if (dests.length > 16) {
      issue('error', `${field}.route`, `the rule has ${dests.length} destinations; an HTTPRoute rule holds at most 16 backendRefs`, 'merge destinations');
      return undefined;
    }
    const refs: any[] = [];
    for (let k = 0; k < dests.length; k++) {
      const d = dests[k];
      const b = backend(d?.destination, `${field}.route[${k}].destination`);
      if (!b) return undefined;
      const ref: any = { ...b, weight: weightOf(d, dests.length) };
      const bf = headerFilters(d?.headers, `${field}.route[${k}].headers`, issue);
      if (bf.length) ref.filters = bf;
      refs.push(ref);
    }
    rule.backendRefs = refs;
  }
  if (h.rewrite !== undefined) {
    const rw: any = {};
    if (typeof h.rewrite.authority === 'string') rw.hostname = h.rewrite.authority;
    if (h.rewrite.uriRegexRewrite !== undefined) issue('warning', `${field}.rewrite.uriRegexRewrite`, 'a regex rewrite has no HTTPRoute equivalent and is left out', 'rewrite with a prefix or the full path, or move the rewrite into the backend');
    if (h.redirect !== undefined) {
      issue('warning', `${field}.rewrite`, 'HTTPRoute cannot rewrite and redirect in one rule; the rewrite is left out (Istio applies the redirect)', 'none needed');
    } else if (Object.keys(rw).length) {
      filters.push({ type: 'URLRewrite', urlRewrite: rw });
    }
  }
  filters.push(...headerFilters(h.headers, `${field}.headers`, issue));
  const mirrors: Array<{ dest: any; percent: any; f: string }> = [];
  if (h.mirror !== undefined) mirrors.push({ dest: h.mirror, percent: h.mirrorPercentage?.value ?? h.mirrorPercent ?? h.mirror_percent, f: `${field}.mirror` });
  for (const [k, m] of (Array.isArray(h.mirrors) ? h.mirrors : []).entries()) mirrors.push({ dest: m?.destination, percent: m?.percentage?.value, f: `${field}.mirrors[${k}]` });
  for (const m of mirrors) {
    const b = backend(m.dest, m.f);
    if (!b) return undefined;
    const rm: any = { backendRef: b };
    if (m.percent !== undefined) {
      const p = Number(m.percent);
      if (Number.isInteger(p)) rm.percent = p;
      else rm.fraction = { numerator: Math.round(p * 10000), denominator: 1000000 };
    }
    filters.push({ type: 'RequestMirror', requestMirror: rm });
  }
  if (h.timeout !== undefined) {
    const t = gatewayDuration(h.timeout);
    if (t) rule.timeouts = { request: t };
    else issue('warning', `${field}.timeout`, `timeout "${h.timeout}" cannot be written as an HTTPRoute duration and is left out`, 'use whole milliseconds');
  }
  if (h.retries !== undefined) {
    const r = h.retries ?? {};
    if (r.perTryTimeout !== undefined) {
      const t = gatewayDuration(r.perTryTimeout);
      if (t) rule.timeouts = { ...(rule.timeouts ?? {}), backendRequest: t };
    }
    if (opts.experimental) {
      const attempts = Number(r.attempts ?? 2);
      if (attempts >= 1) {
        const retry: any = { attempts };
        const tokens = String(r.retryOn ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        const codes = tokens.filter((s) => /^[45][0-9][0-9]$/.test(s)).map(Number);
        if (codes.length) retry.codes = codes;
        rule.retry = retry;
        const other = tokens.filter((s) => !/^[0-9]+$/.test(s) && s !== 'retriable-status-codes');
        if (other.length) issue('warning', `${field}.retries.retryOn`, `retry conditions ${other.join(', ')} have no HTTPRoute retry field (only status codes)`, 'check the gateway implementation\'s default retry conditions');
        issue('info', `${field}.retries`, 'retries become HTTPRoute rule retry (experimental channel)', 'install the experimental Gateway API CRDs');
      } else {
        issue('warning', `${field}.retries.attempts`, 'attempts 0 (no retries) cannot be written: HTTPRoute retry needs attempts >= 1; the mesh default retry policy applies', 'set the mesh default retries');
      }
    } else {
      issue('warning', `${field}.retries`, 'retries need HTTPRoute rule retry, in the experimental channel only; left out (the mesh default retry policy applies)', 'migrate with --experimental and install the experimental CRDs, or set the mesh default retries');
    }
  }
  if (h.corsPolicy !== undefined) {
    const cors = corsFilter(h.corsPolicy, `${field}.corsPolicy`, issue);
    if (cors) filters.push({ type: 'CORS', cors });
  }
  if (h.fault !== undefined) {
    issue('warning', `${field}.fault`, 'fault injection has no HTTPRoute equivalent and is left out', 'inject faults with a test tool, or keep a VirtualService for the fault test on the mesh');
  }
  for (const f of ['mirrorPercent', 'mirror_percent']) {
    if (h[f] !== undefined && h.mirror === undefined) issue('warning', `${field}.${f}`, `${f} without mirror has no effect`, 'remove it');
  }
  if (filters.length > 16) {
    issue('error', field, 'the rule needs more than 16 filters', 'reduce mirrors or header changes');
    return undefined;
  }
  if (filters.length) rule.filters = filters;
  if (typeof h.name === 'string' && h.name !== '') rule.name = h.name;
  return rule;
}

function weightOf(d: any, count: number): number {
  if (d?.weight === undefined) return count === 1 ? 1 : 0;
  return Number(d.weight);
}

/** Istio `headers` as RequestHeaderModifier / ResponseHeaderModifier filters. */
function headerFilters(headers: any, field: string, issue: Issue): any[] {
  const out: any[] = [];
  for (const [which, type, key] of [['request', 'RequestHeaderModifier', 'requestHeaderModifier'], ['response', 'ResponseHeaderModifier', 'responseHeaderModifier']]) {
    const ops = headers?.[which];
    if (!ops || typeof ops !== 'object') continue;
    const mod: any = {};
    for (const op of ['set', 'add']) {
      const entries = Object.entries(ops[op] ?? {});
      const valid = entries.filter(([n]) => HTTP_TOKEN_RE.test(n));
      if (valid.length !== entries.length) issue('warning', `${field}.${which}.${op}`, 'header names that are not HTTP tokens are left out', 'fix the header names');
      if (valid.length) mod[op] = valid.sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value: String(value) }));
    }
    if (Array.isArray(ops.remove) && ops.remove.length) mod.remove = ops.remove.map(String).filter((n: string) => HTTP_TOKEN_RE.test(n));
    if (Object.keys(mod).length) out.push({ type, [key]: mod });
  }
  return out;
}

function corsFilter(p: any, field: string, issue: Issue): any | undefined {
  const cors: any = {};
  const origins: string[] = [];
  for (const o of Array.isArray(p.allowOrigins) ? p.allowOrigins : []) {
    const exact = typeof o?.exact === 'string' ? o.exact : undefined;
    if (exact && /^(\*|https?:\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:[0-9]{1,5})?))$/.test(exact)) origins.push(exact);
    else issue('warning', `${field}.allowOrigins`, `origin ${JSON.stringify(o)} cannot be written as an HTTPRoute CORS origin (exact scheme://host[:port] or "*") and is left out`, 'list the exact origins');
  }
  for (const o of Array.isArray(p.allowOrigin) ? p.allowOrigin : []) origins.push(String(o));
  if (origins.length) cors.allowOrigins = origins;
  if (Array.isArray(p.allowMethods)) {
    const ms = p.allowMethods.map(String);
    const bad = ms.filter((x: string) => !METHODS.has(x));
    if (bad.length) issue('warning', `${field}.allowMethods`, `methods ${bad.join(', ')} are not HTTPRoute CORS methods and are left out`, 'none');
    const ok = ms.filter((x: string) => METHODS.has(x));
    if (ok.length) cors.allowMethods = ok;
  }
  if (Array.isArray(p.allowHeaders) && p.allowHeaders.length) cors.allowHeaders = p.allowHeaders.map(String);
  if (Array.isArray(p.exposeHeaders) && p.exposeHeaders.length) cors.exposeHeaders = p.exposeHeaders.map(String);
  if (p.maxAge !== undefined) {
    const ms = durationMs(p.maxAge);
    if (ms !== undefined && ms >= 1000) cors.maxAge = Math.floor(ms / 1000);
    else issue('warning', `${field}.maxAge`, `maxAge "${p.maxAge}" is not a whole number of seconds >= 1 and is left out`, 'use seconds');
  }
  if (p.allowCredentials !== undefined) cors.allowCredentials = p.allowCredentials === true;
  if (p.unmatchedPreflights !== undefined) issue('warning', `${field}.unmatchedPreflights`, 'unmatchedPreflights has no HTTPRoute CORS field and is left out', 'none');
  return Object.keys(cors).length ? cors : undefined;
}

/** A protobuf Duration string ("1.5s", "10s", "100ms" also accepted) in milliseconds. @internal */
export function durationMs(v: unknown): number | undefined {
  const s = String(v).trim();
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const factor = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60000 : 3600000;
  const ms = n * factor;
  return Number.isInteger(Math.round(ms * 1000) / 1000) ? Math.round(ms) : undefined;
}

/** An HTTPRoute duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) for an Istio duration. @internal */
export function gatewayDuration(v: unknown): string | undefined {
  const ms = durationMs(v);
  if (ms === undefined) return undefined;
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as Array<[string, number]>) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  const out = parts.join('');
  return /^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(out) ? out : undefined;
}

/**
 * The rules for one Istio rule: one rule with its matches, or, when it
 * rewrites the path, rules grouped by the rewrite each match needs (Envoy
 * prefix_rewrite replaces the matched string prefix; HTTPRoute
 * ReplacePrefixMatch needs exactly one PathPrefix match per rule).
 */
function splitForRewrite(rule: any, matches: HttpMatch[], h: any, field: string, issue: Issue): any[] {
  const uri = typeof h.rewrite?.uri === 'string' && h.redirect === undefined ? h.rewrite.uri : undefined;
  if (uri === undefined) return [{ ...orderRule(rule, matches.map(renderMatch)) }];
  const groups = new Map<string, { path: any; matches: any[] }>();
  let warned = false;
  for (const m of matches) {
    let pathMod: any;
    const P = m.istioPrefix;
    if (m.path.type === 'Exact') {
      pathMod = { type: 'ReplaceFullPath', replaceFullPath: P !== undefined ? joinRewrite(uri, m.path.value.slice(P.length)) : uri };
    } else if (m.path.type === 'PathPrefix' && P !== undefined) {
      const r = replacePrefix(P, uri, trimSlash(m.path.value));
      if (!r.equal && !warned) {
        issue('warning', `${field}.rewrite.uri`, `Envoy replaces the string prefix "${P}" by "${uri}" character for character; HTTPRoute ReplacePrefixMatch joins path elements, so paths below "${m.path.value}" are rewritten differently`,
          'make the prefix and the rewrite both end, or both not end, with "/"');
        warned = true;
      }
      pathMod = { type: 'ReplacePrefixMatch', replacePrefixMatch: r.value };
    } else if (m.path.type === 'RegularExpression' && !m.path.stringPrefix && P === undefined) {
      pathMod = { type: 'ReplaceFullPath', replaceFullPath: uri };
    } else {
      issue('warning', `${field}.rewrite.uri`, `paths that only Istio's string prefix admits (${m.path.value}) cannot be rewritten by HTTPRoute the way Envoy does (character for character); they are routed without the path rewrite`, 'end the prefix with "/" or migrate with segment prefixes');
      pathMod = undefined;
    }
    const key = pathMod && pathMod.type === 'ReplacePrefixMatch' ? `prefix ${m.path.value}` : JSON.stringify(pathMod ?? null);
    const g = groups.get(key) ?? { path: pathMod, matches: [] };
    g.matches.push(renderMatch(m));
    groups.set(key, g);
  }
  const out: any[] = [];
  for (const g of groups.values()) {
    const filters = (rule.filters ?? []).filter((f: any) => f.type !== 'URLRewrite');
    const existing = (rule.filters ?? []).find((f: any) => f.type === 'URLRewrite');
    const rw: any = { ...(existing?.urlRewrite ?? {}) };
    if (g.path) rw.path = g.path;
    if (Object.keys(rw).length) filters.unshift({ type: 'URLRewrite', urlRewrite: rw });
    const r = { ...rule, filters };
    if (!filters.length) delete r.filters;
    out.push(orderRule(r, g.matches));
  }
  return out;
}

/**
 * The ReplacePrefixMatch value for PathPrefix `qt` (no trailing slash) in a
 * rule whose Istio prefix `P` Envoy rewrites to `R`, and whether the two
 * agree on every path below `qt`: Envoy gives `R + path.slice(P.length)`,
 * HTTPRoute `V + '/' + rest` for `qt/rest` (`V + rest` when V ends in `/`).
 * @internal
 */
export function replacePrefix(P: string, R: string, qt: string): { value: string; equal: boolean } {
  if (P === '/' && qt === '') return { value: R, equal: R.endsWith('/') };
  // what Envoy makes of `qt/`: HTTPRoute must give the same for `qt/rest`
  const envoy = `${R}${`${qt}/`.slice(P.length)}`;
  if (envoy.endsWith('/')) return { value: envoy.length > 1 ? envoy.slice(0, -1) : '/', equal: true };
  return { value: `${R}${qt.slice(P.length)}`, equal: false };
}

function joinRewrite(uri: string, rest: string): string {
  return `${uri}${rest}` || '/';
}

function orderRule(rule: any, matches: any[]): any {
  const out: any = {};
  if (rule.name) out.name = rule.name;
  out.matches = matches;
  if (rule.filters) out.filters = rule.filters;
  if (rule.backendRefs) out.backendRefs = rule.backendRefs;
  if (rule.timeouts) out.timeouts = rule.timeouts;
  if (rule.retry) out.retry = rule.retry;
  return out;
}

/** Rule names valid and unique (`name-2` for split rules). */
function nameRules(rules: any[]): void {
  const used = new Set<string>();
  for (const r of rules) {
    if (!r.name) continue;
    let base = String(r.name).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 250);
    if (!SECTION_NAME_RE.test(base)) {
      delete r.name; continue;
    }
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
    used.add(n);
    const { name: _, ...rest } = r;
    for (const k of Object.keys(r)) delete r[k];
    Object.assign(r, { name: n, ...rest });
  }
}

function dedupeParents(list: any[]): any[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.namespace}/${p.name}/${p.sectionName}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
