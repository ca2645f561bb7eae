/**
 * The application protocol a backend speaks. It names the Service port and
 * fills its `appProtocol`, so Istio and Gateway API implementations pick the
 * protocol without guessing from the port name.
 *
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export enum AppProtocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge negotiated by the proxy). */
  HTTP = 'http',
  /** HTTP/2 in clear text. */
  HTTP2 = 'http2',
  /** gRPC. */
  GRPC = 'grpc',
  /** Opaque TCP; HTTP features (routing on paths, retries) do not apply. */
  TCP = 'tcp',
}
