import { Duration } from 'cdk8s';
import { IBackend } from './backend';
import { describeBackend, sameBackend, TIMEOUT_RE } from './checks';
import { HeaderMatch, QueryParamMatch } from './header-match';
import { HttpMethod } from './http-method';
import { HttpRouteFilter, HttpRouteFilterType } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { PathMatch, PathMatchType } from './path-match';
import { renderBackendRef } from './render-refs';
import { weightedBackendsProblem } from './route-common';
import { RuleHost } from './rule-host';
import { INT32_MAX } from '../internal/api-limits';
import { durationProblem, formatDuration } from '../internal/duration';
import { SECTION_NAME_RE } from '../internal/names';

/**
 * Timeouts of an HTTPRoute rule, rendered as GEP-2257 durations (`30s`).
 */
export interface HttpRouteTimeouts {
  /**
   * Time for the whole request, from the gateway receiving it to the end of
   * the response, retries included. Zero disables the timeout.
   * @default - the implementation's default (Istio: none)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts `request` (Extended support)
   */
  readonly request?: Duration;
  /**
   * Time for one request from the gateway to a backend; at most `request`.
   * @default - the implementation's default
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts `backendRequest` (Extended support)
   */
  readonly backendRequest?: Duration;
}

/**
 * When the gateway retries a request to a backend (`rules[].retry`, GEP-1731).
 *
 * **Experimental channel only.** `retry` is not in the standard-channel
 * HTTPRoute CRD of Gateway API v1.6.1, whose API server drops or rejects it.
 * A rule with a retry needs the context key
 * `cdk8s-istio-gateway:gatewayApiChannel` set to `experimental` (see
 * `GatewayApiChannel`), and the experimental CRDs in the cluster.
 *
 * What Istio does (istio/istio pilot/pkg/config/kube/gateway/conversion.go,
 * `convertHTTPRoute`):
 * - **without `retry`** the generated VirtualService route has no retry
 *   policy, so Envoy gets Istio's default one (pilot/pkg/networking/core/route/retry/retry.go
 *   `DefaultPolicy`): 2 retries on `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`,
 *   with no status code listed, so 5xx answers are not retried; the mesh
 *   config's `defaultHttpRetryPolicy` replaces that default;
 * - **with `retry`**: `retryOn` is `connect-failure,refused-stream,unavailable,cancelled`
 *   plus each code (Istio then adds `retriable-status-codes`), `attempts`
 *   defaults to 2, `backoff` becomes Envoy's `retry_back_off.base_interval`,
 *   and `timeouts.backendRequest` becomes the per-try timeout instead of the
 *   route timeout.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry (Extended support, experimental channel)
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1731/
 */
export interface HttpRouteRetry {
  /**
   * Maximum number of retries of one request, at least 1.
   * @default - Istio's default, 2
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry `attempts` (Extended support, experimental channel)
   */
  readonly attempts?: number;
  /**
   * Response status codes to retry, each from 400 to 599, listed once
   * (500, 502, 503 and 504 must be supported by every implementation).
   * Istio counts a number as a status code only when Go's `net/http` names
   * it (`http.StatusText`, in `parseRetryOn`).
   * @default - none: only connection failures, refused streams and gRPC unavailable/cancelled are retried
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry `codes` (Extended support, experimental channel)
   */
  readonly codes?: number[];
  /**
   * Minimum wait between retries, at least 1ms (Envoy requires a positive base interval).
   * @default - Envoy's default, 25ms
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry `backoff` (Extended support, experimental channel)
   */
  readonly backoff?: Duration;
}

/**
 * Timeouts and retries that every rule of a route gets unless it sets its
 * own. Define one per gateway or team and pass it to each route
 * (`HttpRoute`, `CanaryRoute`, `SplitHttpRoute`): the values are written
 * into each rule, so the YAML shows what applies.
 *
 * A rule's own `timeouts.request` and `timeouts.backendRequest` each replace
 * the default one (`Duration.seconds(0)` turns a timeout off for that rule);
 * a rule's own `retry` replaces the default retry as a whole. Rules that
 * redirect (RequestRedirect filter) get no defaults: they send nothing to a
 * backend.
 *
 * @example
 * const edgeDefaults: RouteDefaults = { timeouts: { request: Duration.seconds(15), backendRequest: Duration.seconds(5) } };
 * new HttpRoute(chart, 'api', { parents: [https], defaults: edgeDefaults, rules: [...] });
 * new CanaryRoute(chart, 'web', { parent: https, defaults: edgeDefaults, stable, canary });
 */
