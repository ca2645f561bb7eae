/**
 * Collecting, ordering and printing MigrationFindings (internal to the
 * migration and the CLI).
 */
import { MigrationFinding } from './migration-finding';
import { FieldLines } from '../manifests/field-lines';
import { Manifest } from '../manifests/manifest';

/** The severities of a MigrationFinding. @internal */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Collects findings; a refused object is remembered so its other findings
 * and output can be left out.
 * @internal
 */
export class FindingCollector {
  public readonly findings: MigrationFinding[] = [];
  /** The line of each field in its file (the file is read again once, only when a finding needs it). */
  private readonly lines = new FieldLines();

  public add(severity: Severity, m: Manifest, namespace: string, field: string, message: string, suggestion: string): void {
    this.findings.push({
      severity,
      object: `${m.kind} ${namespace}/${m.name}`,
      field,
      location: m.source,
      line: this.lines.lineOf(m, field),
      message,
      suggestion,
    });
  }
}

const SEVERITY_ORDER: { [s: string]: number } = { error: 0, warning: 1, info: 2 };

/** Findings sorted by file, line, object, field, severity (stable and deterministic). @internal */
export function sortFindings(list: readonly MigrationFinding[]): MigrationFinding[] {
  return list.map((f, i) => ({ f, i })).sort((a, b) => cmp(a.f.location, b.f.location)
    || ((a.f.line ?? 0) - (b.f.line ?? 0))
    || cmp(a.f.object, b.f.object)
    || a.i - b.i).map((x) => x.f);
}

/** One line: `severity object field file:line: message (suggestion)`. @internal */
export function findingLine(f: MigrationFinding): string {
  const where = f.line !== undefined ? `${f.location}:${f.line}` : f.location;
  return `${f.severity} ${f.object} ${f.field} ${where}: ${f.message}${f.suggestion ? ` (suggestion: ${f.suggestion})` : ''}`;
}

/** `N error(s), N warning(s), N info`. @internal */
export function findingSummary(list: readonly MigrationFinding[]): string {
  const n = (s: string) => list.filter((f) => f.severity === s).length;
  return `${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} info`;
}

/** @internal */
export function severityRank(s: string): number {
  return SEVERITY_ORDER[s] ?? 3;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
