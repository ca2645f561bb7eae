/**
 * Numeric limits of the Kubernetes API that the constructs and the analysis
 * both enforce.
 */

/** The largest int32: `replicas` and most counts of the Kubernetes API, Istio's connection pool counts. @internal */
export const INT32_MAX = 2_147_483_647;
/** The smallest int32. @internal */
export const INT32_MIN = -2_147_483_648;
/** The largest uint32, e.g. Istio's outlier detection error counts. @internal */
export const UINT32_MAX = 4_294_967_295;
/** `metadata.annotations` of one object may hold at most this many bytes, keys plus values (`TotalAnnotationSizeLimitB`). @internal */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** The bytes of all keys and values of annotations, as the API server counts them (UTF-8). @internal */
export function annotationsBytes(annotations: { [key: string]: unknown }): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v ?? ''), 'utf8');
  return total;
}

/**
 * The limits of one HTTPRoute in the Gateway API v1.6.1 CRD (`maxItems`):
 * hostnames and rules per route, matches per route across its rules.
 * @internal
 */
export const HTTPROUTE_LIMITS = { hostnames: 16, rules: 16, matches: 128 } as const;