export interface RouteDefaults {
  /**
   * Timeouts of every rule that does not set them.
   * @default - none: the implementation's defaults (Istio: no timeout)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (Extended support)
   */
  readonly timeouts?: HttpRouteTimeouts;
  /**
   * Retry of every rule that does not set one. Experimental channel only
   * (see `HttpRouteRetry`).
   * @default - none: Istio's default retry policy
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry (Extended support, experimental channel)
   */
  readonly retry?: HttpRouteRetry;
}

/**
 * Options of a backend of a rule.
 */
export interface HttpRouteBackendOptions {
  /**
   * Relative weight, an integer from 0 to 1,000,000; the share of a backend is
   * weight / sum of weights, 0 sends no traffic.
   * @default 1 - written out, as the API server would
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref `weight` (Core support)
   */
  readonly weight?: number;
  /**
   * Filters applied only to requests sent to this backend (at most 16).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref `filters` (Implementation-specific support)
   */
  readonly filters?: HttpRouteFilter[];
}

/**
 * A weighted backend of a rule.
 */
export interface HttpRouteBackend extends HttpRouteBackendOptions {
  /**
   * Where to send the traffic.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref `name`, `namespace`, `port` (Core support for a Service)
   */
  readonly backend: IBackend;
}

/**
 * Options of an HTTPRoute rule.
 */
export interface HttpRouteRuleOptions {
  /**
   * Rule name (a DNS subdomain, unique within the route); shows up in status
   * and policies that target a section of the route.
   * @default - unnamed
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule `name` (Extended support)
   */
  readonly name?: string;
  /**
   * Matches of the rule (at most 64; alternatives).
   * @default - one match: PathMatch.prefix('/'), written out
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch (Core support)
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters of the rule (at most 16).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter (support per filter type)
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Weighted backends (at most 16). A rule without backends answers 500
   * unless a RequestRedirect filter answers (Istio answers 404).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref (Core support for a Service)
   */
  readonly backends?: HttpRouteBackend[];
  /**
   * Timeouts of the rule.
   * @default - the implementation's defaults
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (Extended support)
   */
  readonly timeouts?: HttpRouteTimeouts;
  /**
   * When to retry a failed request. Experimental channel only: needs the
   * context key `cdk8s-istio-gateway:gatewayApiChannel` set to `experimental`.
   * @default - the route's `defaults.retry`, else none (Istio's default retry policy applies)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry (Extended support, experimental channel)
   */
  readonly retry?: HttpRouteRetry;
}

interface BackendEntry {
  readonly backend: IBackend;
  weight: number;
  readonly filters: HttpRouteFilter[];
}

/**
 * A rule of an `HttpRoute`: matches, filters, weighted backends and
 * timeouts. Created by `HttpRoute.addRule()`. Every change is checked
 * against the API server's rules at once.
 */
export class HttpRouteRule {
  /** @internal */
  public static _create(host: RuleHost, options: HttpRouteRuleOptions): HttpRouteRule {
    return new HttpRouteRule(host, options);
  }

  /**
   * The rule name.
   * @default - unnamed
   */
  public readonly name?: string;
  private readonly ownTimeouts?: HttpRouteTimeouts;
  private readonly ownRetry?: HttpRouteRetry;
  private readonly _matches: HttpRouteMatch[] = [];
  private readonly _filters: HttpRouteFilter[] = [];
  private readonly _backends: BackendEntry[] = [];

  private constructor(private readonly host: RuleHost, options: HttpRouteRuleOptions) {
    this.name = options.name;
    this.ownTimeouts = options.timeouts;
    this.ownRetry = options.retry;
    this._matches.push(...(options.matches ?? []).map(ownMatch));
    for (const f of options.filters ?? []) this.addFilterUnchecked(f);
    for (const b of options.backends ?? []) this.addBackendUnchecked(b.backend, b);
  }

