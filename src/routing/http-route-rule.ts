import { Duration } from 'cdk8s';
import { IBackend } from './backend';
import {
  backendRefProblem, describeBackend, pathValueProblem, regexProblem, sameBackend, TIMEOUT_RE, tokenProblem,
} from './checks';
import { filterListProblem, filterProblem, renderFilter, usesReplacePrefixMatch } from './filter-render';
import { HeaderMatch, ValueMatchType } from './header-match';
import { HttpMethod } from './http-method';
import { HttpRouteFilter, HttpRouteFilterType } from './http-route-filter';
import { HttpRouteMatch } from './http-route-match';
import { PathMatch, PathMatchType } from './path-match';
import { renderBackendRef } from './render-refs';
import { RuleHost } from './rule-host';
import { formatDuration } from '../internal/duration';
import { SECTION_NAME_RE } from '../internal/names';

/**
 * Timeouts of an HTTPRoute rule, rendered as GEP-2257 durations (`30s`).
 */
export interface HttpRouteTimeouts {
  /**
   * Time for the whole request, from the gateway receiving it to the end of
   * the response, retries included. Zero disables the timeout.
   * @default - the implementation's default (Istio: none)
   */
  readonly request?: Duration;
  /**
   * Time for one request from the gateway to a backend; at most `request`.
   * @default - the implementation's default
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
   */
  readonly weight?: number;
  /**
   * Filters applied only to requests sent to this backend (at most 16).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
}

/**
 * A weighted backend of a rule.
 */
export interface HttpRouteBackend extends HttpRouteBackendOptions {
  /** Where to send the traffic. */
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
   */
  readonly name?: string;
  /**
   * Matches of the rule (at most 64; alternatives).
   * @default - one match: PathMatch.prefix('/'), written out
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters of the rule (at most 16).
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Weighted backends (at most 16). A rule without backends answers 500
   * unless a RequestRedirect filter answers (Istio answers 404).
   * @default - none
   */
  readonly backends?: HttpRouteBackend[];
  /**
   * Timeouts of the rule.
   * @default - the implementation's defaults
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
    this._matches.push(...(options.matches ?? []));
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
    this._matches.push(match);
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
    if (filter._mirrorBackend) this.host._grantFor(filter._mirrorBackend);
  }

  private addBackendUnchecked(backend: IBackend, options: HttpRouteBackendOptions) {
    this._backends.push({ backend, weight: options.weight ?? 1, filters: [...(options.filters ?? [])] });
    this.host._grantFor(backend);
    for (const f of options.filters ?? []) {
      if (f._mirrorBackend) this.host._grantFor(f._mirrorBackend);
    }
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
    const fp = this.filtersProblem(this._filters);
    if (fp) return fp;
    if (this._backends.length > 0 && this._filters.some(f => f.type === HttpRouteFilterType.REQUEST_REDIRECT)) {
      return 'has a RequestRedirect filter and backends; a redirect answers by itself, remove the backends or the redirect';
    }
    const prefixReplaced = this._filters.some(usesReplacePrefixMatch)
      || this._backends.some(b => b.filters.some(usesReplacePrefixMatch));
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
      const bfp = this.filtersProblem(b.filters);
      if (bfp) return `backendRefs[${i}] ${bfp}`;
    }
    return this.timeoutsProblem();
  }

  private filtersProblem(filters: HttpRouteFilter[]): string | undefined {
    const lp = filterListProblem(filters);
    if (lp) return lp;
    for (let i = 0; i < filters.length; i++) {
      const p = filterProblem(filters[i]);
      if (p) return `filters[${i}] (${filters[i].type}) ${p}`;
    }
    return undefined;
  }

  private timeoutsProblem(): string | undefined {
    const t = this.timeouts;
    if (!t) return undefined;
    const format = (d: Duration | undefined, field: string): string | undefined => {
      if (d === undefined) return undefined;
      try {
        return formatDuration(d, `timeouts.${field}`);
      } catch (e) {
        throw new Error(`timeouts.${field} is not a whole number of milliseconds (${(e as Error).message})`);
      }
    };
    let request: string | undefined;
    let backendRequest: string | undefined;
    try {
      request = format(t.request, 'request');
      backendRequest = format(t.backendRequest, 'backendRequest');
    } catch (e) {
      return (e as Error).message;
    }
    for (const [field, v] of [['request', request], ['backendRequest', backendRequest]]) {
      if (v !== undefined && !TIMEOUT_RE.test(v)) return `timeouts.${field} ${v} is too long; use at most 99999h`;
    }
    if (t.request && t.backendRequest && t.request.toMilliseconds() !== 0
      && t.backendRequest.toMilliseconds() > t.request.toMilliseconds()) {
      return `timeouts.backendRequest (${backendRequest}) is longer than timeouts.request (${request}); make it at most the request timeout`;
    }
    return undefined;
  }

  /** The number of matches as rendered (the default counts as one). @internal */
  public get _matchCount(): number {
    return this.effectiveMatches().length;
  }

