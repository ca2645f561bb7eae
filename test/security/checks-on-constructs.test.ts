import { Testing } from 'cdk8s';
import { allowPolicyUnreachable } from '../../src/analysis/checks/allow-policy-unreachable';
import { authzConditionKeys } from '../../src/analysis/checks/authz-condition-keys';
import { mtlsDisabledToStrict } from '../../src/analysis/checks/mtls-disabled-to-strict';
import { optionalJwt } from '../../src/analysis/checks/optional-jwt';
import { policyTargetNotFound } from '../../src/analysis/checks/policy-target-not-found';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { MeshNamespace } from '../../src/mesh/mesh-namespace';
import { Backend } from '../../src/routing/backend';
import { HttpRoute } from '../../src/routing/http-route';
import { PathMatch } from '../../src/routing/path-match';
import { AuthorizationAction } from '../../src/security/authorization-action';
import { Condition } from '../../src/security/condition';
import { GatewayAuthorization } from '../../src/security/gateway-authorization';
import { JwksSource } from '../../src/security/jwks-source';
import { JwtAuthentication } from '../../src/security/jwt-authentication';
import { MeshMtls } from '../../src/security/mesh-mtls';
import { Operation } from '../../src/security/operation';
import { Source } from '../../src/security/source';
import { shopChart } from '../chart';

const CHECKS = [policyTargetNotFound, optionalJwt, allowPolicyUnreachable, authzConditionKeys, mtlsDisabledToStrict];

describe('the security constructs give the security checks nothing to report', () => {
  test('a gateway with a route, required JWTs, an ALLOW policy for the route and STRICT mTLS', () => {
    const chart = shopChart();
    new MeshNamespace(chart, 'ns', { name: 'shop', mtls: MeshMtls.strict() });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    new HttpRoute(chart, 'api', {
      parents: [gw.httpListener!],
      rules: [{ matches: [{ path: PathMatch.prefix('/api') }], backends: [{ backend: Backend.fromServiceName('api', 80) }] }],
    });
    const jwt = new JwtAuthentication(chart, 'jwt', { gateway: gw, issuer: 'https://issuer.example.com', jwks: JwksSource.uri('https://issuer.example.com/jwks') });
    jwt.requireJwt({ paths: ['/api/*'] });
    new GatewayAuthorization(chart, 'allow-api', {
      gateway: gw,
      action: AuthorizationAction.allow(),
      rules: [{
        from: [Source.requestPrincipals(['https://issuer.example.com/*'])],
        to: [Operation.allOf([Operation.hosts(['shop.example.com']), Operation.paths(['/api/*'])])],
        when: [Condition.claim('groups', ['shoppers'])],
      }],
    });
    expect(() => Testing.synth(chart)).not.toThrow();
    const set = ManifestSet.fromApp(chart);
    expect(CHECKS.flatMap((c) => c.run(set))).toEqual([]);
  });
});
