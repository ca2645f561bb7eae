import { briefs, expectValid, migratedSet, migrateYaml, route, simulator, vs } from './migration-helpers';
import { RoutingDiff } from '../../src/diff/routing-diff';

function diffEqual(yaml: string, options = {}): void {
  const { migration, input } = migrateYaml(yaml, options);
  const diff = RoutingDiff.compare(input, migratedSet(input, migration), { backendAliases: migration.backendAliases, assumeSecretsExist: true });
  expect(diff.toText()).toContain('no differences');
}

describe('VirtualService http routes', () => {
  test('exact, regex, headers, query and method matches', () => {
    const yaml = vs(`
  - match:
    - uri: { exact: /health }
      method: { exact: GET }
      headers: { x-user: { exact: alice }, x-env: { prefix: can }, x-any: {} }
      queryParams: { debug: { exact: "1" }, v: { regex: "[0-9]+" } }
    - uri: { regex: "/items/[0-9]+" }
    route:
    - destination: { host: web, port: { number: 8080 } }
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const r = route(migration, 'shop');
    expect(r.spec.rules[0].matches).toEqual([
      {
        path: { type: 'Exact', value: '/health' },
        headers: [
          { name: 'x-any', type: 'RegularExpression', value: '.*' },
          { name: 'x-env', type: 'RegularExpression', value: 'can.*' },
          { name: 'x-user', type: 'Exact', value: 'alice' },
        ],
        method: 'GET',
        queryParams: [{ name: 'debug', type: 'Exact', value: '1' }, { name: 'v', type: 'RegularExpression', value: '[0-9]+' }],
      },
      { path: { type: 'RegularExpression', value: '/items/[0-9]+' } },
    ]);
    expectValid(migration);
    diffEqual(yaml);
  });

  test('a method regex listing methods becomes one match per method', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { exact: /a }, method: { regex: "GET|POST" } }]
    route: [{ destination: { host: web, port: { number: 8080 } } }]
`));
    expect(route(migration, 'shop').spec.rules[0].matches.map((m: any) => m.method)).toEqual(['GET', 'POST']);
    expect(briefs(migration.findings)).toContain('info spec.http[0].match[0].method.regex');
  });

  test('weights and subsets: per-version Services with the subset labels and the DestinationRule policy', () => {
    const yaml = vs(`
  - route:
    - destination: { host: web, subset: v1, port: { number: 8080 } }
      weight: 90
    - destination: { host: web, subset: v2, port: { number: 8080 } }
      weight: 10
`) + `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: web
  trafficPolicy: { loadBalancer: { simple: ROUND_ROBIN }, connectionPool: { tcp: { maxConnections: 10 } } }
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
    trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-v1, namespace: shop }
spec:
  selector: { matchLabels: { app: web, version: v1 } }
  template: { metadata: { labels: { app: web, version: v1 } }, spec: { containers: [{ name: web, image: web:1 }] } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-v2, namespace: shop }
spec:
  selector: { matchLabels: { app: web, version: v2 } }
  template: { metadata: { labels: { app: web, version: v2 } }, spec: { containers: [{ name: web, image: web:2 }] } }
`;
    const { migration, input } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    expect(route(migration, 'shop').spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'web-v1', port: 8080, weight: 90 },
      { group: '', kind: 'Service', name: 'web-v2', port: 8080, weight: 10 },
    ]);
    const v1 = migration.manifests.find((o) => o.kind === 'Service' && o.metadata.name === 'web-v1');
    expect(v1.spec).toEqual({ selector: { app: 'web', version: 'v1' }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] });
    const dr1 = migration.manifests.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'web-v1');
    expect(dr1.spec).toEqual({ host: 'web-v1.shop.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, connectionPool: { tcp: { maxConnections: 10 } } } });
    const dr2 = migration.manifests.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'web-v2');
    expect(dr2.spec.trafficPolicy.loadBalancer).toEqual({ simple: 'LEAST_REQUEST' });
    expect(migration.backendAliases).toEqual({ 'shop/web#v1': 'shop/web-v1', 'shop/web#v2': 'shop/web-v2' });
    expectValid(migration);
    const d = simulator(input, migration).request({ host: 'shop.example.com', path: '/', port: 80 });
    expect(d.backends.map((b) => [b.name, b.share])).toEqual([['web-v1', 0.9], ['web-v2', 0.1]]);
    diffEqual(yaml);
  });

  test('a subset no DestinationRule defines is refused', () => {
    const { migration } = migrateYaml(vs(`
  - route: [{ destination: { host: web, subset: v9, port: { number: 8080 } } }]
`));
    expect(briefs(migration.findings)).toContain('error spec.http[0].route[0].destination.subset');
    expect(route(migration, 'shop')).toBeUndefined();
  });

  test('a subset of a Service not in the input is refused', () => {
    const { migration } = migrateYaml(vs(`
  - route: [{ destination: { host: other, subset: v1, port: { number: 80 } } }]
`) + `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: other, namespace: shop }
spec: { host: other, subsets: [{ name: v1, labels: { version: v1 } }] }
`);
    const f = migration.findings.find((x) => x.severity === 'error')!;
    expect(f.message).toContain('Service shop/other is not in the input');
    expect(f.suggestion).toContain('add the Service');
  });

  test('redirect, rewrite, header changes, mirror, timeout', () => {
    const yaml = vs(`
  - match: [{ uri: { exact: /old } }]
    redirect: { uri: /new, authority: new.example.com }
  - match: [{ uri: { prefix: /api/ } }]
    rewrite: { uri: /v2/, authority: api.internal }
    headers:
      request: { set: { x-a: "1" }, remove: [x-b] }
      response: { add: { x-c: "2" } }
    mirror: { host: api, port: { number: 9090 } }
    mirrorPercentage: { value: 50 }
    timeout: 1.5s
    route:
    - destination: { host: api, port: { number: 9090 } }
      headers: { request: { set: { x-backend: api } } }
`);
    const { migration, input } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const rules = route(migration, 'shop').spec.rules;
    expect(rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { hostname: 'new.example.com', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } }]);
    expect(rules[0].backendRefs).toBeUndefined();
    // the rewrite needs a PathPrefix; it also admits /api, which no later rule takes: a warning
    expect(rules[1].matches).toEqual([{ path: { type: 'PathPrefix', value: '/api/' } }]);
    expect(rules[1].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'api.internal', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } },
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }], remove: ['x-b'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-c', value: '2' }] } },
      { type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'api', port: 9090 }, percent: 50 } },
    ]);
    expect(rules[1].timeouts).toEqual({ request: '1s500ms' });
    expect(briefs(migration.findings)).toContain('warning spec.http[1].match');
    expect(rules[1].backendRefs[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-backend', value: 'api' }] } }]);
    expectValid(migration);
    const sim = simulator(input, migration);
    expect(sim.request({ host: 'shop.example.com', path: '/old', port: 80 }).redirect?.location).toBe('http://new.example.com/new');
  });

  test('a prefix rewrite on a segment prefix becomes ReplacePrefixMatch, one PathPrefix match per rule', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /a } }, { uri: { prefix: /b } }]
    rewrite: { uri: /c }
    route: [{ destination: { host: web, port: { number: 8080 } } }]
