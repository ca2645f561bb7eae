import { Duration } from 'cdk8s';
import { IBackend } from './backend';
import { HttpPathModifier } from './http-path-modifier';

/**
 * The filter types of a standard-channel HTTPRoute.
 */
export enum HttpRouteFilterType {
  /** Changes request headers. */
  REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier',
  /** Changes response headers. */
  RESPONSE_HEADER_MODIFIER = 'ResponseHeaderModifier',
  /** Copies requests to another backend, ignoring its responses. */
  REQUEST_MIRROR = 'RequestMirror',
  /** Answers with a redirect; the rule must have no backends. */
  REQUEST_REDIRECT = 'RequestRedirect',
  /** Rewrites the host or path before forwarding. */
  URL_REWRITE = 'URLRewrite',
  /** An implementation-specific filter (not supported by Istio). */
  EXTENSION_REF = 'ExtensionRef',
  /** Answers CORS preflight requests and adds CORS response headers. */
  CORS = 'CORS',
}

/**
 * Header changes of a `RequestHeaderModifier` or `ResponseHeaderModifier`
 * filter. Header names are case-insensitive and may appear only once across
 * `set`, `add` and `remove`.
 */
export interface HeaderModifierOptions {
  /**
   * Headers to set, replacing existing values (at most 16).
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add, keeping existing values (at most 16).
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Header names to remove (at most 16).
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * Scheme of a redirect target.
 */
export enum HttpScheme {
  /** http */
  HTTP = 'http',
  /** https */
  HTTPS = 'https',
}

/**
 * A `RequestRedirect` filter.
 */
export interface RequestRedirectOptions {
  /**
   * Scheme of the `Location` header.
   * @default - the scheme of the request
   */
  readonly scheme?: HttpScheme;
  /**
   * Hostname of the `Location` header (no wildcard).
   * @default - the Host of the request
   */
  readonly hostname?: string;
  /**
   * Port of the `Location` header.
   * @default - derived from the scheme when set (80 or 443), else the listener port
   */
  readonly port?: number;
  /**
   * Path change.
   * @default - the request path
   */
  readonly path?: HttpPathModifier;
  /**
   * HTTP status code: 301, 302, 303, 307 or 308.
   * @default 302 - written out, as the API server would
   */
  readonly statusCode?: number;
}

/**
 * A `URLRewrite` filter; at least one field must be set.
 */
export interface UrlRewriteOptions {
  /**
   * The Host header sent to the backend (no wildcard).
   * @default - unchanged
   */
  readonly hostname?: string;
  /**
   * Path change.
   * @default - unchanged
   */
  readonly path?: HttpPathModifier;
}

/**
 * The share of requests a `RequestMirror` filter copies, as a fraction.
 */
export interface MirrorFraction {
  /** Numerator, at most the denominator. */
  readonly numerator: number;
  /**
   * Denominator, at least 1.
   * @default 100 - written out, as the API server would
   */
  readonly denominator?: number;
}

/**
 * Options of a `RequestMirror` filter. Set at most one of `percent` and
 * `fraction`.
 */
export interface RequestMirrorOptions {
  /**
   * Percentage of requests to mirror, an integer from 0 to 100.
   * @default - every request
   */
  readonly percent?: number;
  /**
   * Fraction of requests to mirror.
   * @default - every request
   */
  readonly fraction?: MirrorFraction;
}

/**
 * A `CORS` filter.
 */
export interface CorsOptions {
  /**
   * Allowed origins, e.g. `https://app.example.com`, `https://*.example.com`,
   * or `*` alone (at most 64).
   * @default - no origin is allowed
   */
  readonly allowOrigins?: string[];
  /**
   * Allowed methods (`GET`, `POST`..., or `*` alone).
   * @default - only simple methods (GET, HEAD, POST)
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers (or `*` alone, at most 64).
   * @default - only CORS-safelisted headers
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers exposed to the client (at most 64).
   * @default - only CORS-safelisted response headers
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether credentials are allowed.
   * @default - not set (false)
   */
  readonly allowCredentials?: boolean;
  /**
   * How long a preflight response may be cached, whole seconds, at least 1.
   * @default Duration.seconds(5) - written out, as the API server would
   */
  readonly maxAge?: Duration;
}

/**
 * Reference of an implementation-specific `ExtensionRef` filter.
 */
export interface ExtensionRefOptions {
  /** API group of the filter object. */
  readonly group: string;
  /** Kind of the filter object. */
  readonly kind: string;
  /** Name of the filter object, in the route's namespace. */
  readonly name: string;
}

/**
 * A filter of an HTTPRoute rule or of one of its backends.
 */
export class HttpRouteFilter {
  /** Sets, adds or removes request headers before forwarding. */
  public static requestHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_HEADER_MODIFIER, options);
  }

  /** Sets, adds or removes response headers. */
  public static responseHeaderModifier(options: HeaderModifierOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.RESPONSE_HEADER_MODIFIER, options);
  }

  /**
   * Answers with a redirect (status 302 unless set). A rule with this filter
   * must not have backends.
   */
  public static requestRedirect(options: RequestRedirectOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_REDIRECT, options);
  }

  /** Rewrites the Host header or the path before forwarding. */
  public static urlRewrite(options: UrlRewriteOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.URL_REWRITE, options);
  }

  /**
   * Copies requests to `backend`. A backend in another namespace gets a
   * ReferenceGrant automatically.
   */
  public static requestMirror(backend: IBackend, options: RequestMirrorOptions = {}): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.REQUEST_MIRROR, options, backend);
  }

  /** Handles CORS (Gateway API v1.5+ standard). */
  public static cors(options: CorsOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.CORS, options);
  }

  /**
   * An implementation-specific filter. Istio rejects it as an unsupported
   * filter type; use it only with implementations that support it.
   */
  public static extensionRef(options: ExtensionRefOptions): HttpRouteFilter {
    return new HttpRouteFilter(HttpRouteFilterType.EXTENSION_REF, options);
  }

  /**
   * @param type the filter type
   * @param _options the options of that type
   * @param mirrorBackend the mirror target, for `RequestMirror`
   */
  private constructor(
    public readonly type: HttpRouteFilterType,
    private readonly _options: any,
    private readonly mirrorBackend?: IBackend,
  ) {}

  /** The mirror target, for a `RequestMirror` filter. @internal */
  public get _mirrorBackend(): IBackend | undefined {
    return this.mirrorBackend;
  }

  /** The options given to the factory. @internal */
  public get _raw(): any {
    return this._options;
  }
}
