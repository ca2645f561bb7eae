import { Duration } from 'cdk8s';
import { LoadBalancer } from './load-balancer';

/**
 * Connection limits towards one Service (`trafficPolicy.connectionPool` of a
 * DestinationRule), also known as circuit breaking. Requests beyond the limits
 * fail fast with 503 instead of piling up.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings
 */
export interface ConnectionPoolOptions {
  /**
   * Maximum number of HTTP/1.1 and TCP connections to the Service (`tcp.maxConnections`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 2^32-1
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-max_connections
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout (`tcp.connectTimeout`), at least 1ms.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 10s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-connect_timeout
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum number of requests queued while waiting for a connection (`http.http1MaxPendingRequests`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 2^32-1
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-http1_max_pending_requests
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum number of active requests to the Service (`http.http2MaxRequests`).
   * Despite the name, this also applies to HTTP/1.1.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 2^32-1
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-http2_max_requests
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum number of requests per connection (`http.maxRequestsPerConnection`);
   * 1 disables keep-alive, 0 means unlimited.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 0 (unlimited)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-max_requests_per_connection
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Maximum number of outstanding retries to the Service across all pods (`http.maxRetries`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 2^32-1
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-max_retries
   */
  readonly maxRetries?: number;
  /**
   * Idle timeout of upstream HTTP connections (`http.idleTimeout`), at least 1ms.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 1h
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-idle_timeout
   */
  readonly idleTimeout?: Duration;
}

/**
 * Ejection of misbehaving pods from the load-balancing pool
 * (`trafficPolicy.outlierDetection` of a DestinationRule).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
 */
export interface OutlierDetectionOptions {
  /**
   * Number of consecutive 5xx responses (or connection failures) before a pod is
   * ejected; 0 disables this check.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 5
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-consecutive_5xx_errors
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Number of consecutive 502, 503 and 504 responses (or connection failures)
   * before a pod is ejected; 0 disables this check.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 0 (disabled)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-consecutive_gateway_errors
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Time between ejection sweeps, at least 1ms.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 10s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-interval
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration, multiplied by the number of times a pod was
   * ejected; at least 1ms.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 30s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-base_ejection_time
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of pods that may be ejected at once, 0 to 100.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 10
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-max_ejection_percent
   */
  readonly maxEjectionPercent?: number;
  /**
   * Outlier detection stays active while at least this percentage of pods is
   * healthy, 0 to 100; below it, every pod receives traffic again.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 0 (always active)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-min_health_percent
   */
  readonly minHealthPercent?: number;
}

/**
 * TLS mode of connections to the upstream Service (`trafficPolicy.tls.mode`).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
 */
export enum ClientTlsMode {
  /** Plain text. Turns off the mesh's automatic mutual TLS for this Service. */
  DISABLE = 'DISABLE',
  /** TLS, verifying the server (for a Service that terminates TLS itself). */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with a client certificate from `credentialName`. */
  MUTUAL = 'MUTUAL',
  /** Mutual TLS with Istio's workload certificates (what auto mTLS does). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/**
 * TLS settings for connections to the upstream Service (`trafficPolicy.tls`).
 *
 * Leaving TLS unset keeps Istio's automatic mutual TLS, which is what a Service
 * inside the mesh needs.
 */
export interface ClientTlsOptions {
  /**
   * The TLS mode.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API's equivalent is BackendTLSPolicy, Standard since v1.4).
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-mode
   */
  readonly mode: ClientTlsMode;
  /**
   * Name of a Secret, in the namespace of the client (the gateway or the calling
   * sidecar), holding the client certificate, key and CA (`credentialName`).
   * Required for `MUTUAL`; allowed for `SIMPLE` (CA only).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-credential_name
   */
  readonly credentialName?: string;
  /**
   * SNI sent in the TLS handshake.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default (derived from the host)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-sni
   */
  readonly sni?: string;
  /**
   * Subject alternative names accepted in the server certificate.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - not checked
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-subject_alt_names
   */
  readonly subjectAltNames?: string[];
}

/**
 * The traffic policy of the DestinationRules a `ResilientBackend` writes. Every
 * field is optional; an unset field leaves Istio's default in place.
 */
export interface TrafficPolicyOptions {
  /**
   * Load-balancing algorithm.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, least request
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-load_balancer
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection limits (circuit breaking).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's defaults, effectively unlimited
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-connection_pool
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Ejection of failing pods.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - no outlier detection
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-outlier_detection
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * TLS towards the Service.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API's equivalent is BackendTLSPolicy, Standard since v1.4).
   * @default - Istio's automatic mutual TLS
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-tls
   */
  readonly tls?: ClientTlsOptions;
}