  /**
   * The timeouts written for the rule: its own, each unset one taken from
   * the route's `defaults` (none for a redirect rule).
   * @default - the implementation's defaults
   */
  public get timeouts(): HttpRouteTimeouts | undefined {
    const own = this.ownTimeouts;
    const fallback = this.redirects ? undefined : this.host._defaults?.timeouts;
    const request = own?.request ?? fallback?.request;
    const backendRequest = own?.backendRequest ?? fallback?.backendRequest;
    return request || backendRequest ? { request, backendRequest } : own;
  }

  /**
   * The retry written for the rule: its own, else the route's
   * `defaults.retry` (none for a redirect rule). Experimental channel only.
   * @default - none: Istio's default retry policy applies
   */
  public get retry(): HttpRouteRetry | undefined {
    return this.ownRetry ?? (this.redirects ? undefined : this.host._defaults?.retry);
  }

  /** The matches added so far (a copy; empty means the default `PathPrefix /`). */
  public get matches(): HttpRouteMatch[] {
    return [...this._matches];
  }

  /** The rule-level filters (a copy). */
  public get filters(): HttpRouteFilter[] {
    return [...this._filters];
  }

  /** The backends with their weights (a copy). */
  public get backends(): HttpRouteBackend[] {
    return this._backends.map(b => ({ backend: b.backend, weight: b.weight, filters: [...b.filters] }));
  }

  /** Adds a match (an alternative to the existing ones). */
  public addMatch(match: HttpRouteMatch): void {
    this._matches.push(ownMatch(match));
    this.host._check();
  }

  /** Adds a rule-level filter. */
  public addFilter(filter: HttpRouteFilter): void {
    this.addFilterUnchecked(filter);
    this.host._check();
  }

  /**
   * Adds a weighted backend. A backend in another namespace than the route
   * gets a ReferenceGrant in its namespace automatically.
   */
  public addBackend(backend: IBackend, options: HttpRouteBackendOptions = {}): void {
    this.addBackendUnchecked(backend, options);
    this.host._check();
  }

  /** Changes the weight of a backend already in the rule. */
  public setBackendWeight(backend: IBackend, weight: number): void {
    const ref = backend.backendReference();
    const entry = this._backends.find(b => sameBackend(b.backend.backendReference(), ref, this.host.namespace));
    if (!entry) {
      this.host._fail(`backend ${describeBackend(ref)} is not in this rule; add it with addBackend() first`);
    }
    entry.weight = weight;
    this.host._check();
  }

  private addFilterUnchecked(filter: HttpRouteFilter) {
    this._filters.push(filter);
    filter._bind(this.host);
  }

  private addBackendUnchecked(backend: IBackend, options: HttpRouteBackendOptions) {
    this._backends.push({ backend, weight: options.weight ?? 1, filters: [...(options.filters ?? [])] });
    this.host._grantFor(backend);
    for (const f of options.filters ?? []) f._bind(this.host);
  }

  /** Whether the rule answers with a redirect (and so sends nothing to a backend). */
  private get redirects(): boolean {
    return this._filters.some(f => f.type === HttpRouteFilterType.REQUEST_REDIRECT);
  }

  /** The matches as written, the default one spelled out. */
  private effectiveMatches(): HttpRouteMatch[] {
    return this._matches.length ? this._matches : [{ path: PathMatch.prefix('/') }];
  }

  /** The first problem of the rule, relative to it, or undefined. @internal */
  public _problem(): string | undefined {
    if (this.name !== undefined && (this.name.length > 253 || !SECTION_NAME_RE.test(this.name))) {
      return `has name "${this.name}"; use lowercase DNS labels separated by dots`;
    }
    if (this._matches.length > 64) return `has ${this._matches.length} matches; at most 64 are allowed per rule`;
    for (let i = 0; i < this._matches.length; i++) {
      const p = matchProblem(this._matches[i]);
      if (p) return `matches[${i}]${p}`;
    }
    const fp = HttpRouteFilter._listProblem(this._filters);
    if (fp) return fp;
    if (this._backends.length > 0 && this._filters.some(f => f.type === HttpRouteFilterType.REQUEST_REDIRECT)) {
      return 'has a RequestRedirect filter and backends; a redirect answers by itself, remove the backends or the redirect';
    }
    const prefixReplaced = this._filters.some(f => f._replacesPrefixMatch)
      || this._backends.some(b => b.filters.some(f => f._replacesPrefixMatch));
    if (prefixReplaced) {
      const m = this.effectiveMatches();
      const path = m[0].path ?? PathMatch.prefix('/');
      if (m.length !== 1 || path.type !== PathMatchType.PATH_PREFIX) {
        return 'uses replacePrefixMatch, which needs exactly one match, of type PathPrefix; '
          + `the rule has ${m.length} match(es)${m.length === 1 ? ` of type ${path.type}` : ''}`;
      }
    }
    const bp = weightedBackendsProblem(this._backends, this.host.namespace, b => HttpRouteFilter._listProblem(b.filters));
    if (bp) return bp;
    return timeoutsProblem(this.ownTimeouts) ?? this.mergedTimeoutsProblem() ?? this.retryProblem();
  }

