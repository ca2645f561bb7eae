import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DataplaneMode, MeshNamespace } from '../../src';
import { shopChart } from '../chart';

describe('MeshNamespace', () => {
  test('sidecar injection by default; no namespace field on the cluster-scoped object', () => {
    const chart = shopChart('istio-test', 'c');
    const ns = new MeshNamespace(chart, 'istio-test');
    const [obj] = Testing.synth(chart);
    expect(ns.namespaceName).toBe('istio-test');
    expect(obj.kind).toBe('Namespace');
    expect(obj.metadata).toEqual({ name: 'istio-test', labels: { 'istio-injection': 'enabled' } });
  });

  test('ambient mode and revisions', () => {
    const chart = shopChart('shop', 'c');
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

  test('the cdk8s-plus Namespace is the default child; ApiObject.of() is its L1, and a JSON patch shows in the output', () => {
    const chart = shopChart();
    const ns = new MeshNamespace(chart, 'shop');
    expect(ns.namespace).toBeInstanceOf(kplus.Namespace);
    expect(ns.node.defaultChild).toBe(ns.namespace);
    expect(ApiObject.of(ns)).toBe(ApiObject.of(ns.namespace));
    ApiObject.of(ns).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'team-a' }));
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'shop', labels: { 'istio-injection': 'enabled' }, annotations: { owner: 'team-a' } });
  });

  describe('errors', () => {
    test('fails when the namespace name is invalid', () => {
      expect(() => new MeshNamespace(shopChart('shop', 'c'), 'x', { name: 'Shop' })).toThrow(/\[c\/x\] namespace name "Shop" is invalid/);
    });
    test('fails when the revision is invalid', () => {
      expect(() => new MeshNamespace(shopChart('shop', 'c'), 'y', { revision: 'v1.30' })).toThrow(/revision "v1.30" is invalid/);
    });
    test('fails when the namespace name is already used', () => {
      const chart = shopChart('shop', 'c');
      new MeshNamespace(chart, 'shop');
      expect(() => new MeshNamespace(chart, 'z', { name: 'shop' })).toThrow(/Namespace name "shop" is already used by c\/shop/);
    });
  });
});
