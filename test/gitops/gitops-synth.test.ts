import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { dependentCharts, expectSameTree, independentCharts, makeApp, nestedCharts, readTree, ServiceChart, tempDir } from './helpers';
import { GitOpsApp } from '../../src/gitops/gitops-app';
import { GitOpsSynth } from '../../src/gitops/gitops-synth';

const LAYOUTS: Array<[string, YamlOutputType]> = [
  ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
];

const APPS: Array<[string, (app: App) => void]> = [
  ['independent charts', independentCharts],
  ['dependent charts', dependentCharts],
  ['nested charts', nestedCharts],
];

/** Synthesizes the same App definition with cdk8s and with GitOpsSynth into two directories. */
function synthBoth(define: (app: App) => void, layout: YamlOutputType, outputFileExtension?: string): { cdk8sDir: string; gitopsDir: string } {
  const cdk8sDir = tempDir('cdk8s');
  const gitopsDir = tempDir('linear');
  makeApp(define, { outdir: cdk8sDir, yamlOutputType: layout, outputFileExtension }).synth();
  GitOpsSynth.synth(makeApp(define, { outdir: gitopsDir, yamlOutputType: layout, outputFileExtension }));
  return { cdk8sDir, gitopsDir };
}

describe('GitOpsSynth output is byte-identical to cdk8s', () => {
  for (const [appName, define] of APPS) {
    for (const [layoutName, layout] of LAYOUTS) {
      test(`${appName}, ${layoutName}`, () => {
        const { cdk8sDir, gitopsDir } = synthBoth(define, layout);
        expectSameTree(cdk8sDir, gitopsDir);
      });
    }
  }

  test('dependent charts get indexed file names, dependencies first', () => {
    const { gitopsDir } = synthBoth(dependentCharts, YamlOutputType.FILE_PER_CHART);
    const files = [...readTree(gitopsDir).keys()];
    expect(files).toEqual(expect.arrayContaining(['0000-platform.k8s.yaml']));
    expect(files.every((f) => /^\d{4}-/.test(f))).toBe(true);
  });

  test('independent charts keep plain names', () => {
    const { gitopsDir } = synthBoth(independentCharts, YamlOutputType.FILE_PER_CHART);
    expect([...readTree(gitopsDir).keys()]).toEqual([
      'catalog_service-c83ba2d4.k8s.yaml', 'orders.k8s.yaml', 'payments.k8s.yaml', 'search.k8s.yaml',
    ].sort((a, b) => a.localeCompare(b)));
  });

  test('object order inside a chart follows object dependencies', () => {
    const { gitopsDir } = synthBoth(dependentCharts, YamlOutputType.FILE_PER_CHART);
    const tree = readTree(gitopsDir);
    const search = [...tree.entries()].find(([f]) => f.endsWith('-search.k8s.yaml'))![1].toString();
    expect(search.indexOf('kind: Deployment')).toBeLessThan(search.indexOf('kind: ConfigMap'));
  });

  test('outputFileExtension of the App is honored', () => {
    const { cdk8sDir, gitopsDir } = synthBoth(independentCharts, YamlOutputType.FILE_PER_CHART, '.yml');
    expectSameTree(cdk8sDir, gitopsDir);
    expect([...readTree(gitopsDir).keys()].every((f) => f.endsWith('.yml'))).toBe(true);
  });

  test('synthYaml matches cdk8s for every app shape', () => {
    for (const [, define] of APPS) {
      const expected = makeApp(define, {}).synthYaml();
      expect(GitOpsSynth.synthYaml(makeApp(define, {}))).toEqual(expected);
    }
  });

  test('synthObjects matches the charts\' toJson() concatenated', () => {
    const expectedApp = makeApp(dependentCharts, {});
    const expected = expectedApp.charts.flatMap((c) => c.toJson());
    expect(GitOpsSynth.synthObjects(makeApp(dependentCharts, {}))).toEqual(expected);
  });

  test('GitOpsApp.synth() writes what App.synth() writes', () => {
    for (const [, define] of APPS) {
      const cdk8sDir = tempDir('cdk8s');
      const gitopsDir = tempDir('app');
      const app = new App({ outdir: cdk8sDir });
      define(app);
      app.synth();
      const gitops = new GitOpsApp({ outdir: gitopsDir });
      define(gitops);
      gitops.synth();
      expectSameTree(cdk8sDir, gitopsDir);
      const yamlApp = new GitOpsApp();
      define(yamlApp);
      expect(yamlApp.synthYaml()).toEqual(makeApp(define, {}).synthYaml());
    }
  });

  test('construct metadata is written like cdk8s when the App records it', () => {
    const { cdk8sDir, gitopsDir } = (() => {
      const a = tempDir('cdk8s');
      const b = tempDir('linear');
      makeApp(dependentCharts, { outdir: a, recordConstructMetadata: true }).synth();
      GitOpsSynth.synth(makeApp(dependentCharts, { outdir: b, recordConstructMetadata: true }));
      return { cdk8sDir: a, gitopsDir: b };
    })();
    expect(fs.existsSync(path.join(gitopsDir, 'construct-metadata.json'))).toBe(true);
    expectSameTree(cdk8sDir, gitopsDir);
  });

  test('a chart class that overrides toJson() is rendered through it', () => {
    class Stamped extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o: any) => ({ ...o, metadata: { ...o.metadata, annotations: { stamped: 'yes' } } }));
      }
    }
    const define = (app: App) => {
      new ApiObject(new Stamped(app, 'stamped'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      new ApiObject(new Chart(app, 'plain'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    };
    const { cdk8sDir, gitopsDir } = synthBoth(define, YamlOutputType.FILE_PER_CHART);
    expectSameTree(cdk8sDir, gitopsDir);
    expect(readTree(gitopsDir).get('stamped.k8s.yaml')!.toString()).toContain('stamped: "yes"');
  });
});

