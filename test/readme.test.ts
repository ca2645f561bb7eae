import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as lib from '../src';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The first ```ts block after a heading. */
function snippet(heading: string): string {
  const start = README.indexOf(heading);
  const m = README.slice(start).match(/```ts\n([\s\S]*?)```/);
  if (start < 0 || !m) throw new Error(`no ts block after "${heading}" in README.md`);
  return m[1];
}

/** Runs a README snippet with `cdk8s-istio-gateway` resolved to this source tree. */
function run(code: string): void {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (id: string) => (id === 'cdk8s-istio-gateway' ? lib : require(id));
  new Function('require', 'exports', js)(req, {});
}

describe('README', () => {
  test('the "What you write" example runs and synthesizes what the text says', () => {
    // app.synth() writes to the app's outdir: run it in a temp dir
    const code = snippet('## What you write').replace('const app = new App();', 'const app = Testing.app();')
      .replace('app.synth();', 'globalThis.__readmeObjects = Testing.synth(chart);');
    run(code.replace("import { App, Chart, Duration } from 'cdk8s';", "import { App, Chart, Duration, Testing } from 'cdk8s';"));
    const objects: any[] = (globalThis as any).__readmeObjects;
    const kinds = objects.map((o) => o.kind);
    for (const kind of ['Namespace', 'Deployment', 'Service', 'DestinationRule', 'PodDisruptionBudget', 'Gateway', 'HTTPRoute']) {
      expect(kinds).toContain(kind);
    }
    const canary = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'api-route');
    expect(canary.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([75, 25]);
    expect(canary.spec.parentRefs[0].sectionName).toBe('https');
  });

  test('the "Routes" example runs on top of it and writes what it says', () => {
    const base = snippet('## What you write').replace('const app = new App();', 'const app = Testing.app();')
      .replace("import { App, Chart, Duration } from 'cdk8s';", "import { App, Chart, Duration, Testing } from 'cdk8s';")
      .replace('app.synth();', '');
    const routes = snippet('### Routes');
    run(`${base}\nimport { Backend, HeaderMatch, HttpRoute, HttpRouteFilter, PathMatch } from 'cdk8s-istio-gateway';\n${routes}\n`
      + 'globalThis.__readmeObjects = Testing.synth(chart);');
    const objects: any[] = (globalThis as any).__readmeObjects;
    const web = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web');
    expect(web.spec.rules[0]).toMatchObject({ name: 'health', matches: [{ path: { type: 'Exact', value: '/health' } }] });
    expect(web.spec.rules[1].timeouts).toEqual({ request: '30s' });
    const grant = objects.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('orders');
  });

  test('the "Routes over the limits" example writes 3 HTTPRoutes of at most 16 hostnames', () => {
    const base = snippet('## What you write').replace('const app = new App();', 'const app = Testing.app();')
      .replace("import { App, Chart, Duration } from 'cdk8s';", "import { App, Chart, Duration, Testing } from 'cdk8s';")
      .replace('app.synth();', '');
    run(`${base}\nimport { SplitHttpRoute } from 'cdk8s-istio-gateway';\n${snippet('### Routes over the limits')}\n`
      + 'globalThis.__readmeObjects = Testing.synth(chart);');
    const objects: any[] = (globalThis as any).__readmeObjects;
    const parts = objects.filter((o) => o.kind === 'HTTPRoute' && o.metadata.name.startsWith('tenants'));
    expect(parts.map((o) => [o.metadata.name, o.spec.hostnames.length])).toEqual([['tenants', 16], ['tenants-2', 16], ['tenants-3', 8]]);
    expect(new Set(parts.map((o) => JSON.stringify(o.spec.rules))).size).toBe(1);
    expect(parts.map((o) => o.spec.parentRefs[0].sectionName)).toEqual(['tenants', 'tenants', 'tenants']);
  });

  test('the "Migrating from VirtualService" example runs from the repository root and proves seed 002 equal', () => {
    const cwd = process.cwd();
    process.chdir(path.join(__dirname, '..'));
    try {
      run(`${snippet('## Migrating from VirtualService')}\nglobalThis.__readmeMigration = { migration, diff };`);
    } finally {
      process.chdir(cwd);
    }
    const { migration, diff } = (globalThis as any).__readmeMigration;
    expect(migration.hasErrors).toBe(false);
    expect(diff.equal).toBe(true);
    expect(diff.corpusSize).toBeGreaterThan(40);
    // the output the README prints
    expect(README).toContain(`verify: routing diff: ${diff.corpusSize} requests, no differences`);
    const info = migration.findings.filter((f: any) => f.severity === 'info').length;
    expect(README).toContain(`findings: 0 error(s), 0 warning(s), ${info} info`);
    const prefix = migration.findings.find((f: any) => f.field === 'spec.http[0].match[0].uri.prefix');
    expect(README).toContain(`spec.http[0].match[0].uri.prefix examples/seed-002-bookinfo/istio/bookinfo.yaml:${prefix.line}:`);
  });

  test('the quick start is two commands and .ci/run runs the second one', () => {
    const block = README.slice(README.indexOf('## Quick start')).match(/```bash\n([\s\S]*?)```/)![1].trim().split('\n');
    expect(block).toEqual(['npm ci && npx projen example', 'npx projen test']);
    expect(fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8')).toContain(`\n${block[1]} `);
  });
});
