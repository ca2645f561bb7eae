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
  /**
   * Idle timeout of upstream TCP connections (`tcp.idleTimeout`); 0 disables it.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 1h
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-idle_timeout
   */
  readonly tcpIdleTimeout?: Duration;
  /**
   * Maximum lifetime of an upstream connection (`tcp.maxConnectionDuration`), at least 1ms.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - no limit
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-max_connection_duration
   */
  readonly maxConnectionDuration?: Duration;
  /**
   * TCP keepalive on upstream connections (`tcp.tcpKeepalive`). An empty
   * object turns keepalive on with the operating system's settings.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - no keepalive (unless the mesh config sets one)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive
   */
  readonly tcpKeepalive?: TcpKeepaliveOptions;
  /**
   * Whether HTTP/1.1 connections to the Service are upgraded to HTTP/2 (`http.h2UpgradePolicy`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API's
   * backend protocol selection uses `appProtocol: kubernetes.io/h2c` instead).
   * @default H2UpgradePolicy.DEFAULT - the mesh config's `h2UpgradePolicy`
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-H2UpgradePolicy
   */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
  /**
   * Keep the client's HTTP protocol (1.1 or 2) towards the Service (`http.useClientProtocol`).
   * Not together with `h2UpgradePolicy: UPGRADE` (Istio rejects that).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default false
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-use_client_protocol
   */
  readonly useClientProtocol?: boolean;
  /**
   * Maximum concurrent streams per HTTP/2 connection (`http.maxConcurrentStreams`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 2^31-1
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-max_concurrent_streams
   */
  readonly maxConcurrentStreams?: number;
}

/**
 * Whether HTTP/1.1 connections to a Service are upgraded to HTTP/2
 * (`connectionPool.http.h2UpgradePolicy` of a DestinationRule).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings-H2UpgradePolicy
 */
export enum H2UpgradePolicy {
  /** Follow the mesh config's `h2UpgradePolicy` (by default: do not upgrade). */
  DEFAULT = 'DEFAULT',
  /** Never upgrade. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade HTTP/1.1 connections to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/**
 * TCP keepalive of upstream connections (`connectionPool.tcp.tcpKeepalive`).
 * Envoy counts `time` and `interval` in whole seconds (its `TcpKeepalive`
 * fields are `UInt32Value` seconds), so they must be whole seconds here.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive
 */
export interface TcpKeepaliveOptions {
  /**
   * Unanswered probes before the connection is considered dead, 0 to 2^32-1.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - the operating system's (Linux: 9)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive-probes
   */
  readonly probes?: number;
  /**
   * Idle time before the first probe, in whole seconds, at least 1s.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - the operating system's (Linux: 2h)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive-time
   */
  readonly time?: Duration;
  /**
   * Time between probes, in whole seconds, at least 1s.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - the operating system's (Linux: 75s)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings-TcpKeepalive-interval
   */
  readonly interval?: Duration;
}

/**
 * Traffic from one locality that fails over to another region when the
 * local endpoints are unhealthy (`localityLbSetting.failover[]`).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-Failover
 */
export interface LocalityFailover {
  /** The region of the clients, e.g. `us-east`; a region only: no `/` and no `*`. */
  readonly from: string;
  /** The region to fail over to, e.g. `us-west`; different from `from`. */
  readonly to: string;
}

/**
 * How traffic from one locality is spread over localities
 * (`localityLbSetting.distribute[]`).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-Distribute
 */
export interface LocalityDistribution {
  /**
   * The locality of the clients: `region`, `region/zone` or
   * `region/zone/subzone`; a trailing `*` matches any, e.g. `us-east/*`.
   */
  readonly from: string;
  /**
   * Weights by destination locality (same form as `from`): whole numbers
   * from 1 to 100 that sum to 100.
   */
  readonly to: { [locality: string]: number };
}

/**
 * Locality-aware load balancing (`loadBalancer.localityLbSetting` of a
 * DestinationRule). Set at most one of `distribute` and `failover`;
 * `failover` and `failoverPriority` need `outlierDetection`, since only
 * ejected endpoints make traffic leave a locality.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting
 */
export interface LocalityLoadBalancingOptions {
  /**
   * Whether locality load balancing is on for this Service.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - the mesh config's `localityLbSetting.enabled`
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-enabled
   */
  readonly enabled?: boolean;
  /**
   * Explicit traffic shares by locality.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-distribute
   */
  readonly distribute?: LocalityDistribution[];
  /**
   * Region-to-region failover.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-failover
   */
  readonly failover?: LocalityFailover[];
  /**
   * Ordered labels (`key` or `key=value`) that rank endpoints for
   * priority-based failover, e.g. `topology.istio.io/network`,
   * `topology.kubernetes.io/region`.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LocalityLoadBalancerSetting-failover_priority
   */
  readonly failoverPriority?: string[];
}

/**
 * Slow start of new pods (`loadBalancer.warmup` of a DestinationRule): a new
 * endpoint's share of traffic grows over `duration`. Envoy applies it to
 * the round robin and least request load balancers.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#WarmupConfiguration
 */
export interface WarmupOptions {
  /**
   * How long a new endpoint warms up, at least 1ms.
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#WarmupConfiguration-duration
   */
  readonly duration: Duration;
  /**
   * Minimum share of its full weight a warming endpoint gets, 0 to 100.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 10
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#WarmupConfiguration-minimum_percent
   */
  readonly minimumPercent?: number;
  /**
   * How fast traffic grows over the duration: 1 is linear, higher is slower
   * at first. At least 1.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - Istio's default, 1 (linear)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#WarmupConfiguration-aggression
   */
  readonly aggression?: number;
}

/**
 * A traffic policy for one port of the Service (`trafficPolicy.portLevelSettings[]`);
 * its fields replace the top-level ones for that port.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-PortTrafficPolicy
 */
export interface PortTrafficPolicyOptions {
  /** The Service port number this policy applies to. */
  readonly port: number;
  /**
   * Load-balancing algorithm for this port.
   * @default - the top-level `loadBalancer`
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection limits for this port.
   * @default - the top-level `connectionPool`
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Ejection of failing pods, for this port.
   * @default - the top-level `outlierDetection`
   */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * TLS towards this port.
   * @default - the top-level `tls`
   */
  readonly tls?: ClientTlsOptions;
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
  /**
   * Locality-aware load balancing: weights by locality, or failover.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - the mesh config's locality settings
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-locality_lb_setting
   */
  readonly localityLbSetting?: LocalityLoadBalancingOptions;
  /**
   * Slow start of new pods (written as `loadBalancer.warmup`, which replaces
   * the deprecated `warmupDurationSecs`).
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - no warmup
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-warmup
   */
  readonly warmup?: WarmupOptions;
  /**
   * Policies for single ports of the Service (at most 4096, one per port).
   * Each must name the backend's Service port: the Services of a
   * `ResilientBackend` have that one port.
   *
   * Support: Implementation-specific (an Istio DestinationRule field; the Gateway API has none).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy-port_level_settings
   */
  readonly portLevelSettings?: PortTrafficPolicyOptions[];
}
