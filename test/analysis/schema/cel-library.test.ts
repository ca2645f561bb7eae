import { runCel } from '../../../src/analysis/schema/cel-rules';
import { IssueKind } from '../../../src/analysis/schema/issue';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { SchemaWalker } from '../../../src/analysis/schema/schema-walker';
import { Manifest } from '../../../src/manifests/manifest';

const cel = (expr: string, self: any = null) => runCel(expr, self);

describe('Kubernetes CEL library', () => {
  test.each([
    ['isIP("10.0.0.1")', true],
    ['isIP("fd00::1")', true],
    ['isIP("shop.example.com")', false],
    ['isIP("010.0.0.1")', false],
    ['isURL("https://example.com/a")', true],
    ['isURL("/just/a/path")', true],
    ['isURL("ghcr.io/acme/plugin:1")', false],
    ['url("oci://ghcr.io/acme/plugin:1").getScheme()', 'oci'],
    ['url("/path").getScheme()', ''],
    ['url("https://example.com:8443/x").getHost()', 'example.com:8443'],
    ['url("https://example.com:8443/x").getHostname()', 'example.com'],
    ['url("https://example.com:8443/x").getPort()', '8443'],
    ['url("https://example.com/a/b").getEscapedPath()', '/a/b'],
    ['format.dns1123Label().validate("api-v1") == null', true],
    ['format.dns1123Label().validate("API_v1") == null', false],
    ['format.named("dns1123Subdomain").validate("a.b.c") == null', true],
    ['"a/b/c".split("/")[1]', 'b'],
    ['"abcdef".substring(2, 4)', 'cd'],
    ['"ABC".lowerAscii()', 'abc'],
    ['"a.b.c".indexOf(".")', BigInt(1)],
    ['"a.b.c".lastIndexOf(".")', BigInt(3)],
    ['"a-b".replace("-", "_")', 'a_b'],
    ['["a", "b"].join(",")', 'a,b'],
    ['"Svc".matches("^(?i)svc$")', true],
    ['duration("1h30m") > duration("90s")', true],
    ['int("8080") == 8080', true],
  ])('%s', (expr, expected) => {
    expect(cel(expr)).toEqual({ value: expected });
  });

  test('errors are returned, not thrown', () => {
    expect(cel('url("not a url").getScheme()').error).toMatch(/URL parse error/);
    expect(cel('format.named("nope")').error).toMatch(/unknown format nope/);
    expect(cel('self.missing', new Map()).error).toBeDefined();
    expect(cel('1 +').error).toMatch(/^does not compile: /);
  });
});

describe('CRD rules that use the library', () => {
  const v = new SchemaValidator();
  const run = (obj: any) => v.validateManifest(Manifest.of(obj, 'input.yaml')).map((f) => `${f.id} ${f.path}: ${f.message}`);

  test('isIP: TLSRoute hostnames cannot be IPs', () => {
    const tls = (hostnames: string[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 't', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gw' }], hostnames, rules: [{ backendRefs: [{ name: 'api', port: 443 }] }] },
    });
    expect(run(tls(['db.example.com']))).toEqual([]);
    expect(run(tls(['10.0.0.1']))).toEqual(expect.arrayContaining(['IGW0002 spec.hostnames: Hostnames cannot contain an IP']));
  });

  test('isURL and url().getScheme(): WasmPlugin url schemes', () => {
    const wasm = (url: string) => ({ apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'w', namespace: 'shop' }, spec: { url } });
    expect(run(wasm('oci://ghcr.io/acme/plugin:1'))).toEqual([]);
    expect(run(wasm('ghcr.io/acme/plugin:1'))).toEqual([]);
    expect(run(wasm('ftp://example.com/plugin.wasm'))).toEqual(['IGW0002 spec.url: url must have schema one of [http, https, file, oci]']);
  });

  test('int(): PeerAuthentication port keys', () => {
    const pa = (ports: any) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'api' } }, portLevelMtls: ports },
    });
    expect(run(pa({ 8080: { mode: 'DISABLE' } }))).toEqual([]);
    expect(run(pa({ 70000: { mode: 'DISABLE' } }))).toEqual(['IGW0002 spec.portLevelMtls: port must be between 1-65535']);
  });

  test('properties named like CEL keywords are reached as __name__ (parentRefs namespace)', () => {
    const route = (parentRefs: any[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'shop' },
      spec: { parentRefs, rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] },
    });
    expect(run(route([{ name: 'gw', namespace: 'a', sectionName: 'https' }, { name: 'gw', namespace: 'b', sectionName: 'https' }]))).toEqual([]);
    expect(run(route([{ name: 'gw', namespace: 'a', sectionName: 'https' }, { name: 'gw', namespace: 'a', sectionName: 'https' }]))).toEqual([
      'IGW0002 spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent',
    ]);
  });
});

describe('rule messages', () => {
  const counters = () => ({ celRulesEvaluated: 0, transitionRulesSkipped: 0, celRulesNotEvaluated: 0 });
  const schema = (rule: any) => ({
    'type': 'object',
    'properties': { replicas: { type: 'integer' }, max: { type: 'integer' } },
    'x-kubernetes-validations': [rule],
  });

  test('messageExpression is evaluated, message is the fallback, the rule text the last resort', () => {
    const w = new SchemaWalker(counters());
    const value = { replicas: 5, max: 3 };
    const rule = 'self.replicas <= self.max';
    expect(w.walk(value, schema({ rule, messageExpression: '"replicas " + string(self.replicas) + " exceeds " + string(self.max)', message: 'm' }), '')).toEqual([
      { kind: IssueKind.CEL_VIOLATED, path: '', message: 'replicas 5 exceeds 3', rule },
    ]);
    expect(w.walk(value, schema({ rule, messageExpression: '1 +', message: 'too many replicas' }), '')[0].message).toBe('too many replicas');
    expect(w.walk(value, schema({ rule }), '')[0].message).toBe('failed rule: self.replicas <= self.max');
  });

  test('fieldPath moves the finding to the named field', () => {
    const w = new SchemaWalker(counters());
    expect(w.walk({ replicas: 5, max: 3 }, schema({ rule: 'self.replicas <= self.max', message: 'm', fieldPath: '.replicas' }), 'spec')[0].path).toBe('spec.replicas');
  });

  test('a rule that returns a non-bool cannot be evaluated', () => {
    const w = new SchemaWalker(counters());
    expect(w.walk({ replicas: 1 }, schema({ rule: 'self.replicas' }), '')).toEqual([
      { kind: IssueKind.CEL_ERROR, path: '', message: 'the rule `self.replicas` could not be evaluated: the rule returned int, not bool', rule: 'self.replicas' },
    ]);
  });
});
