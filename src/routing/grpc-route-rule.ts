import { IBackend } from './backend';
import { describeBackend, sameBackend } from './checks';
import { GRPCROUTE_LIMITS } from './grpc-limits';
import { GrpcMethodMatch } from './grpc-method-match';
import { HeaderMatch } from './header-match';
import { HttpRouteFilter, HttpRouteFilterType } from './http-route-filter';
import { renderBackendRef } from './render-refs';
import { weightedBackendsProblem } from './route-common';
import { RuleHost } from './rule-host';
import { SECTION_NAME_RE } from '../internal/names';

/**
 * One match of a GRPCRoute rule: every condition set must hold (AND); the
 * matches of a rule are alternatives (OR).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutematch
 */
export interface GrpcRouteMatch {
  /**
   * The gRPC service and method condition.
   * @default - any service and method
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutematch `method` (Core support: Exact; Implementation-specific: RegularExpression)
   */
  readonly method?: GrpcMethodMatch;
  /**
   * Header (gRPC metadata) conditions, at most 16, names unique
   * case-insensitively. The GRPCRoute header match has the HTTPRoute one's
   * shape (`name`, `type` Exact or RegularExpression, `value`).
   * @default - no header condition
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcheadermatch (Core support: Exact; Implementation-specific: RegularExpression)
   */
  readonly headers?: HeaderMatch[];
}

/**
 * Options of a backend of a GRPCRoute rule.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref
 */
export interface GrpcRouteBackendOptions {
  /**
   * Relative weight, an integer from 0 to 1,000,000; the share of a backend
   * is weight / sum of weights, 0 sends no traffic.
   * @default 1 - written out, as the API server would
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref `weight` (Core support)
   */
  readonly weight?: number;
  /**
   * Filters applied only to requests sent to this backend (at most 16; the
   * types `GrpcRoute` allows, see `GrpcRouteRuleOptions.filters`).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref `filters` (Implementation-specific support)
   */
  readonly filters?: HttpRouteFilter[];
}

/**
 * A weighted backend of a GRPCRoute rule.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref
 */
export interface GrpcRouteBackend extends GrpcRouteBackendOptions {
  /**
   * Where to send the traffic: a Service that speaks gRPC (HTTP/2). Give a
   * `ResilientBackend` `appProtocol: AppProtocol.GRPC`, so Istio sends
   * HTTP/2 to it.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref `name`, `namespace`, `port` (Core support for a Service)
   */
  readonly backend: IBackend;
}

/**
 * Options of a GRPCRoute rule.
 *
 * A GRPCRoute rule has no `timeouts` and no `retry`: the GRPCRoute CRD of
 * Gateway API v1.6.1 has neither field in the standard channel (nor in the
 * experimental one, which adds only `sessionPersistence`). Use an
 * `HttpRoute` rule matching the gRPC path (`/<service>/<method>`) when a
 * timeout is needed.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule
 */
export interface GrpcRouteRuleOptions {
  /**
   * Rule name (a DNS subdomain, unique within the route).
   * @default - unnamed
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule `name` (Extended support)
   */
  readonly name?: string;
  /**
   * Matches of the rule (at most 64; alternatives).
   * @default - none: the rule matches every gRPC request (no match is written; the CRD defaults none)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutematch (Core support)
   */
  readonly matches?: GrpcRouteMatch[];
  /**
   * Filters of the rule (at most 16). GRPCRoute allows the
   * `HttpRouteFilter` types `RequestHeaderModifier` (Core support),
   * `ResponseHeaderModifier`, `RequestMirror` (Extended support) and
   * `ExtensionRef` (Implementation-specific; Istio rejects it); a
   * `RequestRedirect`, `URLRewrite` or `CORS` filter is an error.
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutefilter
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Weighted backends (at most 16). A rule without backends answers every
   * matching request with an error (HTTP 500 per the Gateway API spec,
   * which gRPC clients see as status UNKNOWN).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref (Core support for a Service)
   */
  readonly backends?: GrpcRouteBackend[];
}

/** The filter types of a GRPCRoute (the CRD's enum of `filters[].type`). */
const GRPC_FILTER_TYPES: HttpRouteFilterType[] = [
  HttpRouteFilterType.REQUEST_HEADER_MODIFIER,
  HttpRouteFilterType.RESPONSE_HEADER_MODIFIER,
  HttpRouteFilterType.REQUEST_MIRROR,
  HttpRouteFilterType.EXTENSION_REF,
];

interface BackendEntry {
  readonly backend: IBackend;
  weight: number;
  readonly filters: HttpRouteFilter[];
}

/**
 * A rule of a `GrpcRoute`: matches, filters and weighted backends. Created
 * by `GrpcRoute.addRule()`. Every change is checked against the API
 * server's rules at once.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule
 */
export class GrpcRouteRule {
  /** @internal */
  public static _create(host: RuleHost, options: GrpcRouteRuleOptions): GrpcRouteRule {
    return new GrpcRouteRule(host, options);
  }

  /**
   * The rule name.
   * @default - unnamed
   */
  public readonly name?: string;
  private readonly _matches: GrpcRouteMatch[] = [];
  private readonly _filters: HttpRouteFilter[] = [];
  private readonly _backends: BackendEntry[] = [];

