import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AccessLogFilter } from './access-log-filter';
import { TagOverride } from './tag-override';
import { isEnumValue, providerNameProblem, ResolvedTelemetryTarget } from './telemetry-checks';
import { IstioMetric, WorkloadMode } from './telemetry-enums';
import { TelemetryTarget } from './telemetry-target';
import { TracingTag } from './tracing-tag';
import * as tel from '../../imports/telemetry.istio.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { annotationsSizeProblem } from '../internal/annotations';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_SUBDOMAIN_RE, nameFromId } from '../internal/names';

/**
 * Access logging of a `GatewayTelemetry` (one `spec.accessLogging[]` entry).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging
 */
export interface AccessLoggingOptions {
  /**
   * Names of the logging providers, as defined in meshConfig
   * `extensionProviders` (`envoy`, Envoy's log to stdout, is built in).
   * @default - the mesh's default logging provider (meshConfig `defaultProviders.accessLogging`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging `providers`
   */
  readonly providers?: string[];
  /**
   * Which requests are logged, e.g. `AccessLogFilter.errorsOnly()`.
   * @default - every request
   * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging-Filter
   */
  readonly filter?: AccessLogFilter;
  /**
   * Turns access logging off (for the listed providers). Set it to `false`
   * to turn logging back on where a parent Telemetry disabled it.
   * @default - inherited: logging is on unless a parent Telemetry disables it
   * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging `disabled`
   */
  readonly disabled?: boolean;
  /**
   * Which direction of traffic is logged.
   * @default WorkloadMode.CLIENT_AND_SERVER
   * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging-LogSelector
   */
  readonly mode?: WorkloadMode;
}

/**
 * Tracing of a `GatewayTelemetry` (the one `spec.tracing[]` entry; Istio
 * supports only one).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing
 */
export interface TracingOptions {
  /**
   * The tracing provider, as defined in meshConfig `extensionProviders`
   * (e.g. an `opentelemetry` or `zipkin` provider). Istio supports one
   * provider per Telemetry.
   * @default - the mesh's default tracing provider (meshConfig `defaultProviders.tracing`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing `providers`
   */
  readonly providers?: string[];
  /**
   * Percentage of requests traced when no upstream sampling decision was
   * made, 0 to 100; fractions are allowed (`0.5`).
   * @default - inherited; Istio's mesh default is 1% (istiod `PILOT_TRACE_SAMPLING`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing `randomSamplingPercentage`
   */
  readonly randomSamplingPercentage?: number;
  /**
   * Tags added to every span. They replace the tags of a parent Telemetry.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing-CustomTag
   */
  readonly customTags?: TracingTag[];
  /**
   * Stops reporting spans; trace context is still propagated.
   * @default - inherited: spans are reported
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing `disableSpanReporting`
   */
  readonly disableSpanReporting?: boolean;
  /**
   * Which direction of traffic is traced.
   * @default WorkloadMode.CLIENT_AND_SERVER
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing-TracingSelector
   */
  readonly mode?: WorkloadMode;
}

/**
 * One override of metric generation (`spec.metrics[].overrides[]`).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides
 */
export interface MetricsOverride {
  /**
   * The standard metric to change.
   * @default - every metric (or `customMetric`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricSelector `metric`
   */
  readonly metric?: IstioMetric;
  /**
   * A metric by name, for metrics outside Istio's standard set. Not with `metric`.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricSelector `customMetric`
   */
  readonly customMetric?: string;
  /**
   * Which direction of traffic the override applies to.
   * @default WorkloadMode.CLIENT_AND_SERVER
   * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricSelector `mode`
   */
  readonly mode?: WorkloadMode;
  /**
   * Turns the selected metrics off (`true`) or back on (`false`).
   * @default - inherited: metrics are on unless a parent Telemetry disables them
   * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides `disabled`
   */
  readonly disabled?: boolean;
  /**
   * Labels to add, change or remove.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/telemetry/#MetricsOverrides-TagOverride
   */
  readonly tagOverrides?: TagOverride[];
}

