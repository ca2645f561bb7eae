import { Analyzer } from './analyzer';
import { ExternalObjects } from './checks/check';
import { Finding, Severity } from './finding';
import { AnalysisReport } from './report';
import { ManifestSet } from '../manifests/manifest-set';

/**
 * Properties of the cdk8s validation plugin, set in `cdk8s.yaml` under
 * `validations[].properties`.
 */
export interface IstioGatewayValidationProperties {
  /**
   * Ids of checks to skip, e.g. `['IGW1016']`.
   * @default - every check runs
   */
  readonly disabledChecks?: string[];

  /**
   * Accept experimental-channel Gateway API fields and kinds.
   * @default false
   */
  readonly experimental?: boolean;

  /**
   * Fail `cdk8s synth` on warnings too.
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Objects that exist but are not in the manifests, as `Kind namespace/name`
   * (e.g. `Service shop/api`); see `AnalyzerOptions.externalObjects`.
   * @default - none
   */
  readonly externalObjects?: string[];
}

/**
 * A cdk8s validation plugin: `cdk8s synth` runs it on the synthesized
 * manifests, prints a report and exits with code 2 on error findings.
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: ./node_modules/cdk8s-istio-gateway   # a path: cdk8s-cli npm-installs bare names
 *     version: 0.0.0                                 # required by cdk8s-cli
 *     class: IstioGatewayValidation
 *     properties:
 *       disabledChecks: [IGW1016]
 * ```
 *
 * Every finding becomes a violation whose rule name is the finding id, with
 * the message as the recommendation, the fix, and the resource, field path
 * and manifest file. Warnings are reported too but only fail the validation
 * with `failOnWarnings`.
 */
export class IstioGatewayValidation {
  private readonly disabledChecks: string[];
  private readonly experimental: boolean;
  private readonly failOnWarnings: boolean;
  private readonly externalObjects: string[];
  private readonly problems: PropertyProblem[];

  /**
   * Unknown property names, values of the wrong type and unknown check ids
   * do not throw: `validate()` reports them as a failure.
   *
   * @param properties from `cdk8s.yaml`; cdk8s passes `{}` when none are set
   */
  public constructor(properties: IstioGatewayValidationProperties = {}) {
    this.problems = propertyProblems(properties ?? {});
    const ok = this.problems.length === 0;
    this.disabledChecks = ok ? properties.disabledChecks ?? [] : [];
    this.experimental = ok ? properties.experimental ?? false : false;
    this.failOnWarnings = ok ? properties.failOnWarnings ?? false : false;
    this.externalObjects = ok ? properties.externalObjects ?? [] : [];
  }

  /**
   * Validates `context.manifests` and submits the report.
   *
   * @param context the cdk8s-cli `ValidationContext` (`manifests`, `logger`, `report`)
   */
  public async validate(context: any): Promise<void> {
    if (this.problems.length > 0) {
      for (const p of this.problems) {
        context.report.addViolation({ ruleName: 'IGW0000', recommendation: p.message, fix: p.fix, violatingResources: [] });
      }
      context.logger.log(`cdk8s-istio-gateway: ${this.problems.map((p) => p.message).join('; ')}`);
      context.report.submit('failure', { error: this.problems.map((p) => p.message).join('; ') });
      return;
    }
    let report: AnalysisReport;
    try {
      const set = ManifestSet.fromPaths([...context.manifests]);
      const options = { disabledChecks: this.disabledChecks, experimental: this.experimental, externalObjects: this.externalObjects };
      report = new Analyzer(options).analyze(set);
    } catch (e) {
      const message = typeof (e as any)?.message === 'string' ? (e as any).message : String(e);
      context.report.addViolation({
        ruleName: 'IGW0000',
        recommendation: `the manifests could not be read: ${message}`,
        fix: 'make sure the app synthesizes valid YAML',
        violatingResources: [],
      });
      context.report.submit('failure', { error: message });
      return;
    }
    for (const f of report.findings) {
      context.report.addViolation({
        ruleName: f.id,
        recommendation: f.severity === Severity.WARNING ? `warning: ${f.message}` : f.message,
        fix: f.fix ?? 'see docs/checks.md',
        violatingResources: [{
          resourceName: resourceNameOf(f),
          locations: [f.path ?? '.'],
          manifestPath: f.location,
        }],
      });
    }
    const failed = report.errors.length > 0 || (this.failOnWarnings && report.warnings.length > 0);
    context.logger.log(`cdk8s-istio-gateway: ${report.summary}`);
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(report.objectCount),
      errors: String(report.errors.length),
      warnings: String(report.warnings.length),
    });
  }
}

