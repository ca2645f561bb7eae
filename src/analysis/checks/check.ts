import { ExternalObjects } from '../../gateway-api/external-objects';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';

export { ExternalObjects };

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
