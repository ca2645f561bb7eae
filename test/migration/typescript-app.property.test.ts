import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import * as lib from '../../src';
import { ManifestSet } from '../../src';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { emitTypescriptApp } from '../../src/migration/typescript-app';

/*
 * Property: for generated migration outputs (a Gateway with HTTP and HTTPS
 * listeners, an HTTPS redirect or not, routes with path/header/query/method
 * matches, weighted backends over versions of Deployment-backed Services or
 * plain Services, filters and timeouts), the emitted app synthesizes with
 * the library's validation and routes every request of the RoutingDiff
 * corpus as the input does. The app runs in-process (transpiled with
 * TypeScript, `cdk8s-istio-gateway` mapped to src/) so that many inputs
 * can be tried; test/migration/typescript-app.test.ts runs apps with ts-node.
 */

/** Runs an emitted app in this process; returns the synthesized objects (synth validation on). */
function runInProcess(source: string): any[] {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const exports: any = {};
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'emit-prop-'));
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // the emitted app imports the library and cdk8s: give it the modules this test uses (same classes)
    const modules: { [name: string]: any } = { 'cdk8s-istio-gateway': lib, 'cdk8s': cdk8s };
    const req = (m: string) => {
      if (!modules[m]) throw new Error(`the emitted app imports ${m}`);
      return modules[m];
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('require', 'exports', 'module', js)(req, exports, { exports });
    const app = new App({ outdir });
    exports.build(app);
    app.synth();
    return ManifestSet.fromApp(app).all.map((m) => m.object);
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const GW = 'gateway.networking.k8s.io';
const HOST = 'shop.example.com';

const pathMatch = fc.oneof(
  fc.constantFrom('/', '/api', '/api/v1', '/shop', '/static').map((value) => ({ type: 'PathPrefix', value })),
  fc.constantFrom('/healthz', '/api/login').map((value) => ({ type: 'Exact', value })),
  fc.constantFrom('/items/[0-9]+', '/api/v[12]/.*').map((value) => ({ type: 'RegularExpression', value })),
);
const match = fc.record({
  path: pathMatch,
  headers: fc.option(fc.constantFrom([{ type: 'Exact', name: 'x-version', value: 'v2' }], [{ type: 'RegularExpression', name: 'user-agent', value: '.*Mobile.*' }]), { nil: undefined }),
  queryParams: fc.option(fc.constant([{ type: 'Exact', name: 'debug', value: '1' }]), { nil: undefined }),
  method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined }),
}).map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));

/** Backends: versions of `app` (Deployment-backed when `deployments`), or the plain `web` Service. */
const SERVICES = ['app-v1', 'app-v2', 'web'];
const backends = fc.uniqueArray(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 2 }).chain((names) =>
  fc.tuple(...names.map((name) => fc.integer({ min: 0, max: 10 }).map((weight) => ({ group: '', kind: 'Service', name, port: 80, weight })))))
  // every weight 0 is a synth error of the library (IGW1009: the rule answers 500), so the input always has one positive weight
  .filter((refs) => refs.some((r) => r.weight > 0));
