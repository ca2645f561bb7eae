import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { YamlWriter } from '../../src/gitops/yaml-writer';
import { CONFORMANCE_DIR } from '../conformance/harness';

/** Characters that change how YAML quotes a string: indicators, document markers, YAML 1.1 forms. */
const TRICKY = ['a', 'b', 'e', 'E', 'x', 'o', 'Y', 'n', 'N', '0', '1', '9', '.', '-', '_', '/', ':', ' ', '#', '\n', '"', "'",
  '*', '&', '!', '?', '%', '@', '`', '{', '}', '[', ']', ',', '|', '>', '~', '=', '<', '\t', '\\', '+', 'é'];
const YAML_11_FORMS = ['yes', 'No', 'on', 'OFF', 'y', 'null', '~', 'true', '1.0', '0x1F', '0b101', '017', '1_000', '2001-12-14',
  '.inf', '-.nan', '1:20', '190:20:30.15', 'e5', 'E-10', '1e3', '<<', '=', '-', '---', '...', '', ' ', '- a', '? a', 'a: b', 'a #b'];

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 8 }),
  fc.constantFrom(...YAML_11_FORMS),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('map')),
  array: fc.array(tie('tree'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('tree'), { maxKeys: 4 }),
}));

function expectSameAsCdk8s(...docs: any[]): void {
  expect(new YamlWriter().stringify(docs)).toBe(Yaml.stringify(...docs));
}

describe('YamlWriter writes what cdk8s Yaml.stringify writes', () => {
  test('for generated documents: nested maps and sequences, every scalar type, strings YAML 1.1 reads specially', () => {
    const writer = new YamlWriter(); // one writer, so remembered scalars are reused across documents
    fc.assert(fc.property(fc.array(tree, { minLength: 1, maxLength: 3 }), (docs) => {
      expect(writer.stringify(docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 3000 });
  });

  test('for every word it writes without asking yaml (letters, digits, _ . / -)', () => {
    const word = fc.tuple(fc.constantFrom(...'aeEnNoOyYtTfFxX'), fc.string({ unit: fc.constantFrom(...'aeEsnoNOy0159_./-+'), maxLength: 6 }))
      .map(([first, rest]) => first + rest);
    fc.assert(fc.property(word, (w) => {
      expectSameAsCdk8s({ [w]: w, list: [w, { [w]: [w] }] });
    }), { numRuns: 3000 });
  });

  test.each([
    ['YAML 1.1 booleans and null', { a: 'yes', b: 'No', c: 'on', d: 'y', e: 'null', yes: 1, n: 2 }],
    ['exponents without a mantissa', { e5: 'e5', E10: 'E-10' }],
    ['document markers as keys at the start of a line and indented', { '---': 1, '...': { '---': ['...'] }, 'list': [{ '---': 1 }] }],
    ['nested sequences', { a: [[1, 2], [[3]], [{ x: 1, y: [4] }]] }],
    ['empty collections and empty strings', { a: {}, b: [], c: '', d: [{}, [], ''] }],
    ['undefined as null', { a: undefined, b: [undefined] }],
    ['numbers yaml formats itself', { a: 0.5, b: -0, c: 1e21, d: NaN, e: -Infinity, f: 2 ** 60 }],
  ])('%s', (_name, doc) => expectSameAsCdk8s(doc));

  test.each([
    ['a multi-line string (block scalar)', { a: 'line 1\nline 2\n', b: ['x\ny'] }],
    ['an object that appears twice (anchor and alias)', (() => { const o = { z: 1 }; return { a: o, b: [o] }; })()],
    ['an empty object that appears twice', (() => { const o = {}; return { a: o, b: o }; })()],
    ['a Date', { a: new Date(0) }],
    ['a class instance', { a: new (class Port { public port = 80; })() }],
    ['a key yaml writes in explicit form', { ['k'.repeat(1100)]: 1 }],
    ['a scalar document', '---'],
  ])('hands %s to yaml whole', (_name, doc) => {
    expectSameAsCdk8s({ before: 1 }, doc, { after: 2 });
  });

  test('writes an undefined document as an empty one, as cdk8s does', () => {
    expectSameAsCdk8s({ a: 1 }, undefined, { b: 2 });
  });

  const manifests = path.join(CONFORMANCE_DIR, 'manifests');
  const conformance = fs.existsSync(manifests) ? test : test.skip;
  if (!fs.existsSync(manifests)) {
    // eslint-disable-next-line no-console
    console.warn(`skipping the conformance manifests: ${manifests} is absent (../shared is not beside the project)`);
  }
  conformance('for every object of the Gateway API conformance manifests', () => {
    for (const file of fs.readdirSync(manifests).filter((f) => f.endsWith('.yaml')).sort()) {
      const docs = parseAllDocuments(fs.readFileSync(path.join(manifests, file), 'utf8')).map((d) => d.toJS()).filter((d) => d != null);
      expect([file, new YamlWriter().stringify(docs)]).toEqual([file, Yaml.stringify(...docs)]);
    }
  });
});
