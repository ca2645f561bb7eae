import { Duration } from 'cdk8s';
import { IBackend } from './backend';
import { backendRefProblem, describeBackend, sameBackend, TIMEOUT_RE } from './checks';
import { HeaderMatch, QueryParamMatch } from './header-match';
import { HttpMethod } from './http-method';
import { HttpRouteFilter, HttpRouteFilterType } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { PathMatch, PathMatchType } from './path-match';
import { renderBackendRef } from './render-refs';
import { RuleHost } from './rule-host';
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
  /**
   * The timeouts of the rule.
   * @default - the implementation's defaults
   */
  public readonly timeouts?: HttpRouteTimeouts;
  private readonly _matches: HttpRouteMatch[] = [];
  private readonly _filters: HttpRouteFilter[] = [];
  private readonly _backends: BackendEntry[] = [];

  private constructor(private readonly host: RuleHost, options: HttpRouteRuleOptions) {
    this.name = options.name;
    this.timeouts = options.timeouts;
    this._matches.push(...(options.matches ?? []).map(ownMatch));
    for (const f of options.filters ?? []) this.addFilterUnchecked(f);
    for (const b of options.backends ?? []) this.addBackendUnchecked(b.backend, b);
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
    if (this._backends.length > 16) return `has ${this._backends.length} backends; at most 16 are allowed per rule`;
    for (let i = 0; i < this._backends.length; i++) {
      const b = this._backends[i];
      const ref = b.backend.backendReference();
      const rp = backendRefProblem(ref);
      if (rp) return `backendRefs[${i}] ${rp}`;
      if (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > 1_000_000) {
        return `backendRefs[${i}] (${describeBackend(ref)}) has weight ${b.weight}; use an integer between 0 and 1000000`;
      }
      const dup = this._backends.findIndex(o => sameBackend(o.backend.backendReference(), ref, this.host.namespace));
      if (dup !== i) {
        return `backendRefs[${i}] repeats ${describeBackend(ref)} (also backendRefs[${dup}]); change its weight instead`;
      }
      const bfp = HttpRouteFilter._listProblem(b.filters);
      if (bfp) return `backendRefs[${i}] ${bfp}`;
    }
    return this.timeoutsProblem();
  }

  private timeoutsProblem(): string | undefined {
    const t = this.timeouts;
    if (!t) return undefined;
    for (const [field, d] of [['request', t.request], ['backendRequest', t.backendRequest]] as Array<[string, Duration | undefined]>) {
      const p = timeoutProblem(field, d);
      if (p) return p;
    }
    if (t.request && t.backendRequest && t.request.toMilliseconds() !== 0
      && t.backendRequest.toMilliseconds() > t.request.toMilliseconds()) {
      return `timeouts.backendRequest (${renderTimeout('backendRequest', t.backendRequest)}) is longer than `
        + `timeouts.request (${renderTimeout('request', t.request)}); make it at most the request timeout`;
    }
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
      timeouts: this.timeouts && (this.timeouts.request || this.timeouts.backendRequest)
        ? {
          request: renderTimeout('request', this.timeouts.request),
          backendRequest: renderTimeout('backendRequest', this.timeouts.backendRequest),
        }
        : undefined,
    };
  }
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
function timeoutProblem(field: string, d: Duration | undefined): string | undefined {
  if (d === undefined) return undefined;
  const p = durationProblem(`timeouts.${field}`, d, 0);
  if (p) return p;
  const v = renderTimeout(field, d)!;
  return TIMEOUT_RE.test(v) ? undefined : `timeouts.${field} ${v} is too long; use at most 99999h`;
}

/** A timeout in the GEP-2257 form (`30s`). */
function renderTimeout(field: string, d: Duration | undefined): string | undefined {
  return d ? formatDuration(d, `timeouts.${field}`) : undefined;
}