/** A mistake in the plugin properties of `cdk8s.yaml`. */
interface PropertyProblem {
  readonly message: string;
  readonly fix: string;
}

const PROPERTY_NAMES = ['disabledChecks', 'experimental', 'externalObjects', 'failOnWarnings'];

/** Unknown names, wrong types and unknown check ids in the plugin properties. */
function propertyProblems(properties: any): PropertyProblem[] {
  const out: PropertyProblem[] = [];
  if (typeof properties !== 'object' || Array.isArray(properties)) {
    return [{ message: `plugin properties must be a map, got ${JSON.stringify(properties)}`, fix: `set properties to a map of ${PROPERTY_NAMES.join(', ')}` }];
  }
  for (const name of Object.keys(properties).sort()) {
    if (PROPERTY_NAMES.includes(name)) continue;
    const close = PROPERTY_NAMES.find((k) => k.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(k.toLowerCase()));
    out.push({
      message: `unknown plugin property "${name}"; known properties: ${PROPERTY_NAMES.join(', ')}`,
      fix: close ? `rename "${name}" to "${close}" in cdk8s.yaml validations[].properties` : `remove "${name}" from cdk8s.yaml validations[].properties`,
    });
  }
  const disabled = properties.disabledChecks;
  if (disabled !== undefined) {
    if (!Array.isArray(disabled) || disabled.some((id) => typeof id !== 'string')) {
      out.push({
        message: `plugin property "disabledChecks" must be a list of check ids, got ${JSON.stringify(disabled)}`,
        fix: `write it as a list, e.g. disabledChecks: [${typeof disabled === 'string' ? disabled : 'IGW1016'}]`,
      });
    } else {
      const known = Analyzer.knownIds();
      for (const id of disabled.filter((x: string) => !known.includes(x))) {
        out.push({
          message: `unknown check id ${id} in plugin property "disabledChecks"; known ids: ${known.join(', ')}`,
          fix: `fix or remove ${id} (see docs/checks.md)`,
        });
      }
    }
  }
  const externals = properties.externalObjects;
  if (externals !== undefined) {
    if (!Array.isArray(externals) || externals.some((x) => typeof x !== 'string')) {
      out.push({
        message: `plugin property "externalObjects" must be a list of "Kind namespace/name", got ${JSON.stringify(externals)}`,
        fix: 'write it as a list, e.g. externalObjects: ["Service shop/api"]',
      });
    } else {
      try {
        ExternalObjects.parse(externals);
      } catch (e) {
        out.push({ message: `plugin property "externalObjects": ${(e as Error).message}`, fix: 'write each entry as "Kind namespace/name", e.g. "Service shop/api"' });
      }
    }
  }
  for (const name of ['experimental', 'failOnWarnings']) {
    const v = properties[name];
    if (v !== undefined && typeof v !== 'boolean') {
      out.push({ message: `plugin property "${name}" must be true or false, got ${JSON.stringify(v)}`, fix: `set ${name}: true or ${name}: false` });
    }
  }
  return out;
}

/**
 * The object's `metadata.name`: cdk8s-cli keys construct paths by it, so the
 * report shows the construct path.
 */
function resourceNameOf(f: Finding): string {
  const ref = f.object.slice(f.object.indexOf(' ') + 1);
  return ref.slice(ref.indexOf('/') + 1);
}
