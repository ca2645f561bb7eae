import * as os from 'os';
import { Severity } from '../../../src/analysis/finding';
import { findSchemaDir } from '../../../src/analysis/schema/schema-store';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { Manifest } from '../../../src/manifests/manifest';
import { ManifestSet } from '../../../src/manifests/manifest-set';

const GW_API = 'gateway.networking.k8s.io/v1';

function route(rules: any[], extra: any = {}): any {
  return {
    apiVersion: GW_API,
    kind: 'HTTPRoute',
    metadata: { name: 'route', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'gw', namespace: 'edge', sectionName: 'https' }], hostnames: ['shop.example.com'], rules, ...extra },
  };
}

function gateway(listeners: any[]): any {
  return { apiVersion: GW_API, kind: 'Gateway', metadata: { name: 'gw', namespace: 'edge' }, spec: { gatewayClassName: 'istio', listeners } };
}

const validate = (obj: any, experimental = false) => new SchemaValidator({ experimental }).validateManifest(Manifest.of(obj, 'input.yaml'));
const summary = (obj: any, experimental = false) => validate(obj, experimental).map((f) => `${f.id} ${f.path ?? ''}: ${f.message}`);

describe('SchemaValidator: OpenAPI schema (IGW0001)', () => {
  test('a valid route is clean', () => {
    expect(validate(route([{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 80 }] }]))).toEqual([]);
  });

  test('findings carry the object, location and severity', () => {
    const [f] = validate(route([{ backendRefs: [{ port: 80 }] }]));
    expect(f).toEqual({
      id: 'IGW0001',
      severity: Severity.ERROR,
      object: 'HTTPRoute shop/route',
      location: 'input.yaml',
      path: 'spec.rules[0].backendRefs[0].name',
      message: 'name is required',
    });
  });

  test('enum', () => {
    expect(summary(route([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 305 } }] }]))).toEqual([
      'IGW0001 spec.rules[0].filters[0].requestRedirect.statusCode: unsupported value 305: must be one of 301, 302, 303, 307, 308',
    ]);
  });

  test('pattern', () => {
    expect(summary(route([{ backendRefs: [{ name: 'api', port: 80 }] }], { hostnames: ['Shop.Example.com'] }))).toEqual([
      'IGW0001 spec.hostnames[0]: "Shop.Example.com" does not match the pattern ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    ]);
  });

  test('maxItems', () => {
    const hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
    expect(summary(route([{ backendRefs: [{ name: 'api', port: 80 }] }], { hostnames }))).toEqual([
      'IGW0001 spec.hostnames: must have at most 16 items, got 17',
    ]);
  });

  test('minimum, maximum and minLength', () => {
    expect(summary(route([{ backendRefs: [{ name: '', port: 0, weight: 1000001 }] }]))).toEqual([
      'IGW0001 spec.rules[0].backendRefs[0].name: must not be empty',
      'IGW0001 spec.rules[0].backendRefs[0].port: must be at least 1, got 0',
      'IGW0001 spec.rules[0].backendRefs[0].weight: must be at most 1000000, got 1000001',
    ]);
  });

  test('unknown fields are errors, not silently pruned', () => {
    expect(summary(route([{ backendRef: [{ name: 'api', port: 80 }] }]))).toEqual([
      'IGW0001 spec.rules[0].backendRef: unknown field "backendRef": the API server drops it (or rejects the object under strict field validation); check its spelling and indentation',
    ]);
  });

  test('experimental-channel fields are unknown on the standard channel and accepted with experimental: true', () => {
    const obj = route([{ backendRefs: [{ name: 'api', port: 80 }], retry: { attempts: 2 } }]);
    const [f, ...rest] = validate(obj);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: 'IGW0001',
      path: 'spec.rules[0].retry',
      message: 'spec.rules[0].retry is an experimental-channel field, unknown to the standard-channel HTTPRoute CRD',
      fix: 'remove it, or install the experimental CRDs and validate with experimental: true',
    });
    expect(summary(obj, true)).toEqual([]);
  });

  test('type mismatches are reported and the CEL rules above them are not evaluated', () => {
    const v = new SchemaValidator();
    const findings = v.validateManifest(Manifest.of(gateway([{ name: 'http', port: '80', protocol: 'HTTP' }]), 'input.yaml'));
    expect(findings.map((f) => `${f.id} ${f.path}: ${f.message}`)).toEqual(['IGW0001 spec.listeners[0].port: must be an integer, got string "80"']);
    expect(v.stats.celRulesNotEvaluated).toBeGreaterThan(0);
  });

  test('list-type map entries must have unique keys', () => {
    const headers = [{ name: 'x-a', value: '1' }, { name: 'x-a', value: '2' }];
    expect(summary(route([{ matches: [{ headers }], backendRefs: [{ name: 'api', port: 80 }] }]))).toEqual([
      'IGW0001 spec.rules[0].matches[0].headers[1]: duplicate entry for key name="x-a" (same as item 0)',
    ]);
  });

  test('list-type set items must be unique', () => {
    expect(summary(route([{ filters: [{ type: 'CORS', cors: { allowMethods: ['GET', 'GET'] } }], backendRefs: [{ name: 'api', port: 80 }] }]))).toEqual([
      'IGW0001 spec.rules[0].filters[0].cors.allowMethods[1]: duplicate value "GET" in a set list',
    ]);
  });

  test('formats inside oneOf/anyOf: an IPAddress address must be an IP', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]);
    gw.spec.addresses = [{ type: 'IPAddress', value: '10.0.0.1' }];
    expect(validate(gw)).toEqual([]);
    gw.spec.addresses = [{ value: 'not-an-ip' }];
    expect(summary(gw)).toEqual([expect.stringMatching(/^IGW0001 spec.addresses\[0\]: must match exactly one of/)]);
  });

  test('Istio one-of fields: only one may be set', () => {
    const dr = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { host: 'api', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { httpHeaderName: 'x-user' } } } },
    };
    expect(summary(dr)).toEqual(['IGW0001 spec.trafficPolicy.loadBalancer: only one of simple, consistentHash may be set, got simple and consistentHash']);
    delete (dr.spec.trafficPolicy.loadBalancer as any).simple;
    expect(validate(dr)).toEqual([]);
  });

  test('metadata.name is required and metadata is checked', () => {
    const obj = route([{ backendRefs: [{ name: 'api', port: 80 }] }]);
    obj.metadata = { namespace: 'Shop', labels: { app: 1 } };
    expect(summary(obj)).toEqual([
      'IGW0001 metadata.name: metadata.name is required',
      'IGW0001 metadata.namespace: "Shop" does not match the pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      'IGW0001 metadata.labels.app: must be a string, got integer 1',
    ]);
  });

  test('object names follow the rules of their kind, label and annotation keys their format', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop.example' } };
    expect(summary(ns)).toEqual(['IGW0001 metadata.name: name "shop.example" must be a lowercase RFC 1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit), at most 63 characters']);
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1api', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
    expect(summary(svc)).toEqual(['IGW0001 metadata.name: name "1api" must be a lowercase RFC 1035 label (a-z, 0-9 and "-", starting with a letter), at most 63 characters']);
    const obj = route([{ backendRefs: [{ name: 'api', port: 80 }] }]);
    obj.metadata = {
      name: 'Route_1',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'api', 'Bad_Prefix/x': 'y', 'version': 'v1.2_x-', 'tier': 'a'.repeat(64) },
      annotations: { 'example.com/note': 'anything goes: here', '/empty-prefix': 'x' },
    };
    expect(summary(obj)).toEqual([
      'IGW0001 metadata.name: name "Route_1" must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", starting and ending with a letter or digit), at most 253 characters',
      'IGW0001 metadata.labels["Bad_Prefix/x"]: invalid label key "Bad_Prefix/x": the prefix "Bad_Prefix" must be a lowercase DNS subdomain of at most 253 characters',
      'IGW0001 metadata.annotations["/empty-prefix"]: invalid annotation key "/empty-prefix": the prefix "" must be a lowercase DNS subdomain of at most 253 characters',
      'IGW0001 metadata.labels.version: "v1.2_x-" does not match the pattern ^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
      'IGW0001 metadata.labels.tier: must be at most 63 characters long, got 64',
    ]);
  });

  test('status is not validated: the API server ignores it on create', () => {
    const obj: any = route([{ backendRefs: [{ name: 'api', port: 80 }] }]);
    obj.status = { parents: 'whatever' };
    expect(validate(obj)).toEqual([]);
  });
});

