import { policyTargetNotFound } from '../../../src/analysis/checks/policy-target-not-found';
import { details, findings, GATEWAY_AND_ROUTE } from '../../security/security-checks-helpers';

const policy = (kind: string, spec: string, ns = 'shop', name = 'p') => `---
apiVersion: ${kind === 'Telemetry' ? 'telemetry.istio.io/v1' : 'security.istio.io/v1'}
kind: ${kind}
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;

describe('IGW1040 security policy targets no Gateway or workload', () => {
  test('no finding when the targetRef names a Gateway of the set', () => {
    expect(findings(policyTargetNotFound, GATEWAY_AND_ROUTE
      + policy('RequestAuthentication', '{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }] }'))).toEqual([]);
  });

  test('reports a targetRef to a missing Gateway in a namespace the set manages, with a near name', () => {
    const yaml = GATEWAY_AND_ROUTE + policy('AuthorizationPolicy', '{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: egde }], rules: [{}] }');
    expect(findings(policyTargetNotFound, yaml)).toEqual(['error IGW1040 AuthorizationPolicy shop/p spec.targetRefs[0]']);
    const [f] = details(policyTargetNotFound, yaml);
    expect(f.message).toBe('AuthorizationPolicy targets Gateway shop/egde, which is not in the manifests, so the policy applies to nothing');
    expect(f.fix).toBe('did you mean "edge"? fix targetRefs[].name');
  });

  test('a Gateway in another namespace: the policy must move there', () => {
    const yaml = GATEWAY_AND_ROUTE + policy('Telemetry', '{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }] }', 'other');
    const [f] = details(policyTargetNotFound, yaml);
    expect(f.severity).toBe('warning');
    expect(f.fix).toMatch(/Gateway "edge" is in namespace "shop"; a policy must be in its target's namespace/);
  });

  test('a Gateway declared external is not reported', () => {
    const yaml = policy('RequestAuthentication', '{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: shared }] }', 'infra');
    expect(findings(policyTargetNotFound, yaml)).toEqual(['warning IGW1040 RequestAuthentication infra/p spec.targetRefs[0]']);
    expect(findings(policyTargetNotFound, yaml, ['Gateway infra/shared'])).toEqual([]);
  });

  test('warns when a selector matches no workload; Gateway pods and root-namespace policies count', () => {
    const deployment = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec: { selector: { matchLabels: { app: api } }, template: { metadata: { labels: { app: api } }, spec: { containers: [{ name: c, image: i }] } } }
`;
    const yaml = GATEWAY_AND_ROUTE + deployment
      + policy('PeerAuthentication', '{ selector: { matchLabels: { app: api } }, mtls: { mode: STRICT } }', 'shop', 'ok')
      + policy('PeerAuthentication', '{ selector: { matchLabels: { app: apii } }, mtls: { mode: STRICT } }', 'shop', 'typo')
      + policy('AuthorizationPolicy', '{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: edge } }, rules: [{}] }', 'shop', 'gw')
      + policy('AuthorizationPolicy', '{ selector: { matchLabels: { app: api } }, rules: [{}] }', 'istio-system', 'root');
    expect(findings(policyTargetNotFound, yaml)).toEqual(['warning IGW1040 PeerAuthentication shop/typo spec.selector.matchLabels']);
  });
});
