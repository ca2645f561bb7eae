import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { Analyzer } from '../../src/analysis/analyzer';
import { IstioGatewayValidation } from '../../src/analysis/plugin';
import { GitOpsApp } from '../../src/gitops/gitops-app';
import { ManifestSet } from '../../src/manifests/manifest-set';

// cdk8s-cli publishes its plugin API under the `cdk8s-cli/plugins` export only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins');

const FIXTURES = path.resolve(__dirname, '../fixtures');

/** A context shaped like cdk8s-cli's, recording what the plugin does. */
function fakeContext(manifests: string[]) {
  const violations: any[] = [];
  const submitted: any[] = [];
  const logs: string[] = [];
  return {
    violations,
    submitted,
    logs,
    context: {
      manifests,
      pkg: 'cdk8s-istio-gateway',
      version: '0.0.0',
      metadata: {},
      logger: { log: (m: string) => logs.push(m) },
      report: {
        addViolation: (v: any) => violations.push(v),
        submit: (status: string, metadata?: any) => submitted.push({ status, metadata }),
      },
    },
  };
}

describe('IstioGatewayValidation (cdk8s validation plugin)', () => {
  test('reports each finding as a violation and submits failure on errors', async () => {
    const fake = fakeContext([path.join(FIXTURES, 'checks/route-parent-not-found.yaml')]);
    await new IstioGatewayValidation().validate(fake.context);
    const typo = fake.violations.find((v) => v.violatingResources[0].resourceName === 'typo-section');
    expect(typo).toEqual({
      ruleName: 'IGW1001',
      recommendation: 'parentRef sectionName "htps" matches no listener of Gateway infra/edge; it has http (port 80), https (port 443)',
      fix: 'did you mean "https"? set sectionName to one of "http", "https", or add a matching listener',
      violatingResources: [{
        resourceName: 'typo-section',
        locations: ['spec.parentRefs[0].sectionName'],
        manifestPath: path.join(FIXTURES, 'checks/route-parent-not-found.yaml'),
      }],
    });
    const warning = fake.violations.find((v) => v.violatingResources[0].resourceName === 'elsewhere');
    expect(warning.recommendation).toMatch(/^warning: parentRef names Gateway platform\/shared/);
    expect(fake.submitted).toEqual([{ status: 'failure', metadata: { objects: '7', errors: '4', warnings: '3' } }]);
    expect(fake.logs).toEqual(['cdk8s-istio-gateway: 7 objects, 4 errors, 3 warnings']);
  });

  test('submits success when there are only warnings, failure with failOnWarnings', async () => {
    const file = path.join(FIXTURES, 'checks/service-port-protocol.yaml');
    const lenient = fakeContext([file]);
    await new IstioGatewayValidation().validate(lenient.context);
    expect(lenient.violations.map((v) => v.ruleName)).toEqual(['IGW1016', 'IGW1016']);
    expect(lenient.submitted[0].status).toBe('success');
    const strict = fakeContext([file]);
    await new IstioGatewayValidation({ failOnWarnings: true }).validate(strict.context);
    expect(strict.submitted[0].status).toBe('failure');
  });

  test('disabledChecks from cdk8s.yaml properties are honoured', async () => {
    const fake = fakeContext([path.join(FIXTURES, 'checks/service-port-protocol.yaml')]);
    await new IstioGatewayValidation({ disabledChecks: ['IGW1016'] }).validate(fake.context);
    expect(fake.violations).toEqual([]);
    expect(fake.submitted[0].status).toBe('success');
  });

  test('submits failure when a manifest cannot be read', async () => {
    const fake = fakeContext([path.join(FIXTURES, 'does-not-exist.yaml')]);
    await new IstioGatewayValidation().validate(fake.context);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0].ruleName).toBe('IGW0000');
    expect(fake.violations[0].recommendation).toMatch(/^the manifests could not be read: .*does-not-exist\.yaml/);
    expect(fake.submitted[0].status).toBe('failure');
  });

  test('unknown properties, wrong types and unknown check ids fail with a message naming the property', async () => {
    const file = path.join(FIXTURES, 'checks/service-port-protocol.yaml');
    const typo = fakeContext([file]);
    await new IstioGatewayValidation({ disabledCheck: ['IGW1016'] } as any).validate(typo.context);
    expect(typo.violations).toEqual([{
      ruleName: 'IGW0000',
      recommendation: 'unknown plugin property "disabledCheck"; known properties: disabledChecks, experimental, externalObjects, failOnWarnings',
      fix: 'rename "disabledCheck" to "disabledChecks" in cdk8s.yaml validations[].properties',
      violatingResources: [],
    }]);
    expect(typo.submitted).toEqual([{ status: 'failure', metadata: { error: typo.violations[0].recommendation } }]);

    const notAList = fakeContext([file]);
    await new IstioGatewayValidation({ disabledChecks: 'IGW1006' } as any).validate(notAList.context);
    expect(notAList.violations.map((v) => [v.recommendation, v.fix])).toEqual([[
      'plugin property "disabledChecks" must be a list of check ids, got "IGW1006"', 'write it as a list, e.g. disabledChecks: [IGW1006]',
    ]]);
    expect(notAList.submitted[0].status).toBe('failure');

    const unknownId = fakeContext([file]);
    await new IstioGatewayValidation({ disabledChecks: ['IGW1016', 'IGW9999'] }).validate(unknownId.context);
    expect(unknownId.violations).toHaveLength(1);
    expect(unknownId.violations[0].recommendation).toMatch(/^unknown check id IGW9999 in plugin property "disabledChecks"; known ids: IGW0001, .*IGW10\d\d$/);
    expect(unknownId.submitted[0].status).toBe('failure');

    const notABoolean = fakeContext([file]);
    await new IstioGatewayValidation({ failOnWarnings: 'yes' } as any).validate(notABoolean.context);
    expect(notABoolean.violations[0].recommendation).toBe('plugin property "failOnWarnings" must be true or false, got "yes"');
  });

  test('externalObjects from cdk8s.yaml properties count as existing', async () => {
    const file = path.join(FIXTURES, 'checks/backend-service-not-found.yaml');
    const before = fakeContext([file]);
    await new IstioGatewayValidation({ disabledChecks: ['IGW0004'] }).validate(before.context);
    const missing = before.violations.filter((v) => v.ruleName === 'IGW1004' && /which is not in the manifests/.test(v.recommendation));
    expect(missing.length).toBeGreaterThan(0);
    const refs = [...new Set(missing.map((v) => /names (Service \S+),/.exec(v.recommendation)![1]))];
    const after = fakeContext([file]);
    await new IstioGatewayValidation({ externalObjects: refs }).validate(after.context);
    expect(after.violations.filter((v) => v.ruleName === 'IGW1004' && /which is not in the manifests/.test(v.recommendation))).toEqual([]);
    const bad = fakeContext([file]);
    await new IstioGatewayValidation({ externalObjects: ['api'] }).validate(bad.context);
    expect(bad.violations[0].recommendation).toBe('plugin property "externalObjects": external object "api" must be "Kind namespace/name", e.g. "Service shop/api"');
    expect(bad.submitted[0].status).toBe('failure');
  });

  test('a kustomization.yaml written by GitOpsApp is not an API object: no finding, failOnWarnings passes', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-kust-'));
    try {
      const app = new GitOpsApp({ outdir, kustomization: true });
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: { a: 'b' } });
      app.synth();
      const files = fs.readdirSync(outdir).sort().map((f) => path.join(outdir, f));
      expect(files.map((f) => path.basename(f))).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
      const fake = fakeContext(files);
      await new IstioGatewayValidation({ failOnWarnings: true }).validate(fake.context);
      expect(fake.violations).toEqual([]);
      expect(fake.submitted).toEqual([{ status: 'success', metadata: { objects: '1', errors: '0', warnings: '0' } }]);
      const report = new Analyzer().analyze(ManifestSet.fromPaths([outdir]));
      expect(report.findings).toEqual([]);
      expect(report.objectCount).toBe(1);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a Flux Kustomization is an API object and still gets IGW0004 when its CRD is unknown', () => {
    const set = ManifestSet.fromObjects([{
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec: {},
    }]);
    expect(new Analyzer().analyze(set).findings.map((f) => f.id)).toEqual(['IGW0004']);
  });

  test('works with the real cdk8s-cli ValidationContext and report', async () => {
    const file = path.join(FIXTURES, 'checks/all-backend-weights-zero.yaml');
    const context = new ValidationContext([file], 'cdk8s-istio-gateway', '0.0.0', { drained: { path: 'shop/drained' } }, false);
    await new IstioGatewayValidation({ disabledChecks: ['IGW0001', 'IGW0002', 'IGW0003', 'IGW0004'] }).validate(context);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.violations.map((v: any) => v.ruleName)).toContain('IGW1009');
    const v = json.violations.find((x: any) => x.ruleName === 'IGW1009')!;
    expect(v.violatingConstructs[0].constructPath).toBe('shop/drained');
    expect(context.report.toString()).toContain('How to fix: give at least one backend a positive weight, or remove the rule');
  });
});

