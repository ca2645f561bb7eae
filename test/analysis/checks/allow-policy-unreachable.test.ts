import { allowPolicyUnreachable } from '../../../src/analysis/checks/allow-policy-unreachable';
import { details, findings, GATEWAY_AND_ROUTE } from '../../security/security-checks-helpers';

const ap = (rules: string, action = 'ALLOW') => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ap, namespace: shop }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }], action: ${action}, rules: ${rules} }
`;

describe('IGW1042 ALLOW policy on a gateway matches nothing its routes serve', () => {
  test('reports an ALLOW whose paths and hosts miss the routes', () => {
    const yaml = GATEWAY_AND_ROUTE + ap('[{ to: [{ operation: { paths: ["/v1/*"] } }] }, { to: [{ operation: { hosts: [other.example.com], paths: ["/api/*"] } }] }]');
    expect(findings(allowPolicyUnreachable, yaml)).toEqual(['warning IGW1042 AuthorizationPolicy shop/ap spec.rules']);
    const [f] = details(allowPolicyUnreachable, yaml);
    expect(f.message).toBe('no rule of this ALLOW policy matches a host and path that the routes of Gateway shop/edge serve '
      + '(hosts shop.example.com; paths prefix /api), so the gateway denies every request with 403');
  });

  test.each([
    ['a prefix under the route prefix', '[{ to: [{ operation: { paths: ["/api/*"] } }] }]'],
    ['the exact route prefix', '[{ to: [{ operation: { paths: [/api] } }] }]'],
    ['a path template', '[{ to: [{ operation: { paths: ["/api/{*}/orders"] } }] }]'],
    ['a host with a port twin', '[{ to: [{ operation: { hosts: [shop.example.com, "shop.example.com:*"] } }] }]'],
    ['a suffix path', '[{ to: [{ operation: { paths: ["*.png"] } }] }]'],
    ['a rule without operations', '[{ from: [{ source: { remoteIpBlocks: [10.0.0.0/8] } }] }]'],
  ])('no finding for %s', (_name, rules) => {
    expect(findings(allowPolicyUnreachable, GATEWAY_AND_ROUTE + ap(rules))).toEqual([]);
  });

  test('DENY policies, allow-nothing and gateways without routes are not reported', () => {
    expect(findings(allowPolicyUnreachable, GATEWAY_AND_ROUTE + ap('[{ to: [{ operation: { paths: ["/v1/*"] } }] }]', 'DENY'))).toEqual([]);
    expect(findings(allowPolicyUnreachable, GATEWAY_AND_ROUTE + ap('[]'))).toEqual([]);
    const gatewayOnly = GATEWAY_AND_ROUTE.split('---')[0];
    expect(findings(allowPolicyUnreachable, gatewayOnly + ap('[{ to: [{ operation: { paths: ["/v1/*"] } }] }]'))).toEqual([]);
  });
});