`);
    const { migration } = migrateYaml(yaml, { segmentPrefixes: true });
    const rules = route(migration, 'shop').spec.rules;
    expect(rules.map((r: any) => [r.matches, r.filters[0].urlRewrite.path])).toEqual([
      [[{ path: { type: 'PathPrefix', value: '/a' } }], { type: 'ReplacePrefixMatch', replacePrefixMatch: '/c' }],
      [[{ path: { type: 'PathPrefix', value: '/b' } }], { type: 'ReplacePrefixMatch', replacePrefixMatch: '/c' }],
    ]);
    expect(briefs(migration.findings)).toContain('warning spec.http[0].match[0].uri.prefix');
    expectValid(migration);
  });

  test('retries: a warning naming the experimental channel, or rule retry with experimental', () => {
    const http = `
  - retries: { attempts: 3, perTryTimeout: 2s, retryOn: "503,gateway-error" }
    route: [{ destination: { host: web, port: { number: 8080 } } }]
`;
    const std = migrateYaml(vs(http)).migration;
    const w = std.findings.find((f) => f.field === 'spec.http[0].retries')!;
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('experimental');
    expect(route(std, 'shop').spec.rules[0].retry).toBeUndefined();
    expect(route(std, 'shop').spec.rules[0].timeouts).toEqual({ backendRequest: '2s' });
    expectValid(std);
    const exp = migrateYaml(vs(http), { experimental: true }).migration;
    expect(route(exp, 'shop').spec.rules[0].retry).toEqual({ attempts: 3, codes: [503] });
    expect(briefs(exp.findings)).toContain('warning spec.http[0].retries.retryOn');
    expectValid(exp, true);
  });

  test('corsPolicy becomes a CORS filter', () => {
    const { migration } = migrateYaml(vs(`
  - corsPolicy:
      allowOrigins: [{ exact: "https://a.example.com" }, { regex: ".*" }]
      allowMethods: [GET, POST]
      allowHeaders: [x-a]
      maxAge: 24h
      allowCredentials: true
    route: [{ destination: { host: web, port: { number: 8080 } } }]
