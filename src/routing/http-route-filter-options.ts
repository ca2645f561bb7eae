import { Duration } from 'cdk8s';
import { HttpPathModifier } from './http-path-modifier';

/* The options of the HttpRouteFilter factories, one interface per filter type. */

/**
 * Header changes of a `RequestHeaderModifier` or `ResponseHeaderModifier`
 * filter. Header names are case-insensitive and may appear only once across
 * `set`, `add` and `remove`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
 * (`RequestHeaderModifier`: Core support, `ResponseHeaderModifier`: Extended support)
 */
export interface HeaderModifierOptions {
  /**
   * Headers to set, replacing existing values (at most 16).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter `set` (RequestHeaderModifier: Core, ResponseHeaderModifier: Extended support)
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add, keeping existing values (at most 16).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter `add` (RequestHeaderModifier: Core, ResponseHeaderModifier: Extended support)
   */
  readonly add?: { [name: string]: string };
  /**
   * Header names to remove (at most 16).
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter `remove` (RequestHeaderModifier: Core, ResponseHeaderModifier: Extended support)
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
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
 * (Core support; `scheme`, `port` and `path`: Extended support)
 */
export interface RequestRedirectOptions {
  /**
   * Scheme of the `Location` header.
   * @default - the scheme of the request
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `scheme` (Extended support)
   */
  readonly scheme?: HttpScheme;
  /**
   * Hostname of the `Location` header (no wildcard).
   * @default - the Host of the request
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `hostname` (Core support)
   */
  readonly hostname?: string;
  /**
   * Port of the `Location` header.
   * @default - derived from the scheme when set (80 or 443), else the listener port
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `port` (Extended support)
   */
  readonly port?: number;
  /**
   * Path change.
   * @default - the request path
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `path` (Extended support)
   */
  readonly path?: HttpPathModifier;
  /**
   * HTTP status code: 301, 302, 303, 307 or 308.
   * @default 302 - written out, as the API server would
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter `statusCode` (Core support)
   */
  readonly statusCode?: number;
}

/**
 * A `URLRewrite` filter; at least one field must be set.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter (Extended support)
 */
export interface UrlRewriteOptions {
  /**
   * The Host header sent to the backend (no wildcard).
   * @default - unchanged
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter `hostname` (Extended support)
   */
  readonly hostname?: string;
  /**
   * Path change.
   * @default - unchanged
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter `path` (Extended support)
   */
  readonly path?: HttpPathModifier;
}

/**
 * The share of requests a `RequestMirror` filter copies, as a fraction.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#fraction (`HTTPRequestMirrorFilter.fraction`: Extended support)
 */
export interface MirrorFraction {
  /**
   * Numerator, at most the denominator.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#fraction `numerator` (Extended support)
   */
  readonly numerator: number;
  /**
   * Denominator, at least 1.
   * @default 100 - written out, as the API server would
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#fraction `denominator` (Extended support)
   */
  readonly denominator?: number;
}

/**
 * Options of a `RequestMirror` filter. Set at most one of `percent` and
 * `fraction`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter (Extended support)
 */
export interface RequestMirrorOptions {
  /**
   * Percentage of requests to mirror, an integer from 0 to 100.
   * @default - every request
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter `percent` (Extended support)
   */
  readonly percent?: number;
  /**
   * Fraction of requests to mirror.
   * @default - every request
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter `fraction` (Extended support)
   */
  readonly fraction?: MirrorFraction;
}

/**
 * A `CORS` filter.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter (Extended support)
 */
export interface CorsOptions {
  /**
   * Allowed origins, e.g. `https://app.example.com`, `https://*.example.com`,
   * or `*` alone (at most 64).
   * @default - no origin is allowed
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `allowOrigins` (Extended support)
   */
  readonly allowOrigins?: string[];
  /**
   * Allowed methods (`GET`, `POST`..., or `*` alone).
   * @default - only simple methods (GET, HEAD, POST)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `allowMethods` (Extended support)
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers (or `*` alone, at most 64).
   * @default - only CORS-safelisted headers
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `allowHeaders` (Extended support)
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers exposed to the client (at most 64).
   * @default - only CORS-safelisted response headers
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `exposeHeaders` (Extended support)
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether credentials are allowed.
   * @default - not set (false)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `allowCredentials` (Extended support)
   */
  readonly allowCredentials?: boolean;
  /**
   * How long a preflight response may be cached, whole seconds, at least 1.
   * @default Duration.seconds(5) - written out, as the API server would
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter `maxAge` (Extended support)
   */
  readonly maxAge?: Duration;
}

/**
 * Reference of an implementation-specific `ExtensionRef` filter.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#localobjectreference
 * (`HTTPRouteFilter.extensionRef`: Implementation-specific support)
 */
export interface ExtensionRefOptions {
  /**
   * API group of the filter object.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#localobjectreference `group` (Implementation-specific support)
   */
  readonly group: string;
  /**
   * Kind of the filter object.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#localobjectreference `kind` (Implementation-specific support)
   */
  readonly kind: string;
  /**
   * Name of the filter object, in the route's namespace.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#localobjectreference `name` (Implementation-specific support)
   */
  readonly name: string;
}