  /** The own timeouts merged with the route's defaults: each valid alone, but together? */
  private mergedTimeoutsProblem(): string | undefined {
    const own = this.ownTimeouts;
    const t = this.timeouts;
    if (!t || !t.request || !t.backendRequest || t.request.toMilliseconds() === 0
      || t.backendRequest.toMilliseconds() <= t.request.toMilliseconds()) {
      return undefined;
    }
    const from = (field: 'request' | 'backendRequest') => (own?.[field] ? '' : ', from the route defaults');
    return `timeouts.backendRequest (${renderTimeout('backendRequest', t.backendRequest)}${from('backendRequest')}) is longer than `
      + `timeouts.request (${renderTimeout('request', t.request)}${from('request')}); make it at most the request timeout`;
  }

  private retryProblem(): string | undefined {
    const r = this.ownRetry;
    if (r === undefined) return undefined;
    const p = retryProblem('retry', r);
    if (p) return p;
    if (!this.host._experimental) return `sets retry, ${EXPERIMENTAL_RETRY_ADVICE}`;
    return undefined;
  }

  /** The number of matches as rendered (the default counts as one). @internal */
  public get _matchCount(): number {
    return this.effectiveMatches().length;
  }

  /** The rule as the typed L1 structure. @internal */
  public _render(): any {
    return {
      name: this.name,
      matches: this.effectiveMatches().map(renderMatch),
      filters: this._filters.length ? this._filters.map(f => f._render()) : undefined,
      backendRefs: this._backends.length
        ? this._backends.map(b => ({
          ...renderBackendRef(b.backend.backendReference()),
          weight: b.weight,
          filters: b.filters.length ? b.filters.map(f => f._render()) : undefined,
        }))
        : undefined,
      timeouts: renderTimeouts(this.timeouts),
      retry: this.retry && renderRetry(this.retry),
    };
  }
}

/**
 * Why a retry is refused on the standard channel, and the fix.
 * @internal
 */
export const EXPERIMENTAL_RETRY_ADVICE = 'which is only in the experimental channel of Gateway API v1.6.1 (the standard-channel '
  + 'HTTPRoute CRD has no rules[].retry); install the experimental CRDs and set the context key '
  + '"cdk8s-istio-gateway:gatewayApiChannel" to "experimental" on the App before adding constructs, or remove retry';

/**
 * The timeouts' first problem (each timeout alone, then backendRequest
 * against request), relative to the rule or defaults.
 * @internal
 */
export function timeoutsProblem(t: HttpRouteTimeouts | undefined, prefix = 'timeouts'): string | undefined {
  if (!t) return undefined;
  for (const [field, d] of [['request', t.request], ['backendRequest', t.backendRequest]] as Array<[string, Duration | undefined]>) {
    const p = timeoutProblem(field, d, prefix);
    if (p) return p;
  }
  if (t.request && t.backendRequest && t.request.toMilliseconds() !== 0
    && t.backendRequest.toMilliseconds() > t.request.toMilliseconds()) {
    return `${prefix}.backendRequest (${renderTimeout('backendRequest', t.backendRequest)}) is longer than `
      + `${prefix}.request (${renderTimeout('request', t.request)}); make it at most the request timeout`;
  }
  return undefined;
}

/**
 * A retry's first problem, against the experimental CRD (attempts >= 1,
 * codes 400-599 as a set, backoff a GEP-2257 duration) and Envoy (a
 * positive backoff).
 * @internal
 */
