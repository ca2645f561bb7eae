import { Analyzer } from '../../src/analysis/analyzer';
import { ManifestSet } from '../../src/manifests/manifest-set';

const G = 'gateway.networking.k8s.io';
const gateway = { apiVersion: `${G}/v1`, kind: 'Gateway', metadata: { name: 'gw', namespace: 'app' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } };
const route = (name: string, rule: any) => ({ apiVersion: `${G}/v1`, kind: 'HTTPRoute', metadata: { name, namespace: 'app' }, spec: { parentRefs: [{ name: 'gw' }], rules: [rule] } });
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };

// fields of the wrong type that cross-object checks do not expect: the API server rejects such objects
const malformed: Array<[string, any]> = [
  ['a path value that is a number', { matches: [{ path: { type: 'PathPrefix', value: 5 } }], backendRefs: [{ name: 'web', port: 80 }] }],
  ['a null match', { matches: [null], backendRefs: [{ name: 'web', port: 80 }] }],
  ['a null query parameter match', { matches: [{ queryParams: [null] }], backendRefs: [{ name: 'web', port: 80 }] }],
  ['query parameters as an object', { matches: [{ queryParams: { a: 'b' } }], backendRefs: [{ name: 'web', port: 80 }] }],
  ['header modifier set as an object', { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: { a: 'b' } } }], backendRefs: [{ name: 'web', port: 80 }] }],
  ['backendRefs as a string', { backendRefs: 'web' }],
];

describe('malformed objects never crash the analysis', () => {
  test.each(malformed)('%s: schema findings name the field, the checks still run on the other objects', (_title, rule) => {
    const set = ManifestSet.fromObjects([gateway, service, route('bad', rule), route('good', { backendRefs: [{ name: 'missing', port: 80 }] })], 'x.yaml');
    const report = new Analyzer().analyze(set);
    expect(report.findings.some((f) => f.id === 'IGW0001' && f.object === 'HTTPRoute app/bad')).toBe(true);
    expect(report.findings.some((f) => f.id === 'IGW1004' && f.object === 'HTTPRoute app/good')).toBe(true);
    expect(report.findings.filter((f) => f.id === 'IGW0005')).toEqual([]);
  });

  test.each(malformed)('%s: without schema validation, a check that cannot read the input is one finding (IGW0005)', (_title, rule) => {
    const set = ManifestSet.fromObjects([gateway, service, route('bad', rule), route('bad-too', rule)], 'x.yaml');
    const report = new Analyzer({ schemaValidation: false }).analyze(set);
    for (const f of report.findings.filter((x) => x.id === 'IGW0005')) {
      expect(f.message).toMatch(/^check IGW1\d\d\d \(.+\) could not read the input: .+; an object has a field of an unexpected type$/);
      expect(f.fix).toBe('run with schema validation on (no --no-schema) to see which field, and fix it');
    }
  });

  test('fails with IGW0005 where a check cannot read two null matches, instead of crashing', () => {
    const set = ManifestSet.fromObjects([gateway, route('a', { matches: [null] }), route('b', { matches: [null] })], 'x.yaml');
    const ids = new Analyzer({ schemaValidation: false }).analyze(set).findings.map((f) => f.id);
    expect(ids).toContain('IGW0005');
    expect(new Analyzer().analyze(set).findings.map((f) => f.id)).not.toContain('IGW0005');
  });
});
