import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClientTlsMode, ConnectionPoolOptions, OutlierDetectionOptions, TrafficPolicyOptions, ClientTlsOptions } from './traffic-policy';
import * as istio from '../../imports/networking.istio.io';
import { formatDuration } from '../internal/duration';
import { checkFactoryValue, fail } from '../internal/errors';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

// Module-internal helpers of the backend module; not exported from the package.

const INT32_MAX = 2_147_483_647;
const UINT32_MAX = 4_294_967_295;

/**
 * Field-wise override: a field set on `override` replaces the one on `base`.
 * @internal
 */
export function mergeTrafficPolicy(base: TrafficPolicyOptions, override: TrafficPolicyOptions): TrafficPolicyOptions {
  return {
    loadBalancer: override.loadBalancer ?? base.loadBalancer,
    connectionPool: override.connectionPool ?? base.connectionPool,
    outlierDetection: override.outlierDetection ?? base.outlierDetection,
    tls: override.tls ?? base.tls,
  };
}

/**
 * Checks a traffic policy and renders the DestinationRule `trafficPolicy`,
 * or `undefined` when nothing is set.
 * @internal
 */
export function renderTrafficPolicy(scope: IConstruct, policy: TrafficPolicyOptions): istio.DestinationRuleSpecTrafficPolicy | undefined {
  checkFactoryValue(scope, 'loadBalancer', policy.loadBalancer?._problem);
  const rendered: istio.DestinationRuleSpecTrafficPolicy = {
    loadBalancer: policy.loadBalancer?._toIstio(),
    connectionPool: policy.connectionPool ? renderConnectionPool(scope, policy.connectionPool) : undefined,
    outlierDetection: policy.outlierDetection ? renderOutlierDetection(scope, policy.outlierDetection) : undefined,
    tls: policy.tls ? renderTls(scope, policy.tls) : undefined,
  };
  const anySet = Object.values(rendered).some(v => v !== undefined);
  return anySet ? rendered : undefined;
}

function renderConnectionPool(scope: IConstruct, o: ConnectionPoolOptions): istio.DestinationRuleSpecTrafficPolicyConnectionPool {
  const tcp: istio.DestinationRuleSpecTrafficPolicyConnectionPoolTcp = {
    maxConnections: count(scope, 'connectionPool.maxConnections', o.maxConnections, 0, INT32_MAX),
    connectTimeout: duration(scope, 'connectionPool.connectTimeout', o.connectTimeout),
  };
  const http: istio.DestinationRuleSpecTrafficPolicyConnectionPoolHttp = {
    http1MaxPendingRequests: count(scope, 'connectionPool.http1MaxPendingRequests', o.http1MaxPendingRequests, 0, INT32_MAX),
    http2MaxRequests: count(scope, 'connectionPool.http2MaxRequests', o.http2MaxRequests, 0, INT32_MAX),
    maxRequestsPerConnection: count(scope, 'connectionPool.maxRequestsPerConnection', o.maxRequestsPerConnection, 0, INT32_MAX),
    maxRetries: count(scope, 'connectionPool.maxRetries', o.maxRetries, 0, INT32_MAX),
    idleTimeout: duration(scope, 'connectionPool.idleTimeout', o.idleTimeout),
  };
  const result = { tcp: orUndefined(tcp), http: orUndefined(http) };
  if (!result.tcp && !result.http) {
    // Istio's validating webhook rejects an empty connectionPool.
    fail(scope, 'connectionPool must set at least one field (e.g. maxConnections or http1MaxPendingRequests), or be left out');
  }
  return result;
}

function renderOutlierDetection(scope: IConstruct, o: OutlierDetectionOptions): istio.DestinationRuleSpecTrafficPolicyOutlierDetection {
  return {
    consecutive5XxErrors: count(scope, 'outlierDetection.consecutive5xxErrors', o.consecutive5xxErrors, 0, UINT32_MAX),
    consecutiveGatewayErrors: count(scope, 'outlierDetection.consecutiveGatewayErrors', o.consecutiveGatewayErrors, 0, UINT32_MAX),
    interval: duration(scope, 'outlierDetection.interval', o.interval),
    baseEjectionTime: duration(scope, 'outlierDetection.baseEjectionTime', o.baseEjectionTime),
    maxEjectionPercent: percent(scope, 'outlierDetection.maxEjectionPercent', o.maxEjectionPercent),
    minHealthPercent: percent(scope, 'outlierDetection.minHealthPercent', o.minHealthPercent),
  };
}

function renderTls(scope: IConstruct, o: ClientTlsOptions): istio.DestinationRuleSpecTrafficPolicyTls {
  if (!Object.values(ClientTlsMode).includes(o.mode)) {
    fail(scope, `tls.mode must be one of ${Object.values(ClientTlsMode).join(', ')}, got "${o.mode}"`);
  }
  if (o.mode === ClientTlsMode.MUTUAL && !o.credentialName) {
    fail(scope, 'tls mode MUTUAL needs credentialName: the name of a Secret with the client certificate, key and CA');
  }
  if (o.credentialName !== undefined && o.mode !== ClientTlsMode.MUTUAL && o.mode !== ClientTlsMode.SIMPLE) {
    fail(scope, `tls.credentialName applies only to modes SIMPLE and MUTUAL, got mode ${o.mode}; remove credentialName`);
  }
  if (o.credentialName !== undefined && !DNS_SUBDOMAIN_RE.test(o.credentialName)) {
    fail(scope, `tls.credentialName "${o.credentialName}" is not a valid Secret name (lowercase letters, digits, "-" and ".")`);
  }
  if (o.mode === ClientTlsMode.DISABLE && (o.sni !== undefined || (o.subjectAltNames ?? []).length > 0)) {
    fail(scope, 'tls.sni and tls.subjectAltNames have no effect with mode DISABLE; remove them or pick another mode');
  }
  return {
    mode: o.mode as string as istio.DestinationRuleSpecTrafficPolicyTlsMode,
    credentialName: o.credentialName,
    sni: o.sni,
    subjectAltNames: o.subjectAltNames && o.subjectAltNames.length > 0 ? [...o.subjectAltNames] : undefined,
  };
}

function count(scope: IConstruct, what: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(scope, `${what} must be a whole number between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function percent(scope: IConstruct, what: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    fail(scope, `${what} must be a whole number between 0 and 100, got ${value}`);
  }
  return value;
}

function duration(scope: IConstruct, what: string, value: Duration | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms < 1) {
    // Istio's CEL rule: duration(self) >= duration('1ms'), whole milliseconds only.
    fail(scope, `${what} must be a whole number of milliseconds, at least 1ms, got ${ms}ms`);
  }
  return formatDuration(value, what);
}

function orUndefined<T extends object>(o: T): T | undefined {
  return Object.values(o).some(v => v !== undefined) ? o : undefined;
}
