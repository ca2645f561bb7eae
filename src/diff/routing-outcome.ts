import { BackendAliases } from './backend-aliases';
import { DiffRequest } from './diff-request';
import { FaultDecision, RetryDecision, RoutingDecision } from '../simulation/routing-decision';
import { TrafficSimulator } from '../simulation/traffic-simulator';

/** A backend's share of a request and the ports it is reached on. */
interface BackendShare {
  readonly share: number;
  readonly ports: number[];
}

/**
 * What a routing decision means for the client and the backends, with
 * everything a diff ignores left out (notes, listener, route and rule
 * names): status, backend shares (old side mapped through the backend
 * aliases), redirect, rewrite, header changes, fault.
 * @internal
 */
export interface RoutingOutcome {
  /** The HTTP status (`0`: no HTTP response), or `error` when the simulator refused the request. */
  readonly status: string;
  /** Why the simulator refused the request. */
  readonly error?: string;
  /** `namespace/name` (or `namespace/name#subset` without an alias) -> share of the backends that get 200. */
  readonly backends: Map<string, BackendShare>;
  /** `<code> <location>`. */
  readonly redirect?: string;
  /** `host=<host>` and `path=<path>`, when they change. */
  readonly rewrite?: string;
  /** Request headers added, changed (`+name: value`) or removed (`-name`), relative to the request sent. */
  readonly requestHeaders?: string;
  /** Response header changes. */
  readonly responseHeaders?: string;
  /** An Istio fault (abort, delay). */
  readonly fault?: string;
  /**
   * The route timeout Envoy enforces (`none` when disabled), when the
   * request is forwarded and the simulator says.
   */
  readonly timeout?: string;
  /** The retry policy Envoy applies, normalized (`none`, or attempts, per-try timeout, conditions, codes), when forwarded. */
  readonly retry?: string;
  /** The mirrors that receive a copy (`backend percent%`, sorted), when forwarded. */
  readonly mirrors?: string;
  /** Why the request is not routed (shown, not compared). */
  readonly reason?: string;
}

/** Headers the diff does not compare: the Host header changes with a host rewrite, compared as `rewrite`. */
const IGNORED_HEADERS = new Set(['host', ':authority']);

/**
 * Sends a request to one side and reduces the decision to an outcome. A
 * side without a paired gateway, or a request the simulator refuses, is
 * status `error` with the message.
 * @internal
 */
export function outcomeOf(
  sim: TrafficSimulator, gateway: string | undefined, request: DiffRequest, aliases: BackendAliases | undefined,
  otherGateway: string | undefined,
): RoutingOutcome {
  if (gateway === undefined) {
    return { status: 'error', error: `no gateway on this side is paired with ${otherGateway} (give gatewayPairs / --gateway old=new)`, backends: new Map() };
  }
  let decision: RoutingDecision;
  try {
    if (request.protocol === 'tls' || request.protocol === 'tcp') {
      decision = sim.request({ gateway, protocol: request.protocol, port: request.port, sni: request.protocol === 'tls' ? request.host : undefined });
    } else {
      decision = sim.request({
        gateway,
        scheme: request.scheme,
        port: request.port,
        host: request.host,
        method: request.method,
        path: request.path,
        headers: request.headers,
      });
    }
  } catch (e) {
    return { status: 'error', error: e instanceof Error ? e.message : String(e), backends: new Map() };
  }
  return decisionOutcome(decision, request, aliases);
}

