import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/analysis/analyzer';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { experimentalChannel } from '../examples/helpers';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const dists = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).sort().map((e) => path.join(EXAMPLES, e, 'dist')).filter((d) => fs.existsSync(d))
  : [];

const d = dists.length > 0 ? describe : describe.skip;
if (dists.length === 0) console.warn(`skipping the example analysis: no examples/*/dist directory under ${EXAMPLES}`);

d('the synthesized examples', () => {
  test.each((dists.length > 0 ? dists : ['none']).map((x) => [path.relative(EXAMPLES, x), x]))('%s has no error finding', (_name, dir) => {
    const report = new Analyzer({ experimental: experimentalChannel(path.basename(path.dirname(dir))) }).analyze(ManifestSet.fromPaths([dir]));
    expect(report.errors.map((f) => `${f.id} ${f.object} ${f.path ?? ''}: ${f.message}`)).toEqual([]);
  });
});
