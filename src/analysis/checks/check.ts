import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';

/**
 * A cross-object check: reads a ManifestSet and reports findings.
 * Each check lives in its own file and has a stable id (`IGW1xxx`).
 */
export interface Check {
  /** Stable id, e.g. `IGW1001`. Never reused for another meaning. */
  readonly id: string;
  /** One line saying what the check looks for. */
  readonly title: string;
  /** The severity of its findings unless a finding says otherwise. */
  readonly severity: Severity;
  /** Runs the check over a whole set of manifests. */
  run(set: ManifestSet, context?: CheckContext): Finding[];
}

/** What a check knows besides the manifests. */
export interface CheckContext {
  /** Objects that exist outside the manifests (`AnalyzerOptions.externalObjects`). */
  readonly externals: ExternalObjects;
}

/**
 * Objects managed outside the manifests, declared as `Kind namespace/name`
 * (e.g. `Service shop/api`). Checks treat them as existing: no "not in the
 * manifests" finding, and no port check since their ports are unknown.
 */
export class ExternalObjects {
  /** No external objects. */
  public static readonly NONE = new ExternalObjects([]);

  /**
   * Parses `Kind namespace/name` entries.
   * @throws when an entry does not have that form
   */
  public static parse(entries: readonly string[]): ExternalObjects {
    const keys: string[] = [];
    for (const entry of entries) {
      const m = EXTERNAL_RE.exec(String(entry).trim());
      if (!m) {
        throw new Error(`external object "${entry}" must be "Kind namespace/name", e.g. "Service shop/api"`);
      }
      keys.push(keyOf(m[1], m[2], m[3]));
    }
    return new ExternalObjects(keys);
  }

  private readonly keys: Set<string>;

  private constructor(keys: string[]) {
    this.keys = new Set(keys);
  }

  /** Whether `kind namespace/name` was declared external. */
  public has(kind: string, namespace: string, name: string): boolean {
    return this.keys.has(keyOf(kind, namespace, name));
  }
}

const EXTERNAL_RE = /^([A-Za-z][A-Za-z0-9]*)\s+([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]*[a-z0-9])?)$/;

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/** The externals of a context, none without one. */
export function externalsOf(context?: CheckContext): ExternalObjects {
  return context?.externals ?? ExternalObjects.NONE;
}

/** What a check says about one object. */
export interface FindingDetails {
  /** Field path inside the object. */
  readonly path?: string;
  readonly message: string;
  readonly fix?: string;
  /** Overrides the check's default severity. */
  readonly severity?: Severity;
}

/** Builds a Finding of `check` on manifest `m`. */
export function findingOf(check: Check, m: Manifest, details: FindingDetails): Finding {
  return {
    id: check.id,
    severity: details.severity ?? check.severity,
    object: m.ref,
    path: details.path,
    message: details.message,
    fix: details.fix,
    location: m.location,
    ...(m.line !== undefined ? { line: m.line } : {}),
  };
}
