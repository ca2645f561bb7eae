/**
 * A request (HTTP or gRPC) or a connection (TLS, TCP) sent to a Gateway, as
 * the traffic simulator sees it.
 */
export interface SimulatedRequest {
  /**
   * What is sent: `http` (an HTTP/1.1 or HTTP/2 request; a WebSocket
   * upgrade is one too), `grpc` (an HTTP/2 gRPC call, routed by GRPCRoutes
   * and HTTPRoutes on HTTP and HTTPS listeners; give `service` and
   * `method`), `tls` (a TLS connection whose `sni` selects a TLS
   * Passthrough listener and a TLSRoute) or `tcp` (a TCP connection to
   * `port`, served by a TCP listener and its TCPRoute).
   * @default 'http'
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#protocoltype
   */
  readonly protocol?: string;

  /**
   * The fully-qualified gRPC service of a `grpc` call, e.g.
   * `shop.v1.Catalog` (the call's path is `/<service>/<method>`).
   * @default - required for grpc
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   */
  readonly service?: string;

  /**
   * The Gateway that receives the request: `name` or `namespace/name`.
   * @default - the only Gateway in the manifests (an error when there are several)
   */
  readonly gateway?: string;

  /**
   * The Gateway's namespace, when `gateway` is a bare name.
   * @default - the namespace of the only Gateway with that name
   */
  readonly gatewayNamespace?: string;

  /**
   * The URL scheme: `http` or `https`. `http` reaches HTTP listeners,
   * `https` reaches HTTPS listeners.
   * @default 'http'
   */
  readonly scheme?: string;

  /**
   * The port the request is sent to.
   * @default - 80 for http (and grpc), 443 for https and tls; required for tcp
   */
  readonly port?: number;

  /**
   * The `Host` header (a port suffix such as `:8080` is ignored for
   * matching, as the Gateway API requires); the `:authority` of a gRPC call.
   * @default - required for http and grpc; unused for tls (see `sni`) and tcp
   */
  readonly host?: string;

  /**
   * The TLS server name (SNI) of an `https` request or a `tls` connection.
   * Envoy picks the listener's certificate (filter chain) by SNI; a Host
   * header that belongs to another HTTPS listener then gets 421 Misdirected
   * Request. A `tls` connection is routed by it alone.
   * @default - the host without port (https); required for tls
   */
  readonly sni?: string;

  /**
   * The HTTP method, compared in upper case; for a `grpc` call, the gRPC
   * method name (e.g. `GetItem`; the HTTP method is then POST).
   * @default 'GET' (http); required for grpc
   */
  readonly method?: string;

  /**
   * The request path, optionally with a `?query` string.
   * @default '/'
   */
  readonly path?: string;

  /**
   * Request headers. Names are case-insensitive.
   * @default - no headers
   */
  readonly headers?: { [name: string]: string };

  /**
   * Query parameters, in addition to (and overriding) those in `path`.
   * @default - only those in `path`
   */
  readonly query?: { [name: string]: string };

  /**
   * Claims of a JWT the request carries (e.g. `{ iss, sub, aud }`), taken
   * as signed by its issuer: a RequestAuthentication on the Gateway whose
   * jwtRules name the issuer (and an audience) accepts it, any other issuer
   * gets 401. Without it, a token in the `Authorization: Bearer` header (or
   * the jwtRules' locations) is decoded, not verified.
   * @default - no token beyond what the headers carry
   */
  readonly jwtClaims?: { [claim: string]: any };

  /**
   * The client's IP address, for AuthorizationPolicy `ipBlocks`,
   * `remoteIpBlocks`, `source.ip` and `remote.ip` (the simulator takes the
   * client as connecting directly, without trusted proxies in front).
   * @default - unknown: IP rules match nothing
   */
  readonly sourceIp?: string;

  /**
   * The client certificate an `https` request presents, for listeners that
   * validate client certificates (`spec.tls.frontend`) and for
   * AuthorizationPolicy `principals`.
   * @default - no client certificate
   */
  readonly clientCertificate?: SimulatedClientCertificate;
}

/** A client certificate presented in the TLS handshake. */
export interface SimulatedClientCertificate {
  /**
   * The certificate's subject alternative name (a SPIFFE URI such as
   * `spiffe://cluster.local/ns/shop/sa/web`, or a DNS name).
   * @default - none
   */
  readonly san?: string;
}
