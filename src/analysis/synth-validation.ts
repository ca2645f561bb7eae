import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Analyzer, AnalyzerOptions } from './analyzer';
import { Finding } from './finding';
import { isExperimentalChannel } from '../gateway-api/channel';
import { declaredExternalObjects, externalObjectsProblem, recordExternalObject } from '../gateway-api/external-objects';
import { fail } from '../internal/errors';
import { markValidatesLast } from '../internal/validation-order';
import { ManifestSet } from '../manifests/manifest-set';

export { declaredExternalObjects };

/** The context key that turns synth-time validation off (see `SynthValidation.CONTEXT_KEY`). */
const CONTEXT_KEY = 'cdk8s-istio-gateway:validation';

/** Id of the hidden construct at the App root that carries the validation. */
const SINGLETON_ID = 'IstioGatewayAnalysis';

/** Set to `off` to stop printing synth-time warnings (e.g. in test suites). */
const WARNINGS_ENV = 'CDK8S_ISTIO_GATEWAY_WARNINGS';

/**
 * Options for synth-time validation.
 */
export interface SynthValidationOptions extends AnalyzerOptions {
  /**
   * Whether to validate at synth time.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Whether to print warning findings to stderr at synth time (they never fail synth).
   * The environment variable `CDK8S_ISTIO_GATEWAY_WARNINGS=off` also turns printing off.
   * @default true
   */
  readonly printWarnings?: boolean;
}

/**
 * Validation of the whole App at synth time: before `app.synth()` or
 * `Testing.synth()` writes anything, every ApiObject of the App is analyzed
 * (schema and CEL rules, cross-object checks). Error findings fail synth with
 * the construct path, the problem and the fix; warnings are printed to
 * stderr. The library's constructs enable it automatically; `enable()` turns
 * it on for an App of raw objects too.
 *
 * To turn it off, call `SynthValidation.disable(app)` or set the context key
 * `cdk8s-istio-gateway:validation` to `off` on the App.
 *
 * Gateway API objects are validated against the standard-channel CRDs unless
 * the context key `cdk8s-istio-gateway:gatewayApiChannel` is `experimental`
 * (or `experimental` is passed to `enable()`).
 */
export class SynthValidation {
  /**
   * Context key that turns synth-time validation off when set to `off` (or
   * `false`) on the App before any chart is added:
   * `app.node.setContext('cdk8s-istio-gateway:validation', 'off')`.
   */
  public static readonly CONTEXT_KEY = CONTEXT_KEY;

  /**
   * Validates the App that `scope` belongs to at synth time, with `options`.
   * Calling it again replaces the options.
   * @throws when `disabledChecks` names an unknown id or an `externalObjects` entry is malformed
   */
  public static enable(scope: IConstruct, options: SynthValidationOptions = {}): void {
    const problem = Analyzer._optionsProblem(options);
    if (problem) fail(scope, problem);
    singletonOf(scope).options = { ...options, enabled: options.enabled ?? true };
  }

  /** Turns synth-time validation off for the App that `scope` belongs to. */
  public static disable(scope: IConstruct): void {
    singletonOf(scope).options = { enabled: false };
  }

  /**
   * Analyzes the App that `scope` belongs to now and returns the error
   * messages synth would fail with (empty when it would pass), without
   * printing warnings.
   */
  public static errors(scope: IConstruct, options: AnalyzerOptions = {}): string[] {
    const externalObjects = [...new Set([...options.externalObjects ?? [], ...declaredExternalObjects(scope)])].sort();
    const experimental = options.experimental ?? isExperimentalChannel(scope.node.root);
    const report = new Analyzer({ ...options, externalObjects, experimental }).analyze(ManifestSet.fromApp(scope.node.root));
    return report.errors.map(formatFinding);
  }

  private constructor() {}
}


/**
 * Makes sure the App that `scope` belongs to is validated at synth time.
 * Library constructs call this from their constructors; it adds one hidden
 * construct per App and leaves options set by `SynthValidation.enable()` alone.
 */
export function enableSynthValidation(scope: IConstruct): void {
  singletonOf(scope);
}

/**
 * Records that `kind namespace/name` exists in the cluster but is managed
 * outside this App (e.g. the Service behind `Backend.fromServiceName`), so
 * synth-time analysis treats it as existing (`AnalyzerOptions.externalObjects`).
 * Without `namespace`, the namespace of the Chart of `scope` is used, else `default`.
 */
