import { concretePathPattern, rulesOf } from './rule-table';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { Manifest } from '../../../src/manifests/manifest';
import { CEL_VIOLATIONS } from '../../fixtures/cel/violations';

// Status is not validated: on create the API server ignores what a client writes there.
const RULES = [
  ...rulesOf('gateway-standard.json', 'v1', ['Gateway', 'HTTPRoute', 'GRPCRoute']),
  ...rulesOf('istio.json', 'v1', ['DestinationRule']),
].filter((r) => !r.at.startsWith('.status'));

const validator = new SchemaValidator();

describe('every CEL rule of Gateway, HTTPRoute, GRPCRoute and DestinationRule (v1)', () => {
  test('the rule table is complete', () => {
    expect(RULES.length).toBeGreaterThan(150);
    expect(RULES.filter((r) => r.kind === 'DestinationRule').length).toBe(39);
  });

  test.each(RULES.map((r) => [`${r.kind} ${r.at}: ${r.message}`, r] as const))('%s', (_name, rule) => {
    const fixtures = CEL_VIOLATIONS.filter((f) => f.kind === rule.kind && f.at === rule.at && f.message === rule.message);
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      const findings = validator.validateManifest(Manifest.of(fixture.object, 'fixture'));
      const hits = findings.filter((f) => f.id === 'IGW0002' && f.message === rule.message);
      expect(hits.map((h) => h.path)).toEqual(expect.arrayContaining([expect.stringMatching(concretePathPattern(rule.at))]));
      expect(findings.filter((f) => f.id === 'IGW0003')).toEqual([]);
      expect(findings.filter((f) => f.id === 'IGW0001').map((f) => f.path)).toEqual(fixture.schemaErrorsAt ?? []);
    }
  });

  test('every fixture names a real rule', () => {
    const known = new Set(RULES.map((r) => `${r.kind}|${r.at}|${r.message}`));
    expect(CEL_VIOLATIONS.filter((f) => !known.has(`${f.kind}|${f.at}|${f.message}`)).map((f) => `${f.kind} ${f.at}: ${f.message}`)).toEqual([]);
  });
});
