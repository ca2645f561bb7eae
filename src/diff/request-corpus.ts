import { DiffRequest, requestKey } from './diff-request';
import { GatewayPair } from './gateway-pairs';
import { Condition, Endpoint, GatewaySurface, MatchSpec } from './gateway-surface';
import { regexSample } from './regex-sample';
import { istioHostMatches } from '../istio-api/istio-hosts';

/** The requests of a routing diff, and what limited them. @internal */
export interface RequestCorpus {
  readonly requests: DiffRequest[];
  /** The bound cut the corpus. */
  readonly truncated: boolean;
  /** Remarks: regexes that were not probed, the bound. */
  readonly notes: string[];
}

/** The host probed for `*` (any host). */
const ANY_HOST_PROBE = 'probe.example.com';
/** A server name no gateway serves: where a catch-all filter chain (or none) answers. */
const UNSERVED_SNI = 'unserved.probe.invalid';
/** A value that an exact or prefix condition does not expect. */
const OTHER_VALUE = 'probe-other';
/** The value sent for a header or query parameter that only has to be present. */
const PRESENT_VALUE = 'probe';

/** Headers, query parameters and method of a request. */
interface Variant {
  readonly method: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly query: ReadonlyArray<readonly [string, string]>;
}

const BASE: Variant = { method: 'GET', headers: [], query: [] };

/**
 * The request corpus for paired gateways, from the surfaces of both sides:
 * every (scheme, port) served × every host named (wildcards get a concrete
 * probe) × the path probes of the matches whose route serves the host
 * (inside, at and just outside each path match, `/` and the parent); then
 * the header, query and method variants of each match, to the hosts of
 * its route: the variant that satisfies the match
 * on the match's own probes, at every other match's path and at `/`
 * (where rule order and precedence meet), and variants with one condition
 * flipped (absent, different value, other method) on the match's own
 * paths; then TLS connections on every TLS port of either side, one per
 * server name of either side (a probe for a wildcard) and one for a name
 * nobody serves, and TCP connections on every TCP port of either side.
 * Deterministic and deduplicated; at most `max` requests.
 * @internal
 */