export function retryProblem(prefix: string, r: HttpRouteRetry): string | undefined {
  if (r === null || typeof r !== 'object') return `${prefix} must be an object ({ attempts, codes, backoff }), got ${JSON.stringify(r)}`;
  if (r.attempts !== undefined && (!Number.isInteger(r.attempts) || r.attempts < 1 || r.attempts > INT32_MAX)) {
    return `${prefix}.attempts must be a whole number of at least 1, got ${r.attempts}; leave it out for Istio's default (2)`;
  }
  const codes = r.codes ?? [];
  if (!Array.isArray(codes)) return `${prefix}.codes must be a list of status codes, e.g. [502, 503, 504]`;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (!Number.isInteger(c) || c < 400 || c > 599) {
      return `${prefix}.codes[${i}] must be an HTTP status code from 400 to 599, got ${c}; e.g. 503`;
    }
    const first = codes.indexOf(c);
    if (first !== i) return `${prefix}.codes lists ${c} twice (codes[${first}] and codes[${i}]); list each code once`;
  }
  if (r.backoff !== undefined) {
    const p = durationProblem(`${prefix}.backoff`, r.backoff, 1);
    if (p) return `${p}; e.g. Duration.millis(100)`;
    const v = formatDuration(r.backoff, `${prefix}.backoff`);
    if (!TIMEOUT_RE.test(v)) return `${prefix}.backoff ${v} is too long; use at most 99999h`;
  }
  return undefined;
}

/** The timeouts as the L1 structure, or undefined when none is set. */
function renderTimeouts(t: HttpRouteTimeouts | undefined): any {
  return t && (t.request || t.backendRequest)
    ? { request: renderTimeout('request', t.request), backendRequest: renderTimeout('backendRequest', t.backendRequest) }
    : undefined;
}

/** A retry as the experimental-channel L1 structure (`HTTPRouteRetry`). */
function renderRetry(r: HttpRouteRetry): any {
  return {
    attempts: r.attempts,
    backoff: r.backoff && formatDuration(r.backoff, 'retry.backoff'),
    codes: r.codes && r.codes.length > 0 ? [...r.codes] : undefined,
  };
}

/**
 * A copy of a match whose conditions are the library's value classes, even
 * when a JavaScript caller passed plain objects.
 */
function ownMatch(m: HttpRouteMatch): HttpRouteMatch {
  if (!m) return m;
  return {
    ...m,
    path: m.path && PathMatch._of(m.path),
    headers: m.headers && m.headers.map(HeaderMatch._of),
    queryParams: m.queryParams && m.queryParams.map(QueryParamMatch._of),
  };
}

/** The first problem of a match, as a fragment after `matches[i]`, or undefined. */
function matchProblem(m: HttpRouteMatch): string | undefined {
  const pp = m.path?._problem();
  if (pp) return `.path ${pp}`;
  if (m.method !== undefined && !Object.values(HttpMethod).includes(m.method)) {
    return `.method "${m.method}" is not one of ${Object.values(HttpMethod).join(', ')}`;
  }
  return HeaderMatch._listProblem(m.headers ?? []) ?? QueryParamMatch._listProblem(m.queryParams ?? []);
}

/** A match as the typed L1 structure, the default path written out. */
function renderMatch(m: HttpRouteMatch): any {
  const values = (list: Array<HeaderMatch | QueryParamMatch> | undefined) =>
    list && list.length ? list.map(v => v._render()) : undefined;
  return {
    path: (m.path ?? PathMatch.prefix('/'))._render(),
    headers: values(m.headers),
    queryParams: values(m.queryParams),
    method: m.method,
  };
}

/**
 * A timeout's problem: not a whole number of milliseconds, or longer than the
 * CRD's GEP-2257 pattern allows.
 */
function timeoutProblem(field: string, d: Duration | undefined, prefix = 'timeouts'): string | undefined {
  if (d === undefined) return undefined;
  const p = durationProblem(`${prefix}.${field}`, d, 0);
  if (p) return p;
  const v = renderTimeout(field, d)!;
  return TIMEOUT_RE.test(v) ? undefined : `${prefix}.${field} ${v} is too long; use at most 99999h`;
}

/** A timeout in the GEP-2257 form (`30s`). */
function renderTimeout(field: string, d: Duration | undefined): string | undefined {
  return d ? formatDuration(d, `timeouts.${field}`) : undefined;
}
