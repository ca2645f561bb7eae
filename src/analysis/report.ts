import { Finding, Severity } from './finding';

/**
 * The result of analyzing a set of manifests: every finding, sorted
 * deterministically (errors first, then by object, field path, id,
 * message and location), with text and JSON renderings.
 */
export class AnalysisReport {
  /** Every finding, errors first. */
  public readonly findings: Finding[];
  /** The findings of severity error: the manifests do not work as written. */
  public readonly errors: Finding[];
  /** The findings of severity warning. */
  public readonly warnings: Finding[];
  /** How many objects were analyzed. */
  public readonly objectCount: number;

  /**
   * @param findings the findings, in any order
   * @param objectCount how many objects were analyzed
   */
  public constructor(findings: Finding[], objectCount: number) {
    this.findings = [...findings].sort(compareFindings);
    this.errors = this.findings.filter((f) => f.severity === Severity.ERROR);
    this.warnings = this.findings.filter((f) => f.severity === Severity.WARNING);
    this.objectCount = objectCount;
  }

  /** Whether there is no error finding (warnings allowed). */
  public get ok(): boolean {
    return this.errors.length === 0;
  }

  /** The summary line, e.g. `12 objects, 0 errors, 1 warning`. */
  public get summary(): string {
    return `${plural(this.objectCount, 'object')}, ${plural(this.errors.length, 'error')}, ${plural(this.warnings.length, 'warning')}`;
  }

  /**
   * The findings as text, one block per finding, ending with the summary line:
   *
   * ```
   * error IGW1001 HTTPRoute shop/api spec.parentRefs[0].sectionName: parentRef sectionName "htps" matches no listener ...
   *   fix: set sectionName to one of "http", "https" ...
   *   at: shop/api/Resource        (or dist/shop.k8s.yaml:42 for a file)
   * 12 objects, 1 error, 0 warnings
   * ```
   */
  public toText(): string {
    const lines: string[] = [];
    for (const f of this.findings) {
      lines.push(`${f.severity} ${f.id} ${f.object}${f.path ? ` ${f.path}` : ''}: ${f.message}`);
      if (f.fix) lines.push(`  fix: ${f.fix}`);
      lines.push(`  at: ${f.location}${f.line !== undefined ? `:${f.line}` : ''}`);
    }
    lines.push(this.summary);
    return lines.join('\n') + '\n';
  }

  /** The report as pretty-printed JSON: `{objectCount, errors, warnings, findings}` (errors and warnings are counts). */
  public toJson(): string {
    const findings = this.findings.map((f) => {
      const o: { [key: string]: string | number } = { id: f.id, severity: f.severity, object: f.object };
      if (f.path !== undefined) o.path = f.path;
      o.message = f.message;
      if (f.fix !== undefined) o.fix = f.fix;
      o.location = f.location;
      if (f.line !== undefined) o.line = f.line;
      return o;
    });
    return JSON.stringify({
      objectCount: this.objectCount,
      errors: this.errors.length,
      warnings: this.warnings.length,
      findings,
    }, undefined, 2) + '\n';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SEVERITY_ORDER: { [s: string]: number } = { [Severity.ERROR]: 0, [Severity.WARNING]: 1 };

/** Deterministic finding order: severity, object, path, id, message, location. */
function compareFindings(a: Finding, b: Finding): number {
  return (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
    || cmp(a.object, b.object)
    || cmp(a.path ?? '', b.path ?? '')
    || cmp(a.id, b.id)
    || cmp(a.message, b.message)
    || cmp(a.location, b.location)
    || (a.line ?? 0) - (b.line ?? 0);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
