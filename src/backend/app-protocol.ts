import { H2UpgradePolicy, TrafficPolicyOptions } from './traffic-policy';

/**
 * The application protocol a backend speaks on its port. It names the
 * Service port (and the container port) after the protocol and fills the
 * Service port's `appProtocol`, so Istio selects the protocol explicitly
 * instead of sniffing it: Istio reads `appProtocol` first, else a port name
 * of the form `<protocol>[-<suffix>]` (Istio's Protocol Selection).
 *
 * | Value   | Istio treats the port as | What a route needs |
 * |---------|--------------------------|--------------------|
 * | `http`  | HTTP/1.1 (the gateway may upgrade with `h2UpgradePolicy`) | `HttpRoute` |
 * | `http2` | HTTP/2 in clear text (h2c) | `HttpRoute` or `GrpcRoute` |
 * | `grpc`  | HTTP/2 (gRPC) | `GrpcRoute` (or `HttpRoute` on the gRPC path) |
 * | `tcp`   | opaque TCP: no HTTP routing, retries or header matches | a TCPRoute, not an HTTP route |
 * | `tls`   | TLS that the workload terminates itself | a TLSRoute (passthrough), or HTTP routes with `tls` origination in the traffic policy |
 *
 * For `http2` and `grpc`, Istio always opens HTTP/2 connections to the port
 * (istio/istio pilot/pkg/networking/core/cluster_builder.go
 * `setUpstreamProtocol`: `port.Protocol.IsHTTP2()` sets the HTTP/2 options,
 * after the traffic policy is applied), so `h2UpgradePolicy` and
 * `useClientProtocol` have no effect there. For `tcp` and `tls`, Istio never
 * upgrades (`shouldH2Upgrade` returns false for non-HTTP ports), and
 * `useClientProtocol` chooses between HTTP versions that the port does not
 * speak. `ResilientBackend` rejects these combinations.
 *
 * Support: Implementation-specific values, which Istio understands. The
 * Gateway API's backend protocol selection (GEP-1911, Extended) defines
 * `kubernetes.io/h2c` and `kubernetes.io/ws` instead, which Istio maps to
 * HTTP/2 and HTTP.
 *
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 * @see https://gateway-api.sigs.k8s.io/guides/user-guides/backend-protocol/
 */
export enum AppProtocol {
  /** HTTP/1.1 (the gateway may speak HTTP/2 to it when `h2UpgradePolicy` is `UPGRADE`). */
  HTTP = 'http',
  /** HTTP/2 in clear text (h2c, prior knowledge). */
  HTTP2 = 'http2',
  /** gRPC: HTTP/2 carrying gRPC; the protocol of `GrpcRoute` backends. */
  GRPC = 'grpc',
  /** Opaque TCP; HTTP features (routing on paths, retries, header matches) do not apply. */
  TCP = 'tcp',
  /** TLS terminated by the workload; Istio routes it by SNI and does not decrypt it. */
  TLS = 'tls',
}

/**
 * The Service and container port name for a protocol: the protocol itself,
 * which is a valid IANA service name (at most 15 lowercase characters) and
 * the `<protocol>` prefix Istio reads when `appProtocol` is not set.
 * @internal
 */
export function portNameOf(protocol: AppProtocol): string {
  return protocol;
}

/** Whether Istio speaks HTTP/2 to the port whatever the traffic policy says. */
function alwaysHttp2(protocol: AppProtocol): boolean {
  return protocol === AppProtocol.HTTP2 || protocol === AppProtocol.GRPC;
}

/** Whether the port carries HTTP at all. */
function isHttp(protocol: AppProtocol): boolean {
  return protocol === AppProtocol.HTTP || alwaysHttp2(protocol);
}

/**
 * The first traffic policy setting that has no effect on a port of this
 * protocol (see `AppProtocol`), as a message that names the field and the
 * fix, or undefined. Checks the top-level `connectionPool` and every
 * `portLevelSettings[].connectionPool`.
 *
 * @param protocol the port's protocol
 * @param options the traffic policy (a backend's or a version's)
 * @param prefix where the options are, e.g. `versions "v2" ` (empty for the backend)
 * @internal
 */
export function protocolPolicyProblem(protocol: AppProtocol, options: TrafficPolicyOptions, prefix = ''): string | undefined {
  const pools: Array<[string, TrafficPolicyOptions['connectionPool']]> = [['connectionPool', options.connectionPool]];
  (options.portLevelSettings ?? []).forEach((p, i) => pools.push([`portLevelSettings[${i}].connectionPool`, p?.connectionPool]));
  for (const [field, pool] of pools) {
    if (!pool) continue;
    // an unknown value is reported by the connection pool's own check
    const upgrade = pool.h2UpgradePolicy === H2UpgradePolicy.UPGRADE || pool.h2UpgradePolicy === H2UpgradePolicy.DO_NOT_UPGRADE;
    if (upgrade && alwaysHttp2(protocol)) {
      return `${prefix}${field}.h2UpgradePolicy is ${pool.h2UpgradePolicy}, but appProtocol ${protocol} is already HTTP/2 `
        + '(Istio always opens HTTP/2 connections to it); leave h2UpgradePolicy out';
    }
    if (upgrade && !isHttp(protocol)) {
      return `${prefix}${field}.h2UpgradePolicy is ${pool.h2UpgradePolicy}, but appProtocol ${protocol} is not HTTP, `
        + 'so Istio never upgrades it; leave h2UpgradePolicy out, or use appProtocol http';
    }
    if (pool.useClientProtocol === true && alwaysHttp2(protocol)) {
      return `${prefix}${field}.useClientProtocol is true, but appProtocol ${protocol} is always HTTP/2 to the backend `
        + '(Istio ignores the client protocol for it); leave useClientProtocol out, or use appProtocol http';
    }
    if (pool.useClientProtocol === true && !isHttp(protocol)) {
      return `${prefix}${field}.useClientProtocol is true, but appProtocol ${protocol} is not HTTP; leave useClientProtocol out`;
    }
  }
  return undefined;
}

/**
 * Whether an HTTP GET readiness probe (`readinessPath`) can reach the port:
 * kubelet speaks HTTP/1.1 in clear text, which a gRPC, TCP or TLS port
 * does not answer (an `http2` port usually does not either, but h2c
 * servers often accept HTTP/1.1, so it is allowed).
 * @internal
 */
export function acceptsHttpProbe(protocol: AppProtocol): boolean {
  return protocol === AppProtocol.HTTP || protocol === AppProtocol.HTTP2;
}
