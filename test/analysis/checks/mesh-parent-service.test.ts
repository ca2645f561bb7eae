import { run, summary } from './helpers';
import { meshParentService } from '../../../src/analysis/checks/mesh-parent-service';

describe('IGW1018 mesh route parentRef to a Service', () => {
  const findings = run(meshParentService, 'mesh-parent-service.yaml');
  const of = (obj: string) => findings.find((f) => f.object === obj)!;

  test('reports a missing group "", a missing Service and a wrong port', () => {
    expect(summary(findings)).toEqual([
      'warning IGW1018 HTTPRoute shop/consumer spec.parentRefs[0]',
      'error IGW1018 HTTPRoute shop/no-group spec.parentRefs[0].group',
      'error IGW1018 HTTPRoute shop/typo spec.parentRefs[0]',
      'error IGW1018 HTTPRoute shop/wrong-port spec.parentRefs[0].port',
    ]);
    expect(of('HTTPRoute shop/no-group').message).toBe(
      'parentRef to Service "reviews" has group "gateway.networking.k8s.io" (the default); a mesh (GAMMA) parent Service needs group ""');
    expect(of('HTTPRoute shop/no-group').fix).toBe('set group: "" on the parentRef');
    expect(of('HTTPRoute shop/typo').message).toBe('parentRef names Service shop/reveiws, which is not in the manifests');
    expect(of('HTTPRoute shop/wrong-port').message).toBe('parentRef port 80 is not exposed by Service shop/reviews (ports: 9080)');
    expect(of('HTTPRoute shop/consumer').message).toContain('(the manifests contain no Service in namespace "ratings", so it may be managed elsewhere)');
  });

  test('no finding on a correct app', () => {
    expect(run(meshParentService, 'valid-app.yaml')).toEqual([]);
  });
});