const filters = fc.option(fc.constantFrom(
  [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], remove: ['x-debug'] } }],
  [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'gw' }] } }],
  [{ type: 'URLRewrite', urlRewrite: { hostname: 'internal.example.com' } }],
), { nil: undefined });
const rule = fc.oneof(
  { weight: 4, arbitrary: fc.record({ matches: fc.array(match, { minLength: 1, maxLength: 3 }), backendRefs: backends, filters, timeouts: fc.option(fc.constant({ request: '10s' }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ matches: fc.constant([{ path: { type: 'PathPrefix', value: '/old' } }]), filters: fc.constant([{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 302 } }]) }) },
).map((r: any) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const input = fc.record({
  redirect: fc.boolean(),
  deployments: fc.boolean(),
  rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
  routeNamespace: fc.constantFrom('shop', 'edge'),
}).map(({ redirect, deployments, rules, routeNamespace }) => {
  const objects: any[] = [{
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'edge' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: HOST, allowedRoutes: { namespaces: { from: redirect ? 'Same' : 'All' } } },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: HOST,
          allowedRoutes: { namespaces: { from: 'All' } },
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
        },
      ],
    },
  }];
  if (redirect) {
    objects.push({
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: 'edge-https-redirect', namespace: 'edge' },
      spec: {
        parentRefs: [{ group: GW, kind: 'Gateway', name: 'edge', namespace: 'edge', sectionName: 'http' }],
        hostnames: [HOST],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
  }
  objects.push({
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: 'shop', namespace: routeNamespace },
    spec: {
      parentRefs: (redirect ? ['https'] : ['https', 'http']).map((sectionName) => ({ group: GW, kind: 'Gateway', name: 'edge', namespace: 'edge', sectionName })),
      hostnames: [HOST],
      rules,
    },
  });
  const svc = (name: string, selector: any) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: routeNamespace },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
  });
  objects.push(svc('app', { app: 'app' }), svc('app-v1', { app: 'app', version: 'v1' }), svc('app-v2', { app: 'app', version: 'v2' }), svc('web', { app: 'web' }));
  if (deployments) {
    for (const version of ['v1', 'v2']) {
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${version}`, namespace: routeNamespace, labels: { app: 'app', version } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'app', version } },
          template: { metadata: { labels: { app: 'app', version } }, spec: { containers: [{ name: 'app', image: `example/app:${version}`, ports: [{ containerPort: 8080 }] }] } },
        },
      });
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: `app-${version}`, namespace: routeNamespace },
        spec: { host: `app-${version}.${routeNamespace}.svc.cluster.local`, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
      });
    }
  }
  return objects;
});

describe('emitTypescriptApp (property)', () => {
  test('the emitted app synthesizes and routes every corpus request as its input does', () => {
    fc.assert(fc.property(input, (objects) => {
      const source = emitTypescriptApp(objects);
      expect(emitTypescriptApp([...objects].reverse())).toBe(source);
      const synthesized = runInProcess(source);
      const result = RoutingDiff.compare(ManifestSet.fromObjects(objects, 'input'), ManifestSet.fromObjects(synthesized, 'app'));
      expect(result.differences.map((d) => `${d.summary}: ${d.fields.join(', ')}: ${d.oldOutcome} -> ${d.newOutcome}`)).toEqual([]);
      for (const kind of ['Gateway', 'HTTPRoute']) {
        const names = (list: any[]) => list.filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
        expect(names(synthesized)).toEqual(names(objects));
      }
    }), { numRuns: 100, seed: 20261128 });
  }, 300_000);

  test('a two-way split between two versions is a CanaryRoute exactly when the canary share is a whole percentage', () => {
    const split = fc.record({
      w1: fc.integer({ min: 0, max: 1000 }),
      w2: fc.integer({ min: 0, max: 1000 }),
      path: fc.constantFrom('/', '/api'),
      header: fc.boolean(),
    }).filter(({ w1, w2 }) => w1 + w2 > 0);
    fc.assert(fc.property(input, split, (base, { w1, w2, path: prefix, header }) => {
      const objects = base.filter((o) => o.kind !== 'HTTPRoute' || o.metadata.name !== 'shop').filter((o) => o.kind !== 'Deployment' && o.kind !== 'DestinationRule');
      const ns = objects.find((o) => o.kind === 'Service').metadata.namespace;
      for (const version of ['v1', 'v2']) {
        objects.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `app-${version}`, namespace: ns, labels: { app: 'app', version } },
          spec: { selector: { matchLabels: { app: 'app', version } }, template: { metadata: { labels: { app: 'app', version } }, spec: { containers: [{ name: 'app', image: 'example/app:1' }] } } },
        });
      }
      const redirect = objects.some((o) => o.metadata.name === 'edge-https-redirect');
      const rules: any[] = [{
        matches: [{ path: { type: 'PathPrefix', value: prefix } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'app-v1', port: 80, weight: w1 }, { group: '', kind: 'Service', name: 'app-v2', port: 80, weight: w2 }],
      }];
      if (header) {
        rules.unshift({
          matches: [{ path: { type: 'PathPrefix', value: prefix }, headers: [{ type: 'Exact', name: 'x-canary', value: 'yes' }] }],
          backendRefs: [{ group: '', kind: 'Service', name: w2 > w1 ? 'app-v1' : 'app-v2', port: 80 }],
        });
      }
      objects.push({
        apiVersion: `${GW}/v1`,
        kind: 'HTTPRoute',
        metadata: { name: 'shop', namespace: ns },
        spec: {
          parentRefs: (redirect ? ['https'] : ['https', 'http']).map((sectionName) => ({ group: GW, kind: 'Gateway', name: 'edge', namespace: 'edge', sectionName })),
          hostnames: [HOST],
          rules,
        },
      });
      const source = emitTypescriptApp(objects);
      const canaryShare = (100 * Math.min(w1, w2)) / (w1 + w2);
      expect(source.includes('new CanaryRoute(')).toBe(Number.isInteger(canaryShare));
      const synthesized = runInProcess(source);
      const result = RoutingDiff.compare(ManifestSet.fromObjects(objects, 'input'), ManifestSet.fromObjects(synthesized, 'app'));
      expect(result.differences.map((d) => `${d.summary}: ${d.fields.join(', ')}: ${d.oldOutcome} -> ${d.newOutcome}`)).toEqual([]);
    }), { numRuns: 60, seed: 20261128 });
  }, 300_000);
});
