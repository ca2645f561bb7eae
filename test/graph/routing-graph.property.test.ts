import * as fc from 'fast-check';
import { backend, dotIds, gateway, graphOf, httpListener, mermaidIds, route, seedDist, service } from './helpers';
import { printable } from '../../src/graph/labels';
import { RoutingGraph } from '../../src/graph/routing-graph';
import { ManifestSet } from '../../src/manifests/manifest-set';

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Mermaid and DOT text that parse, declare every edge endpoint and hold no control character. */
function expectWellFormed(g: RoutingGraph): void {
  for (const [text, ids] of [[g.toMermaid(), mermaidIds], [g.toDot(), dotIds]] as const) {
    expect(text).not.toMatch(CONTROL);
    const { declared, endpoints } = ids(text);
    for (const id of endpoints) expect(declared).toContain(id);
  }
}

describe('routing graph properties', () => {
  test('header values and paths full of syntax characters give well-formed Mermaid and DOT that keep the rule', () => {
    const unit = fc.constantFrom(...'"|<>#[]{}`\\;$&%*_~^()!:,.=+@ \'-aZ09·é中😀'.split(''), '😀');
    const value = fc.string({ unit, minLength: 1, maxLength: 30 });
    const pathUnit = fc.constantFrom(...'abc-._~!$&\'()*+,;=:@'.split(''));
    fc.assert(fc.property(value, fc.string({ unit: pathUnit, maxLength: 20 }), (header, path) => {
      const g = graphOf([gateway([httpListener()]), service('a'), route('r', {
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: `/${path}` }, headers: [{ name: 'x-h', value: header }] }], backendRefs: [backend('a', 90)] },
          { matches: [{ queryParams: [{ name: 'q', value: header }] }], backendRefs: [backend('a', 10)] },
        ],
      })]);
      expectWellFormed(g);
      if (g.notes.length === 0) expect(g.toMermaid()).toContain('ru2');
    }), { numRuns: 60, seed: 20261127 });
  });

  test('any value, even one the API server rejects, gives well-formed Mermaid and DOT', () => {
    const value = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(value, value, (header, name) => {
      const g = graphOf([gateway([httpListener()]), service('a'), route('r', {
        rules: [{ name, matches: [{ headers: [{ name: 'x-h', value: header }] }], backendRefs: [backend('a')] }],
      })]);
      expectWellFormed(g);
    }), { numRuns: 40, seed: 20261127 });
  });

  test('printable leaves no control character and keeps other text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      const p = printable(s);
      expect(p).not.toMatch(CONTROL);
      if (!CONTROL.test(s) && !/[\u2028\u2029]/.test(s)) expect(p).toBe(s);
    }), { numRuns: 300, seed: 20261127 });
  });

  test('the objects of seed-000 in any order give the same graph', () => {
    const objects = ManifestSet.fromPaths([seedDist('seed-000-canary')]).all.map((m) => m.object);
    const expected = graphOf(objects);
    fc.assert(fc.property(fc.shuffledSubarray(objects, { minLength: objects.length, maxLength: objects.length }), (shuffled) => {
      const g = graphOf(shuffled);
      expect(g.toMermaid()).toBe(expected.toMermaid());
      expect(g.toDot()).toBe(expected.toDot());
    }), { numRuns: 30, seed: 20261127 });
  });
});
