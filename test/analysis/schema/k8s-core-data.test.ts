import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeCoreSchemas } from '../../../scripts/k8s-core-schemas';

const COMMITTED = path.resolve(__dirname, '../../../imports/schemas/k8s-core.json');

describe('imports/schemas/k8s-core.json', () => {
  test('is what scripts/k8s-core-schemas.ts generates from cdk8s-plus-28 (no drift)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-core-'));
    const out = path.join(dir, 'k8s-core.json');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      writeCoreSchemas(out);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/from cdk8s-plus-28@\S+ \(Kubernetes 1\.28\)$/));
      expect(fs.readFileSync(out, 'utf8')).toEqual(fs.readFileSync(COMMITTED, 'utf8'));
    } finally {
      log.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('covers the core kinds the library emits', () => {
    const entries: any[] = JSON.parse(fs.readFileSync(COMMITTED, 'utf8'));
    expect(entries.map((e) => `${e.group ? `${e.group}/` : ''}${e.version} ${e.kind}`)).toEqual([
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 Secret',
      'v1 Service',
      'v1 ServiceAccount',
      'apps/v1 Deployment',
      'autoscaling/v1 HorizontalPodAutoscaler',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'policy/v1 PodDisruptionBudget',
    ]);
    const deployment = entries.find((e) => e.kind === 'Deployment').schema;
    const container = deployment.properties.spec.properties.template.properties.spec.properties.containers.items;
    expect(container.required).toEqual(['name']);
    expect(container.properties.ports.items.properties.containerPort).toEqual({ type: 'integer' });
    expect(deployment.properties.spec.properties.strategy.properties.rollingUpdate.properties.maxSurge).toEqual({ 'x-kubernetes-int-or-string': true });
  });
});
