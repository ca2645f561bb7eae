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
    // Checks that report an error when certain and a warning when the outcome depends on objects outside the set.
    const both = ['IGW1001', 'IGW1002', 'IGW1004', 'IGW1005', 'IGW1006', 'IGW1010', 'IGW1018', 'IGW1024', 'IGW1025', 'IGW1040', 'IGW1043', 'IGW1050', 'IGW1052', 'IGW1061', 'IGW1062', 'IGW1065'];
    for (const c of Analyzer.checks()) {
      const severity = both.includes(c.id) ? `${Severity.ERROR} / ${Severity.WARNING}` : c.severity;
      expect(doc).toContain(`| ${c.id} | ${c.title} | ${severity} |`);
      expect(doc).toContain(`### ${c.id} `);
    }
    expect(doc).toContain('| IGW1021 | route served over plain HTTP on a listener that redirects to https | warning |');
  });

  test('disabledChecks with an unknown id throws with the known ids', () => {
    expect(() => new Analyzer({ disabledChecks: ['IGW1016', 'IGW9999'] })).toThrow(
      /^unknown check id IGW9999 in disabledChecks; known ids: IGW0001, IGW0002, IGW0003, IGW0004, IGW0005, IGW1001, .*IGW10\d\d$/);
    expect(Analyzer.knownIds()).toContain('IGW0004');
  });

  test('externalObjects are treated as existing: no missing-object finding and no port check', () => {
    const set = ManifestSet.fromYaml([
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: web, namespace: shop }',
      'spec: { ports: [{ name: http, port: 80 }] }',
      '---',
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: { name: pay, namespace: shop }',
      'spec:',
      '  parentRefs: [{ name: edge, namespace: infra }]',
      '  rules: [{ backendRefs: [{ name: payments-api, port: 8443 }] }]',
    ].join('\n'));
    const without = new Analyzer({ schemaValidation: false }).analyze(set);
    expect(without.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(['error IGW1004', 'warning IGW1001']);
    const withExternals = new Analyzer({ schemaValidation: false, externalObjects: ['Service shop/payments-api', 'Gateway infra/edge'] }).analyze(set);
    // the Gateway declared external is not in the manifests: IGW1024 says it must exist in the cluster
    expect(withExternals.findings.map((f) => `${f.severity} ${f.id}`)).toEqual(['warning IGW1024']);
  });

  test('externalObjects cover certificate Secrets, DestinationRule hosts and mesh parent Services', () => {
    const set = ManifestSet.fromYaml([
      'apiVersion: v1', 'kind: Service', 'metadata: { name: web, namespace: shop }', 'spec: { ports: [{ name: http, port: 80 }] }', '---',
      'apiVersion: gateway.networking.k8s.io/v1', 'kind: Gateway', 'metadata: { name: edge, namespace: shop }',
      'spec:', '  gatewayClassName: istio',
      '  listeners: [{ name: https, port: 443, protocol: HTTPS, tls: { certificateRefs: [{ name: shop-tls }] } }]', '---',
      'apiVersion: networking.istio.io/v1', 'kind: DestinationRule', 'metadata: { name: pay, namespace: shop }', 'spec: { host: payments-api }', '---',
      'apiVersion: gateway.networking.k8s.io/v1', 'kind: HTTPRoute', 'metadata: { name: mesh, namespace: shop }',
      'spec: { parentRefs: [{ group: "", kind: Service, name: payments-api, port: 8443 }] }',
    ].join('\n'));
    const ids = (r: AnalysisReport) => r.findings.map((f) => `${f.severity} ${f.id}`);
    expect(ids(new Analyzer({ schemaValidation: false }).analyze(set))).toEqual(['error IGW1010', 'error IGW1018', 'warning IGW1006']);
    const externalObjects = ['Secret shop/shop-tls', 'Service shop/payments-api'];
    expect(ids(new Analyzer({ schemaValidation: false, externalObjects }).analyze(set))).toEqual([]);
  });

  test('externalObjects entries must be Kind namespace/name', () => {
    expect(() => new Analyzer({ externalObjects: ['shop/api'] })).toThrow('external object "shop/api" must be "Kind namespace/name", e.g. "Service shop/api"');
    expect(() => new Analyzer({ externalObjects: ['Service api'] })).toThrow(/must be "Kind namespace\/name"/);
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
