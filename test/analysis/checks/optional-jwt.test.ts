import { optionalJwt } from '../../../src/analysis/checks/optional-jwt';
import { IngressGateway } from '../../../src/gateway/ingress-gateway';
import { ManifestSet } from '../../../src/manifests/manifest-set';
import { JwksSource } from '../../../src/security/jwks-source';
import { JwtAuthentication } from '../../../src/security/jwt-authentication';
import { shopChart } from '../../chart';
import { findings } from '../../security/security-checks-helpers';

const RA = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: shop }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }], jwtRules: [{ issuer: https://issuer.example.com }] }
`;
const ap = (spec: string, ns = 'shop') => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ap, namespace: ${ns} }
spec: ${spec}
`;
const TARGET = 'targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: edge }]';

describe('IGW1041 RequestAuthentication without an AuthorizationPolicy that requires a token', () => {
  test('warns when nothing requires a principal', () => {
    expect(findings(optionalJwt, RA)).toEqual(['warning IGW1041 RequestAuthentication shop/jwt']);
    expect(findings(optionalJwt, RA + ap(`{ ${TARGET}, action: DENY, rules: [{ to: [{ operation: { paths: [/admin] } }] }] }`)))
      .toEqual(['warning IGW1041 RequestAuthentication shop/jwt']);
  });

  test.each([
    ['a DENY on notRequestPrincipals on the same Gateway', `{ ${TARGET}, action: DENY, rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] }`, 'shop'],
    ['an ALLOW that needs requestPrincipals', `{ ${TARGET}, rules: [{ from: [{ source: { requestPrincipals: ["*"] } }] }] }`, 'shop'],
    ['an ALLOW with a claim condition', `{ ${TARGET}, rules: [{ when: [{ key: "request.auth.claims[groups]", values: [a] }] }] }`, 'shop'],
    ['a namespace-wide DENY', '{ action: DENY, rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] }', 'shop'],
    ['a mesh-wide DENY in the root namespace', '{ action: DENY, rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] }', 'istio-system'],
  ])('no finding with %s', (_name, spec, ns) => {
    expect(findings(optionalJwt, RA + ap(spec, ns))).toEqual([]);
  });

  test('a policy on another Gateway does not count', () => {
    expect(findings(optionalJwt, RA + ap('{ targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: other }], action: DENY, '
      + 'rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] }'))).toEqual(['warning IGW1041 RequestAuthentication shop/jwt']);
  });

  test('JwtAuthentication alone is reported, with requireJwt() it is not', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    const jwt = new JwtAuthentication(chart, 'jwt', { gateway: gw, issuer: 'https://issuer.example.com', jwks: JwksSource.uri('https://issuer.example.com/jwks') });
    expect(optionalJwt.run(ManifestSet.fromApp(chart)).map((f) => f.object)).toEqual(['RequestAuthentication shop/jwt']);
    jwt.requireJwt();
    expect(optionalJwt.run(ManifestSet.fromApp(chart))).toEqual([]);
  });
});
