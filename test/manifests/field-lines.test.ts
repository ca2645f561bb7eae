import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FieldLines } from '../../src/manifests/field-lines';
import { ManifestSet } from '../../src/manifests/manifest-set';

const YAML = `# a comment
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
spec:
  hosts: [shop.example.com]
  http:
  - match:
    - uri:
        prefix: /api
    - uri:
        exact: /health
    route:
    - destination:
        host: api
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: api
  spec:
    ports:
    - port: 80
`;

describe('FieldLines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'field-lines-'));
  const file = path.join(dir, 'shop.yaml');
  fs.writeFileSync(file, YAML);
  const set = ManifestSet.fromPaths([file]);
  const vs = set.ofKind('VirtualService')[0];
  const svc = set.ofKind('Service')[0];
  const lines = new FieldLines();

  test('finds the line of a nested field through lists and maps', () => {
    expect(vs.line).toBe(2);
    expect(lines.lineOf(vs, 'spec.http[0].match[1].uri.exact')).toBe(13);
    expect(lines.lineOf(vs, 'spec.http[0].match[0].uri.prefix')).toBe(11);
    expect(lines.lineOf(vs, 'spec.http[0].route[0].destination.host')).toBe(16);
    expect(lines.lineOf(vs, 'spec.hosts')).toBe(7);
  });

  test('a field that is not written gives the line of its deepest written parent', () => {
    expect(lines.lineOf(vs, 'spec.http[0].fault.abort')).toBe(9);
    expect(lines.lineOf(vs, 'spec.tls[0]')).toBe(6);
  });

  test('objects of a List are found at their own lines', () => {
    expect(svc.line).toBe(21);
    expect(lines.lineOf(svc, 'spec.ports[0].port')).toBe(27);
  });

  test('objects not read from a file keep no line; an unreadable file gives the object line', () => {
    const inMemory = ManifestSet.fromYaml(YAML, 'text').ofKind('VirtualService')[0];
    expect(lines.lineOf(inMemory, 'spec.http[0]')).toBe(2);
    const objects = ManifestSet.fromObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }]).all[0];
    expect(lines.lineOf(objects, 'spec')).toBeUndefined();
  });
});
