import { goDuration, INT32_MAX, unlessEmpty, wholeNumberProblem } from './field-checks';
import { ConnectionPoolOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { durationProblem } from '../internal/duration';
import { assertFactoryValue } from '../internal/errors';

/**
 * The `connectionPool` block of a DestinationRule traffic policy: checks and
 * renders itself. Not exported from the package; users pass `ConnectionPoolOptions`.
 * @internal
 */
export class ConnectionPool {
  public constructor(private readonly options: ConnectionPoolOptions) {}

  /** What is wrong with the options, as a message that starts with the field, or undefined. */
  public _problem(): string | undefined {
    const o = this.options;
    const count = (field: keyof ConnectionPoolOptions, value: number | undefined) =>
      wholeNumberProblem(`connectionPool.${field}`, value, 0, INT32_MAX);
    const duration = (field: keyof ConnectionPoolOptions, value: ConnectionPoolOptions['connectTimeout']) =>
      durationProblem(`connectionPool.${field}`, value, 1);
    return count('maxConnections', o.maxConnections)
      ?? duration('connectTimeout', o.connectTimeout)
      ?? count('http1MaxPendingRequests', o.http1MaxPendingRequests)
      ?? count('http2MaxRequests', o.http2MaxRequests)
      ?? count('maxRequestsPerConnection', o.maxRequestsPerConnection)
      ?? count('maxRetries', o.maxRetries)
      ?? duration('idleTimeout', o.idleTimeout)
      ?? this.emptyProblem();
  }

  /** The DestinationRule `connectionPool` block; throws on a problem. */
  public _toIstio(): istio.DestinationRuleSpecTrafficPolicyConnectionPool {
    assertFactoryValue(this._problem());
    return this.renderUnchecked();
  }

  private emptyProblem(): string | undefined {
    const { tcp, http } = this.renderUnchecked();
    // Istio's validating webhook rejects an empty connectionPool.
    return tcp || http ? undefined
      : 'connectionPool must set at least one field (e.g. maxConnections or http1MaxPendingRequests), or be left out';
  }

  private renderUnchecked(): istio.DestinationRuleSpecTrafficPolicyConnectionPool {
    const o = this.options;
    return {
      tcp: unlessEmpty({
        maxConnections: o.maxConnections,
        connectTimeout: goDuration('connectionPool.connectTimeout', o.connectTimeout),
      }),
      http: unlessEmpty({
        http1MaxPendingRequests: o.http1MaxPendingRequests,
        http2MaxRequests: o.http2MaxRequests,
        maxRequestsPerConnection: o.maxRequestsPerConnection,
        maxRetries: o.maxRetries,
        idleTimeout: goDuration('connectionPool.idleTimeout', o.idleTimeout),
      }),
    };
  }
}