  /** The rule as the typed L1 structure. @internal */
  public _toKube(): any {
    return {
      name: this.name,
      matches: this.effectiveMatches().map(renderMatch),
      filters: this._filters.length ? this._filters.map(renderFilter) : undefined,
      backendRefs: this._backends.length
        ? this._backends.map(b => ({
          ...renderBackendRef(b.backend.backendReference()),
          weight: b.weight,
          filters: b.filters.length ? b.filters.map(renderFilter) : undefined,
        }))
        : undefined,
      timeouts: this.timeouts && (this.timeouts.request || this.timeouts.backendRequest)
        ? {
          request: this.timeouts.request ? formatDuration(this.timeouts.request, 'timeouts.request') : undefined,
          backendRequest: this.timeouts.backendRequest
            ? formatDuration(this.timeouts.backendRequest, 'timeouts.backendRequest') : undefined,
        }
        : undefined,
    };
  }
}

function matchProblem(m: HttpRouteMatch): string | undefined {
  if (m.path) {
    if (!Object.values(PathMatchType).includes(m.path.type)) return `.path has unknown type "${m.path.type}"`;
    const p = pathValueProblem(m.path.type, m.path.value);
    if (p) return `.path ${m.path.type} "${m.path.value}" ${p}`;
  }
  if (m.method !== undefined && !Object.values(HttpMethod).includes(m.method)) {
    return `.method "${m.method}" is not one of ${Object.values(HttpMethod).join(', ')}`;
  }
  for (const [field, list, maxValue, caseInsensitive] of [
    ['headers', m.headers ?? [], 4096, true],
    ['queryParams', m.queryParams ?? [], 1024, false],
  ] as Array<[string, Array<{ name: string; value: string; type: ValueMatchType }>, number, boolean]>) {
    if (list.length > 16) return `.${field} has ${list.length} entries; at most 16 are allowed per match`;
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const h = list[i];
      if (h instanceof HeaderMatch && h._problem) return `.${field}[${i}] ${h._problem}`;
      const np = tokenProblem(h.name);
      if (np) return `.${field}[${i}] name "${h.name}" ${np}`;
      const key = caseInsensitive ? h.name.toLowerCase() : h.name;
      if (seen.has(key)) {
        return `.${field}[${i}] repeats "${h.name}"${caseInsensitive ? ' (names are case-insensitive)' : ''}; use one entry per name`;
      }
      seen.add(key);
      if (typeof h.value !== 'string' || h.value.length < 1 || h.value.length > maxValue) {
        return `.${field}[${i}] ("${h.name}") must have a value of 1 to ${maxValue} characters`;
      }
      if (h.type === ValueMatchType.REGULAR_EXPRESSION) {
        const rp = regexProblem(h.value);
        if (rp) return `.${field}[${i}] ("${h.name}") expression "${h.value}" ${rp}`;
      }
    }
  }
  return undefined;
}

function renderMatch(m: HttpRouteMatch): any {
  const path = m.path ?? PathMatch.prefix('/');
  const values = (list: Array<{ name: string; value: string; type: ValueMatchType }> | undefined) =>
    list && list.length ? list.map(h => ({ type: h.type, name: h.name, value: h.value })) : undefined;
  return {
    path: { type: path.type, value: path.value },
    headers: values(m.headers),
    queryParams: values(m.queryParams),
    method: m.method,
  };
}
