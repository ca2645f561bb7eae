/**
 * The protocols an `IngressGateway` listener can speak.
 */
export enum ListenerProtocol {
  /** Plain HTTP: HTTPRoutes attach. */
  HTTP = 'HTTP',
  /** HTTPS terminated at the gateway: HTTPRoutes attach. */
  HTTPS = 'HTTPS',
}
