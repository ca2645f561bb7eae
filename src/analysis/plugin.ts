import { Analyzer } from './analyzer';
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
}

/**
 * A cdk8s validation plugin: `cdk8s synth` runs it on the synthesized
 * manifests, prints a report and exits with code 2 on error findings.
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: cdk8s-istio-gateway
 *     version: 1.2.3          # pinned; ranges are rejected
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

  /**
   * @param properties from `cdk8s.yaml`; cdk8s passes `{}` when none are set
   */
  public constructor(properties: IstioGatewayValidationProperties = {}) {
    this.disabledChecks = properties.disabledChecks ?? [];
    this.experimental = properties.experimental ?? false;
    this.failOnWarnings = properties.failOnWarnings ?? false;
  }

  /**
   * Validates `context.manifests` and submits the report.
   *
   * @param context the cdk8s-cli `ValidationContext` (`manifests`, `logger`, `report`)
   */
  public async validate(context: any): Promise<void> {
    let report: AnalysisReport;
    try {
      const set = ManifestSet.fromPaths([...context.manifests]);
      report = new Analyzer({ disabledChecks: this.disabledChecks, experimental: this.experimental }).analyze(set);
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

/**
 * The object's `metadata.name`: cdk8s-cli keys construct paths by it, so the
 * report shows the construct path.
 */
function resourceNameOf(f: Finding): string {
  const ref = f.object.slice(f.object.indexOf(' ') + 1);
  return ref.slice(ref.indexOf('/') + 1);
}