describe('SchemaValidator: defaults and CEL (IGW0002, IGW0003)', () => {
  test('structural defaults are applied before CEL rules', () => {
    // group '' and kind 'Service' are defaults; without them the rule could not be evaluated
    const obj = route([{ backendRefs: [{ name: 'api' }] }]);
    expect(summary(obj)).toEqual(['IGW0002 spec.rules[0].backendRefs[0]: Must have port for Service reference']);
    // and the input object is left untouched
    expect(obj.spec.rules[0].backendRefs[0]).toEqual({ name: 'api' });
  });

  test('defaulted rule matches feed the 128-matches rule', () => {
    const rules = Array.from({ length: 16 }, () => ({ backendRefs: [{ name: 'api', port: 80 }] }));
    expect(validate(route(rules))).toEqual([]);
  });

  test('null in a non-nullable field with a default is replaced by the default', () => {
    expect(validate(route([{ backendRefs: [{ name: 'api', port: 80, weight: null }] }]))).toEqual([]);
  });

  test('a rule that cannot be evaluated is an error, never a pass', () => {
    const findings = validate(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate' } }]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'IGW0003', severity: Severity.ERROR, path: 'spec.listeners[0].tls' });
    expect(findings[0].message).toMatch(/^the rule `self.mode == 'Terminate' \? size\(self.certificateRefs\) > 0 \|\| size\(self.options\) > 0 : true` could not be evaluated: /);
  });

  test('transition rules (oldSelf) are skipped and counted', () => {
    const v = new SchemaValidator();
    const gc = { apiVersion: GW_API, kind: 'GatewayClass', metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } };
    expect(v.validateManifest(Manifest.of(gc, 'input.yaml'))).toEqual([]);
    expect(v.stats).toEqual({ objectsValidated: 1, celRulesEvaluated: 0, transitionRulesSkipped: 1, celRulesNotEvaluated: 0 });
  });

  test('stats count rule evaluations', () => {
    const v = new SchemaValidator();
    v.validateManifest(Manifest.of(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]), 'input.yaml'));
    expect(v.stats.objectsValidated).toBe(1);
    expect(v.stats.celRulesEvaluated).toBeGreaterThan(5);
  });
});

