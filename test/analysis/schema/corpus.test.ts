import * as fs from 'fs';
import * as path from 'path';
import { Severity } from '../../../src/analysis/finding';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { ManifestSet } from '../../../src/manifests/manifest-set';

// The upstream Gateway API v1.6.1 examples must validate without a single
// error, on both channels: a false positive here is a bug in the validator.
const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/gateway-api-v1.6.1-examples');
const present = fs.existsSync(CORPUS);
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the corpus tests: ${CORPUS} is absent (it exists on development machines and CI only)`);
}
const d = present ? describe : describe.skip;

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

const FILES = yamlFiles(CORPUS);

d.each([['standard', false], ['experimental', true]] as const)('gateway-api v1.6.1 examples, %s channel', (_channel, experimental) => {
  const validator = new SchemaValidator({ experimental });

  test('the corpus is there', () => {
    expect(FILES.length).toBeGreaterThan(50);
  });

  test.each(FILES.map((f) => [path.relative(CORPUS, f), f]))('%s has no errors', (_name, file) => {
    const set = ManifestSet.fromPaths([file]);
    const errors = validator.validate(set).filter((f) => f.severity === Severity.ERROR);
    expect(errors).toEqual([]);
  });

  test('every object was checked against a schema', () => {
    const set = ManifestSet.fromPaths([CORPUS]);
    const findings = new SchemaValidator({ experimental }).validate(set);
    expect(findings).toEqual([]);
  });
});
