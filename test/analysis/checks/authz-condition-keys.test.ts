import { authzConditionKeys } from '../../../src/analysis/checks/authz-condition-keys';
import { details, findings } from '../../security/security-checks-helpers';

const ap = (spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ap, namespace: shop }
spec: ${spec}
`;
const GW = 'targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }]';

describe('IGW1043 AuthorizationPolicy condition key not supported on its target', () => {
  test('unknown and removed keys are errors', () => {
    const yaml = ap(`{ ${GW}, rules: [{ when: [{ key: request.body, values: [x] }, { key: "destination.labels[app]", values: [x] }, { key: "request.headers[]", values: [x] }] }] }`);
    expect(findings(authzConditionKeys, yaml)).toEqual([
      'error IGW1043 AuthorizationPolicy shop/ap spec.rules[0].when[0].key',
      'error IGW1043 AuthorizationPolicy shop/ap spec.rules[0].when[1].key',
      'error IGW1043 AuthorizationPolicy shop/ap spec.rules[0].when[2].key',
    ]);
    expect(details(authzConditionKeys, yaml)[0].message).toBe('"request.body" is not an attribute istio knows; istiod rejects the policy');
  });

  test('CUSTOM with request.auth.* is an error', () => {
    expect(findings(authzConditionKeys, ap(`{ ${GW}, action: CUSTOM, provider: { name: ext }, rules: [{ when: [{ key: "request.auth.claims[sub]", values: [x] }] }] }`)))
      .toEqual(['error IGW1043 AuthorizationPolicy shop/ap spec.rules[0].when[0].key']);
  });

  test('mTLS peer attributes at a gateway are warnings; in the mesh they are fine', () => {
    const rules = 'rules: [{ from: [{ source: { principals: [x], requestPrincipals: ["*"] } }], when: [{ key: source.namespace, values: [a] }, { key: remote.ip, values: [10.0.0.0/8] }] }]';
    expect(findings(authzConditionKeys, ap(`{ ${GW}, ${rules} }`))).toEqual([
      'warning IGW1043 AuthorizationPolicy shop/ap spec.rules[0].when[0].key',
      'warning IGW1043 AuthorizationPolicy shop/ap spec.rules[0].from[0].source.principals',
    ]);
    expect(findings(authzConditionKeys, ap(`{ selector: { matchLabels: { istio: ingressgateway } }, ${rules} }`))).toHaveLength(2);
    expect(findings(authzConditionKeys, ap(`{ selector: { matchLabels: { app: api } }, ${rules} }`))).toEqual([]);
  });
});