/**
 * Metrics of a `GatewayTelemetry` (one `spec.metrics[]` entry).
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Metrics
 */
export interface MetricsOptions {
  /**
   * Names of the metrics providers, as defined in meshConfig
   * `extensionProviders` (`prometheus` is built in).
   * @default - the mesh's default metrics provider (meshConfig `defaultProviders.metrics`)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Metrics `providers`
   */
  readonly providers?: string[];
  /**
   * Overrides, applied in order; list the broad ones first.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Metrics `overrides`
   */
  readonly overrides?: MetricsOverride[];
}

/**
 * Options of a `GatewayTelemetry`, without its target (what
 * `IngressGateway.addTelemetry()` and `MeshNamespace.addTelemetry()` take).
 */
export interface GatewayTelemetryOptions {
  /**
   * The Telemetry's name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * Extra labels and annotations, e.g. `istio.io/rev` to pin the policy to a
   * control-plane revision.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Access logging.
   * @default - inherited from the parent Telemetry or meshConfig
   */
  readonly accessLogging?: AccessLoggingOptions;
  /**
   * Tracing.
   * @default - inherited from the parent Telemetry or meshConfig
   */
  readonly tracing?: TracingOptions;
  /**
   * Metrics.
   * @default - inherited from the parent Telemetry or meshConfig
   */
  readonly metrics?: MetricsOptions;
}

/**
 * Props for `GatewayTelemetry`.
 */
export interface GatewayTelemetryProps extends GatewayTelemetryOptions {
  /**
   * What the Telemetry applies to: `TelemetryTarget.gateway(gw)` or
   * `TelemetryTarget.namespace('shop')`.
   */
  readonly target: TelemetryTarget;
}

const TELEMETRY_TARGETS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * An Istio Telemetry (`telemetry.istio.io/v1`) for the pods of one Gateway or
 * for a whole namespace: access logging, tracing and metrics overrides.
 *
 * Settings left out are inherited from the namespace's Telemetry, then the
 * root namespace's, then meshConfig. Providers are the names of meshConfig
 * `extensionProviders`; `envoy` (access log to stdout) and `prometheus` are
 * built in.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/
 * @see https://istio.io/latest/docs/tasks/observability/telemetry/
 */
export class GatewayTelemetry extends Construct {
  /** The Telemetry's name. */
  public readonly telemetryName: string;
  /**
   * The Telemetry's namespace: the Gateway's, or the target namespace.
   * @default - unknown: the namespace of the apply context, as for the Gateway
   */
  public readonly telemetryNamespace?: string;
  /** What the Telemetry applies to. */
  public readonly target: TelemetryTarget;
  /** The L1 Telemetry (also `node.defaultChild`), the escape hatch for JSON patches. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: GatewayTelemetryProps) {
    super(scope, id);
    enableSynthValidation(this);
    if (!props || !props.target) {
      fail(this, 'target is missing; pass TelemetryTarget.gateway(gateway) or TelemetryTarget.namespace("name")');
    }
    checkFactoryValue(this, 'target', props.target._problem);
    this.target = props.target;
    const resolved = props.target._resolve(this);
    this.telemetryNamespace = resolved.namespace;
    this.telemetryName = props.name ?? nameFromId(id, this);
    if (this.telemetryName.length > 253 || !DNS_SUBDOMAIN_RE.test(this.telemetryName)) {
      fail(this, `name "${this.telemetryName}" is invalid; use at most 253 lowercase letters, digits, "-" and ".", e.g. "edge-telemetry"`);
    }
    const sizeProblem = annotationsSizeProblem('metadata.annotations', props.metadata?.annotations);
    if (sizeProblem) fail(this, sizeProblem);

    const spec: tel.TelemetrySpec = {
      targetRefs: resolved.targetRefs,
      accessLogging: props.accessLogging ? [this.renderAccessLogging(props.accessLogging)] : undefined,
      tracing: props.tracing ? [this.renderTracing(props.tracing)] : undefined,
      metrics: props.metrics ? [this.renderMetrics(props.metrics)] : undefined,
    };
    if (!spec.accessLogging && !spec.tracing && !spec.metrics) {
      fail(this, 'the telemetry sets nothing; pass accessLogging, tracing or metrics');
    }
    claimName(this, 'Telemetry', this.telemetryNamespace, this.telemetryName);
    this.claimTarget(resolved);

    // the primary L1 (`node.defaultChild`): `ApiObject.of(telemetry)` is the escape hatch
    this.resource = new tel.Telemetry(this, 'Resource', {
      metadata: { ...props.metadata, name: this.telemetryName, namespace: resolved.metadataNamespace },
      spec,
    });
  }

  /**
   * Istio applies one Telemetry per target: "it is only valid to have a single
   * workload selector-less Telemetry resource" per namespace, and one per
   * selected workload (telemetry/v1/telemetry.proto).
   */
  private claimTarget(resolved: ResolvedTelemetryTarget): void {
    const root = this.node.root;
    let claims = TELEMETRY_TARGETS.get(root);
    if (!claims) {
      claims = new Map();
      TELEMETRY_TARGETS.set(root, claims);
    }
    const owner = claims.get(resolved.key);
    if (owner !== undefined && owner !== this.node.path) {
      fail(this, `${resolved.description} already has a Telemetry (${owner}), and Istio applies only one per target; `
        + 'merge the settings into one GatewayTelemetry');
    }
    claims.set(resolved.key, this.node.path);
  }