/** The outcome of a decision. @internal */
export function decisionOutcome(d: RoutingDecision, request: DiffRequest, aliases: BackendAliases | undefined): RoutingOutcome {
  const clientNamespace = d.gateway.slice(0, Math.max(0, d.gateway.indexOf('/')));
  const nameOf = (namespace: string, name: string, subset: string | undefined) => (aliases
    ? aliases.name(namespace, name, subset, clientNamespace)
    : `${namespace}/${name}${subset !== undefined ? `#${subset}` : ''}`);
  const backends = new Map<string, BackendShare>();
  for (const b of d.backends) {
    if (b.status !== 200 || !(b.share > 0)) continue;
    const name = nameOf(b.namespace, b.name, b.subset);
    const prev = backends.get(name);
    const ports = [...prev?.ports ?? [], ...b.port !== undefined ? [b.port] : []];
    backends.set(name, { share: round((prev?.share ?? 0) + b.share), ports: [...new Set(ports)].sort((x, y) => x - y) });
  }
  const requestPath = request.path.split('?')[0];
  const rewriteParts: string[] = [];
  if (d.rewrite?.host !== undefined && d.rewrite.host.toLowerCase() !== request.host.toLowerCase()) rewriteParts.push(`host=${d.rewrite.host}`);
  if (d.rewrite?.path !== undefined && d.rewrite.path !== requestPath) rewriteParts.push(`path=${d.rewrite.path}`);
  const sent = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const changes: string[] = [];
  for (const name of Object.keys(d.requestHeaders).sort()) {
    if (IGNORED_HEADERS.has(name)) continue;
    if (sent.get(name) !== d.requestHeaders[name]) changes.push(`+${name}: ${d.requestHeaders[name]}`);
  }
  for (const name of [...sent.keys()].sort()) {
    if (!IGNORED_HEADERS.has(name) && !(name in d.requestHeaders)) changes.push(`-${name}`);
  }
  const forwarded = backends.size > 0;
  const mirrorList = d.mirrors.filter((m) => m.problem === undefined && m.percent > 0)
    // MirrorDecision carries no subset today; read one if the simulator gives it
    .map((m) => `${nameOf(m.namespace, m.name, (m as { subset?: string }).subset)} ${percentText(m.percent)}`).sort();
  return {
    status: String(d.status),
    backends,
    timeout: forwarded && d.timeouts !== undefined ? durationText(d.timeouts.routeTimeout) : forwarded && d.retry !== undefined ? 'none' : undefined,
    retry: forwarded && d.retry !== undefined ? retryText(d.retry) : undefined,
    mirrors: forwarded ? mirrorList.join(', ') || 'none' : undefined,
    redirect: d.redirect ? `${d.redirect.statusCode} ${d.redirect.location}` : undefined,
    rewrite: rewriteParts.length > 0 ? rewriteParts.join(' ') : undefined,
    requestHeaders: changes.length > 0 ? changes.join(', ') : undefined,
    responseHeaders: responseText(d),
    fault: d.fault ? faultText(d.fault) : undefined,
    reason: d.reason,
  };
}

function responseText(d: RoutingDecision): string | undefined {
  const r = d.responseHeaders;
  if (!r) return undefined;
  const parts = [
    ...Object.keys(r.set).sort().map((k) => `set ${k}: ${r.set[k]}`),
    ...Object.keys(r.add).sort().map((k) => `add ${k}: ${r.add[k]}`),
    ...[...r.remove].sort().map((k) => `remove ${k}`),
  ];
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function faultText(fault: FaultDecision): string | undefined {
  const parts: string[] = [];
  if (fault.abortStatus !== undefined) parts.push(`abort ${fault.abortStatus}${fault.abortShare !== undefined ? ` ${percent(fault.abortShare)}` : ''}`);
  if (fault.delay !== undefined) parts.push(`delay ${fault.delay}${fault.delayShare !== undefined ? ` ${percent(fault.delayShare)}` : ''}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * The fields in which two outcomes differ: `status`, `backends` (names or
 * shares), `backend ports` (when both sides know a backend's port),
 * `redirect`, `rewrite`, `request headers`, `response headers`, `fault`,
 * and, when both sides forward the request, `timeout`, `retry`, `mirrors`.
 * Two refused requests are equal whatever the messages say.
 * @internal
 */
export function differingFields(a: RoutingOutcome, b: RoutingOutcome): string[] {
  const fields: string[] = [];
  if (a.status !== b.status) fields.push('status');
  const names = [...new Set([...a.backends.keys(), ...b.backends.keys()])];
  if (names.some((n) => a.backends.get(n)?.share !== b.backends.get(n)?.share)) {
    fields.push('backends');
  } else if (names.some((n) => {
    const pa = a.backends.get(n)!.ports;
    const pb = b.backends.get(n)!.ports;
    return pa.length > 0 && pb.length > 0 && pa.join() !== pb.join();
  })) {
    fields.push('backend ports');
  }
  if (a.redirect !== b.redirect) fields.push('redirect');
  if (a.rewrite !== b.rewrite) fields.push('rewrite');
  if (a.requestHeaders !== b.requestHeaders) fields.push('request headers');
  if (a.responseHeaders !== b.responseHeaders) fields.push('response headers');
  if (a.fault !== b.fault) fields.push('fault');
  // what a migration can lose silently: compared only when both sides forward the request
  if (a.timeout !== undefined && b.timeout !== undefined && a.timeout !== b.timeout) fields.push('timeout');
  if (a.retry !== undefined && b.retry !== undefined && a.retry !== b.retry) fields.push('retry');
  if (a.mirrors !== undefined && b.mirrors !== undefined && a.mirrors !== b.mirrors) fields.push('mirrors');
  return fields;
}

/** An outcome as compact text, e.g. `200 default/productpage:9080 100%; rewrite path=/v2`. */
export function outcomeText(o: RoutingOutcome): string {
  if (o.status === 'error') return `error: ${o.error ?? 'unknown'}`;
  const parts: string[] = [];
  const head = [o.status];
  if (o.redirect) head.push(`-> ${o.redirect.slice(o.redirect.indexOf(' ') + 1)}`);
  const backends = [...o.backends.keys()].sort().map((n) => {
    const b = o.backends.get(n)!;
    return `${n}${b.ports.length > 0 ? `:${b.ports.join('|')}` : ''} ${percent(b.share)}`;
  });
  if (backends.length > 0) head.push(backends.join(', '));
  if (o.backends.size === 0 && !o.redirect && o.reason) head.push(`(${shorten(o.reason)})`);
  parts.push(head.join(' '));
  if (o.rewrite) parts.push(`rewrite ${o.rewrite}`);
  if (o.requestHeaders) parts.push(`request headers ${o.requestHeaders}`);
  if (o.responseHeaders) parts.push(`response headers ${o.responseHeaders}`);
  if (o.fault) parts.push(`fault ${o.fault}`);
  if (o.timeout !== undefined && o.timeout !== 'none') parts.push(`timeout ${o.timeout}`);
  if (o.retry !== undefined && o.retry !== DEFAULT_RETRY_TEXT) parts.push(`retry ${o.retry}`);
  if (o.mirrors !== undefined && o.mirrors !== 'none') parts.push(`mirrors ${o.mirrors}`);
  return parts.join('; ');
}

/** At most 200 characters. */
function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * A duration (protobuf `1.5s`, `300ms`; GEP-2257 `1h30m`) as milliseconds
 * with `ms`, so `5s` and `5000ms` compare equal; `none` for undefined or 0
 * (both sides disable Envoy's route timeout then: route.go
 * `translateRoute` sets 0 without a VirtualService `timeout`, and
 * conversion.go drops a zero HTTPRoute timeout); the text as written when
 * it does not parse.
 */
function durationText(value: string | undefined): string {
  if (value === undefined) return 'none';
  const ms = durationMillis(value);
  if (ms === undefined) return value;
  return ms === 0 ? 'none' : `${ms}ms`;
}

function durationMillis(value: string): number | undefined {
  const units: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(n) * units[unit];
  return Math.round(total * 1e6) / 1e6;
}

/** Istio's default policy as `retryText` gives it (not printed in outcomes). */
const DEFAULT_RETRY_TEXT = 'attempts 2 on cancelled,connect-failure,refused-stream,unavailable';

/**
 * A retry policy as Envoy applies it: `none` for 0 attempts (Istio's
 * `ConvertPolicy` returns no policy then, whatever the conditions, retry.go);
 * else attempts, per-try timeout, backoff, the `retry_on` conditions as a
 * sorted set, and the retriable status codes. `retriable-status-codes`
 * without codes is dropped: it retries nothing (Istio's default policy
 * carries it with no codes since EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY
 * defaults to true, retry.go `defaultPolicy`; an HTTPRoute retry converts
 * to the conditions without it, conversion.go `convertHTTPRoute`).
 */
function retryText(r: RetryDecision): string {
  if (!(r.attempts > 0)) return 'none';
  const conditions = [...new Set(r.retryOn.split(',').map((c) => c.trim()).filter((c) => c !== ''))]
    .filter((c) => c !== 'retriable-status-codes' || r.codes.length > 0).sort();
  const codes = [...new Set(r.codes)].sort((x, y) => x - y);
  const parts = [`attempts ${r.attempts}`];
  if (r.perTryTimeout !== undefined && durationText(r.perTryTimeout) !== 'none') parts.push(`per try ${durationText(r.perTryTimeout)}`);
  // Envoy's base interval defaults to 25ms (RetryPolicy.retry_back_off)
  const backoff = durationText(r.backoff ?? '25ms');
  if (backoff !== '25ms') parts.push(`backoff ${backoff}`);
  parts.push(`on ${conditions.join(',') || '(nothing)'}`);
  if (codes.length > 0) parts.push(`codes ${codes.join(',')}`);
  return parts.join(' ');
}

function percentText(p: number): string {
  return `${Math.round(p * 100) / 100}%`;
}

function percent(share: number): string {
  return `${Math.round(share * 10000) / 100}%`;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
