/**
 * The protocols an `IngressGateway` listener can speak.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#protocoltype
 */
export enum ListenerProtocol {
  /** Plain HTTP: HTTPRoutes attach. */
  HTTP = 'HTTP',
  /** HTTPS terminated at the gateway: HTTPRoutes attach. */
  HTTPS = 'HTTPS',
  /**
   * TLS that the gateway routes by SNI without terminating it
   * (`tls.mode: Passthrough`, `TlsPassthroughListener`): TLSRoutes attach.
   */
  TLS = 'TLS',
  /** Plain TCP (`TcpListener`): TCPRoutes attach. */
  TCP = 'TCP',
}