describe('cdk8s synth with the plugin in cdk8s.yaml', () => {
  const appDir = path.join(FIXTURES, 'plugin-app');

  function synth(env: { [key: string]: string } = {}) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-app-'));
    try {
      return spawnSync('npx', ['cdk8s', 'synth', '--no-check-upgrade', '--output', path.join(tmp, 'dist'), '--plugins-dir', path.join(tmp, 'plugins')], {
        cwd: appDir,
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  test('fails with exit code 2 and the violation on a broken app', () => {
    const r = synth();
    expect(r.stdout).toContain('IGW1001');
    expect(r.stdout).toContain('Construct Path: shop/web');
    expect(r.stdout).toContain('> spec.parentRefs[0].sectionName');
    expect(r.stdout).toContain('Recommendation: parentRef sectionName "htps" matches no listener of Gateway shop/edge; it has http (port 80)');
    expect(r.stdout).toContain('How to fix: did you mean "http"? set sectionName to one of "http", or add a matching listener');
    expect(r.status).toBe(2);
  }, 120_000);

  test('with synth-time validation on, synth fails first (exit 1) and the error starts with the findings', () => {
    const r = synth({ PLUGIN_APP_SYNTH_VALIDATION: 'on' });
    expect(r.status).toBe(1);
    const out = r.stderr + r.stdout;
    const finding = out.indexOf('Validation failed with the following errors:\n  [IstioGatewayAnalysis] IGW1001 [shop/web] HTTPRoute shop/web spec.parentRefs[0].sectionName: '
      + 'parentRef sectionName "htps" matches no listener of Gateway shop/edge');
    expect(finding).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('    at ')).toBeGreaterThan(finding);
    expect(out).not.toContain('Validations ended');
  }, 120_000);

  test('passes with exit code 0 on the fixed app', () => {
    const r = synth({ PLUGIN_APP_SECTION: 'http' });
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.status).toBe(0);
  }, 120_000);
});
