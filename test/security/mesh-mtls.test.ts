import { Testing } from 'cdk8s';
import { MeshNamespace } from '../../src/mesh/mesh-namespace';
import { MeshMtls, MtlsMode } from '../../src/security/mesh-mtls';
import { objectsOfKind, shopChart } from '../chart';

describe('MeshNamespace mtls', () => {
  test.each([
    [MeshMtls.strict(), 'STRICT'], [MeshMtls.permissive(), 'PERMISSIVE'], [MeshMtls.disable(), 'DISABLE'],
  ])('writes the namespace-wide PeerAuthentication "default" (%#)', (mtls, mode) => {
    const chart = shopChart();
    const ns = new MeshNamespace(chart, 'ns', { name: 'shop', mtls });
    const pas = objectsOfKind(chart, 'PeerAuthentication');
    expect(pas).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { mtls: { mode } },
    }]);
    expect(ns.peerAuthentication).toBeDefined();
  });

  test('no PeerAuthentication without mtls', () => {
    const chart = shopChart();
    const ns = new MeshNamespace(chart, 'ns', { name: 'shop' });
    expect(objectsOfKind(chart, 'PeerAuthentication')).toEqual([]);
    expect(ns.peerAuthentication).toBeUndefined();
  });

  test('port exceptions become one workload PeerAuthentication per label set', () => {
    const chart = shopChart();
    new MeshNamespace(chart, 'ns', {
      name: 'shop',
      mtls: MeshMtls.strict()
        .withPortException({ workloadLabels: { app: 'legacy' }, port: 9000, mode: MtlsMode.PERMISSIVE })
        .withPortException({ workloadLabels: { app: 'legacy' }, port: 8080, mode: MtlsMode.DISABLE })
        .withPortException({ workloadLabels: { app: 'metrics', tier: 'ops' }, port: 15020, mode: MtlsMode.PERMISSIVE, name: 'scrape' }),
    });
    const pas = objectsOfKind(chart, 'PeerAuthentication');
    expect(pas.map((p) => p.metadata.name)).toEqual(['default', 'legacy-mtls', 'scrape']);
    expect(pas[1].spec).toEqual({
      selector: { matchLabels: { app: 'legacy' } },
      portLevelMtls: { 8080: { mode: 'DISABLE' }, 9000: { mode: 'PERMISSIVE' } },
    });
    expect(pas[2].spec.selector).toEqual({ matchLabels: { app: 'metrics', tier: 'ops' } });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  const fails: Array<[string, () => MeshMtls, RegExp]> = [
    ['fails when an exception selects no workloads', () => MeshMtls.strict().withPortException({ workloadLabels: {}, port: 80, mode: MtlsMode.DISABLE }),
      /mtls MeshMtls\.withPortException\(.*\): workloadLabels must select the pods/],
    ['fails when an exception port is out of range', () => MeshMtls.strict().withPortException({ workloadLabels: { app: 'a' }, port: 0, mode: MtlsMode.DISABLE }),
      /port must be an integer between 1 and 65535, got 0/],
    ['fails when a port has two exceptions', () => MeshMtls.strict()
      .withPortException({ workloadLabels: { app: 'a' }, port: 80, mode: MtlsMode.DISABLE })
      .withPortException({ workloadLabels: { app: 'a' }, port: 80, mode: MtlsMode.PERMISSIVE }), /port 80 of the workloads app=a already has an exception/],
    ['fails when a label has a wildcard', () => MeshMtls.strict().withPortException({ workloadLabels: { app: 'a*' }, port: 80, mode: MtlsMode.DISABLE }),
      /must not be empty or contain "\*"/],
    ['fails when one label set gets two names', () => MeshMtls.strict()
      .withPortException({ workloadLabels: { app: 'a' }, port: 80, mode: MtlsMode.DISABLE, name: 'x' })
      .withPortException({ workloadLabels: { app: 'a' }, port: 81, mode: MtlsMode.DISABLE, name: 'y' }), /named "x", not "y"/],
  ];
  test.each(fails)('%s', (_name, mtls, message) => {
    const chart = shopChart();
    expect(() => new MeshNamespace(chart, 'ns', { name: 'shop', mtls: mtls() })).toThrow(message);
  });

  test('fails when the exception name collides with the namespace-wide policy', () => {
    const chart = shopChart();
    expect(() => new MeshNamespace(chart, 'ns', {
      name: 'shop',
      mtls: MeshMtls.strict().withPortException({ workloadLabels: { app: 'a' }, port: 80, mode: MtlsMode.DISABLE, name: 'default' }),
    })).toThrow(/two PeerAuthentications of mtls would be named "default"/);
  });
});
