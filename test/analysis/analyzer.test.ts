import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/analysis/analyzer';
import { ALL_CHECKS } from '../../src/analysis/checks/all-checks';
import { Finding, Severity } from '../../src/analysis/finding';
import { AnalysisReport } from '../../src/analysis/report';
import { ManifestSet } from '../../src/manifests/manifest-set';

const CHECKS = path.resolve(__dirname, '../fixtures/checks');
const load = (...names: string[]) => ManifestSet.fromPaths(names.map((n) => path.join(CHECKS, n)));

describe('Analyzer', () => {
  test('a correct app has no finding', () => {
    const report = new Analyzer().analyze(load('valid-app.yaml'));
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.objectCount).toBe(21);
    expect(report.toText()).toBe('21 objects, 0 errors, 0 warnings\n');
  });

  test('runs schema validation and the cross-object checks', () => {
    const report = new Analyzer().analyze(load('conflicting-listeners.yaml'));
    expect([...new Set(report.findings.map((f) => f.id))].sort()).toEqual(['IGW0002', 'IGW1006', 'IGW1012']);
    expect(report.ok).toBe(false);
  });

  test('schemaValidation false runs the cross-object checks only', () => {
    const report = new Analyzer({ schemaValidation: false }).analyze(load('conflicting-listeners.yaml'));
    expect([...new Set(report.findings.map((f) => f.id))].sort()).toEqual(['IGW1006', 'IGW1012']);
  });

  test('disabledChecks drops cross-object and schema ids', () => {
    const report = new Analyzer({ disabledChecks: ['IGW1012', 'IGW0002'] }).analyze(load('conflicting-listeners.yaml'));
    expect(report.findings.map((f) => f.id)).toEqual(['IGW1006']);
  });

  test('findings are sorted: errors first, then object, path, id', () => {
    const report = new Analyzer({ schemaValidation: false }).analyze(load('redirect-loop.yaml', 'backend-service-not-found.yaml'));
    const keys = report.findings.map((f) => `${f.severity} ${f.object} ${f.path}`);
    expect(report.findings[0].severity).toBe(Severity.ERROR);
    expect(report.findings[report.findings.length - 1].severity).toBe(Severity.WARNING);
    const errors = report.errors.map((f) => `${f.object} ${f.path}`);
    expect(errors).toEqual([...errors].sort());
    expect(keys.length).toBe(report.errors.length + report.warnings.length);
  });

  test('the order of the input does not change the report', () => {
    const files = ['backend-service-not-found.yaml', 'all-backend-weights-zero.yaml', 'istio-gateway-name-length.yaml'];
    const a = new Analyzer().analyze(load(...files));
    const b = new Analyzer().analyze(load(...[...files].reverse()));
    expect(a.findings.length).toBeGreaterThan(5);
    expect(b.toJson()).toBe(a.toJson());
  });

  test('checks() lists every check with a unique IGW1xxx id', () => {
    const checks = Analyzer.checks();
    expect(checks.map((c) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id));
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const c of checks) {
      expect(c.id).toMatch(/^IGW1\d{3}$/);
      expect(c.title).not.toBe('');
    }
    expect(checks.map((c) => c.id)).toEqual([...checks.map((c) => c.id)].sort());
  });

  test('docs/checks.md documents every check with its id, title and severity', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/checks.md'), 'utf8');
    for (const c of Analyzer.checks()) {
      expect(doc).toContain(`| ${c.id} | ${c.title} | ${c.severity} |`);
    }
  });
});

describe('AnalysisReport', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    id: 'IGW1001', severity: Severity.ERROR, object: 'HTTPRoute a/b', message: 'm', location: 'x', ...over,
  });

  test('summary counts with singular and plural', () => {
    expect(new AnalysisReport([], 1).summary).toBe('1 object, 0 errors, 0 warnings');
    expect(new AnalysisReport([finding({}), finding({ severity: Severity.WARNING })], 2).summary).toBe('2 objects, 1 error, 1 warning');
  });

  test('text shows the path, fix and location of each finding', () => {
    const r = new AnalysisReport([
      finding({ severity: Severity.WARNING, object: 'Service a/s', message: 'w' }),
      finding({ path: 'spec.x', fix: 'do y', location: 'chart/route' }),
    ], 3);
    expect(r.toText()).toBe([
      'error IGW1001 HTTPRoute a/b spec.x: m',
      '  fix: do y',
      '  at: chart/route',
      'warning IGW1001 Service a/s: w',
      '  at: x',
      '3 objects, 1 error, 1 warning',
      '',
    ].join('\n'));
  });

  test('json has counts and findings without unset fields', () => {
    const r = new AnalysisReport([finding({})], 1);
    expect(JSON.parse(r.toJson())).toEqual({
      objectCount: 1,
      errors: 1,
      warnings: 0,
      findings: [{ id: 'IGW1001', severity: 'error', object: 'HTTPRoute a/b', message: 'm', location: 'x' }],
    });
  });
});
