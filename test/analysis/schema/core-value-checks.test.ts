import * as path from 'path';
import { Analyzer } from '../../../src/analysis/analyzer';
import { Finding } from '../../../src/analysis/finding';
import { envVarNameProblem, headerValueProblem } from '../../../src/analysis/schema/core-value-checks';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { Manifest } from '../../../src/manifests/manifest';
import { ManifestSet } from '../../../src/manifests/manifest-set';

const FIXTURE = path.resolve(__dirname, '../../fixtures/checks/core-value-checks.yaml');

function findings(): Finding[] {
  return new SchemaValidator().validate(ManifestSet.fromPaths([FIXTURE]));
}

function at(object: string, p: string): string[] {
  return findings().filter((f) => f.object === object && f.path === p).map((f) => `${f.id} ${f.severity}: ${f.message}`);
}

const validator = new SchemaValidator();
const check = (obj: any) => validator.validateManifest(Manifest.of(obj, 'test.yaml'));

describe('value checks the core schemas lack', () => {
  test('fails when replicas does not fit in an int32 (Deployment, and StatefulSet without a schema)', () => {
    expect(at('Deployment shop/huge', 'spec.replicas')).toEqual([
      'IGW0001 error: 3000000000 does not fit in an int32 (at most 2147483647); the API server rejects it',
    ]);
    expect(at('StatefulSet shop/db', 'spec.replicas')).toEqual([
      'IGW0001 error: 2147483648 does not fit in an int32 (at most 2147483647); the API server rejects it',
    ]);
    expect(findings().filter((f) => f.object === 'StatefulSet shop/db').map((f) => f.id)).toEqual(['IGW0004', 'IGW0001']);
  });

  test('fails when HPA replicas are out of range', () => {
    expect(at('HorizontalPodAutoscaler shop/api', 'spec.minReplicas')).toEqual(['IGW0001 error: must be at least 1, got 0']);
    expect(at('HorizontalPodAutoscaler shop/api', 'spec.maxReplicas')).toEqual([
      'IGW0001 error: 4294967296 does not fit in an int32 (at most 2147483647); the API server rejects it',
    ]);
  });

  test('fails when a container port is above 65535', () => {
    expect(at('Deployment shop/huge', 'spec.template.spec.containers[0].ports[0].containerPort')).toEqual(['IGW0001 error: must be at most 65535, got 70000']);
  });

  test('fails when an env var name is empty, contains "=" or starts with a digit (Kubernetes 1.28 IsEnvVarName)', () => {
    const env = (i: number) => at('Deployment shop/huge', `spec.template.spec.containers[0].env[${i}].name`);
    expect(env(0)).toEqual(['IGW0001 error: env var name must not be empty']);
    expect(env(1)).toEqual(['IGW0001 error: invalid env var name "A=B": it must consist of letters, digits, "_", "-" or "." and must not start with a digit (and never contain "=")']);
    expect(env(2)).toEqual(['IGW0001 error: invalid env var name "1ST": it must consist of letters, digits, "_", "-" or "." and must not start with a digit']);
    expect(env(3)).toEqual([]);
    expect(at('Deployment shop/huge', 'spec.template.spec.containers[0].envFrom[0].prefix')).toEqual([
      'IGW0001 error: invalid env var prefix "bad prefix": it must consist of letters, digits, "_", "-" or "." and must not start with a digit',
    ]);
  });

  test('fails when Secret data is not base64, or a key is not a config key; accepts base64 split over lines', () => {
    expect(at('Secret shop/creds', 'data.password')).toEqual([
      'IGW0001 error: Secret data values must be base64 (standard alphabet, padded), got "not base64!"; put plain text in stringData instead, or encode it',
    ]);
    expect(at('Secret shop/creds', 'data.token')).toEqual([]);
    expect(at('Secret shop/creds', 'data["bad key"]')).toEqual([
      'IGW0001 error: invalid key "bad key": keys must be at most 253 characters of letters, digits, "-", "_" or "."',
    ]);
    expect(at('ConfigMap shop/notes', 'binaryData.logo')).toEqual([
      'IGW0001 error: binaryData values must be base64 (standard alphabet, padded), got "%%%"; put plain text in data instead, or encode it',
    ]);
  });

  test('fails when the annotations of an object or of its pod template exceed 256 KiB', () => {
    const big = { 'example.com/big': 'x'.repeat(262100), 'example.com/more': 'y'.repeat(100) };
    const cm = check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: 'shop', annotations: big } });
    expect(cm.map((f) => [f.id, f.path, f.message])).toEqual([[
      'IGW0001', 'metadata.annotations',
      'annotations must hold at most 262144 bytes (256 KiB, keys and values), got 262231; move large data to a ConfigMap',
    ]]);
    // 13 bytes of key, 262131 bytes of value (é is 2 bytes in UTF-8): exactly 262144
    const sized = (extra: string) => check({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'notes', namespace: 'shop', annotations: { 'example.com/a': `a${'é'.repeat(131065)}${extra}` } },
    });
    expect(sized('')).toEqual([]);
    expect(sized('b').map((f) => f.message)).toEqual([expect.stringContaining('got 262145;')]);
    const dep = check({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' }, annotations: big }, spec: { containers: [{ name: 'api', image: 'img' }] } },
      },
    });
    expect(dep.map((f) => f.path)).toEqual(['spec.template.metadata.annotations']);
  });

  test('fails when an HTTPRoute header value has a line break or surrounding whitespace', () => {
    const modifier = at('HTTPRoute shop/headers', 'spec.rules[0].filters[0].responseHeaderModifier.set[0].value');
    expect(modifier).toEqual([
      'IGW0001 error: header value "default-src \'self\';\\nscript-src \'self\';\\n" contains a line break (LF) at position 19: it is not a valid HTTP field value, '
      + 'so Envoy rejects the route configuration (Istio marks the filter invalid); write it on one line without surrounding spaces',
    ]);
    expect(at('HTTPRoute shop/headers', 'spec.rules[0].backendRefs[0].filters[0].requestHeaderModifier.set[0].value')).toEqual([
      expect.stringMatching(/^IGW0001 error: header value "v1 " has leading or trailing whitespace: /),
    ]);
    expect(at('HTTPRoute shop/headers', 'spec.rules[0].matches[0].headers[0].value')).toEqual([
      'IGW0001 error: header match value " v2" has leading or trailing whitespace, so it can never match a request '
      + '(proxies strip surrounding whitespace and refuse control characters)',
    ]);
    expect(at('HTTPRoute shop/headers', 'spec.rules[0].matches[0].headers[1].value')).toEqual([]);
    expect(at('HTTPRoute shop/headers', 'spec.rules[0].filters[1].requestHeaderModifier.add[0].value')).toEqual([]);
  });

  test('the Analyzer reports them at synth time and in the CLI path alike', () => {
    const report = new Analyzer({ disabledChecks: ['IGW1001', 'IGW1004'] }).analyze(ManifestSet.fromPaths([FIXTURE]));
    expect(report.errors.filter((f) => f.id === 'IGW0001').length).toBe(findings().filter((f) => f.id === 'IGW0001').length);
    expect(report.errors.length).toBeGreaterThanOrEqual(14);
  });

  test('good values are clean', () => {
    expect(check({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { 'tls.crt': 'YWJj', 'empty': '' },
    })).toEqual([]);
    expect(check({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    })).toEqual([]);
  });

  test('fails when a Service port is out of range', () => {
    expect(check({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 0, targetPort: 65536 }] },
    }).map((f) => [f.path, f.message])).toEqual([
      ['spec.ports[0].port', 'must be at least 1, got 0'],
      ['spec.ports[0].targetPort', 'must be at most 65535, got 65536'],
    ]);
  });
});

describe('rules', () => {
  test('env var names', () => {
    expect(envVarNameProblem('PATH')).toBeUndefined();
    expect(envVarNameProblem('my.env-name')).toBeUndefined();
    expect(envVarNameProblem('..x')).toBe('invalid env var name "..x": it must not be "." or "..", nor start with ".."');
    expect(envVarNameProblem('A B')).toMatch(/^invalid env var name "A B"/);
  });

  test('header values', () => {
    expect(headerValueProblem('a\tb c')).toBeUndefined();
    expect(headerValueProblem('a\rb')).toBe('contains a line break (CR) at position 1');
    expect(headerValueProblem('a\u0000b')).toBe('contains a NUL character at position 1');
    expect(headerValueProblem('\ta')).toBe('has leading or trailing whitespace');
  });
});
