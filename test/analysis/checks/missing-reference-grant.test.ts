import { run, summary } from './helpers';
import { missingReferenceGrant } from '../../../src/analysis/checks/missing-reference-grant';

describe('IGW1005 cross-namespace reference without a ReferenceGrant', () => {
  const findings = run(missingReferenceGrant, 'missing-reference-grant.yaml');

  test('reports backendRefs and certificateRefs the grants do not cover', () => {
    expect(summary(findings)).toEqual([
      'error IGW1005 GRPCRoute shop/rpc spec.rules[0].backendRefs[0].namespace',
      'error IGW1005 Gateway infra/edge spec.listeners[0].tls.certificateRefs[0].namespace',
      'error IGW1005 HTTPRoute shop/web spec.rules[0].backendRefs[1].namespace',
      'warning IGW1005 HTTPRoute shop/web spec.rules[0].backendRefs[3].namespace',
    ]);
  });

  test('messages name the reference and the grant to add', () => {
    const admin = findings.find((f) => f.path === 'spec.rules[0].backendRefs[1].namespace')!;
    expect(admin.message).toBe('HTTPRoute in namespace "shop" refers to Service backends/admin and no ReferenceGrant in "backends" allows it');
    expect(admin.fix).toBe('add a ReferenceGrant in namespace "backends" from {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop} '
      + 'to {group: "", kind: Service, name: admin}');
    const cert = findings.find((f) => f.object === 'Gateway infra/edge')!;
    expect(cert.message).toBe('listener "https" refers to Secret backends/edge-tls and no ReferenceGrant in "backends" allows it');
    expect(cert.fix).toContain('from {group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}');
    const rpc = findings.find((f) => f.object === 'GRPCRoute shop/rpc')!;
    expect(rpc.message).toContain('GRPCRoute in namespace "shop" refers to Service backends/api');
  });

  test('no finding on a correct app (grants for a Service kind and a named Secret)', () => {
    expect(run(missingReferenceGrant, 'valid-app.yaml')).toEqual([]);
  });
});