`));
    expect(route(migration, 'shop').spec.rules[0].filters).toEqual([{
      type: 'CORS',
      cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-a'], maxAge: 86400, allowCredentials: true },
    }]);
    expect(briefs(migration.findings)).toContain('warning spec.http[0].corsPolicy.allowOrigins');
    expectValid(migration);
  });

  test.each([
    ['fault', '  - fault: { abort: { httpStatus: 503, percentage: { value: 10 } } }\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'warning spec.http[0].fault'],
    ['delegate', '  - delegate: { name: other }\n', 'error spec.http[0].delegate'],
    ['directResponse', '  - directResponse: { status: 503 }\n', 'error spec.http[0].directResponse'],
    ['ignoreUriCase', '  - match: [{ uri: { exact: /A }, ignoreUriCase: true }]\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'info spec.http[0].match[0].ignoreUriCase'],
    ['withoutHeaders', '  - match: [{ withoutHeaders: { x-a: { exact: b } } }]\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'error spec.http[0].match[0].withoutHeaders'],
    ['authority', '  - match: [{ authority: { exact: a.example.com } }]\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'error spec.http[0].match[0].authority'],
    ['sourceLabels', '  - match: [{ sourceLabels: { app: x } }]\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'error spec.http[0].match[0].sourceLabels'],
    ['query prefix', '  - match: [{ queryParams: { a: { prefix: b } } }]\n    route: [{ destination: { host: web, port: { number: 8080 } } }]\n', 'error spec.http[0].match[0].queryParams.a'],
    ['redirect code', '  - redirect: { uri: /x, redirectCode: 300 }\n', 'error spec.http[0].redirect.redirectCode'],
    ['missing port', '  - route: [{ destination: { host: nowhere } }]\n', 'error spec.http[0].route[0].destination.port'],
  ])('%s becomes a finding', (_name, http, expected) => {
    const { migration } = migrateYaml(vs(http));
    expect(briefs(migration.findings)).toContain(expected);
    const f = migration.findings.find((x) => `${x.severity} ${x.field}` === expected)!;
    expect(f.object).toBe('VirtualService shop/shop');
    expect(f.location).toBe('input.yaml');
    expect(f.line).toBeGreaterThan(1);
    expect(f.suggestion).not.toBe('');
    if (expected.startsWith('error')) expect(route(migration, 'shop')).toBeUndefined();
    else expectValid(migration);
  });

  test('match port and gateways that always hold are left out with a note', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ port: 80, gateways: [istio-system/gw], uri: { exact: /a } }]
    route: [{ destination: { host: web, port: { number: 8080 } } }]
`));
    expect(briefs(migration.findings)).toEqual(expect.arrayContaining(['info spec.http[0].match[0].port', 'info spec.http[0].match[0].gateways']));
    expect(route(migration, 'shop').spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/a' } }]);
  });

  test('a VirtualService not exported to the gateway namespace is ignored, as Istio ignores it', () => {
    const { migration } = migrateYaml(vs(`
  - route: [{ destination: { host: web, port: { number: 8080 } } }]
`, '  exportTo: ["."]\n'));
    expect(briefs(migration.findings)).toContain('info spec.exportTo');
    expect(route(migration, 'shop')).toBeUndefined();
  });

  test('the mesh gateway: only the gateway part is migrated, with a warning', () => {
    const { migration } = migrateYaml(vs(`
  - route: [{ destination: { host: web, port: { number: 8080 } } }]
`).replace('gateways: ["istio-system/gw"]', 'gateways: ["istio-system/gw", mesh]'));
    expect(briefs(migration.findings)).toContain('warning spec.gateways');
    expect(route(migration, 'shop')).toBeDefined();
  });

  test('a destination in another namespace gets a ReferenceGrant', () => {
    const { migration } = migrateYaml(vs(`
  - route: [{ destination: { host: web.shop.svc.cluster.local, port: { number: 8080 } } }]
`).replace('metadata: { name: shop, namespace: shop }', 'metadata: { name: shop, namespace: front }'));
    const grant = migration.manifests.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('shop');
    expect(grant.spec).toEqual({ from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'front' }], to: [{ group: '', kind: 'Service', name: 'web' }] });
    expect(route(migration, 'shop').spec.rules[0].backendRefs[0].namespace).toBe('shop');
    expectValid(migration);
  });
});
