import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { parse } from 'yaml';
import { readTree, tempDir } from './helpers';
import { APPLY_ORDER, applyRank, sortForApply } from '../../src/gitops/apply-order';
import { GitOpsApp } from '../../src/gitops/gitops-app';
import { GitOpsSynth } from '../../src/gitops/gitops-synth';

/** One chart per service with its objects declared in reverse apply order, and a platform chart. */
function platformApp(app: App): void {
  for (const svc of ['b-svc', 'a-svc']) {
    const chart = new Chart(app, svc, { namespace: 'shop' });
    const obj = (kind: string, apiVersion: string) => new ApiObject(chart, kind, { apiVersion, kind, metadata: { name: svc } });
    obj('Certificate', 'cert-manager.io/v1');
    obj('DestinationRule', 'networking.istio.io/v1');
    obj('HTTPRoute', 'gateway.networking.k8s.io/v1');
    obj('ReferenceGrant', 'gateway.networking.k8s.io/v1beta1');
    obj('HorizontalPodAutoscaler', 'autoscaling/v2');
    obj('PodDisruptionBudget', 'policy/v1');
    obj('Deployment', 'apps/v1');
    obj('Service', 'v1');
    obj('ConfigMap', 'v1');
    obj('Secret', 'v1');
    obj('ServiceAccount', 'v1');
  }
  const platform = new Chart(app, 'platform');
  new ApiObject(platform, 'gw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'shop' } });
  new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
}

function kustomization(dir: string): any {
  return parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'));
}

describe('kustomization.yaml', () => {
  test('per-resource files are listed in apply order, ties in synthesis order', () => {
    const outdir = tempDir('kust');
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    platformApp(app);
    const result = GitOpsSynth.synth(app, { kustomization: true });
    expect(result.kustomizationFile).toBe('kustomization.yaml');
    const k = kustomization(outdir);
    expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(k.kind).toBe('Kustomization');
    expect(Object.keys(k)).toEqual(['apiVersion', 'kind', 'resources']);
    expect(k.resources).toEqual([
      'platform/Namespace.shop.k8s.yaml',
      'b-svc/ServiceAccount.b-svc.k8s.yaml', 'a-svc/ServiceAccount.a-svc.k8s.yaml',
      'b-svc/Secret.b-svc.k8s.yaml', 'a-svc/Secret.a-svc.k8s.yaml',
      'b-svc/ConfigMap.b-svc.k8s.yaml', 'a-svc/ConfigMap.a-svc.k8s.yaml',
      'b-svc/Service.b-svc.k8s.yaml', 'a-svc/Service.a-svc.k8s.yaml',
      'b-svc/Deployment.b-svc.k8s.yaml', 'a-svc/Deployment.a-svc.k8s.yaml',
      'b-svc/PodDisruptionBudget.b-svc.k8s.yaml', 'a-svc/PodDisruptionBudget.a-svc.k8s.yaml',
      'b-svc/HorizontalPodAutoscaler.b-svc.k8s.yaml', 'a-svc/HorizontalPodAutoscaler.a-svc.k8s.yaml',
      'platform/Gateway.edge.k8s.yaml',
      'b-svc/ReferenceGrant.b-svc.k8s.yaml', 'a-svc/ReferenceGrant.a-svc.k8s.yaml',
      'b-svc/HTTPRoute.b-svc.k8s.yaml', 'a-svc/HTTPRoute.a-svc.k8s.yaml',
      'b-svc/DestinationRule.b-svc.k8s.yaml', 'a-svc/DestinationRule.a-svc.k8s.yaml',
      'b-svc/Certificate.b-svc.k8s.yaml', 'a-svc/Certificate.a-svc.k8s.yaml',
    ]);
    // every written manifest exactly once, and nothing else
    const written = [...readTree(outdir).keys()].filter((f) => f !== 'kustomization.yaml');
    expect([...k.resources].sort((a, b) => a.localeCompare(b))).toEqual(written);
    expect(new Set(k.resources).size).toBe(k.resources.length);
  });

  test('chart files are ordered by the first kind they hold to apply', () => {
    const outdir = tempDir('kust');
    const app = new GitOpsApp({ outdir, kustomization: true });
    platformApp(app);
    app.synth();
    expect(kustomization(outdir).resources).toEqual(['platform.k8s.yaml', 'b-svc.k8s.yaml', 'a-svc.k8s.yaml']);
  });

  test('the kustomization lists indexed chart files, dependencies first among equals', () => {
    const outdir = tempDir('kust');
    const app = new App({ outdir });
    const late = new Chart(app, 'late');
    const early = new Chart(app, 'early');
    new ApiObject(late, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    new ApiObject(early, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    late.addDependency(early);
    const result = GitOpsSynth.synth(app, { kustomization: true });
    expect(result.files).toEqual(['0000-early.k8s.yaml', '0001-late.k8s.yaml']);
    expect(kustomization(outdir).resources).toEqual(['0000-early.k8s.yaml', '0001-late.k8s.yaml']);
  });

  test('FILE_PER_APP lists its one file; construct metadata is not a resource', () => {
    const outdir = tempDir('kust');
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP, recordConstructMetadata: true });
    platformApp(app);
    GitOpsSynth.synth(app, { kustomization: true });
    expect(fs.existsSync(path.join(outdir, 'construct-metadata.json'))).toBe(true);
    expect(kustomization(outdir).resources).toEqual(['app.k8s.yaml']);
  });

  test('no kustomization unless asked', () => {
    const outdir = tempDir('kust');
    const app = new App({ outdir });
    platformApp(app);
    GitOpsSynth.synth(app);
    expect(fs.existsSync(path.join(outdir, 'kustomization.yaml'))).toBe(false);
  });
});

describe('apply order', () => {
  test('known kinds by their rank, others after them', () => {
    expect(applyRank('Namespace')).toBe(0);
    expect(applyRank('HTTPRoute')).toBeLessThan(applyRank('DestinationRule'));
    expect(applyRank('Gateway')).toBeLessThan(applyRank('ReferenceGrant'));
    expect(applyRank('Certificate')).toBe(APPLY_ORDER.length);
    expect(applyRank(undefined)).toBe(APPLY_ORDER.length);
  });

  test('a file ranks by its lowest kind, equal ranks keep their order', () => {
    expect(sortForApply([
      { path: 'x', kinds: ['Certificate'] },
      { path: 'routes', kinds: ['HTTPRoute', 'DestinationRule'] },
      { path: 'y', kinds: [] },
      { path: 'app', kinds: ['Deployment', 'Namespace'] },
      { path: 'z', kinds: ['Widget'] },
    ])).toEqual(['app', 'routes', 'x', 'y', 'z']);
  });
});
