import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { migrateYaml, seedYaml } from './migration-helpers';
import { ManifestSet, TrafficSimulator } from '../../src';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { emitTypescriptApp } from '../../src/migration/typescript-app';
import { durationMillis } from '../../src/migration/typescript-source';

/*
 * `migrate --emit typescript`: each fixture (the Gateway API form a
 * migration produces) is emitted as a cdk8s app, run with ts-node and
 * synthesized (the library's synth validation is on), and the result must
 * route every probe request as the input does, keep the object names, and
 * the source must be the same text for the same input.
 */

const REPO = path.resolve(__dirname, '../..');
const TMP = path.join(REPO, '.tmp');

// ------------------------------------------------------------------ fixtures

const gw = (ns: string, name: string, listeners: any[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace: ns },
  spec: { gatewayClassName: 'istio', listeners },
});
const route = (ns: string, name: string, spec: any) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: ns }, spec,
});
const service = (ns: string, name: string, selector: any, port: number, targetPort = port) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { selector, ports: [{ name: 'http', port, targetPort, protocol: 'TCP' }] },
});
const deployment = (ns: string, app: string, version: string, image: string, containerPort: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `${app}-${version}`, namespace: ns, labels: { app, version } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app, version } },
    template: {
      metadata: { labels: { app, version } },
      spec: { containers: [{ name: app, image, ports: [{ containerPort }] }] },
    },
  },
});
const destinationRule = (ns: string, name: string, trafficPolicy: any) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name, namespace: ns },
  spec: { host: `${name}.${ns}.svc.cluster.local`, trafficPolicy },
});
const parent = (name: string, namespace: string, sectionName: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name, namespace, sectionName });
const ref = (name: string, port: number, weight?: number, namespace?: string) => ({ group: '', kind: 'Service', name, namespace, port, weight });
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });

/** Seed 002 as the migration writes it. */
const SEED_002 = [
  gw('istio-system', 'bookinfo-gateway', [
    { name: 'http', port: 80, protocol: 'HTTP', hostname: 'bookinfo.example.com', allowedRoutes: { namespaces: { from: 'Same' } } },
    {
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: 'bookinfo.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'bookinfo-secret' }] },
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['default'] }] } } },
    },
  ]),
  route('istio-system', 'bookinfo-gateway-https-redirect', {
    parentRefs: [parent('bookinfo-gateway', 'istio-system', 'http')],
    hostnames: ['bookinfo.example.com'],
    rules: [{ matches: [prefix('/')], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  }),
  route('default', 'bookinfo', {
    parentRefs: [parent('bookinfo-gateway', 'istio-system', 'https')],
    hostnames: ['bookinfo.example.com'],
    rules: [{ matches: ['/productpage', '/login', '/logout', '/api/v1/products'].map(prefix), backendRefs: [ref('productpage-v1', 9080, 1)] }],
  }),
  service('default', 'productpage', { app: 'productpage' }, 9080),
  service('default', 'productpage-v1', { app: 'productpage', version: 'v1' }, 9080),
  deployment('default', 'productpage', 'v1', 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.2', 9080),
  destinationRule('default', 'productpage-v1', { loadBalancer: { simple: 'ROUND_ROBIN' } }),
];

/** A 90/10 split between two versions, plus `x-canary: always` to v2. */
const CANARY = [
  gw('shop', 'web', [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' }]),
  route('shop', 'reviews', {
    parentRefs: [parent('web', 'shop', 'http')],
    hostnames: ['shop.example.com'],
    rules: [
      { matches: [{ path: { type: 'PathPrefix', value: '/reviews' }, headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }], backendRefs: [ref('reviews-v2', 9080, 1)] },
      { matches: [prefix('/reviews')], backendRefs: [ref('reviews-v1', 9080, 90), ref('reviews-v2', 9080, 10)] },
    ],
  }),
  route('shop', 'ratings', {
    parentRefs: [parent('web', 'shop', 'http')],
    hostnames: ['shop.example.com'],
    rules: [{ matches: [prefix('/ratings')], backendRefs: [ref('ratings-v1', 9080, 9), ref('ratings-v2', 9080, 1)] }],
  }),
  service('shop', 'reviews', { app: 'reviews' }, 9080),
  ...['v1', 'v2'].flatMap((v) => [
    service('shop', `reviews-${v}`, { app: 'reviews', version: v }, 9080),
    deployment('shop', 'reviews', v, `example/reviews-${v}:1`, 9080),
    destinationRule('shop', `reviews-${v}`, {
      loadBalancer: { simple: 'LEAST_REQUEST' },
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '1m' },
    }),
    service('shop', `ratings-${v}`, { app: 'ratings', version: v }, 9080, 8080),
    deployment('shop', 'ratings', v, `example/ratings-${v}:1`, 8080),
  ]),
];

/** Header, query, method and regex matches; the Services have no Deployment. */
const HEADERS = [
  gw('istio-system', 'external', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]),
  route('default', 'httpbin', {
    parentRefs: [parent('external', 'istio-system', 'http')],
    hostnames: ['httpbin.example.com'],
    rules: [
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-version', value: 'v2' }] }], backendRefs: [ref('httpbin-v2', 8000)] },
      { matches: [{ path: { type: 'Exact', value: '/status' }, method: 'POST' }], backendRefs: [ref('httpbin-v2', 8000)] },
      { matches: [{ path: { type: 'RegularExpression', value: '/items/[0-9]+' }, queryParams: [{ type: 'Exact', name: 'debug', value: '1' }] }], backendRefs: [ref('httpbin-v2', 8000)] },
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'RegularExpression', name: 'user-agent', value: '.*Mobile.*' }] }], backendRefs: [ref('httpbin-mobile', 8000)] },
      { matches: [prefix('/')], backendRefs: [ref('httpbin-v1', 8000)] },
    ],
  }),
  service('default', 'httpbin-v1', { app: 'httpbin', version: 'v1' }, 8000, 80),
  service('default', 'httpbin-v2', { app: 'httpbin', version: 'v2' }, 8000, 80),
  service('default', 'httpbin-mobile', { app: 'httpbin-mobile' }, 8000, 80),
  destinationRule('default', 'httpbin-v1', { loadBalancer: { simple: 'RANDOM' } }),
];