export function buildCorpus(
  pairs: GatewayPair[], oldSurfaces: Map<string, GatewaySurface>, newSurfaces: Map<string, GatewaySurface>, max: number,
): RequestCorpus {
  const notes = new Set<string>();
  const requests: DiffRequest[] = [];
  const seen = new Set<string>();
  let truncated = false;
  corpus: for (const pair of pairs) {
    const surfaces = [pair.old && oldSurfaces.get(pair.old), pair.new && newSurfaces.get(pair.new)]
      .filter((s): s is GatewaySurface => s !== undefined && s !== '');
    const endpoints = uniqueEndpoints(surfaces.flatMap((s) => s.endpoints));
    const matches = surfaces.flatMap((s) => s.matches);
    const hosts = hostProbes(surfaces.flatMap((s) => s.hosts), matches, notes);
    const groups: Array<{ variant: Variant; paths: string[]; hosts: string[] }> = [];
    // without conditions: each host with the path probes of the matches that may serve it
    for (const host of hosts) {
      const serving = matches.filter((m) => !m.hosts || m.hosts.some((p) => istioHostMatches(host, p)));
      groups.push({ variant: BASE, paths: sortedUnique(['/', ...serving.flatMap((m) => pathProbes(m, notes))]), hosts: [host] });
    }
    // a satisfied variant is sent on its own match's probes, at every other match's path and at `/`, to the hosts of its route
    const atPaths = sortedUnique(['/', ...matches.flatMap((m) => ownPaths(m))]);
    for (const m of matches) {
      const variants = conditionVariants(m, notes);
      if (variants.length === 0) continue;
      const own = ownPaths(m);
      const matchHosts = m.hosts ? hostProbes(m.hosts, [], notes) : hosts;
      groups.push({ variant: variants[0], paths: sortedUnique([...pathProbes(m, notes), ...atPaths]), hosts: matchHosts });
      for (const v of variants.slice(1)) groups.push({ variant: v, paths: own, hosts: matchHosts });
    }
    const oldGateway = pair.old === undefined ? undefined : oldSurfaces.get(pair.old)?.target;
    const newGateway = pair.new === undefined ? undefined : newSurfaces.get(pair.new)?.target;
    const add = (r: DiffRequest): boolean => {
      const key = requestKey(r);
      if (seen.has(key)) return true;
      if (requests.length >= max) {
        truncated = true;
        return false;
      }
      seen.add(key);
      requests.push(r);
      return true;
    };
    for (const ep of endpoints) {
      for (const g of groups) {
        for (const host of g.hosts) {
          for (const path of g.paths) {
            const ok = add({
              oldGateway,
              newGateway,
              protocol: 'http',
              scheme: ep.scheme,
              port: ep.port,
              host,
              method: g.variant.method,
              path: withQuery(path, g.variant.query),
              headers: Object.fromEntries(g.variant.headers),
            });
            if (!ok) break corpus;
          }
        }
      }
    }
    // TLS connections: every server name of either side (a probe for a wildcard) and one nobody serves, on every TLS port
    // of either side; TCP connections on every TCP port of either side
    const tlsPorts = sortedNumbers(surfaces.flatMap((s) => s.tlsPorts));
    const snis = sortedUnique([...sniProbes(surfaces.flatMap((s) => s.tlsHosts)), UNSERVED_SNI]);
    for (const port of tlsPorts) {
      for (const sni of snis) {
        if (!add({ oldGateway, newGateway, protocol: 'tls', scheme: 'tls', port, host: sni, method: '', path: '', headers: {} })) break corpus;
      }
    }
    for (const port of sortedNumbers(surfaces.flatMap((s) => s.tcpPorts))) {
      if (!add({ oldGateway, newGateway, protocol: 'tcp', scheme: 'tcp', port, host: '', method: '', path: '', headers: {} })) break corpus;
    }
  }
  if (truncated) notes.add(`the corpus was cut at ${max} requests (maxRequests); requests beyond it were not compared`);
  return { requests, truncated, notes: [...notes].sort() };
}

function uniqueEndpoints(eps: Endpoint[]): Endpoint[] {
  const map = new Map<string, Endpoint>();
  for (const e of eps) map.set(`${e.scheme} ${e.port}`, e);
  return [...map.values()].sort((a, b) => (a.scheme === b.scheme ? a.port - b.port : a.scheme < b.scheme ? -1 : 1));
}

/** Concrete hosts: names as written, `probe.<suffix>` for `*.<suffix>`, a probe for `*`, and the authority matches. */
function hostProbes(patterns: string[], matches: MatchSpec[], notes: Set<string>): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    const h = p.toLowerCase();
    if (h === '*' || h === '') out.push(ANY_HOST_PROBE);
    else if (h.startsWith('*')) out.push(`probe${h.slice(1)}`);
    else out.push(h);
  }
  for (const m of matches) {
    if (m.authority) {
      const v = conditionValue(m.authority, notes);
      if (v !== undefined && v !== '') out.push(v.toLowerCase());
    }
  }
  if (out.length === 0) out.push(ANY_HOST_PROBE);
  return sortedUnique(out);
}

/**
 * The path probes of a match: for an exact or prefix value `/p` (or `/p/`):
 * `/p`, `/p/`, `/p/x` (inside), `/px` (just outside: an Istio string
 * prefix matches it, a Gateway API path prefix does not), `/` and the
 * parent; for a regex, a sample it matches and the sample plus `/x`.
 * Upper-case copies when Istio's `ignoreUriCase` is set.
 */
function pathProbes(m: MatchSpec, notes: Set<string>): string[] {
  if (!m.path) return ['/'];
  let probes: string[];
  if (m.path.kind === 'regex') {
    const sample = regexSample(m.path.value);
    if (sample === undefined) {
      notes.add(`the path regex ${JSON.stringify(m.path.value)} was not probed: no sample string could be generated for it`);
      return [];
    }
    probes = [sample, `${sample}/x`].filter((p) => p.startsWith('/'));
    if (!sample.startsWith('/')) notes.add(`the path regex ${JSON.stringify(m.path.value)} was not probed: its sample ${JSON.stringify(sample)} is not a path`);
  } else {
    const value = m.path.value.startsWith('/') ? m.path.value : `/${m.path.value}`;
    const base = value.replace(/\/+$/, '');
    probes = base === ''
      ? ['/', '/x']
      : [value, base, `${base}/`, `${base}/x`, `${base}x`, parent(base)];
  }
  if (m.ignoreUriCase) probes = [...probes, ...probes.map((p) => p.toUpperCase())];
  return probes;
}

