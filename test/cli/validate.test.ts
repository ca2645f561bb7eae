import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

const CHECKS = path.resolve(__dirname, '../fixtures/checks');
const fixture = (name: string) => path.join(CHECKS, name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

describe('cdk8s-istio-gateway validate', () => {
  test('exit 0 and a summary line on a correct app', async () => {
    const r = await cli('validate', fixture('valid-app.yaml'));
    expect(r).toEqual({ code: 0, stdout: '21 objects, 0 errors, 0 warnings\n', stderr: '' });
  });

  test('exit 1 with each finding, its fix and location on a broken app', async () => {
    const r = await cli('validate', fixture('redirect-loop.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error IGW1008 HTTPRoute infra/redirect-everywhere spec.parentRefs[0]: rule 0 redirects to https and the parentRef has no sectionName, '
      + 'so the route also attaches to HTTPS listener "https" of Gateway infra/edge: requests over https are redirected again (loop)\n'
      + '  fix: attach the redirect route only to the HTTP listener (sectionName of the port 80 listener), and the application routes to the HTTPS listener\n'
      + `  at: ${fixture('redirect-loop.yaml')}:16\n`);
    expect(r.stdout).toMatch(/\n7 objects, 3 errors, 6 warnings\n$/);
    expect(r.stderr).toBe('');
  });

  test('exit 0 when there are warnings only', async () => {
    const r = await cli('validate', fixture('service-port-protocol.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning IGW1016 Service shop\/api spec.ports\[0\]: port "web" \(80\)/);
    expect(r.stdout).toMatch(/2 objects, 0 errors, 2 warnings\n$/);
  });

  test('--format json prints counts and findings', async () => {
    const r = await cli('validate', '--format', 'json', fixture('all-backend-weights-zero.yaml'));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.objectCount).toBe(1);
    expect(json.errors).toBeGreaterThanOrEqual(1);
    expect(json.findings).toContainEqual({
      id: 'IGW1009',
      severity: 'error',
      object: 'HTTPRoute shop/drained',
      path: 'spec.rules[0].backendRefs',
      message: 'every backendRef of rule 0 has weight 0, so matching requests get 500',
      fix: 'give at least one backend a positive weight, or remove the rule',
      location: fixture('all-backend-weights-zero.yaml'),
      line: 1,
    });
  });

  test('--disable skips checks by id', async () => {
    const r = await cli('validate', '--disable', 'IGW1016', fixture('service-port-protocol.yaml'));
    expect(r).toEqual({ code: 0, stdout: '2 objects, 0 errors, 0 warnings\n', stderr: '' });
  });

  test('reads directories and several paths', async () => {
    fs.copyFileSync(fixture('valid-app.yaml'), path.join(tmp, 'app.yaml'));
    fs.mkdirSync(path.join(tmp, 'sub'));
    fs.copyFileSync(fixture('all-backend-weights-zero.yaml'), path.join(tmp, 'sub', 'route.yml'));
    fs.writeFileSync(path.join(tmp, 'README.md'), '# not yaml');
    const r = await cli('validate', tmp, fixture('service-port-protocol.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/24 objects, \d+ errors?, 5 warnings\n$/);
  });

  test('the output is the same on every run', async () => {
    const a = await cli('validate', fixture('route-not-allowed.yaml'), fixture('conflicting-listeners.yaml'));
    const b = await cli('validate', fixture('route-not-allowed.yaml'), fixture('conflicting-listeners.yaml'));
    expect(a.stdout).toBe(b.stdout);
  });

  test('--disable with an unknown id is a usage error', async () => {
    const r = await cli('validate', '--disable', 'IGW1016,IGW9999', fixture('service-port-protocol.yaml'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown check id IGW9999; known ids: IGW0001, IGW0002, IGW0003, IGW0004, IGW0005, IGW1001, .*, IGW10\d\d\n$/);
  });

  test('--external declares objects managed elsewhere (repeatable)', async () => {
    const file = path.join(tmp, 'route.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Service', 'metadata: { name: web, namespace: shop }', 'spec: { ports: [{ name: http, port: 80 }] }', '---',
      'apiVersion: gateway.networking.k8s.io/v1', 'kind: HTTPRoute', 'metadata: { name: pay, namespace: shop }',
      'spec:', '  parentRefs: [{ name: edge, namespace: infra }]', '  rules: [{ backendRefs: [{ name: payments-api, port: 80 }] }]', '',
    ].join('\n'));
    const before = await cli('validate', file);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('error IGW1004 HTTPRoute shop/pay');
    const after = await cli('validate', '--external', 'Service shop/payments-api', '--external', 'Gateway infra/edge', file);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('');
    expect(after.stdout).not.toContain('IGW1004');
    expect(after.stdout).toMatch(/^2 objects, 0 errors, \d+ warnings?\n$/m);
    const bad = await cli('validate', '--external', 'payments-api', file);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'error: external object "payments-api" must be "Kind namespace/name", e.g. "Service shop/api"\n' });
  });

  test('exit 2 when the paths hold no YAML file', async () => {
    fs.writeFileSync(path.join(tmp, 'README.md'), '# not yaml');
    fs.mkdirSync(path.join(tmp, 'empty'));
    const r = await cli('validate', tmp);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: no YAML files found in ${tmp} (files must end in .yaml or .yml)\n` });
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const r = await cli('--version');
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test('exit 2 on a missing path', async () => {
    const missing = path.join(tmp, 'nope.yaml');
    const r = await cli('validate', missing);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot read ${missing}: no such file or directory\n` });
  });

  test('exit 2 on invalid YAML', async () => {
    const bad = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(bad, 'apiVersion: v1\nkind: Service\nmetadata: { name: [unclosed\n');
    const r = await cli('validate', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${bad}:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n`);
    expect(r.stdout).toBe('');
  });

  test('exit 2 on a document that is not a Kubernetes object', async () => {
    const bad = path.join(tmp, 'not-k8s.yaml');
    fs.writeFileSync(bad, 'just: a map\n');
    const r = await cli('validate', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${bad}:1: not a Kubernetes object (apiVersion and kind are required)\n`);
  });

  test('exit 2 on an unknown format', async () => {
    const r = await cli('validate', '--format', 'xml', fixture('valid-app.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('argument \'xml\' is invalid. Allowed choices are text, json.');
  });

  test('exit 2 without paths', async () => {
    const r = await cli('validate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required argument \'paths\'');
  });
});
