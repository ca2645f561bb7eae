import { ManifestSet } from '../manifests/manifest-set';
import * as allChecksModule from './checks/all-checks'; // only its type: the checks load on first use (allChecks)
import { Check, CheckContext, ExternalObjects } from './checks/check';
import { Finding, Severity } from './finding';
import { isKustomizeConfig } from './kustomize-config';
import { AnalysisReport } from './report';
import { externalObjectsProblem } from '../gateway-api/external-objects';
import { SchemaValidator } from './schema/schema-validator';
import { onFirstUse } from '../internal/on-first-use';

/** The cross-object checks, loaded the first time an App or a set of manifests is analyzed, not when the package is required. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const allChecks = onFirstUse(() => (require('./checks/all-checks') as typeof allChecksModule).ALL_CHECKS);

/**
 * Options for an `Analyzer`.
 */
export interface AnalyzerOptions {
  /**
   * Ids of checks to skip, e.g. `['IGW1016']`. Schema ids (`IGW0001` to
   * `IGW0005`) drop those schema findings.
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

  /**
   * Objects that exist in the cluster but are managed outside the manifests,
   * as `Kind namespace/name`, e.g. `['Service shop/api', 'Gateway infra/edge']`.
   * Checks treat them as existing: no "not in the manifests" finding for
   * them, and no port check for Services (their ports are unknown).
   * @default - none
   */
  readonly externalObjects?: string[];
}

/** Ids of the schema and CEL findings. */
const SCHEMA_IDS = ['IGW0001', 'IGW0002', 'IGW0003', 'IGW0004', 'IGW0005'];

/** The objects of a set without those the schema validation found errors in (the API server rejects them). */
function withoutRejected(set: ManifestSet, schemaFindings: readonly Finding[]): ManifestSet {
  const key = (object: string, location: string, line?: number) => `${object}|${location}|${line ?? ''}`;
  const rejected = new Set(schemaFindings.filter((f) => f.severity === Severity.ERROR).map((f) => key(f.object, f.location, f.line)));
  return set._without((m) => rejected.has(key(m.ref, m.location, m.line)));
}

/** Runs a check; when it still fails, one finding (IGW0005) says so instead of a crash. */
function runOrReport(check: Check, set: ManifestSet, context: CheckContext, first: unknown): Finding[] {
  try {
    return check.run(set, context);
  } catch (e) {
    const error = (e ?? first) as Error;
    return [{
      id: 'IGW0005',
      severity: Severity.ERROR,
      object: '(input)',
      message: `check ${check.id} (${check.title}) could not read the input: ${String(error?.message ?? error).split('\n')[0]}; `
        + 'an object has a field of an unexpected type',
      fix: 'run with schema validation on (no --no-schema) to see which field, and fix it',
      location: set.files.join(', ') || 'input',
    }];
  }
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
    return allChecks().map((c) => ({ id: c.id, title: c.title, severity: c.severity }));
  }

  /** Every id a finding can have: the schema ids `IGW0001` to `IGW0005` and the check ids, sorted. */
  public static knownIds(): string[] {
    return [...SCHEMA_IDS, ...allChecks().map((c) => c.id)].sort();
  }

  /**
   * Why options are not valid (an unknown id in `disabledChecks`, a
   * malformed `externalObjects` entry), or undefined.
   * @internal
   */
  public static _optionsProblem(options: AnalyzerOptions): string | undefined {
    const known = Analyzer.knownIds();
    const unknown = (options.disabledChecks ?? []).find((id) => !known.includes(id));
    if (unknown !== undefined) return `unknown check id ${unknown} in disabledChecks; known ids: ${known.join(', ')}`;
    return externalObjectsProblem(options.externalObjects ?? []);
  }

  private readonly disabled: Set<string>;
  private readonly schemaValidation: boolean;
  private readonly experimental: boolean;
  private readonly context: CheckContext;

  /**
   * @throws when `disabledChecks` names an unknown id or an `externalObjects`
   * entry is not `Kind namespace/name`
   */
  public constructor(options: AnalyzerOptions = {}) {
    const problem = Analyzer._optionsProblem(options);
    if (problem) throw new Error(problem);
    this.disabled = new Set(options.disabledChecks ?? []);
    this.context = { externals: ExternalObjects.parse(options.externalObjects ?? []) };
    this.schemaValidation = options.schemaValidation ?? true;
    this.experimental = options.experimental ?? false;
  }

  /**
   * Runs schema validation and every enabled check over `set`. kustomize's
   * own files (a `kustomization.yaml`) are skipped and not counted.
   */
  public analyze(set: ManifestSet): AnalysisReport {
    const findings: Finding[] = [];
    const schemaFindings = this.schemaValidation ? new SchemaValidator({ experimental: this.experimental }).validate(set) : [];
    for (const f of schemaFindings) findings.push(f);
    let valid: ManifestSet | undefined;
    for (const check of allChecks()) {
      if (this.disabled.has(check.id)) continue;
      let found: Finding[];
      try {
        found = check.run(set, this.context);
      } catch (e) {
        // a field of the wrong type that the check did not expect: the API server rejects that object, so
        // the check runs again without the objects that have schema errors
        valid ??= withoutRejected(set, schemaFindings);
        found = runOrReport(check, valid, this.context, e);
      }
      for (const f of found) findings.push(f);
    }
    const objectCount = set.all.filter((m) => !isKustomizeConfig(m)).length;
    return new AnalysisReport(findings.filter((f) => !this.disabled.has(f.id)), objectCount);
  }
}
