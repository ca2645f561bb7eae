import { run, summary } from './helpers';
import { routeParentNotFound } from '../../../src/analysis/checks/route-parent-not-found';

describe('IGW1001 route parentRef matches no Gateway or listener', () => {
  test('reports wrong sectionName, port, missing Gateway; warns for a namespace outside the set', () => {
    const findings = run(routeParentNotFound, 'route-parent-not-found.yaml');
    expect(summary(findings)).toEqual([
      'warning IGW1001 GRPCRoute infra/elsewhere spec.parentRefs[0]',
      'error IGW1001 HTTPRoute infra/missing-gateway spec.parentRefs[0]',
      'error IGW1001 HTTPRoute infra/section-and-port spec.parentRefs[0].sectionName',
      'error IGW1001 HTTPRoute infra/typo-section spec.parentRefs[0].sectionName',
      'error IGW1001 HTTPRoute infra/wrong-port spec.parentRefs[0].port',
    ]);
    const typo = findings.find((f) => f.object === 'HTTPRoute infra/typo-section')!;
    expect(typo.message).toBe('parentRef sectionName "htps" matches no listener of Gateway infra/edge; it has http (port 80), https (port 443)');
    expect(typo.fix).toBe('did you mean "https"? set sectionName to one of "http", "https", or add a matching listener');
    expect(findings.find((f) => f.object === 'HTTPRoute infra/section-and-port')!.message)
      .toContain('parentRef sectionName "https" and port 80 matches no listener');
    expect(findings.find((f) => f.object === 'HTTPRoute infra/wrong-port')!.message).toContain('port 8443 matches no listener');
    expect(findings.find((f) => f.object === 'HTTPRoute infra/missing-gateway')!.message)
      .toBe('parentRef names Gateway infra/edge-typo, which is not in the manifests');
    expect(findings.find((f) => f.object === 'GRPCRoute infra/elsewhere')!.message)
      .toBe('parentRef names Gateway platform/shared, which is not in the manifests (the manifests contain no Gateway in namespace "platform", so it may be managed elsewhere)');
  });

  test('names the file the object came from', () => {
    const [f] = run(routeParentNotFound, 'route-parent-not-found.yaml');
    expect(f.location).toMatch(/route-parent-not-found\.yaml$/);
  });

  test('no finding on a correct app (Service parents are not Gateways)', () => {
    expect(run(routeParentNotFound, 'valid-app.yaml')).toEqual([]);
  });
});
