/**
 * Istio's retry policy for a route (istio/istio
 * pilot/pkg/networking/core/route/retry/retry.go): shared by the Gateway API
 * simulation (HTTPRoute `retry`) and the VirtualService simulation (`retries`).
 */
import { RetryDecision } from '../routing-decision';

/**
 * Istio's default retry conditions, for a route without a retry policy
 * (retry.go `DefaultPolicy`: 2 retries, no retriable status code listed).
 */
export const ISTIO_DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/**
 * The 4xx and 5xx codes Go's `net/http` names (`http.StatusText`): Istio's
 * `parseRetryOn` counts a number in `retryOn` as a status code only then.
 */
export const GO_STATUS_CODES = new Set([
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429,
  431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** Istio's default policy (retry.go `DefaultPolicy`, meshConfig `defaultHttpRetryPolicy` unset). */
export function istioDefaultRetry(): RetryDecision {
  return { source: 'istio-default', attempts: 2, retryOn: ISTIO_DEFAULT_RETRY_ON, codes: [] };
}

/**
 * A VirtualService `http[].retries` as Istio converts it (retry.go
 * `ConvertPolicy`): none → the default policy; `attempts` 0 → no retries;
 * otherwise the default with `attempts`, `retryOn` (numbers Go names become
 * retriable status codes, and `retriable-status-codes` is added),
 * `perTryTimeout` and `backoff` replaced.
 */
export function virtualServiceRetry(retries: any): RetryDecision {
  if (!retries || typeof retries !== 'object') return istioDefaultRetry();
  const attempts = Number(retries.attempts ?? 0);
  if (!(attempts > 0)) return { source: 'route', attempts: 0, retryOn: '', codes: [] };
  let retryOn = ISTIO_DEFAULT_RETRY_ON;
  let codes: number[] = [];
  if (typeof retries.retryOn === 'string' && retries.retryOn !== '') {
    const parts = retries.retryOn.split(',').map((p: string) => p.trim()).filter((p: string) => p !== '');
    codes = parts.filter((p: string) => /^\d+$/.test(p) && GO_STATUS_CODES.has(Number(p))).map(Number);
    retryOn = parts.filter((p: string) => !(/^\d+$/.test(p) && GO_STATUS_CODES.has(Number(p)))).join(',');
    if (codes.length > 0 && !retryOn.includes('retriable-status-codes')) retryOn = retryOn === '' ? 'retriable-status-codes' : `${retryOn},retriable-status-codes`;
  }
  return {
    source: 'route',
    attempts,
    retryOn,
    codes,
    ...(typeof retries.backoff === 'string' ? { backoff: retries.backoff } : {}),
    ...(typeof retries.perTryTimeout === 'string' ? { perTryTimeout: retries.perTryTimeout } : {}),
  };
}