describe('SchemaValidator: unknown kinds (IGW0004)', () => {
  test('an unknown kind is one warning, never a silent pass', () => {
    const set = ManifestSet.fromObjects([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]),
    ], 'input.yaml');
    expect(new SchemaValidator().validate(set)).toEqual([{
      id: 'IGW0004',
      severity: Severity.WARNING,
      object: 'Widget w',
      location: 'input.yaml',
      message: 'no schema for kind Widget (example.com/v1); it was not validated',
    }]);
  });

  test('an experimental-only kind names the channel on the standard channel and is validated with experimental: true', () => {
    const obj = { apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XBackendTrafficPolicy', metadata: { name: 'p', namespace: 'shop' }, spec: { targetRefs: [{ group: '', kind: 'Service', name: 'api' }] } };
    const [f] = validate(obj);
    expect(f).toMatchObject({ id: 'IGW0004', severity: Severity.WARNING, message: 'XBackendTrafficPolicy gateway.networking.x-k8s.io/v1alpha1 is only in the experimental Gateway API channel; it was not validated' });
    expect(f.fix).toMatch(/experimental: true/);
    expect(validate(obj, true)).toEqual([]);
  });

  test('a known kind in a version that is not served', () => {
    expect(summary({ ...gateway([]), apiVersion: 'gateway.networking.k8s.io/v1alpha9' })).toEqual([
      'IGW0004 : no schema for Gateway in version gateway.networking.k8s.io/v1alpha9; it was not validated',
    ]);
  });
});

describe('schema data', () => {
  test('is found above the source file', () => {
    expect(findSchemaDir()).toMatch(/imports[/\\]schemas$/);
  });

  test('a missing imports/schemas is a clear error', () => {
    expect(() => findSchemaDir(os.tmpdir())).toThrow(/cannot find imports\/schemas above .*; the package is incomplete, reinstall it/);
  });
});

describe('SchemaValidator: nulls', () => {
  test('null where a value is needed is reported', () => {
    const obj = route([{ backendRefs: [null] }]);
    expect(summary(obj)).toEqual(['IGW0001 spec.rules[0].backendRefs[0]: must be an object, got null']);
  });
});
