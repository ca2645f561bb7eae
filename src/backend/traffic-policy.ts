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
   * @default - Istio's default, 2^32-1
   */
  readonly maxConnections?: number;
  /**
   * TCP connect timeout (`tcp.connectTimeout`), at least 1ms.
   * @default - Istio's default, 10s
   */
  readonly connectTimeout?: Duration;
  /**
   * Maximum number of requests queued while waiting for a connection (`http.http1MaxPendingRequests`).
   * @default - Istio's default, 2^32-1
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum number of active requests to the Service (`http.http2MaxRequests`).
   * Despite the name, this also applies to HTTP/1.1.
   * @default - Istio's default, 2^32-1
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum number of requests per connection (`http.maxRequestsPerConnection`);
   * 1 disables keep-alive, 0 means unlimited.
   * @default - Istio's default, 0 (unlimited)
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * Maximum number of outstanding retries to the Service across all pods (`http.maxRetries`).
   * @default - Istio's default, 2^32-1
   */
  readonly maxRetries?: number;
  /**
   * Idle timeout of upstream HTTP connections (`http.idleTimeout`), at least 1ms.
   * @default - Istio's default, 1h
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
   * @default - Istio's default, 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Number of consecutive 502, 503 and 504 responses (or connection failures)
   * before a pod is ejected; 0 disables this check.
   * @default - Istio's default, 0 (disabled)
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Time between ejection sweeps, at least 1ms.
   * @default - Istio's default, 10s
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration, multiplied by the number of times a pod was
   * ejected; at least 1ms.
   * @default - Istio's default, 30s
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of pods that may be ejected at once, 0 to 100.
   * @default - Istio's default, 10
   */
  readonly maxEjectionPercent?: number;
  /**
   * Outlier detection stays active while at least this percentage of pods is
   * healthy, 0 to 100; below it, every pod receives traffic again.
   * @default - Istio's default, 0 (always active)
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
  /** The TLS mode. */
  readonly mode: ClientTlsMode;
  /**
   * Name of a Secret, in the namespace of the client (the gateway or the calling
   * sidecar), holding the client certificate, key and CA (`credentialName`).
   * Required for `MUTUAL`; allowed for `SIMPLE` (CA only).
   * @default - none
   */
  readonly credentialName?: string;
  /**
   * SNI sent in the TLS handshake.
   * @default - Istio's default (derived from the host)
   */
  readonly sni?: string;
  /**
   * Subject alternative names accepted in the server certificate.
   * @default - not checked
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
   * @default - Istio's default, least request
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection limits (circuit breaking).
   * @default - Istio's defaults, effectively unlimited
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Ejection of failing pods.
   * @default - no outlier detection
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * TLS towards the Service.
   * @default - Istio's automatic mutual TLS
   */
  readonly tls?: ClientTlsOptions;
}