  private constructor(private readonly host: RuleHost, options: GrpcRouteRuleOptions) {
    this.name = options.name;
    this._matches.push(...(options.matches ?? []).map(ownMatch));
    for (const f of options.filters ?? []) this.addFilterUnchecked(f);
    for (const b of options.backends ?? []) this.addBackendUnchecked(b.backend, b);
  }

  /** The matches added so far (a copy; empty means every request). */
  public get matches(): GrpcRouteMatch[] {
    return [...this._matches];
  }

  /** The rule-level filters (a copy). */
  public get filters(): HttpRouteFilter[] {
    return [...this._filters];
  }

  /** The backends with their weights (a copy). */
  public get backends(): GrpcRouteBackend[] {
    return this._backends.map(b => ({ backend: b.backend, weight: b.weight, filters: [...b.filters] }));
  }

  /** Adds a match (an alternative to the existing ones). */
  public addMatch(match: GrpcRouteMatch): void {
    this._matches.push(ownMatch(match));
    this.host._check();
  }

  /** Adds a rule-level filter (a type GRPCRoute allows). */
  public addFilter(filter: HttpRouteFilter): void {
    this.addFilterUnchecked(filter);
    this.host._check();
  }

  /**
   * Adds a weighted backend. A backend in another namespace than the route
   * gets a ReferenceGrant in its namespace automatically.
   */
  public addBackend(backend: IBackend, options: GrpcRouteBackendOptions = {}): void {
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

  private addBackendUnchecked(backend: IBackend, options: GrpcRouteBackendOptions) {
    this._backends.push({ backend, weight: options.weight ?? 1, filters: [...(options.filters ?? [])] });
    this.host._grantFor(backend);
    for (const f of options.filters ?? []) f._bind(this.host);
  }

  /** The first problem of the rule, relative to it, or undefined. @internal */
  public _problem(): string | undefined {
    if (this.name !== undefined && (typeof this.name !== 'string' || this.name.length > 253 || !SECTION_NAME_RE.test(this.name))) {
      return `has name "${this.name}"; use lowercase DNS labels separated by dots`;
    }
    if (this._matches.length > GRPCROUTE_LIMITS.matchesPerRule) {
      return `has ${this._matches.length} matches; at most ${GRPCROUTE_LIMITS.matchesPerRule} are allowed per rule`;
    }
    for (let i = 0; i < this._matches.length; i++) {
      const p = matchProblem(this._matches[i]);
      if (p) return `matches[${i}]${p}`;
    }
    const fp = grpcFiltersProblem(this._filters);
    if (fp) return fp;
    return weightedBackendsProblem(this._backends, this.host.namespace, b => grpcFiltersProblem(b.filters));
  }

  /** The number of matches as rendered (the CRD's CEL rule counts a rule without matches as 0). @internal */
  public get _matchCount(): number {
    return this._matches.length;
  }

  /** The rule as the typed L1 structure. @internal */
  public _render(): any {
    return {
      name: this.name,
      matches: this._matches.length ? this._matches.map(renderMatch) : undefined,
      filters: this._filters.length ? this._filters.map(f => f._render()) : undefined,
      backendRefs: this._backends.length
        ? this._backends.map(b => ({
          ...renderBackendRef(b.backend.backendReference()),
          weight: b.weight,
          filters: b.filters.length ? b.filters.map(f => f._render()) : undefined,
        }))
        : undefined,
    };
  }
}

/**
 * The first problem of a GRPCRoute filter list: a type the GRPCRoute CRD
 * does not have, then HTTPRoute's list rules (at most 16, header modifiers
 * once each; the same CEL rules as GRPCRoute's) and each filter's own.
 */
function grpcFiltersProblem(filters: HttpRouteFilter[]): string | undefined {
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    if (!f || !GRPC_FILTER_TYPES.includes(f.type)) {
      return `filters[${i}] has type ${f?.type}, which a GRPCRoute does not allow; use one of ${GRPC_FILTER_TYPES.join(', ')} `
        + '(a redirect or a URL rewrite needs an HttpRoute)';
    }
  }
  return HttpRouteFilter._listProblem(filters);
}

/** A copy of a match whose conditions are the library's value classes, even when a JavaScript caller passed plain objects. */
function ownMatch(m: GrpcRouteMatch): GrpcRouteMatch {
  if (!m || typeof m !== 'object') return m;
  return {
    method: m.method && GrpcMethodMatch._of(m.method),
    headers: m.headers && m.headers.map(HeaderMatch._of),
  };
}

/** The first problem of a match, as a fragment after `matches[i]`, or undefined. */
function matchProblem(m: GrpcRouteMatch): string | undefined {
  if (!m || typeof m !== 'object') return ` must be an object ({ method, headers }), got ${JSON.stringify(m)}`;
  const mp = m.method?._problem();
  if (mp) return `.method ${mp}`;
  return HeaderMatch._listProblem(m.headers ?? []);
}

/** A match as the typed L1 structure. */
function renderMatch(m: GrpcRouteMatch): any {
  return {
    method: m.method?._render(),
    headers: m.headers && m.headers.length ? m.headers.map(h => h._render()) : undefined,
  };
}