/** The paths a match is written for: its value, a path inside a prefix, a regex sample; `/` without a path match. */
function ownPaths(m: MatchSpec): string[] {
  if (!m.path) return ['/'];
  if (m.path.kind === 'regex') {
    const s = regexSample(m.path.value);
    return s !== undefined && s.startsWith('/') ? [s] : ['/'];
  }
  const value = m.path.value.startsWith('/') ? m.path.value : `/${m.path.value}`;
  if (m.path.kind === 'exact') return [value];
  const base = value.replace(/\/+$/, '');
  return sortedUnique([value, `${base}/x`]);
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * The variants of a match's conditions: first the one that satisfies them
 * all (headers and query parameters present with a matching value, the
 * method), then one per condition flipped: absent, with a different
 * value, present for a `withoutHeaders` entry, GET (or POST) for the
 * method. Empty when the match has no such condition.
 */
function conditionVariants(m: MatchSpec, notes: Set<string>): Variant[] {
  if (m.headers.length === 0 && m.query.length === 0 && m.method === undefined) return [];
  const satisfied = (list: Condition[]) => list
    .filter((c) => !c.negated)
    .map((c) => [c.name.toLowerCase(), conditionValue(c, notes) ?? PRESENT_VALUE] as const);
  const headers = satisfied(m.headers);
  const query = m.query.map((c) => [c.name, conditionValue(c, notes) ?? PRESENT_VALUE] as const);
  const method = m.method?.toUpperCase() ?? 'GET';
  const out: Variant[] = [{ method, headers, query }];
  for (const c of m.headers) {
    const name = c.name.toLowerCase();
    const others = headers.filter(([n]) => n !== name);
    if (c.negated) {
      out.push({ method, headers: [...others, [name, conditionValue(c, notes) ?? PRESENT_VALUE]], query });
    } else {
      out.push({ method, headers: others, query });
      if (c.kind !== 'present') out.push({ method, headers: [...others, [name, OTHER_VALUE]], query });
    }
  }
  for (const c of m.query) {
    const others = query.filter(([n]) => n !== c.name);
    out.push({ method, headers, query: others });
    if (c.kind !== 'present') out.push({ method, headers, query: [...others, [c.name, OTHER_VALUE]] });
  }
  if (m.method !== undefined) out.push({ method: method === 'GET' ? 'POST' : 'GET', headers, query });
  return out;
}

/** A value that satisfies a condition (a regex sample), or undefined when none could be made. */
function conditionValue(c: Condition, notes: Set<string>): string | undefined {
  switch (c.kind) {
    case 'exact':
    case 'prefix':
      return c.value;
    case 'regex': {
      const s = regexSample(c.value);
      if (s === undefined) notes.add(`the regex ${JSON.stringify(c.value)} of ${c.name} was not probed: no sample string could be generated for it`);
      return s;
    }
    default:
      return PRESENT_VALUE;
  }
}

function withQuery(path: string, query: ReadonlyArray<readonly [string, string]>): string {
  if (query.length === 0) return path;
  const q = [...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${path}?${q}`;
}

/** SNI probes: names as written, `probe.<suffix>` for `*.<suffix>`, a probe for `*` (and for a list without names). */
function sniProbes(patterns: string[]): string[] {
  return patterns.map((p) => p.toLowerCase()).map((h) => (h === '*' || h === '' ? ANY_HOST_PROBE : h.startsWith('*') ? `probe${h.slice(1)}` : h));
}

function sortedNumbers(list: number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b);
}

function sortedUnique(list: string[]): string[] {
  return [...new Set(list)].sort();
}
