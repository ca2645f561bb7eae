import * as fs from 'fs';
import * as path from 'path';
import { committedObjects, EXAMPLE_NAMES, EXAMPLES_DIR, experimentalChannel, freshSynth } from './helpers';
import { ManifestSet } from '../../src';
import { Analyzer } from '../../src/analysis/analyzer';

describe.each(EXAMPLE_NAMES)('example %s', (example) => {
  test('its committed dist/ is what the app synthesizes today (run `npx projen examples` to refresh)', () => {
    const dist = path.join(EXAMPLES_DIR, example, 'dist');
    const fresh = freshSynth(example);
    const committed = fs.existsSync(dist) ? fs.readdirSync(dist).sort() : [];
    expect(committed).toEqual([...fresh.keys()].sort());
    for (const [file, content] of fresh) {
      expect(`${file}:\n${fs.readFileSync(path.join(dist, file), 'utf8')}`).toBe(`${file}:\n${content}`);
    }
  });

  test('synthesis is byte-identical across runs', () => {
    expect([...freshSynth(example)]).toEqual([...freshSynth(example)]);
  });

  test('every object passes the CRD / Kubernetes schemas, their CEL rules and the cross-object checks', () => {
    const report = new Analyzer({ experimental: experimentalChannel(example) }).analyze(ManifestSet.fromObjects(committedObjects(example), example));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.objectCount).toBeGreaterThan(3);
  });
});