  private renderAccessLogging(options: AccessLoggingOptions): tel.TelemetrySpecAccessLogging {
    if (options.filter !== undefined) {
      checkFactoryValue(this, 'accessLogging.filter', options.filter._problem);
      if (options.disabled === true) {
        fail(this, 'accessLogging has a filter, but disabled is true, so nothing is logged; drop the filter or set disabled to false');
      }
    }
    return {
      providers: this.renderProviders('accessLogging', options.providers),
      disabled: options.disabled,
      filter: options.filter?._toKube(),
      match: this.renderMode('accessLogging', options.mode) as tel.TelemetrySpecAccessLoggingMatch | undefined,
    };
  }

  private renderTracing(options: TracingOptions): tel.TelemetrySpecTracing {
    const providers = this.renderProviders('tracing', options.providers);
    if (providers && providers.length > 1) {
      // "NOTE: At the moment, only a single provider can be specified in a given Tracing rule" (telemetry.proto)
      fail(this, `tracing.providers lists ${providers.length} providers (${providers.map((p) => p.name).join(', ')}), but Istio supports one tracing provider; keep one`);
    }
    const pct = options.randomSamplingPercentage;
    if (pct !== undefined && (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 100)) {
      fail(this, `tracing.randomSamplingPercentage must be between 0 and 100, got ${pct}; e.g. 1 traces one request in a hundred, 0.1 one in a thousand`);
    }
    let customTags: { [name: string]: tel.TelemetrySpecTracingCustomTags } | undefined;
    (options.customTags ?? []).forEach((tag, i) => {
      if (!(tag instanceof TracingTag)) fail(this, `tracing.customTags[${i}] is not a TracingTag; use TracingTag.literal(), .requestHeader(), .environment() or .formatter()`);
      checkFactoryValue(this, `tracing.customTags[${i}]`, tag._problem);
      customTags = customTags ?? {};
      if (Object.prototype.hasOwnProperty.call(customTags, tag.name)) {
        fail(this, `tracing.customTags has two tags named "${tag.name}"; give each tag its own name`);
      }
      customTags[tag.name] = tag._toKube();
    });
    return {
      providers,
      randomSamplingPercentage: pct,
      disableSpanReporting: options.disableSpanReporting,
      customTags: customTags ? sortKeys(customTags) : undefined,
      match: this.renderMode('tracing', options.mode) as tel.TelemetrySpecTracingMatch | undefined,
    };
  }

  private renderMetrics(options: MetricsOptions): tel.TelemetrySpecMetrics {
    const overrides = (options.overrides ?? []).map((o, i) => this.renderOverride(`metrics.overrides[${i}]`, o));
    return {
      providers: this.renderProviders('metrics', options.providers),
      overrides: overrides.length ? overrides : undefined,
    };
  }

