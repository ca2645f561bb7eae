/**
 * Runs the Gateway API v1.6.1 conformance cases (`../shared/conformance/`)
 * through the traffic simulator and compares each decision with what the Go
 * suite asserts (`http.CompareRoundTrip`). The corpus is read from
 * `../shared` at test time and never copied into the project.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { RoutingDecision } from '../../src/simulation/routing-decision';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

/** Where the corpus lives on dev machines and in CI. */
export const CONFORMANCE_DIR = path.resolve(__dirname, '../../../shared/conformance');

/** The address the Go client dials; it is the Host header when a case gives none. */
export const GATEWAY_ADDRESS = '192.0.2.10';

/** One case of `cases.json` (see the corpus README for the schema). */
export interface ConformanceCase {
  readonly id: string;
  readonly test: string;
  readonly gateway: string;
  readonly port: number;
  readonly scheme: string;
  readonly request: {
    readonly host: string | null;
    readonly method: string;
    readonly path: string;
    readonly headers: { [name: string]: string };
    readonly sni?: string;
    readonly protocol?: string;
    readonly backendSetResponseHeaders?: { [name: string]: string };
  };
  readonly expect: any;
  readonly source: { file: string; line: number };
}

/** The cases, or undefined when `../shared` is absent. */
export function loadCases(): ConformanceCase[] | undefined {
  const file = path.join(CONFORMANCE_DIR, 'cases.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const simulators = new Map<string, TrafficSimulator>();

/**
 * The simulator of a test's manifests. The Go suite patches the manual
 * EndpointSlices of `httproute-service-types` at run time with the
 * `infra-backend-v1` pod IPs; the same patch is applied here.
 */
export function simulatorFor(test: string, istioVersion?: string): TrafficSimulator {
  const key = `${test} ${istioVersion ?? ''}`;
  let sim = simulators.get(key);
  if (!sim) {
    const text = fs.readFileSync(path.join(CONFORMANCE_DIR, 'manifests', `${test}.yaml`), 'utf8');
    const objects = parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
    for (const o of objects) {
      if (o.kind === 'EndpointSlice' && !o.endpoints) {
        o.endpoints = [{
          addresses: [o.addressType === 'IPv6' ? 'fd00::1' : '10.0.0.1'],
          targetRef: { kind: 'Pod', namespace: o.metadata.namespace, name: 'infra-backend-v1-7d9f8b6c5-abcde' },
        }];
      }
    }
    sim = TrafficSimulator.fromManifests(ManifestSet.fromObjects(objects, `${test}.yaml`), { istioVersion });
    simulators.set(key, sim);
  }
  return sim;
}

/** The Host header the Go client sends. */
export function hostHeader(c: ConformanceCase): string {
  if (c.request.host !== null) return c.request.host;
  return c.port === 80 || c.port === 443 ? GATEWAY_ADDRESS : `${GATEWAY_ADDRESS}:${c.port}`;
}

/** Simulates one case. */
export function decide(c: ConformanceCase, istioVersion?: string): RoutingDecision {
  return simulatorFor(c.test, istioVersion).request({
    gateway: c.gateway,
    scheme: c.scheme,
    port: c.port,
    host: hostHeader(c),
    sni: c.request.sni,
    method: c.request.method,
    path: c.request.path,
    headers: c.request.headers,
  });
}

const lower = (o: { [k: string]: string } | undefined): Map<string, string> =>
  new Map(Object.entries(o ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * The differences between a decision and what the Go suite asserts; empty
 * when they agree. Follows `http.CompareRoundTrip`: backend, rewrites and
 * headers only count when the status is 200 or 204.
 */
export function compare(c: ConformanceCase, d: RoutingDecision): string[] {
  const e = c.expect;
  const problems: string[] = [];
  const statuses: number[] = Array.isArray(e.status) ? e.status : [e.status];
  if (!statuses.includes(d.status)) {
    return [`status ${d.status}, expected ${statuses.join(' or ')}${d.reason ? ` (${d.reason})` : ''}`];
  }
  if (d.status >= 300 && d.status < 400 && e.redirect) {
    problems.push(...compareRedirect(c, d));
  }
  if (d.status !== 200 && d.status !== 204) return problems;

  const served = d.backends.filter((b) => b.share > 0 && b.status === 200);
  if (e.backend) {
    if (served.length === 0) problems.push(`no backend served, expected ${e.backend.namespace}/${e.backend.name ?? '*'}`);
    if (e.backendWeights) {
      for (const [name, share] of Object.entries<number>(e.backendWeights)) {
        const actual = d.shareOf(`${e.backend.namespace}/${name}`);
        if (Math.abs(actual - share) > 0.05) problems.push(`backend ${name} gets ${actual}, expected ${share} (±0.05)`);
      }
    } else {
      for (const b of served) {
        const names = [b.name, ...(b.workloads ?? [])];
        const ok = b.namespace === e.backend.namespace && (e.backend.name === null || names.some((n) => n.startsWith(e.backend.name)));
        if (!ok) problems.push(`backend ${b.namespace}/${b.name} (pods ${(b.workloads ?? []).join(', ') || 'unknown'}), expected ${e.backend.namespace}/${e.backend.name ?? '*'}`);
      }
    }
  }

  if (e.backend) {
    const sentPath = d.rewrite?.path !== undefined
      ? `${d.rewrite.path}${c.request.path.includes('?') ? c.request.path.slice(c.request.path.indexOf('?')) : ''}`
      : c.request.path;
    if (e.rewrittenPath !== null && sentPath !== e.rewrittenPath) problems.push(`backend path ${sentPath}, expected ${e.rewrittenPath}`);
    const sentHost = d.rewrite?.host ?? hostHeader(c);
    if (e.rewrittenHost !== null && sentHost !== e.rewrittenHost) problems.push(`backend Host ${sentHost}, expected ${e.rewrittenHost}`);
    // every backend that may get the request must receive the asserted headers (its own backendRef filters included)
    for (const b of served.length > 0 ? served : [undefined]) {
      const sent = lower(b?.requestHeaders ?? d.requestHeaders);
      for (const [name, value] of lower(e.requestHeadersPresent)) {
        if (sent.get(name) !== value) problems.push(`request header ${name}: ${sent.get(name) ?? '(absent)'}, expected ${value}`);
      }
      for (const name of e.requestHeadersAbsent ?? []) {
        if (sent.has(name.toLowerCase())) problems.push(`request header ${name} should be absent`);
      }
      // httproute-request-header-modifier-backend-weights: the Backend header names a prefix of the receiving pod
      const tag = sent.get('backend');
      if (b && tag !== undefined && c.test.endsWith('-backend-weights') && ![b.name, ...(b.workloads ?? [])].some((n) => n.startsWith(tag))) {
        problems.push(`backend ${b.name} receives Backend: ${tag}`);
      }
    }
    for (const m of e.mirroredTo ?? []) {
      const found = d.mirrors.find((x) => x.namespace === m.namespace && x.name === m.name && !x.problem);
      if (!found) problems.push(`no mirror to ${m.namespace}/${m.name}`);
      else if (m.percent !== undefined && Math.abs(found.percent - m.percent) > 1e-9) problems.push(`mirror ${m.name} gets ${found.percent}%, expected ${m.percent}%`);
    }
  }
  problems.push(...compareResponseHeaders(c, d));
  return problems;
}

function compareRedirect(c: ConformanceCase, d: RoutingDecision): string[] {
  const e = c.expect.redirect;
  if (!d.redirect) return ['no redirect'];
  const problems: string[] = [];
  const u = new URL(d.redirect.location);
  const scheme = u.protocol.replace(/:$/, '');
  if (e.scheme && scheme !== e.scheme) problems.push(`redirect scheme ${scheme}, expected ${e.scheme}`);
  if (e.host !== null && u.hostname !== e.host) problems.push(`redirect host ${u.hostname}, expected ${e.host}`);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = u.port === '' ? defaultPort : Number(u.port);
  const expected = e.port === null ? defaultPort : Number(e.port);
  if (port !== expected) {
    problems.push(`redirect port ${port ?? '(none)'}, expected ${e.port ?? '(none)'}`);
  }
  if (e.path && u.pathname !== e.path) problems.push(`redirect path ${u.pathname}, expected ${e.path}`);
  if (e.statusCode && d.redirect.statusCode !== e.statusCode) problems.push(`redirect status ${d.redirect.statusCode}, expected ${e.statusCode}`);
  return problems;
}

/** The response headers the client sees: the echo backend's, then the route's response header changes. */
function finalResponseHeaders(c: ConformanceCase, d: RoutingDecision): Map<string, string> {
  const out = lower(c.request.backendSetResponseHeaders);
  const changes = d.responseHeaders;
  if (changes) {
    for (const [k, v] of Object.entries(changes.set)) out.set(k, v);
    for (const [k, v] of Object.entries(changes.add)) out.set(k, out.has(k) ? `${out.get(k)},${v}` : v);
    for (const k of changes.remove) out.delete(k);
  }
  return out;
}

function compareResponseHeaders(c: ConformanceCase, d: RoutingDecision): string[] {
  const e = c.expect;
  if (!e.responseHeadersPresent && !e.responseHeadersOneOf && !e.responseHeadersAbsent) return [];
  const problems: string[] = [];
  const got = finalResponseHeaders(c, d);
  const norm = (v: string | undefined) => (v === undefined ? undefined : e.responseHeadersIgnoreWhitespace ? v.replace(/\s+/g, '') : v);
  for (const [name, value] of lower(e.responseHeadersPresent)) {
    if (norm(got.get(name)) !== norm(value)) problems.push(`response header ${name}: ${got.get(name) ?? '(absent)'}, expected ${value}`);
  }
  for (const [name, values] of Object.entries<string[]>(e.responseHeadersOneOf ?? {})) {
    const v = norm(got.get(name.toLowerCase()));
    if (!values.some((x) => norm(x) === v)) problems.push(`response header ${name}: ${got.get(name.toLowerCase()) ?? '(absent)'}, expected one of ${values.join(' | ')}`);
  }
  for (const name of e.responseHeadersAbsent ?? []) {
    if (got.has(name.toLowerCase())) problems.push(`response header ${name} should be absent`);
  }
  return problems;
}

/** A case where Istio is documented as not conformant: what it answers instead, and the source. */
export interface ConformanceException {
  /** The Istio releases (minor) that depart. */
  readonly versions: string[];
  /** The status Istio answers. */
  readonly status: number;
  /** A substring of the note the decision carries to say so. */
  readonly note: string;
  /** Where this is documented. */
  readonly source: string;
}

const MISDIRECTED: ConformanceException = {
  versions: ['1.30', '1.31'],
  status: 404,
  note: 'the Gateway API specification answers 421 Misdirected Request here',
  // kubernetes-sigs/gateway-api conformance/reports/v1.5/istio-istio/1.30.0-default-report.yaml skips
  // HTTPRouteHTTPSListenerDetectMisdirectedRequests; 1.30.5-default-report.yaml lists
  // GatewayHTTPSListenerDetectMisdirectedRequests under unsupportedFeatures; istio/istio#60046 was closed unmerged
  source: 'Istio 1.30.5 conformance report: GatewayHTTPSListenerDetectMisdirectedRequests unsupported',
};

const NO_BACKEND_REFS: ConformanceException = {
  versions: ['1.30'],
  status: 404,
  note: 'the Gateway API specification and Istio 1.31 answer 500 (HTTPRouteNoBackendRefs)',
  // Istio 1.30.0 change notes (istio/istio#59445): "routes without any backend references should return 404";
  // Istio 1.31.0 change notes (istio/istio#60787) restore 500 for the v1.6 HTTPRouteNoBackendRefs test
  source: 'Istio 1.30.0 change notes, istio/istio#59445',
};

/** The cases where Istio is documented as not conformant, by case id. */
export const EXCEPTIONS: { [id: string]: ConformanceException } = {
  'httproute-https-listener-detect-misdirected-requests#2': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#5': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#6': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#9': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#10': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#11': MISDIRECTED,
  'httproute-https-listener-detect-misdirected-requests#13': MISDIRECTED,
  'httproute-omitted-backendrefs#2': NO_BACKEND_REFS,
  'httproute-omitted-backendrefs#3': NO_BACKEND_REFS,
};
