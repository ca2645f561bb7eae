// Checks shared by the telemetry value classes and GatewayTelemetry; not exported from the package.

/**
 * What a provider name may look like, and why it is checked at all.
 *
 * Istio only asks that `meshConfig.extensionProviders[].name` is non-empty
 * and unique (istio/istio pkg/config/validation/agent/extensionprovider.go
 * `validateExtensionProvider`), and that a Telemetry's `providers[].name` is
 * non-empty (pkg/config/validation/validation.go `validateTelemetryProviders`).
 * Names in Istio's docs and defaults are `envoy`, `prometheus`, `otel`,
 * `envoy-json`, `zipkin-alternate`, `envoyFileAccessLogger`. So the library
 * accepts letters (either case), digits, `-`, `_` and `.`, starting and ending
 * with a letter or digit: that keeps every such name and rejects blanks,
 * whitespace and stray punctuation, which would silently match no provider.
 *
 * @internal
 */
export const PROVIDER_NAME_RE = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/**
 * Checks a provider name; returns the reason it is invalid, else undefined.
 * @internal
 */
export function providerNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'the provider name is empty';
  if (name.length > 253 || !PROVIDER_NAME_RE.test(name)) {
    return `"${name}" is not a valid provider name`;
  }
  return undefined;
}

/**
 * Checks a tag name (a tracing custom tag or a metric label): Istio only
 * requires it to be non-empty; blanks and control characters would produce a
 * tag nobody can query.
 * @internal
 */
export function tagNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'the tag name is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(name)) return `tag name ${JSON.stringify(name)} contains whitespace or control characters`;
  return undefined;
}

/** Whether a value is one of an enum's values. @internal */
export function isEnumValue(e: { [key: string]: string }, value: unknown): boolean {
  return typeof value === 'string' && Object.values(e).includes(value);
}

/** Where a resolved target puts the Telemetry, and its `targetRefs`. @internal */
export interface ResolvedTelemetryTarget {
  /** The Telemetry's namespace, when known (else the apply context's). */
  readonly namespace?: string;
  /** The namespace to write into metadata, when it differs from the chart's or the chart has none. */
  readonly metadataNamespace?: string;
  /** `spec.targetRefs`, or undefined for a namespace-wide Telemetry. */
  readonly targetRefs?: Array<{ group: string; kind: string; name: string }>;
  /** A key that identifies what the Telemetry applies to, for the one-per-target rule. */
  readonly key: string;
  /** The target in messages: `gateway "shop/edge"` or `namespace "shop"`. */
  readonly description: string;
}