  private renderOverride(field: string, o: MetricsOverride): tel.TelemetrySpecMetricsOverrides {
    if (o === undefined || o === null || typeof o !== 'object') fail(this, `${field} is not an object; pass { metric, mode, disabled, tagOverrides }`);
    if (o.metric !== undefined && !isEnumValue(IstioMetric as any, o.metric)) {
      fail(this, `${field}.metric "${o.metric}" is not an Istio standard metric; use one of ${Object.values(IstioMetric).join(', ')}, or customMetric for another metric`);
    }
    if (o.customMetric !== undefined) {
      if (typeof o.customMetric !== 'string' || o.customMetric.trim() === '') {
        fail(this, `${field}.customMetric is empty; pass the metric's name, or use metric for a standard one`);
      }
      if (o.metric !== undefined) {
        fail(this, `${field} sets both metric (${o.metric}) and customMetric ("${o.customMetric}"); an override selects one, so split it into two overrides`);
      }
    }
    let tagOverrides: { [tag: string]: tel.TelemetrySpecMetricsOverridesTagOverrides } | undefined;
    (o.tagOverrides ?? []).forEach((t, j) => {
      if (!(t instanceof TagOverride)) fail(this, `${field}.tagOverrides[${j}] is not a TagOverride; use TagOverride.upsert() or TagOverride.remove()`);
      checkFactoryValue(this, `${field}.tagOverrides[${j}]`, t._problem);
      tagOverrides = tagOverrides ?? {};
      if (Object.prototype.hasOwnProperty.call(tagOverrides, t.tag)) {
        fail(this, `${field}.tagOverrides changes the tag "${t.tag}" twice; keep one change per tag`);
      }
      tagOverrides[t.tag] = t._toKube();
    });
    if (o.disabled === undefined && tagOverrides === undefined) {
      fail(this, `${field} changes nothing; set disabled or tagOverrides`);
    }
    const match = o.metric !== undefined || o.customMetric !== undefined || o.mode !== undefined ? {
      metric: o.metric as unknown as tel.TelemetrySpecMetricsOverridesMatchMetric | undefined,
      customMetric: o.customMetric,
      mode: this.renderMode(field, o.mode)?.mode as tel.TelemetrySpecMetricsOverridesMatchMode | undefined,
    } : undefined;
    return { match, disabled: o.disabled, tagOverrides: tagOverrides ? sortKeys(tagOverrides) : undefined };
  }

  private renderMode(field: string, mode: WorkloadMode | undefined): { mode: any } | undefined {
    if (mode === undefined) return undefined;
    if (!isEnumValue(WorkloadMode as any, mode)) {
      fail(this, `${field}.mode "${mode}" is not a workload mode; use WorkloadMode.CLIENT_AND_SERVER, CLIENT or SERVER`);
    }
    return { mode };
  }

  private renderProviders(field: string, providers: string[] | undefined): Array<{ name: string }> | undefined {
    if (providers === undefined) return undefined;
    if (!Array.isArray(providers) || providers.length === 0) {
      fail(this, `${field}.providers is empty; name at least one provider, e.g. ["${field === 'metrics' ? 'prometheus' : 'envoy'}"], or leave providers out for the mesh default`);
    }
    const seen = new Set<string>();
    providers.forEach((name, i) => {
      const problem = providerNameProblem(name);
      if (problem) {
        fail(this, `${field}.providers[${i}]: ${problem}; use the name of a meshConfig extensionProviders entry `
          + '(letters, digits, "-", "_" and "."), e.g. "envoy" or "prometheus", which are built in');
      }
      if (seen.has(name)) fail(this, `${field}.providers lists "${name}" twice; list each provider once`);
      seen.add(name);
    });
    return providers.map((name) => ({ name }));
  }
}

function sortKeys<T>(map: { [key: string]: T }): { [key: string]: T } {
  const sorted: { [key: string]: T } = {};
  for (const key of Object.keys(map).sort()) sorted[key] = map[key];
  return sorted;
}
