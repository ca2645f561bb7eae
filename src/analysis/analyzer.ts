import { ManifestSet } from '../manifests/manifest-set';
import { ALL_CHECKS } from './checks/all-checks';
import { Finding, Severity } from './finding';
import { AnalysisReport } from './report';
import { SchemaValidator } from './schema/schema-validator';

/**
 * Options for an `Analyzer`.
 */
export interface AnalyzerOptions {
  /**
   * Ids of checks to skip, e.g. `['IGW1016']`. Schema ids (`IGW0001` to
   * `IGW0004`) drop those schema findings.
   * @default - every check runs
   */
  readonly disabledChecks?: string[];

  /**
   * Validate every object against its CRD or core schema and CEL rules.
   * @default true
   */
  readonly schemaValidation?: boolean;

  /**
   * Accept experimental-channel Gateway API fields and kinds in schema validation.
   * @default false
   */
  readonly experimental?: boolean;
}

/**
 * A cross-object check the Analyzer runs.
 */
export interface CheckInfo {
  /** Stable id, e.g. `IGW1001`. */
  readonly id: string;
  /** What the check looks for, in one line. */
  readonly title: string;
  /** The severity of its findings by default. */
  readonly severity: Severity;
}

/**
 * Analyzes a set of manifests offline: schema and CEL validation of every
 * object (the API server's rules), then the cross-object checks (routes that
 * do not attach, missing backends and grants, redirect loops, Istio limits;
 * see `docs/checks.md`).
 *
 * @example
 * const report = new Analyzer().analyze(ManifestSet.fromPaths(['dist/']));
 * if (!report.ok) throw new Error(report.toText());
 */
export class Analyzer {
  /** The cross-object checks, in id order. */
  public static checks(): CheckInfo[] {
    return ALL_CHECKS.map((c) => ({ id: c.id, title: c.title, severity: c.severity }));
  }

  private readonly disabled: Set<string>;
  private readonly schemaValidation: boolean;
  private readonly experimental: boolean;

  public constructor(options: AnalyzerOptions = {}) {
    this.disabled = new Set(options.disabledChecks ?? []);
    this.schemaValidation = options.schemaValidation ?? true;
    this.experimental = options.experimental ?? false;
  }

  /** Runs schema validation and every enabled check over `set`. */
  public analyze(set: ManifestSet): AnalysisReport {
    const findings: Finding[] = [];
    if (this.schemaValidation) {
      findings.push(...new SchemaValidator({ experimental: this.experimental }).validate(set));
    }
    for (const check of ALL_CHECKS) {
      if (this.disabled.has(check.id)) continue;
      findings.push(...check.run(set));
    }
    return new AnalysisReport(findings.filter((f) => !this.disabled.has(f.id)), set.all.length);
  }
}