describe('GitOpsSynth options and result', () => {
  test('the result lists the files written, relative, in chart dependency order', () => {
    const outdir = tempDir('result');
    const result = GitOpsSynth.synth(makeApp(dependentCharts, { outdir }));
    expect(result.outdir).toBe(outdir);
    expect(result.files[0]).toBe('0000-platform.k8s.yaml');
    expect([...result.files].sort((a, b) => a.localeCompare(b))).toEqual([...readTree(outdir).keys()]);
    expect(result.chartCount).toBe(5);
    expect(result.objectCount).toBe(2 + 3 * 4);
    expect(result.kustomizationFile).toBeUndefined();
  });

  test('outdir and layout options override the App', () => {
    const appDir = tempDir('unused');
    const outdir = path.join(tempDir('override'), 'deep', 'dir');
    const result = GitOpsSynth.synth(makeApp(independentCharts, { outdir: appDir }), {
      outdir, layout: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, outputFileExtension: '.yaml',
    });
    expect(readTree(appDir).size).toBe(0);
    expect(result.files).toContain('orders/ConfigMap.orders-config-c8afbd04.yaml');
    expect([...readTree(outdir).keys()].sort()).toEqual([...result.files].sort());
  });

  test('render() returns the files synth() writes, without writing', () => {
    const outdir = tempDir('render');
    const rendered = GitOpsSynth.render(makeApp(nestedCharts, { outdir: tempDir('never') }), { kustomization: true });
    GitOpsSynth.synth(makeApp(nestedCharts, { outdir }), { kustomization: true });
    const tree = readTree(outdir);
    expect(rendered.map((f) => f.path).sort()).toEqual([...tree.keys()]);
    for (const f of rendered) expect(f.content).toEqual(tree.get(f.path)!.toString('utf8'));
  });

  test('an unknown layout is an error', () => {
    expect(() => GitOpsSynth.render(makeApp(independentCharts, {}), { layout: 42 as any }))
      .toThrow('unknown layout 42; use a YamlOutputType');
  });

  test('a manifest named like the kustomization file is an error', () => {
    const define = (app: App) => new ApiObject(new Chart(app, 'kustomization'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const app = makeApp(define, { outdir: tempDir('clash'), outputFileExtension: '.yaml' });
    expect(() => GitOpsSynth.synth(app, { kustomization: true }))
      .toThrow('a manifest file is named kustomization.yaml; rename that chart or change outputFileExtension, or disable kustomization');
    expect(() => GitOpsSynth.render(makeApp(define, { outputFileExtension: '.yaml' }), { kustomization: true }))
      .toThrow('a manifest file is named kustomization.yaml');
  });

  test('an App without charts writes nothing in FILE_PER_APP, like cdk8s', () => {
    const { cdk8sDir, gitopsDir } = synthBoth(() => undefined, YamlOutputType.FILE_PER_APP);
    expect(readTree(gitopsDir).size).toBe(0);
    expectSameTree(cdk8sDir, gitopsDir);
  });
});

describe('validation', () => {
  /** An app with two failing validations, one in a nested construct. */
  const failing = (app: App) => {
    const chart = new ServiceChart(app, 'orders');
    chart.node.addValidation({ validate: () => ['orders has no owner'] });
    const deep = new Construct(new Construct(chart, 'a'), 'b');
    deep.node.addValidation({ validate: () => ['first problem', 'second problem'] });
    new ServiceChart(app, 'payments');
  };

  test('errors have the cdk8s format, for synth, render and synthYaml', () => {
    let cdk8sMessage = '';
    try {
      makeApp(failing, { outdir: tempDir('cdk8s') }).synth();
    } catch (e) {
      cdk8sMessage = (e as Error).message;
    }
    expect(cdk8sMessage).toBe('Validation failed with the following errors:\n'
      + '  [orders] orders has no owner\n  [orders/a/b] first problem\n  [orders/a/b] second problem');
    const outdir = tempDir('linear');
    expect(() => GitOpsSynth.synth(makeApp(failing, { outdir }))).toThrow(cdk8sMessage);
    expect(readTree(outdir).size).toBe(0);
    expect(() => GitOpsSynth.render(makeApp(failing, {}))).toThrow(cdk8sMessage);
    expect(() => GitOpsSynth.synthYaml(makeApp(failing, {}))).toThrow(cdk8sMessage);
    expect(() => GitOpsSynth.synthObjects(makeApp(failing, {}))).toThrow(cdk8sMessage);
  });

  test('each validation runs exactly once per synthesis', () => {
    const run = (synth: (app: App) => unknown, layout: YamlOutputType) => {
      const counts = { app: 0, chart: 0, object: 0 };
      const app = new App({ outdir: tempDir('count'), yamlOutputType: layout });
      for (let i = 0; i < 20; i++) {
        const chart = new ServiceChart(app, `svc${i}`);
        if (i === 3) chart.node.addValidation({ validate: () => { counts.chart++; return []; } });
        if (i === 7) chart.config.node.addValidation({ validate: () => { counts.object++; return []; } });
      }
      // an App-level validation, as analysis registers it
      app.node.addValidation({ validate: () => { counts.app++; return []; } });
      synth(app);
      return counts;
    };
    for (const [, layout] of LAYOUTS) {
      expect(run((a) => GitOpsSynth.synth(a), layout)).toEqual({ app: 1, chart: 1, object: 1 });
      expect(run((a) => GitOpsSynth.render(a, { kustomization: true }), layout)).toEqual({ app: 1, chart: 1, object: 1 });
    }
    expect(run((a) => GitOpsSynth.synthYaml(a), YamlOutputType.FILE_PER_CHART)).toEqual({ app: 1, chart: 1, object: 1 });
    expect(run((a) => GitOpsSynth.synthObjects(a), YamlOutputType.FILE_PER_CHART)).toEqual({ app: 1, chart: 1, object: 1 });
  });

  test('GitOpsApp runs each validation once', () => {
    let count = 0;
    const app = new GitOpsApp({ outdir: tempDir('count') });
    for (let i = 0; i < 10; i++) new ServiceChart(app, `svc${i}`);
    app.node.addValidation({ validate: () => { count++; return []; } });
    app.synth();
    expect(count).toBe(1);
    app.synthYaml();
    expect(count).toBe(2);
  });

  test('a dependency cycle fails like cdk8s', () => {
    const cyclic = (app: App) => {
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      a.addDependency(b);
      b.addDependency(a);
    };
    let cdk8sMessage = '';
    try {
      makeApp(cyclic, { outdir: tempDir('cdk8s') }).synth();
    } catch (e) {
      cdk8sMessage = (e as Error).message;
    }
    expect(cdk8sMessage).toMatch(/^Dependency cycle detected/);
    expect(() => GitOpsSynth.synth(makeApp(cyclic, { outdir: tempDir('linear') }))).toThrow(cdk8sMessage);
  });
});
