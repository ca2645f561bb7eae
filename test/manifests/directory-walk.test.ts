import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestSet } from '../../src/manifests/manifest-set';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
}

describe('ManifestSet.fromPaths over a directory', () => {
  test('a Helm chart\'s templates are skipped with the reason; the rendered YAML next to them is read', () => {
    const dir = tmpdir();
    try {
      fs.mkdirSync(path.join(dir, 'chart', 'templates'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 1.0.0\n');
      fs.writeFileSync(path.join(dir, 'chart', 'templates', 'deploy.yaml'), '{{- include "shop.deployment" . }}\n');
      fs.writeFileSync(path.join(dir, 'chart', 'templates', 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }\n');
      fs.writeFileSync(path.join(dir, 'web.yaml'), SERVICE);
      const set = ManifestSet.fromPaths([dir]);
      expect(set.all.map((m) => m.ref)).toEqual(['Service shop/web']);
      expect(set.skipped).toEqual([
        { path: path.join(dir, 'chart', 'Chart.yaml'), reason: 'no document in it is a Kubernetes object (apiVersion and kind missing)' },
        { path: path.join(dir, 'chart', 'templates', 'deploy.yaml'), reason: 'it is a Helm template, not YAML until rendered (run helm template and validate its output)' },
        { path: path.join(dir, 'chart', 'templates', 'svc.yaml'), reason: 'it is a Helm template, not YAML until rendered (run helm template and validate its output)' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when a template is named on the command line, or invalid YAML is not a template', () => {
    const dir = tmpdir();
    try {
      const tpl = path.join(dir, 'tpl.yaml');
      fs.writeFileSync(tpl, '{{- include "x" . }}\n');
      expect(() => ManifestSet.fromPaths([tpl])).toThrow(/invalid YAML/);
      fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [\n');
      expect(() => ManifestSet.fromPaths([dir])).toThrow(/broken\.yaml:\d+: invalid YAML/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a FIFO found in a directory is skipped with a warning reason, never opened', () => {
    const dir = tmpdir();
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      fs.writeFileSync(path.join(dir, 'web.yaml'), SERVICE);
      const set = ManifestSet.fromPaths([dir]);
      expect(set.all).toHaveLength(1);
      expect(set.skipped).toEqual([{ path: path.join(dir, 'pipe.yaml'), reason: 'it is a FIFO (named pipe), not a regular file' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when a path is too long, with a shortened path in one line', () => {
    const long = path.join(tmpdir(), 'x'.repeat(9000));
    let message = '';
    try {
      ManifestSet.fromPaths([long]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^cannot read .{100}\.\.\..{100}: the path is too long$/);
  });
});
