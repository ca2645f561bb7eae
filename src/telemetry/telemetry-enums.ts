/**
 * The direction of traffic, relative to the proxy, that a telemetry setting
 * applies to (Istio's `WorkloadMode`). A workload is the `SERVER` for traffic
 * it receives (inbound) and the `CLIENT` for traffic it sends (outbound).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#WorkloadMode
 */
export enum WorkloadMode {
  /** Traffic in both directions. Istio's default. */
  CLIENT_AND_SERVER = 'CLIENT_AND_SERVER',
  /** Traffic the proxy sends (outbound). */
  CLIENT = 'CLIENT',
  /** Traffic the proxy receives (inbound). */
  SERVER = 'SERVER',
}

/**
 * One of Istio's standard metrics (`MetricSelector.IstioMetric`).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricSelector-IstioMetric
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export enum IstioMetric {
  /** Every standard metric. */
  ALL_METRICS = 'ALL_METRICS',
  /** HTTP, HTTP/2 and gRPC request count (`istio_requests_total`). */
  REQUEST_COUNT = 'REQUEST_COUNT',
  /** HTTP, HTTP/2 and gRPC request durations (`istio_request_duration_milliseconds`). */
  REQUEST_DURATION = 'REQUEST_DURATION',
  /** HTTP, HTTP/2 and gRPC request body sizes (`istio_request_bytes`). */
  REQUEST_SIZE = 'REQUEST_SIZE',
  /** HTTP, HTTP/2 and gRPC response body sizes (`istio_response_bytes`). */
  RESPONSE_SIZE = 'RESPONSE_SIZE',
  /** TCP connections opened (`istio_tcp_connections_opened_total`). */
  TCP_OPENED_CONNECTIONS = 'TCP_OPENED_CONNECTIONS',
  /** TCP connections closed (`istio_tcp_connections_closed_total`). */
  TCP_CLOSED_CONNECTIONS = 'TCP_CLOSED_CONNECTIONS',
  /** Bytes sent over TCP connections (`istio_tcp_sent_bytes_total`). */
  TCP_SENT_BYTES = 'TCP_SENT_BYTES',
  /** Bytes received over TCP connections (`istio_tcp_received_bytes_total`). */
  TCP_RECEIVED_BYTES = 'TCP_RECEIVED_BYTES',
  /** gRPC messages sent by clients (`istio_request_messages_total`). */
  GRPC_REQUEST_MESSAGES = 'GRPC_REQUEST_MESSAGES',
  /** gRPC messages sent by servers (`istio_response_messages_total`). */
  GRPC_RESPONSE_MESSAGES = 'GRPC_RESPONSE_MESSAGES',
}
