import * as path from 'path';
import { Check } from '../../../src/analysis/checks/check';
import { Finding } from '../../../src/analysis/finding';
import { ManifestSet } from '../../../src/manifests/manifest-set';

/** The fixture directory of the cross-object checks. */
export const FIXTURES = path.resolve(__dirname, '../../fixtures/checks');

/** Loads a fixture file of test/fixtures/checks. */
export function fixture(name: string): ManifestSet {
  return ManifestSet.fromPaths([path.join(FIXTURES, name)]);
}

/** Runs one check over a fixture and returns its findings sorted by object and path. */
export function run(check: Check, name: string): Finding[] {
  return check.run(fixture(name)).sort((a, b) => {
    const ka = `${a.object} ${a.path}`;
    const kb = `${b.object} ${b.path}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The findings as `severity object path` lines, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.id} ${f.object} ${f.path ?? ''}`.trim());
}
