import { IBackend } from './backend';
import { corsKind } from './cors-filter';
import {
  extensionRefKind, FilterKind, headerModifierKind, mirrorKind, redirectKind, rewriteKind,
} from './filter-kinds';
import { HttpPathModifierType } from './http-path-modifier';
import {
  CorsOptions, ExtensionRefOptions, HeaderModifierOptions, RequestMirrorOptions, RequestRedirectOptions, UrlRewriteOptions,
} from './http-route-filter-options';
import { RuleHost } from './rule-host';

export * from './http-route-filter-options';

/**
 * The filter types of a standard-channel HTTPRoute.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefiltertype
 */
export enum HttpRouteFilterType {
  /** Changes request headers (Core support). */
  REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier',
  /** Changes response headers (Extended support). */
  RESPONSE_HEADER_MODIFIER = 'ResponseHeaderModifier',
  /** Copies requests to another backend, ignoring its responses (Extended support). */
  REQUEST_MIRROR = 'RequestMirror',
  /** Answers with a redirect; the rule must have no backends (Core support). */
  REQUEST_REDIRECT = 'RequestRedirect',
  /** Rewrites the host or path before forwarding (Extended support). */
  URL_REWRITE = 'URLRewrite',
  /** An implementation-specific filter (Implementation-specific support; not supported by Istio). */
  EXTENSION_REF = 'ExtensionRef',
  /** Answers CORS preflight requests and adds CORS response headers (Extended support). */
  CORS = 'CORS',
}

/** Types that may appear at most once in a list of filters. */
const NOT_REPEATABLE = [
  HttpRouteFilterType.CORS,
  HttpRouteFilterType.REQUEST_HEADER_MODIFIER,
  HttpRouteFilterType.RESPONSE_HEADER_MODIFIER,
  HttpRouteFilterType.REQUEST_REDIRECT,
  HttpRouteFilterType.URL_REWRITE,
];

/**
 * A filter of an HTTPRoute rule or of one of its backends. Each factory
 * fixes how the filter is checked (when it is added to a route, with the
 * route's path in the error) and rendered, with the API server's defaults
 * written out.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export class HttpRouteFilter {
  /** Sets, adds or removes request headers before forwarding (Core support). */
  public static requestHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_HEADER_MODIFIER,
      headerModifierKind('requestHeaderModifier', options ?? {}));
  }

  /** Sets, adds or removes response headers (Extended support). */
  public static responseHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.RESPONSE_HEADER_MODIFIER,
      headerModifierKind('responseHeaderModifier', options ?? {}));
  }

  /**
   * Answers with a redirect (status 302 unless set). A rule with this filter
   * must not have backends (Core support).
   */
  public static requestRedirect(options: RequestRedirectOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_REDIRECT, redirectKind(options ?? {}));
  }

  /** Rewrites the Host header or the path before forwarding (Extended support). */
  public static urlRewrite(options: UrlRewriteOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.URL_REWRITE, rewriteKind(options ?? {}));
  }

  /**
   * Copies requests to `backend`. A backend in another namespace gets a
   * ReferenceGrant automatically (Extended support).
   */
  public static requestMirror(backend: IBackend, options: RequestMirrorOptions = {}): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_MIRROR, mirrorKind(backend, options ?? {}));
  }

  /** Handles CORS (Gateway API v1.5+ standard; Extended support). */
  public static cors(options: CorsOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.CORS, corsKind(options ?? {}));
  }

  /**
   * An implementation-specific filter. Istio rejects it as an unsupported
   * filter type; use it only with implementations that support it.
   */
  public static extensionRef(options: ExtensionRefOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.EXTENSION_REF, extensionRefKind(options ?? ({} as ExtensionRefOptions)));
  }

  /**
   * The first problem of a list of filters (rule-level or backend-level):
   * the list rules, then each filter's own, or undefined.
   * @internal
   */
  public static _listProblem(filters: HttpRouteFilter[]): string | undefined {
    if (filters.length > 16) return `has ${filters.length} filters; at most 16 are allowed`;
    for (const type of NOT_REPEATABLE) {
      if (filters.filter(f => f.type === type).length > 1) {
        return `has more than one ${type} filter; combine them into one`;
      }
    }
    if (filters.some(f => f.type === HttpRouteFilterType.REQUEST_REDIRECT)
      && filters.some(f => f.type === HttpRouteFilterType.URL_REWRITE)) {
      return 'has both a RequestRedirect and a URLRewrite filter; use one of them';
    }
    for (let i = 0; i < filters.length; i++) {
      const p = filters[i]._problem();
      if (p) return `filters[${i}] (${filters[i].type}) ${p}`;
    }
    return undefined;
  }

  /**
   * @param type the filter type
   * @param kind how the filter is checked and rendered
   */
  private constructor(public readonly type: HttpRouteFilterType, private readonly kind: FilterKind) {}

  /** Whether the filter changes the path with `ReplacePrefixMatch`. @internal */
  public get _replacesPrefixMatch(): boolean {
    return this.kind.path?.type === HttpPathModifierType.REPLACE_PREFIX_MATCH;
  }

  /** The first problem of the filter's options, relative to it, or undefined. @internal */
  public _problem(): string | undefined {
    return this.kind.problem();
  }

  /**
   * Tells the route about what the filter needs outside it: a mirror
   * backend gets its ReferenceGrant.
   * @internal
   */
  public _bind(route: RuleHost): void {
    if (this.kind.mirror) route._grantFor(this.kind.mirror);
  }

  /** The filter as the typed L1 structure (defaults spelled out). @internal */
  public _render(): any {
    return { type: this.type, ...this.kind.render() };
  }
}
