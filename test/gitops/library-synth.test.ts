import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { expectSameTree, tempDir } from './helpers';
import { Analyzer } from '../../src/analysis/analyzer';
import { SynthValidation } from '../../src/analysis/synth-validation';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { TlsCertificate } from '../../src/gateway/tls-certificate';
import { TlsListener } from '../../src/gateway/tls-listener';
import { GitOpsSynth } from '../../src/gitops/gitops-synth';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { CanaryRoute } from '../../src/routing/canary-route';

/** A platform chart with a Gateway and one chart per service, as a GitOps repo holds them. */
function platform(app: App, services: number): void {
  const edge = new Chart(app, 'platform', { namespace: 'shop' });
  const gw = new IngressGateway(edge, 'edge', { hostname: '*.example.com' });
  const https = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('edge-tls') });
  for (let i = 0; i < services; i++) {
    const chart = new Chart(app, `svc${i}`, { namespace: 'shop' });
    const backend = new ResilientBackend(chart, `svc${i}`, {
      port: 80,
      containerPort: 8080,
      versions: [{ version: 'v1', image: `ghcr.io/acme/svc${i}:1.0` }, { version: 'v2', image: `ghcr.io/acme/svc${i}:1.1` }],
    });
    new CanaryRoute(chart, `svc${i}-route`, {
      parent: https,
      hostnames: [`svc${i}.example.com`],
      stable: backend.version('v1'),
      canary: backend.version('v2'),
      canaryPercent: 10,
    });
  }
}

function libraryApp(outdir: string, layout: YamlOutputType): App {
  const a = new App({ outdir, yamlOutputType: layout });
  SynthValidation.enable(a, { printWarnings: false });
  platform(a, 12);
  return a;
}

afterEach(() => jest.restoreAllMocks());

describe('GitOpsSynth with the library', () => {
  test('the App-level analysis runs once for the whole App', () => {
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    const a = libraryApp(tempDir('lib'), YamlOutputType.FILE_PER_CHART);
    GitOpsSynth.synth(a, { kustomization: true });
    expect(analyze).toHaveBeenCalledTimes(1);
    // every object of every chart was analyzed in that one run
    const objects = a.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
    expect(objects).toBeGreaterThan(12 * 5);
    expect(analyze.mock.calls[0][0].all.length).toBe(objects);
  });

  test('the output is byte-identical to cdk8s, for both layouts', () => {
    for (const layout of [YamlOutputType.FILE_PER_CHART, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE]) {
      const cdk8sDir = tempDir('cdk8s');
      const gitopsDir = tempDir('linear');
      libraryApp(cdk8sDir, layout).synth();
      GitOpsSynth.synth(libraryApp(gitopsDir, layout));
      expectSameTree(cdk8sDir, gitopsDir);
    }
  });
});

describe('GitOpsSynth on every example', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EXAMPLES } = require('../../examples/registry') as { EXAMPLES: Record<string, (app: App) => void> };
  for (const name of Object.keys(EXAMPLES)) {
    test(`${name}: the same bytes as app.synth(), the JSON rendered once per object`, () => {
      const cdk8sDir = tempDir('cdk8s');
      const gitopsDir = tempDir('linear');
      const a = new App({ outdir: cdk8sDir });
      EXAMPLES[name](a);
      a.synth();
      const b = new App({ outdir: gitopsDir });
      EXAMPLES[name](b);
      const objects = b.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
      const toJson = objects.map((o) => jest.spyOn(o, 'toJson'));
      GitOpsSynth.synth(b);
      expectSameTree(cdk8sDir, gitopsDir);
      expect(toJson.map((spy) => spy.mock.calls.length)).toEqual(objects.map(() => 1));
    });
  }
});

describe('JSON kept for one synthesis only', () => {
  test('a change made after GitOpsSynth.synth is seen by the next synth and by the analysis', () => {
    const a = libraryApp(tempDir('lib'), YamlOutputType.FILE_PER_CHART);
    GitOpsSynth.synth(a);
    const route = a.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'HTTPRoute')!;
    route.metadata.addLabel('changed', 'after-synth');
    const again = GitOpsSynth.render(a).find((f) => f.content.includes('changed: after-synth'));
    expect(again).toBeDefined();
    expect(ManifestSet.fromApp(a).all.find((m) => m.kind === 'HTTPRoute' && m.name === route.name)!.object.metadata.labels.changed)
      .toBe('after-synth');
  });
});

describe('validations that change the App', () => {
  function appWithChangingValidation(outdir: string): App {
    const a = new App({ outdir });
    SynthValidation.enable(a, { printWarnings: false });
    const c = new Chart(a, 'c', { namespace: 'shop' });
    const cm = new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { k: 'v' } });
    // a validation with a side effect, registered on a chart the analysis visits after
    c.node.addValidation({ validate: () => { cm.metadata.addLabel('validated', 'yes'); return []; } });
    return a;
  }

  test('the files show the change, as cdk8s writes them: the App-wide analysis runs after every other validation', () => {
    const expected = appWithChangingValidation(tempDir('cdk8s')).synthYaml();
    expect(expected).toContain('validated: "yes"');
    expect(GitOpsSynth.synthYaml(appWithChangingValidation(tempDir('linear')))).toBe(expected);
    const [file] = GitOpsSynth.render(appWithChangingValidation(tempDir('render')));
    expect(file.content).toContain('validated: "yes"');
  });

  test('errors keep construct-tree order when the analysis and another validation both fail', () => {
    const failing = (outdir: string) => {
      const a = new App({ outdir });
      SynthValidation.enable(a, { printWarnings: false });
      const c = new Chart(a, 'c', { namespace: 'shop' });
      new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 70000 }] } });
      c.node.addValidation({ validate: () => ['chart says no'] });
      return a;
    };
    let cdk8sMessage = '';
    try {
      failing(tempDir('cdk8s')).synth();
    } catch (e) {
      cdk8sMessage = (e as Error).message;
    }
    expect(cdk8sMessage).toContain('chart says no');
    expect(cdk8sMessage).toContain('IGW');
    expect(() => GitOpsSynth.synth(failing(tempDir('linear')))).toThrow(cdk8sMessage);
  });
});
