import { goDuration, INT32_MAX, UINT32_MAX, unlessEmpty, wholeNumberProblem } from './field-checks';
import { ConnectionPoolOptions, H2UpgradePolicy, TcpKeepaliveOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { durationProblem } from '../internal/duration';
import { assertFactoryValue } from '../internal/errors';

/**
 * The `connectionPool` block of a DestinationRule traffic policy: checks and
 * renders itself. Not exported from the package; users pass `ConnectionPoolOptions`.
 * @internal
 */
export class ConnectionPool {
  /**
   * @param options the user's options
   * @param prefix the field path in messages, e.g. `connectionPool` or `portLevelSettings[0].connectionPool`
   */
  public constructor(private readonly options: ConnectionPoolOptions, private readonly prefix = 'connectionPool') {}

  /** What is wrong with the options, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    const p = this.prefix;
    const count = (field: keyof ConnectionPoolOptions, value: number | undefined) =>
      wholeNumberProblem(`${p}.${field}`, value, 0, INT32_MAX);
    const duration = (field: keyof ConnectionPoolOptions, value: ConnectionPoolOptions['connectTimeout'], minMs = 1) =>
      durationProblem(`${p}.${field}`, value, minMs);
    return count('maxConnections', o.maxConnections)
      ?? duration('connectTimeout', o.connectTimeout)
      ?? count('http1MaxPendingRequests', o.http1MaxPendingRequests)
      ?? count('http2MaxRequests', o.http2MaxRequests)
      ?? count('maxRequestsPerConnection', o.maxRequestsPerConnection)
      ?? count('maxRetries', o.maxRetries)
      ?? duration('idleTimeout', o.idleTimeout)
      // Istio's validateConnectionPool (pkg/config/validation/validation.go): tcp.idleTimeout 0s disables it
      ?? tcpIdleTimeoutProblem(`${p}.tcpIdleTimeout`, o.tcpIdleTimeout)
      ?? duration('maxConnectionDuration', o.maxConnectionDuration)
      ?? keepaliveProblem(`${p}.tcpKeepalive`, o.tcpKeepalive)
      ?? this.h2Problem()
      ?? count('maxConcurrentStreams', o.maxConcurrentStreams)
      ?? this.emptyProblem();
  }

  /** The DestinationRule `connectionPool` block; throws on a problem. */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyConnectionPool {
    assertFactoryValue(this._problem());
    return this.renderUnchecked();
  }

  private h2Problem(): string | undefined {
    const o = this.options;
    if (o.h2UpgradePolicy !== undefined && !Object.values(H2UpgradePolicy).includes(o.h2UpgradePolicy)) {
      return `${this.prefix}.h2UpgradePolicy must be one of ${Object.values(H2UpgradePolicy).join(', ')}, got "${o.h2UpgradePolicy}"`;
    }
    // Istio's validateConnectionPool: "use client protocol must not be true when H2UpgradePolicy is UPGRADE"
    if (o.h2UpgradePolicy === H2UpgradePolicy.UPGRADE && o.useClientProtocol === true) {
      return `${this.prefix}.useClientProtocol cannot be true with h2UpgradePolicy UPGRADE (Istio rejects the pair); `
        + 'keep the client protocol or upgrade to HTTP/2, not both';
    }
    return undefined;
  }

  private emptyProblem(): string | undefined {
    const { tcp, http } = this.renderUnchecked();
    // Istio's validating webhook rejects an empty connectionPool.
    return tcp || http ? undefined
      : `${this.prefix} must set at least one field (e.g. maxConnections or http1MaxPendingRequests), or be left out`;
  }

  private renderUnchecked(): istio.DestinationRuleSpecTrafficPolicyConnectionPool {
    const o = this.options;
    const p = this.prefix;
    const ka = o.tcpKeepalive;
    return {
      tcp: unlessEmpty({
        maxConnections: o.maxConnections,
        connectTimeout: goDuration(`${p}.connectTimeout`, o.connectTimeout),
        idleTimeout: goDuration(`${p}.tcpIdleTimeout`, o.tcpIdleTimeout),
        maxConnectionDuration: goDuration(`${p}.maxConnectionDuration`, o.maxConnectionDuration),
        // an empty tcpKeepalive is meaningful: keepalive on, with the OS settings
        tcpKeepalive: ka && {
          probes: ka.probes,
          time: goDuration(`${p}.tcpKeepalive.time`, ka.time),
          interval: goDuration(`${p}.tcpKeepalive.interval`, ka.interval),
        },
      }),
      http: unlessEmpty({
        http1MaxPendingRequests: o.http1MaxPendingRequests,
        http2MaxRequests: o.http2MaxRequests,
        maxRequestsPerConnection: o.maxRequestsPerConnection,
        maxRetries: o.maxRetries,
        idleTimeout: goDuration(`${p}.idleTimeout`, o.idleTimeout),
        h2UpgradePolicy: o.h2UpgradePolicy as string as istio.DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy | undefined,
        useClientProtocol: o.useClientProtocol,
        maxConcurrentStreams: o.maxConcurrentStreams,
      }),
    };
  }
}

function tcpIdleTimeoutProblem(what: string, value: ConnectionPoolOptions['tcpIdleTimeout']): string | undefined {
  if (value === undefined || value.toMilliseconds({ integral: false }) === 0) return undefined;
  const p = durationProblem(what, value, 1);
  return p && `${p}; or Duration.seconds(0) to disable it`;
}

/**
 * Keepalive problems. Envoy's `TcpKeepalive.keepalive_time` and
 * `keepalive_interval` are `UInt32Value` seconds, so Istio truncates a
 * duration to whole seconds: `1500ms` would silently become 1s, `500ms` 0.
 */
function keepaliveProblem(what: string, ka: TcpKeepaliveOptions | undefined): string | undefined {
  if (ka === undefined) return undefined;
  const probes = wholeNumberProblem(`${what}.probes`, ka.probes, 0, UINT32_MAX);
  if (probes) return probes;
  for (const [field, d] of [['time', ka.time], ['interval', ka.interval]] as const) {
    if (d === undefined) continue;
    const ms = d.toMilliseconds({ integral: false });
    if (!Number.isInteger(ms) || ms < 1000 || ms % 1000 !== 0 || ms / 1000 > UINT32_MAX) {
      return `${what}.${field} must be a whole number of seconds, at least 1s, got ${ms}ms (Envoy counts keepalive in whole seconds)`;
    }
  }
  return undefined;
}