/** Redirects, rewrites, header modifiers, a mirror, timeouts and a backend in another namespace. */
const REWRITE = [
  gw('edge', 'edge', [
    { name: 'http', port: 80, protocol: 'HTTP', hostname: 'api.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
    {
      name: 'https',
      port: 8443,
      protocol: 'HTTPS',
      hostname: 'api.example.com',
      allowedRoutes: { namespaces: { from: 'All' } },
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'api-cert', namespace: 'certs' }] },
    },
  ]),
  route('apps', 'api', {
    parentRefs: [parent('edge', 'edge', 'https'), parent('edge', 'edge', 'http')],
    hostnames: ['api.example.com'],
    rules: [
      { matches: [prefix('/old')], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 302 } }] },
      { matches: [{ path: { type: 'Exact', value: '/moved' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'www.example.com', port: 443, path: { type: 'ReplaceFullPath', replaceFullPath: '/home' }, statusCode: 301 } }] },
      {
        matches: [prefix('/api')],
        filters: [
          { type: 'URLRewrite', urlRewrite: { hostname: 'api.internal', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
          { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], add: [{ name: 'x-trace', value: '1' }], remove: ['x-debug'] } },
          { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'cache-control', value: 'no-store' }] } },
          { type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'api-shadow', port: 8080 }, percent: 10 } },
        ],
        backendRefs: [ref('api', 8080)],
        timeouts: { request: '15s', backendRequest: '1500ms' },
      },
      { matches: [prefix('/legacy')], backendRefs: [ref('legacy', 80, 1, 'old')] },
    ],
  }),
  service('apps', 'api', { app: 'api' }, 8080),
  service('apps', 'api-shadow', { app: 'api-shadow' }, 8080),
  service('old', 'legacy', { app: 'legacy' }, 80),
  {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'apps-httproute-to-service-legacy', namespace: 'old' },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'apps' }], to: [{ group: '', kind: 'Service', name: 'legacy' }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'edge-gateway-to-secret-api-cert', namespace: 'certs' },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret', name: 'api-cert' }] },
  },
];

/** Seed 002's own YAML migrated by IstioMigration (`manifests` keeps the input's Services, Deployment and DestinationRule), as `migrate --emit typescript` passes it. */
const SEED_002_ISTIO = migrateYaml(seedYaml());
const SEED_002_MIGRATED = SEED_002_ISTIO.migration.manifests;

