import { Chart, Testing } from 'cdk8s';
import { DataplaneMode, MeshNamespace } from '../../src';

describe('MeshNamespace', () => {
  test('sidecar injection by default; no namespace field on the cluster-scoped object', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'istio-test' });
    const ns = new MeshNamespace(chart, 'istio-test');
    const [obj] = Testing.synth(chart);
    expect(ns.namespaceName).toBe('istio-test');
    expect(obj.kind).toBe('Namespace');
    expect(obj.metadata).toEqual({ name: 'istio-test', labels: { 'istio-injection': 'enabled' } });
  });

  test('ambient mode and revisions', () => {
    const chart = new Chart(Testing.app(), 'c');
    new MeshNamespace(chart, 'a', { dataplaneMode: DataplaneMode.AMBIENT });
    new MeshNamespace(chart, 'b', { revision: 'canary' });
    new MeshNamespace(chart, 'c', { dataplaneMode: DataplaneMode.AMBIENT, revision: '1-30-3', metadata: { labels: { team: 'x' } } });
    const labels = Testing.synth(chart).map((o: any) => o.metadata.labels);
    expect(labels).toEqual([
      { 'istio.io/dataplane-mode': 'ambient' },
      { 'istio.io/rev': 'canary' },
      { 'team': 'x', 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': '1-30-3' },
    ]);
  });

  test('errors', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => new MeshNamespace(chart, 'x', { name: 'Shop' })).toThrow(/\[c\/x\] namespace name "Shop" is invalid/);
    expect(() => new MeshNamespace(chart, 'y', { revision: 'v1.30' })).toThrow(/revision "v1.30" is invalid/);
    new MeshNamespace(chart, 'shop');
    expect(() => new MeshNamespace(chart, 'z', { name: 'shop' })).toThrow(/Namespace name "shop" is already used by c\/shop/);
  });
});