export function declareExternalObject(scope: IConstruct, kind: string, namespace: string | undefined, name: string): void {
  const entry = `${kind} ${namespace || chartNamespaceOf(scope) || 'default'}/${name}`;
  const problem = externalObjectsProblem([entry]);
  if (problem) fail(scope, problem);
  recordExternalObject(scope, entry);
  singletonOf(scope);
}

function chartNamespaceOf(scope: IConstruct): string | undefined {
  let c: IConstruct | undefined = scope;
  while (c) {
    if (Chart.isChart(c)) return (c as Chart).namespace;
    c = c.node.scope;
  }
  return undefined;
}

/** One finding as a synth error line: `IGW1001 [construct/path] Kind ns/name field: message (fix: ...)`. */
function formatFinding(f: Finding): string {
  return `${f.id} [${f.location}] ${f.object}${f.path ? ` ${f.path}` : ''}: ${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}`;
}

function singletonOf(scope: IConstruct): AppAnalysis {
  const root = scope.node.root;
  const existing = root.node.tryFindChild(SINGLETON_ID);
  if (existing instanceof AppAnalysis) return existing;
  if (existing) {
    throw new Error(`[${root.node.path || '<root>'}] the construct id "${SINGLETON_ID}" at the App root is reserved for synth-time validation; rename that construct`);
  }
  return new AppAnalysis(root, SINGLETON_ID);
}

/**
 * The hidden construct at the App root. It has no ApiObject, so it adds
 * nothing to the output and ManifestSet.fromApp skips it.
 */
class AppAnalysis extends Construct {
  public options: SynthValidationOptions = {};

  /**
   * The error messages of the last analysis. cdk8s validates the whole App
   * once at the start of `app.synth()` / `app.synthYaml()` and again for
   * every chart it then renders (`Chart.toJson()`), so one synth of N charts
   * asks N+1 times. Only those N nested asks reuse the result: every other
   * validation (a new `app.synth()`, `Testing.synth()`, `chart.toJson()`)
   * analyzes the App as it is now, so a change made between two synths is
   * always seen, even in the same synchronous block.
   */
  private cachedErrors?: string[];

  constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    markValidatesLast(this);
    this.node.addValidation({ validate: () => this.validateApp() });
  }

  private validateApp(): string[] {
    const switchedOff = this.node.tryGetContext(CONTEXT_KEY);
    if (this.options.enabled === false || switchedOff === 'off' || switchedOff === false || switchedOff === 'false') return [];
    if (this.cachedErrors && isChartOfAppSynth()) return this.cachedErrors;
    this.cachedErrors = undefined;
    const externalObjects = [...new Set([...this.options.externalObjects ?? [], ...declaredExternalObjects(this)])].sort();
    // the channel the App targets: experimental-channel fields (HTTPRoute retry) validate against the experimental CRDs
    const experimental = this.options.experimental ?? isExperimentalChannel(this);
    const report = new Analyzer({ ...this.options, externalObjects, experimental }).analyze(ManifestSet.fromApp(this.node.root));
    const print = this.options.printWarnings ?? process.env[WARNINGS_ENV] !== 'off';
    if (print && report.warnings.length > 0) {
      const lines = report.warnings.map((f) => `  warning ${formatFinding(f)}\n`).join('');
      process.stderr.write(`cdk8s-istio-gateway: ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}:\n${lines}`);
    }
    const errors = report.errors.map(formatFinding);
    this.cachedErrors = errors;
    return errors;
  }
}

/**
 * Whether this validation is one of the per-chart validations that cdk8s's
 * `App.synth()` / `App.synthYaml()` runs after validating the whole App
 * (`App._synthChart` called from the App's `synth`/`synthYaml` in cdk8s's
 * `app.js`, whatever the App subclass), i.e. nothing can have changed since
 * the App-level validation of the same synth. When in doubt (a renamed
 * method, a truncated stack) it says no and the App is analyzed again:
 * slower, never stale. It reads raw call sites, so source maps cost nothing.
 */
function isChartOfAppSynth(): boolean {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.stackTraceLimit = 40;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, isChartOfAppSynth);
    frames = Array.isArray(holder.stack) ? holder.stack : [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
  const chart = frames.findIndex((f) => f.getFunctionName() === '_synthChart');
  return chart >= 0 && frames.slice(chart + 1).some((f) =>
    /^synth(?:Yaml)?$/.test(f.getFunctionName() ?? '') && /[\\/]app\.[jt]s$/.test(f.getFileName() ?? ''));
}