/** A 90/10 VirtualService split across DestinationRule subsets, with its Deployments, migrated by IstioMigration. */
const ISTIO_CANARY_YAML = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop-gateway, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: ["shop.example.com"]
  gateways: ["shop-gateway"]
  http:
  - route:
    - destination: { host: reviews, subset: v1, port: { number: 9080 } }
      weight: 90
    - destination: { host: reviews, subset: v2, port: { number: 9080 } }
      weight: 10
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  trafficPolicy: { loadBalancer: { simple: LEAST_REQUEST } }
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
---
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080, targetPort: 9080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: shop, labels: { app: reviews, version: v1 } }
spec:
  selector: { matchLabels: { app: reviews, version: v1 } }
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { containers: [{ name: reviews, image: "example/reviews:v1", ports: [{ containerPort: 9080 }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v2, namespace: shop, labels: { app: reviews, version: v2 } }
spec:
  selector: { matchLabels: { app: reviews, version: v2 } }
  template:
    metadata: { labels: { app: reviews, version: v2 } }
    spec: { containers: [{ name: reviews, image: "example/reviews:v2", ports: [{ containerPort: 9080 }] }] }
`;
const ISTIO_CANARY = migrateYaml(ISTIO_CANARY_YAML);
const ISTIO_CANARY_MIGRATED = ISTIO_CANARY.migration.manifests;

/** What the constructs cannot write: a Gateway with addresses, a DestinationRule with client TLS, a Deployment not named `<app>-<version>`. */
const FALLBACK = [
  {
    ...gw('infra', 'edge', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]),
    spec: {
      gatewayClassName: 'istio',
      addresses: [{ type: 'IPAddress', value: '10.0.0.10' }],
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
    },
  },
  route('team', 'web', {
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'infra', sectionName: 'http' }],
    hostnames: ['web.example.com'],
    rules: [
      { matches: [prefix('/a')], backendRefs: [ref('alpha-v1', 80, 3), ref('alpha-v2', 80, 1)] },
      { matches: [prefix('/b')], backendRefs: [ref('beta', 80)] },
    ],
  }),
  service('team', 'alpha-v1', { app: 'alpha', version: 'v1' }, 80, 8080),
  service('team', 'alpha-v2', { app: 'alpha', version: 'v2' }, 80, 8080),
  deployment('team', 'alpha', 'v1', 'example/alpha:1', 8080),
  deployment('team', 'alpha', 'v2', 'example/alpha:2', 8080),
  destinationRule('team', 'alpha-v2', { tls: { mode: 'ISTIO_MUTUAL' } }),
  service('team', 'beta', { app: 'beta' }, 80, 8080),
  { ...deployment('team', 'beta', 'v1', 'example/beta:1', 8080), metadata: { name: 'beta-main', namespace: 'team', labels: { app: 'beta', version: 'v1' } } },
];

// ------------------------------------------------------------------ running an emitted app

interface Emitted {
  readonly source: string;
  readonly objects: any[];
}

const results = new Map<string, Emitted | Error>();

/**
 * Emits every fixture's app into .tmp/emit-<name>/app.ts and synthesizes
 * them all in one ts-node process (loading the library takes most of the
 * time), each into its own dist/ (cdk8s reads CDK8S_OUTDIR).
 */
function synthesizeAll(fixtures: Array<[string, any[]]>): void {
  const dirs: string[] = [];
  for (const [name, input] of fixtures) {
    const dir = path.join(TMP, `emit-${name}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const source = emitTypescriptApp(input, { appName: name, libraryModule: path.relative(dir, path.join(REPO, 'src')) });
    fs.writeFileSync(path.join(dir, 'app.ts'), source);
    dirs.push(dir);
  }
  const runner = path.join(TMP, 'emit-runner.ts');
  fs.writeFileSync(runner, [
    "import * as fs from 'fs';",
    'const errors: { [dir: string]: string } = {};',
    `for (const dir of ${JSON.stringify(dirs)}) {`,
    "  process.env.CDK8S_OUTDIR = dir + '/dist';",
    "  try { require(dir + '/app.ts'); } catch (e: any) { errors[dir] = String(e?.stack ?? e); }",
    '}',
    `fs.writeFileSync(${JSON.stringify(path.join(TMP, 'emit-results.json'))}, JSON.stringify(errors));`,
  ].join('\n'));
  execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', runner], { cwd: REPO, stdio: 'pipe' });
  const errors = JSON.parse(fs.readFileSync(path.join(TMP, 'emit-results.json'), 'utf8'));
  fixtures.forEach(([name], i) => {
    const dir = dirs[i];
    const source = fs.readFileSync(path.join(dir, 'app.ts'), 'utf8');
    if (errors[dir]) {
      results.set(name, new Error(`the emitted app for ${name} failed:\n${errors[dir]}\n--- source ---\n${source}`));
    } else {
      results.set(name, { source, objects: ManifestSet.fromPaths([path.join(dir, 'dist')]).all.map((m) => m.object) });
    }
  });
}

/** The synthesized objects of a fixture's app. */
function run(name: string, _input: any[]): Emitted {
  const r = results.get(name);
  if (!r) throw new Error(`no app for ${name}`);
  if (r instanceof Error) throw r;
  return r;
}

/** The parts of a decision that are routing: status, backends and shares, redirect, rewrite, headers, mirrors, timeouts. */
function routing(sim: TrafficSimulator, request: any): any {
  const d = sim.request(request);
  return {
    status: d.status,
    backends: d.backends.map((b) => ({ ns: b.namespace, name: b.name, port: b.port, share: b.share, status: b.status })),
    redirect: d.redirect,
    rewrite: d.rewrite,
    requestHeaders: d.requestHeaders,
    responseHeaders: d.responseHeaders,
    mirrors: d.mirrors.map((m) => ({ ns: m.namespace, name: m.name, port: m.port, percent: m.percent })),
    // GEP-2257 durations compared by value: the library writes 1500ms as 1s500ms
    timeouts: d.timeouts && Object.fromEntries(Object.entries(d.timeouts).map(([k, v]) => [k, v === undefined ? v : durationMillis(v)])),
  };
}

/** Probe requests: each path inside, at and outside each prefix, with header, query and method variants. */
function probes(hosts: string[], paths: string[], extra: Array<{ headers?: any; query?: any; method?: string }> = []): any[] {
  const out: any[] = [];
  for (const host of hosts) {
    for (const scheme of ['http', 'https']) {
      for (const p of paths) {
        for (const variant of [{}, ...extra]) out.push({ host, scheme, path: p, ...variant });
      }
    }
  }
  return out;
}

function expectSameRouting(input: any[], output: any[], requests: any[]): void {
  const before = TrafficSimulator.fromManifests(ManifestSet.fromObjects(input));
  const after = TrafficSimulator.fromManifests(ManifestSet.fromObjects(output));
  let routed = 0;
  for (const r of requests) {
    const a = routing(before, r);
    expect({ request: r, ...routing(after, r) }).toEqual({ request: r, ...a });
    if (a.status !== 404) routed++;
  }
  expect(routed).toBeGreaterThan(0);
}

function names(objects: any[], kind: string): string[] {
  return objects.filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
}

function expectNamesKept(input: any[], output: any[]): void {
  for (const kind of ['Gateway', 'HTTPRoute']) expect(names(output, kind)).toEqual(names(input, kind));
  for (const kind of ['Service', 'ReferenceGrant', 'DestinationRule']) expect(names(output, kind)).toEqual(expect.arrayContaining(names(input, kind)));
}

const FIXTURES: Array<[string, any[], any[]]> = [
  ['seed-002', SEED_002, probes(['bookinfo.example.com', 'other.example.com'],
    ['/', '/productpage', '/productpage/x', '/productpagex', '/login', '/logout', '/api/v1/products', '/api/v1/products/1', '/api/v1', '/static'])],
  ['seed-002-migrated', SEED_002_MIGRATED, probes(['bookinfo.example.com'],
    ['/', '/productpage', '/productpagex', '/productpage/1', '/login', '/loginx', '/logout', '/api/v1/products', '/api/v1/productsx', '/static'])],
  ['istio-canary', ISTIO_CANARY_MIGRATED, probes(['shop.example.com'], ['/', '/reviews'])],
  ['fallback', FALLBACK, probes(['web.example.com'], ['/', '/a', '/a/1', '/b', '/c'])],
  ['canary', CANARY, probes(['shop.example.com'], ['/', '/reviews', '/reviews/1', '/reviewsx', '/ratings', '/ratings/2'],
    [{ headers: { 'x-canary': 'always' } }, { headers: { 'x-canary': 'never' } }])],
  ['headers', HEADERS, probes(['httpbin.example.com', 'other.example.com'], ['/', '/status', '/status/x', '/items/12', '/items/x', '/get'],
    [{ headers: { 'x-version': 'v2' } }, { method: 'POST' }, { query: { debug: '1' } }, { headers: { 'user-agent': 'Foo Mobile Bar' } },
      { headers: { 'x-version': 'v2', 'user-agent': 'Mobile' } }])],
  ['rewrite', REWRITE, probes(['api.example.com'], ['/', '/old', '/old/page', '/moved', '/moved/x', '/api', '/api/users', '/legacy/x', '/apix'],
    [{ headers: { 'x-debug': '1' } }])],
];

describe('emitTypescriptApp', () => {
  beforeAll(() => synthesizeAll(FIXTURES.map(([name, input]) => [name, input])), 180_000);

  describe.each(FIXTURES)('%s', (name, input, requests) => {
    test('the app synthesizes (with the library validation) to the same routing', () => {
      const { objects } = run(name, input);
      expect(objects.length).toBeGreaterThan(0);
      expectSameRouting(input, objects, requests);
      // https requests on port 443 when the fixture's HTTPS listener is elsewhere
      expectSameRouting(input, objects, requests.map((r) => ({ ...r, port: r.scheme === 'https' ? 8443 : 80 })));
    }, 120_000);

    test('Gateway, HTTPRoute, Service, DestinationRule and ReferenceGrant names are kept', () => {
      const { objects } = run(name, input);
      expectNamesKept(input, objects);
    }, 120_000);

    test('the source is deterministic: same input, same text, whatever the input order', () => {
      const a = emitTypescriptApp(input, { appName: name });
      expect(emitTypescriptApp(JSON.parse(JSON.stringify(input)), { appName: name })).toBe(a);
      expect(emitTypescriptApp([...input].reverse(), { appName: name })).toBe(a);
    });
  });

  test('the emitted apps type-check (strict, noUnusedLocals)', () => {
    fs.writeFileSync(path.join(TMP, 'tsconfig.emit.json'), JSON.stringify({
      extends: '../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '..' }, include: ['emit-*/app.ts'],
    }));
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(TMP, 'tsconfig.emit.json')], { cwd: REPO, stdio: 'pipe' });
    } catch (e: any) {
      throw new Error(`tsc failed:\n${e.stdout?.toString()}${e.stderr?.toString()}`);
    }
  }, 180_000);

  test.each(FIXTURES.map(([name, input]) => [name, input]))('%s: RoutingDiff finds no difference between the input and the app', (name, input) => {
    const { objects } = run(name as string, input as any[]);
    const result = RoutingDiff.compare(ManifestSet.fromObjects(input as any[], 'input'), ManifestSet.fromObjects(objects, 'app'));
    expect(result.corpusSize).toBeGreaterThan(0);
    expect(result.toText()).toEqual(expect.any(String));
    expect(result.differences.map((d) => `${d.summary}: ${d.fields.join(', ')}: ${d.oldOutcome} -> ${d.newOutcome}`)).toEqual([]);
    expect(result.equal).toBe(true);
  });

  test('seed 002: the app of the migration routes as the Istio VirtualService did', () => {
    const { objects } = run('seed-002-migrated', SEED_002_MIGRATED);
    const result = RoutingDiff.compare(SEED_002_ISTIO.input, ManifestSet.fromObjects(objects, 'app'), { backendAliases: SEED_002_ISTIO.migration.backendAliases });
    expect(result.differences.map((d) => `${d.summary}: ${d.fields.join(', ')}: ${d.oldOutcome} -> ${d.newOutcome}`)).toEqual([]);
    expect(result.equal).toBe(true);
    const source = run('seed-002-migrated', SEED_002_MIGRATED).source;
    expect(source).toContain('new IngressGateway(');
    expect(source).toContain('new ResilientBackend(');
    expect(source).toContain("JsonPatch.add('/spec/subsets', [{ name: 'v1', labels: { version: 'v1' } }])");
  });

  test('a subset split migrated from a VirtualService becomes a CanaryRoute that routes as the VirtualService did', () => {
    const { source, objects } = run('istio-canary', ISTIO_CANARY_MIGRATED);
    expect(source).toMatch(/new CanaryRoute\(shop, 'reviews-route', \{\n\s+name: 'reviews',[^]*stable: reviews\.version\('v1'\),[^]*canary: reviews\.version\('v2'\),[^]*canaryPercent: 10,/);
    const result = RoutingDiff.compare(ISTIO_CANARY.input, ManifestSet.fromObjects(objects, 'app'), { backendAliases: ISTIO_CANARY.migration.backendAliases });
    expect(result.differences.map((d) => `${d.summary}: ${d.fields.join(', ')}: ${d.oldOutcome} -> ${d.newOutcome}`)).toEqual([]);
    expect(result.equal).toBe(true);
  });

  describe('fallback', () => {
    const source = emitTypescriptApp(FALLBACK);

    test('a Gateway IngressGateway cannot write is kept, and routes attach with RouteParent.fromGatewayName', () => {
      expect(source).toContain('// Gateway infra/edge: fields IngressGateway does not write; kept as is (routes attach with RouteParent.fromGatewayName)');
      expect(source).toContain("RouteParent.fromGatewayName('edge', { namespace: 'infra', sectionName: 'http' })");
    });

    test('a backend with a DestinationRule ResilientBackend cannot write stays as Services, Deployments and the rule', () => {
      expect(source).not.toContain('new ResilientBackend');
      expect(source).toContain('// DestinationRule team/alpha-v2: ResilientBackend team/alpha is not used: a DestinationRule of its Services has a policy or field ResilientBackend does not write; kept as is');
      expect(source).toContain('// Deployment team/beta-main: not named `<app>-<version>`');
      expect(source).toContain("new ApiObject(team, 'destinationrule-alpha-v2', {");
      expect(source).toContain("new ApiObject(team, 'deployment-alpha-v1', {");
      expect(source).toContain("new ApiObject(team, 'deployment-beta-main', {");
      expect(source).toContain("backend: Backend.fromServiceName('alpha-v1', 80), weight: 3");
    });
  });

  describe('seed 002 uses the constructs', () => {
    const source = emitTypescriptApp(SEED_002, { appName: 'bookinfo' });

    test('IngressGateway with a TLS listener, the HTTPS redirect and a ResilientBackend', () => {
      expect(source).toContain("import {\n  AllowedRoutes, HttpRoute, IngressGateway, LoadBalancer, PathMatch, ResilientBackend, TlsCertificate,\n} from 'cdk8s-istio-gateway';");
      expect(source).toContain("new IngressGateway(istioSystem, 'bookinfo-gateway', { hostname: 'bookinfo.example.com' });");
      expect(source).toContain("bookinfoGateway.addTlsListener('https', {");
      expect(source).toContain("certificate: TlsCertificate.fromSecretName('bookinfo-secret')");
      expect(source).toContain("allowedRoutes: AllowedRoutes.fromNamespaces(['default'])");
      expect(source).toContain('bookinfoGateway.addHttpsRedirect();');
      expect(source).toContain("new ResilientBackend(defaultChart, 'productpage', {");
      expect(source).toContain('loadBalancer: LoadBalancer.roundRobin()');
      expect(source).toContain("backend: productpage.version('v1')");
      expect(source).not.toContain('ApiObject');
    });

    test('the synthesized DestinationRule keeps the round-robin policy', () => {
      const { objects } = run('seed-002', SEED_002);
      const dr = objects.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'productpage-v1');
      expect(dr.spec).toEqual({ host: 'productpage-v1.default.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } });
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'productpage-v1');
      expect(svc.spec.selector).toEqual({ app: 'productpage', version: 'v1' });
    });
  });

  describe('canary', () => {
    const source = emitTypescriptApp(CANARY, { appName: 'canary' });

    test('a two-way split between versions of one backend is a CanaryRoute, with its header override', () => {
      expect(source).toMatch(/new CanaryRoute\(shop, 'reviews-route', \{\n\s+name: 'reviews',[^]*stable: reviews\.version\('v1'\),[^]*canary: reviews\.version\('v2'\),[^]*canaryPercent: 10,[^]*canaryHeader: \{ name: 'x-canary', value: 'always' \}/);
      expect(source).toMatch(/new CanaryRoute\(shop, 'ratings-route', \{\n\s+name: 'ratings',[^]*path: PathMatch\.prefix\('\/ratings'\)[^]*canaryPercent: 10,/);
      expect(source).not.toContain('new HttpRoute(');
    });

    test('the DestinationRule policy is carried over to the backend', () => {
      expect(source).toContain('loadBalancer: LoadBalancer.leastRequest()');
      const { objects } = run('canary', CANARY);
      for (const v of ['v1', 'v2']) {
        const dr = objects.find((o) => o.kind === 'DestinationRule' && o.metadata.name === `reviews-${v}`);
        expect(dr.spec.trafficPolicy).toEqual(CANARY.find((o) => o.kind === 'DestinationRule' && o.metadata.name === `reviews-${v}`)!.spec.trafficPolicy);
      }
    }, 120_000);

    test('a different container port becomes containerPort', () => {
      expect(source).toMatch(/new ResilientBackend\(shop, 'ratings', \{\n\s+port: 9080,\n\s+containerPort: 8080,/);
    });
  });

  describe('Services without Deployments', () => {
    const source = emitTypescriptApp(HEADERS, { appName: 'headers' });

    test('are kept as ApiObjects and named with Backend.fromServiceName', () => {
      expect(source).toContain("new ApiObject(defaultChart, 'service-httpbin-v1', {");
      expect(source).toContain("backend: Backend.fromServiceName('httpbin-v2', 8000)");
      expect(source).toContain("new ApiObject(defaultChart, 'destinationrule-httpbin-v1', {");
    });

    test('matches use the value classes', () => {
      expect(source).toContain("HeaderMatch.exact('x-version', 'v2')");
      expect(source).toContain("HeaderMatch.regularExpression('user-agent', '.*Mobile.*')");
      expect(source).toContain("QueryParamMatch.exact('debug', '1')");
      expect(source).toContain('method: HttpMethod.POST');
      expect(source).toContain("PathMatch.regularExpression('/items/[0-9]+')");
      expect(source).toContain('allowedRoutes: AllowedRoutes.allNamespaces()');
    });
  });

  describe('filters', () => {
    const source = emitTypescriptApp(REWRITE, { appName: 'rewrite' });

    test('every filter type and the timeouts are written with the factories', () => {
      expect(source).toContain("path: HttpPathModifier.replacePrefixMatch('/new')");
      expect(source).toContain("HttpRouteFilter.urlRewrite({ hostname: 'api.internal', path: HttpPathModifier.replacePrefixMatch('/') })");
      expect(source).toContain("HttpRouteFilter.requestMirror(Backend.fromServiceName('api-shadow', 8080), { percent: 10 })");
      expect(source).toContain('timeouts: { request: Duration.seconds(15), backendRequest: Duration.millis(1500) }');
      expect(source).toContain("backend: Backend.fromServiceName('legacy', 80, 'old')");
      expect(source).toContain("TlsCertificate.fromSecretName('api-cert', 'certs')");
    });

    test('ReferenceGrants the constructs write are not duplicated', () => {
      expect(source).toContain('// ReferenceGrant old/apps-httproute-to-service-legacy is written by the constructs that need it');
      expect(source).toContain('// ReferenceGrant certs/edge-gateway-to-secret-api-cert is written by the constructs that need it');
      const { objects } = run('rewrite', REWRITE);
      expect(names(objects, 'ReferenceGrant')).toEqual(['certs/edge-gateway-to-secret-api-cert', 'old/apps-httproute-to-service-legacy']);
    }, 120_000);
  });

  test('objects without a construct equivalent are kept verbatim with the reason', () => {
    const input = [
      ...HEADERS,
      route('default', 'grpc-like', {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'team' }],
        rules: [{ backendRefs: [ref('httpbin-v1', 8000)] }],
      }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } },
    ];
    const source = emitTypescriptApp(input);
    expect(source).toContain("// HTTPRoute default/grpc-like: a parentRef is not a Gateway, which HttpRoute cannot attach to\n  new ApiObject(defaultChart, 'httproute-grpc-like', {");
    expect(source).toContain("// ConfigMap default/settings: no construct equivalent; kept as is\n  new ApiObject(defaultChart, 'configmap-settings', {");
  });
});
