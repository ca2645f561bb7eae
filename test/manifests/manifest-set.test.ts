import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Manifest, ManifestSet } from '../../src';

const YAML = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec: { gatewayClassName: istio, listeners: [] }
---
apiVersion: v1
kind: Service
metadata: { name: api }
---
# an empty document
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata: { name: infra, labels: { team: platform } }
`;

describe('ManifestSet', () => {
  test('records the line each object starts on, List items included', () => {
    const set = ManifestSet.fromYaml(YAML, 'in.yaml');
    expect(set.all.map((m) => [m.ref, m.line])).toEqual([['Gateway infra/gw', 2], ['Service api', 7], ['Namespace infra', 16]]);
    expect(Manifest.of({ apiVersion: 'v1', kind: 'Service' }, 'x').line).toBeUndefined();
  });

  test('reads multi-document YAML, flattens Lists, skips empty documents', () => {
    const set = ManifestSet.fromYaml(YAML, 'in.yaml');
    expect(set.all.map((m) => m.ref)).toEqual(['Gateway infra/gw', 'Service api', 'Namespace infra']);
    const gw = set.find('Gateway', 'gateway.networking.k8s.io', 'infra', 'gw')!;
    expect(gw.group).toBe('gateway.networking.k8s.io');
    expect(gw.version).toBe('v1');
    expect(gw.location).toBe('in.yaml');
  });

  test('objects without a namespace live in the default namespace; cluster-scoped kinds in none', () => {
    const set = ManifestSet.fromYaml(YAML, 'in.yaml', { defaultNamespace: 'shop' });
    expect(set.find('Service', '', 'shop', 'api')?.name).toBe('api');
    expect(set.find('Service', '', 'default', 'api')).toBeUndefined();
    expect(set.find('Namespace', '', 'anything', 'infra')?.kind).toBe('Namespace');
    expect(set.namespaceOf(set.ofKind('Namespace')[0])).toBe('');
    expect(set.namespaceLabels('infra')).toEqual({ 'team': 'platform', 'kubernetes.io/metadata.name': 'infra' });
    expect(set.namespaceLabels('nope')).toBeUndefined();
    expect(set.ofKind('Service', 'apps')).toEqual([]);
  });

  test('fromApp keeps construct paths and resolved values', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'n' });
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
    const [m] = ManifestSet.fromApp(app).all;
    expect(m.constructPath).toBe('c/svc');
    expect(m.location).toBe('c/svc');
    expect(m.namespace).toBe('n');
  });

  test('fromPaths reads files and directories recursively, in sorted order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.writeFileSync(path.join(dir, 'b', 'x.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: b}\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    expect(ManifestSet.fromPaths([dir]).all.map((m) => m.name)).toEqual(['a', 'b']);
    expect(() => ManifestSet.fromPaths([path.join(dir, 'missing')])).toThrow(`cannot read ${path.join(dir, 'missing')}: no such file or directory`);
  });

  test('errors name the source', () => {
    expect(() => ManifestSet.fromYaml('a: [', 'bad.yaml')).toThrow(/^bad.yaml:1: invalid YAML: /);
    expect(() => ManifestSet.fromYaml('apiVersion: v1\nkind: A\n---\nb: 1\n', 'mixed.yaml'))
      .toThrow('mixed.yaml:4: not a Kubernetes object (apiVersion and kind are required)');
    expect(() => ManifestSet.fromObjects([{ kind: 'X' }], 'obj')).toThrow(/obj: not a Kubernetes object \(apiVersion and kind are required\)/);
    expect(() => Manifest.of('str', 'src')).toThrow(/src: not a Kubernetes object/);
  });

  test('fromPaths skips files found in directories that hold no Kubernetes object, and lists them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicaCount: 1\n---\n- a list\n---\nplain scalar\n');
    fs.writeFileSync(path.join(dir, 'z.yml'), '');
    const set = ManifestSet.fromPaths([dir]);
    expect(set.all.map((m) => m.name)).toEqual(['a']);
    expect(set.files).toEqual([path.join(dir, 'a.yaml'), path.join(dir, 'values.yaml'), path.join(dir, 'z.yml')]);
    expect(set.skippedFiles).toEqual([path.join(dir, 'values.yaml')]);
    expect(ManifestSet.fromYaml('apiVersion: v1\nkind: A\n').skippedFiles).toEqual([]);
  });

  test('fromPaths fails when a file named in paths holds no Kubernetes object', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-'));
    const values = path.join(dir, 'values.yaml');
    fs.writeFileSync(values, '# values\nreplicaCount: 1\n');
    expect(() => ManifestSet.fromPaths([values])).toThrow(`${values}:2: not a Kubernetes object (apiVersion and kind are required)`);
  });

  test('fromPaths reports List items that are not Kubernetes objects with their line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-'));
    const list = path.join(dir, 'list.yaml');
    fs.writeFileSync(list, 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Service}\n  - {name: x}\n');
    expect(() => ManifestSet.fromPaths([dir])).toThrow(`${list}:5: not a Kubernetes object (apiVersion and kind are required)`);
  });

  test('fromPaths refuses files larger than maxFileBytes before reading them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-'));
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
    expect(ManifestSet.DEFAULT_MAX_FILE_BYTES).toBe(64 * 1024 * 1024);
    expect(() => ManifestSet.fromPaths([dir], { maxFileBytes: 10 }))
      .toThrow(`cannot read ${file}: it has 49 bytes, more than the limit of 10 bytes per file; split it or raise the limit`);
    expect(ManifestSet.fromPaths([dir], { maxFileBytes: 49 }).all).toHaveLength(1);
  });

  test.each([[0], [-5], [NaN]])('fromPaths fails when maxFileBytes is %p', (maxFileBytes) => {
    expect(() => ManifestSet.fromPaths([], { maxFileBytes })).toThrow(`maxFileBytes must be a positive number of bytes, got ${maxFileBytes}`);
  });
});
