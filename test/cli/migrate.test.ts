import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, withYaml } from './run-cli';
import { SEED_002 } from '../migration/migration-helpers';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
}

describe('cdk8s-istio-gateway migrate', () => {
  test('seed 002: writes one file per namespace, prints findings and a summary, exit 0', async () => {
    const out = tmpDir();
    try {
      const run = await cli('migrate', SEED_002, '--out', out);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['default.yaml', 'istio-system.yaml']);
      expect(fs.readFileSync(path.join(out, 'default.yaml'), 'utf8')).toContain('kind: HTTPRoute');
      expect(run.stdout).toMatch(/^info VirtualService default\/bookinfo spec\.http\[0\]\.match\[0\]\.uri\.prefix .*seed-002-bookinfo\.yaml:\d+: Istio's prefix "\/productpage"/m);
      expect(run.stdout).toContain('migrated: made 1 Gateway, 1 HTTPRoute');
      expect(run.stdout).toContain('findings: 0 error(s), 0 warning(s), 7 info');
      expect(run.stdout).toMatch(/^info Gateway istio-system\/bookinfo-gateway-tls spec\.servers\[0\]\.tls\.credentialName .*--gateway-pods-namespace/m);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('--gateway-pods-namespace names the namespace of the certificate Secrets', async () => {
    const out = tmpDir();
    try {
      const run = await cli('migrate', SEED_002, '--out', out, '--single-file', '--gateway-pods-namespace', 'ingress');
      expect(run.code).toBe(0);
      const text = fs.readFileSync(path.join(out, 'gateway-api.yaml'), 'utf8');
      expect(text).toMatch(/name: bookinfo-secret\n\s+namespace: ingress/);
      expect(text).toContain('kind: ReferenceGrant');
      expect(run.stdout).not.toContain('default ingress gateway');
      expect(run.stdout).toContain('the Secret stays in ingress');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('is deterministic: two runs write byte-identical files', async () => {
    const a = tmpDir();
    const b = tmpDir();
    try {
      await cli('migrate', SEED_002, '--out', a, '--single-file');
      await cli('migrate', SEED_002, '--out', b, '--single-file');
      expect(fs.readFileSync(path.join(a, 'gateway-api.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(b, 'gateway-api.yaml'), 'utf8'));
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  test('--verify: seed 002 routes the same, exit 0', async () => {
    const out = tmpDir();
    try {
      const run = await cli('migrate', SEED_002, '--out', out, '--verify');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/verify: routing diff: \d+ requests, no differences/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('--verify: a dropped fault shows as a difference, exit 1', async () => {
    await withYaml([
      'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata: { name: gw, namespace: istio-system }',
      'spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [a.example.com] }] }',
      '---', 'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata: { name: a, namespace: istio-system }',
      'spec:', '  hosts: [a.example.com]', '  gateways: [gw]', '  http:',
      '  - fault: { abort: { httpStatus: 503, percentage: { value: 100 } } }',
      '    route: [{ destination: { host: web.shop.svc.cluster.local, port: { number: 80 } } }]',
    ], async (dir) => {
      const out = path.join(dir, 'out');
      const run = await cli('migrate', path.join(dir, 'r.yaml'), '--out', out, '--verify');
      expect(run.stdout).toMatch(/^warning VirtualService istio-system\/a spec\.http\[0\]\.fault .*r\.yaml:\d+: fault injection/m);
      expect(run.stdout).toContain('findings: 0 error(s), 1 warning(s)');
      expect(run.code).toBe(1);
    });
  });

  test('a refused part: error finding, exit 1', async () => {
    await withYaml([
      'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata: { name: gw, namespace: istio-system }',
      'spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 15443, name: tls, protocol: TLS }, hosts: ["*.local"], tls: { mode: AUTO_PASSTHROUGH } }] }',
    ], async (dir) => {
      const run = await cli('migrate', path.join(dir, 'r.yaml'), '--out', path.join(dir, 'out'));
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^error Gateway istio-system\/gw spec\.servers\[0\]\.tls\.mode .*r\.yaml:4: TLS mode AUTO_PASSTHROUGH/m);
    });
  });

  test('--emit typescript writes main.ts', async () => {
    const out = tmpDir();
    try {
      const run = await cli('migrate', SEED_002, '--out', out, '--emit', 'typescript');
      expect(run.code).toBe(0);
      expect(fs.readdirSync(out)).toEqual(['main.ts']);
      expect(fs.readFileSync(path.join(out, 'main.ts'), 'utf8')).toContain('cdk8s');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test.each([
    [['migrate', SEED_002], '--out <dir> is required'],
    [['migrate', '/nonexistent/x.yaml', '--out', '/tmp/x'], 'nonexistent'],
    [['migrate', SEED_002, '--out', SEED_002], 'is not a directory'],
    [['migrate', SEED_002, '--out', '/tmp/x', '--emit', 'json'], 'json'],
  ])('usage and input errors: one error line, exit 2 (%j)', async (argv, text) => {
    const run = await cli(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(text);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('input without Istio routing objects: exit 2', async () => {
    await withYaml(['apiVersion: v1', 'kind: Service', 'metadata: { name: a }', 'spec: { ports: [{ port: 80 }] }'], async (dir) => {
      const run = await cli('migrate', dir, '--out', path.join(dir, 'out'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: no Istio Gateway or VirtualService/);
    });
  });
});
