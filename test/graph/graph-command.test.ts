import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { seedDist, seedGraph } from './helpers';
import { cli, withYaml } from '../cli/run-cli';

describe('graph command', () => {
  test('draws a seed as Mermaid on stdout by default', async () => {
    const r = await cli('graph', seedDist('seed-000-canary'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(seedGraph('seed-000-canary').toMermaid());
    expect(r.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(r.stdout).toContain('ru1 -->|"90%"| be1');
  });

  test('--format dot draws DOT', async () => {
    const r = await cli('graph', '--format', 'dot', seedDist('seed-003-helloworld'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(seedGraph('seed-003-helloworld').toDot());
    expect(r.stdout).toContain('"ru1" -> "be1" [label="90%"];');
  });

  test('several paths are read together', async () => {
    const dir = seedDist('seed-001-header-routing');
    const r = await cli('graph', path.join(dir, 'platform.k8s.yaml'), path.join(dir, 'apps.k8s.yaml'), '--experimental');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(seedGraph('seed-001-header-routing').toMermaid());
  });

  test('--out writes the file and nothing to stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    try {
      const out = path.join(dir, 'routing.dot');
      const r = await cli('graph', seedDist('seed-002-bookinfo'), '--format', 'dot', '--out', out);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(fs.readFileSync(out, 'utf8')).toBe(seedGraph('seed-002-bookinfo').toDot());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--out to a .md file writes a Markdown document with a mermaid block', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    try {
      const md = path.join(dir, 'routing.md');
      const mmd = path.join(dir, 'routing.mmd');
      expect((await cli('graph', seedDist('seed-000-canary'), '--out', md)).code).toBe(0);
      expect((await cli('graph', seedDist('seed-000-canary'), '--out', mmd)).code).toBe(0);
      expect(fs.readFileSync(md, 'utf8')).toBe(seedGraph('seed-000-canary').toMarkdown());
      expect(fs.readFileSync(md, 'utf8').startsWith('# Routing\n\n```mermaid\nflowchart LR\n')).toBe(true);
      expect(fs.readFileSync(mmd, 'utf8')).toBe(seedGraph('seed-000-canary').toMermaid());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--assume-services and --external keep backends that are not in the files from being marked broken', async () => {
    const apps = path.join(seedDist('seed-001-header-routing'), 'apps.k8s.yaml');
    const platform = path.join(seedDist('seed-001-header-routing'), 'platform.k8s.yaml');
    await withYaml([
      'apiVersion: gateway.networking.k8s.io/v1',
      'kind: HTTPRoute',
      'metadata: { name: r, namespace: default }',
      'spec:',
      '  parentRefs: [{ name: external-gateway, namespace: istio-system }]',
      '  rules: [{ backendRefs: [{ name: ghost, port: 80 }] }]',
    ], async (dir) => {
      const plain = await cli('graph', platform, path.join(dir, 'r.yaml'));
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/class be\d+ broken/);
      const assumed = await cli('graph', platform, path.join(dir, 'r.yaml'), '--assume-services');
      expect(assumed.stdout).not.toContain('broken');
      const external = await cli('graph', platform, path.join(dir, 'r.yaml'), '--external', 'Service default/ghost');
      expect(external.stdout).not.toContain('broken');
    });
    expect((await cli('graph', apps, '--experimental')).stdout).toContain('unattached');
  });

  test('a route attached nowhere is drawn dashed with a legend', async () => {
    const r = await cli('graph', path.join(seedDist('seed-001-header-routing'), 'apps.k8s.yaml'), '--experimental');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('class rt1 unattached');
    expect(r.stdout).toContain('legend["Legend: dashed = not taken by traffic');
  });

  test('input without Gateways or HTTPRoutes warns on stderr and draws an empty graph', async () => {
    await withYaml(['apiVersion: v1', 'kind: Service', 'metadata: { name: a, namespace: x }', 'spec: { ports: [{ port: 80 }] }'], async (dir) => {
      const r = await cli('graph', dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('flowchart LR\n');
      expect(r.stderr).toBe('warning: no Gateway or HTTPRoute (gateway.networking.k8s.io) in the input; the graph is empty\n');
    });
  });

  test('fails when the format is unknown, with one line and exit 2', async () => {
    const r = await cli('graph', '--format', 'svg', seedDist('seed-000-canary'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("argument 'svg' is invalid. Allowed choices are mermaid, dot.");
  });

  test('fails when a path does not exist, with one line and exit 2', async () => {
    const r = await cli('graph', '/no/such/dir');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: cannot read /no/such/dir: no such file or directory\n' });
  });

  test('fails when a file is not valid YAML, with one line and exit 2', async () => {
    await withYaml(['apiVersion: v1', 'kind: [unclosed'], async (dir) => {
      const r = await cli('graph', path.join(dir, 'r.yaml'));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: .*r\.yaml:\d+: invalid YAML: .*\n$/);
    });
  });

  test('fails when a directory holds no YAML file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    try {
      const r = await cli('graph', dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: no YAML files found in ${dir} (files must end in .yaml or .yml)\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when --out cannot be written, with one line and exit 2', async () => {
    const r = await cli('graph', seedDist('seed-000-canary'), '--out', '/no/such/dir/routing.md');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: cannot write /no/such/dir/routing.md: its directory does not exist\n' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    try {
      const isDir = await cli('graph', seedDist('seed-000-canary'), '--out', dir);
      expect(isDir).toEqual({ code: 2, stdout: '', stderr: `error: cannot write ${dir}: it is a directory\n` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when the Istio version is unknown, with one line and exit 2', async () => {
    const r = await cli('graph', seedDist('seed-000-canary'), '--istio-version', '9.9');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: istioVersion "9.9" is not supported; use one of 1.30, 1.31 (default 1.30)\n');
  });

  test('fails when --external is malformed, with one line and exit 2', async () => {
    const r = await cli('graph', seedDist('seed-000-canary'), '--external', 'nonsense');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*Kind namespace\/name/);
  });

  test('help lists the graph command and its options', async () => {
    const top = await cli('--help');
    expect(top.stdout + top.stderr).toMatch(/graph \[options\] <paths\.\.\.>/);
    const help = await cli('graph', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format <format>');
    expect(help.stdout).toContain('--out <file>');
  });
});
