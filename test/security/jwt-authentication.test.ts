import { Testing } from 'cdk8s';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { JwksSource } from '../../src/security/jwks-source';
import { JwtAuthentication } from '../../src/security/jwt-authentication';
import { shopChart, single, objectsOfKind } from '../chart';

const JWKS = JSON.stringify({ keys: [{ kty: 'RSA', e: 'AQAB', n: 'xyz', kid: 'k1' }] });

function setup() {
  const chart = shopChart();
  const gw = new IngressGateway(chart, 'edge');
  return { chart, gw };
}

describe('JwtAuthentication', () => {
  test('writes a RequestAuthentication that targets the Gateway with every JWT rule field', () => {
    const { chart, gw } = setup();
    const jwt = new JwtAuthentication(chart, 'Auth0', {
      gateway: gw,
      issuer: 'https://acme.eu.auth0.com/',
      jwks: JwksSource.uri('https://acme.eu.auth0.com/.well-known/jwks.json'),
      audiences: ['shop-api'],
      fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
      fromCookies: ['session'],
      fromParams: ['token'],
      forwardOriginalToken: true,
      outputClaimToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
      outputPayloadToHeader: 'x-jwt-payload',
    });
    expect(jwt.policyName).toBe('auth0');
    const ra = single(chart, 'RequestAuthentication');
    expect(ra.apiVersion).toBe('security.istio.io/v1');
    expect(ra.metadata).toEqual({ name: 'auth0', namespace: 'shop' });
    expect(ra.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      jwtRules: [{
        issuer: 'https://acme.eu.auth0.com/',
        jwksUri: 'https://acme.eu.auth0.com/.well-known/jwks.json',
        audiences: ['shop-api'],
        fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }],
        fromCookies: ['session'],
        fromParams: ['token'],
        forwardOriginalToken: true,
        outputClaimToHeaders: [{ header: 'x-user-id', claim: 'sub' }],
        outputPayloadToHeader: 'x-jwt-payload',
      }],
    });
  });

  test('inline keys, and keys discovered from an https issuer', () => {
    const { chart, gw } = setup();
    new JwtAuthentication(chart, 'inline', { gateway: gw, issuer: 'testing@secure.istio.io', jwks: JwksSource.inline(JWKS) });
    new JwtAuthentication(chart, 'discovered', { gateway: gw, issuer: 'https://accounts.google.com' });
    expect(single(chart, 'RequestAuthentication', 'inline').spec.jwtRules).toEqual([{ issuer: 'testing@secure.istio.io', jwks: JWKS }]);
    expect(single(chart, 'RequestAuthentication', 'discovered').spec.jwtRules).toEqual([{ issuer: 'https://accounts.google.com' }]);
  });

  test('requireJwt() denies requests without a valid token of this issuer on the given paths', () => {
    const { chart, gw } = setup();
    const jwt = new JwtAuthentication(chart, 'auth', { gateway: gw, issuer: 'https://issuer.example.com', jwks: JwksSource.inline(JWKS) });
    const first = jwt.requireJwt({ hosts: ['shop.example.com'], paths: ['/api/*'], methods: ['POST'] });
    const second = jwt.requireJwt({ anyIssuer: true });
    expect(first.node.id).toBe('RequireJwt');
    expect(second.node.id).toBe('RequireJwt2');
    const aps = objectsOfKind(chart, 'AuthorizationPolicy');
    expect(aps.map((a) => a.metadata.name)).toEqual(['auth-require-jwt', 'auth-require-jwt-2']);
    expect(aps[0].spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      action: 'DENY',
      rules: [{
        from: [{ source: { notRequestPrincipals: ['https://issuer.example.com/*'] } }],
        to: [{ operation: { hosts: ['shop.example.com', 'shop.example.com:*'], methods: ['POST'], paths: ['/api/*'] } }],
      }],
    });
    expect(aps[1].spec.rules).toEqual([{ from: [{ source: { notRequestPrincipals: ['*'] } }] }]);
  });

  const base = (gw: IngressGateway) => ({ gateway: gw, issuer: 'https://issuer.example.com', jwks: JwksSource.inline(JWKS) });
  const fails: Array<[string, (gw: IngressGateway) => any, RegExp]> = [
    ['fails when the issuer is empty', (gw) => ({ ...base(gw), issuer: '' }), /issuer is required/],
    ['fails when the issuer has ":" but is not a URI', (gw) => ({ ...base(gw), issuer: ':acme' }), /contains ":" but is not a URI/],
    ['fails when the issuer has whitespace', (gw) => ({ ...base(gw), issuer: 'my issuer' }), /must not contain whitespace or "\*"/],
    ['fails when keys would be discovered from a non-URL issuer', (gw) => ({ gateway: gw, issuer: 'testing@secure.istio.io' }),
      /cannot discover its keys.*pass jwks: JwksSource\.uri/],
    ['fails when the jwks URI is http', (gw) => ({ ...base(gw), jwks: JwksSource.uri('http://keys.example.com/jwks.json') }),
      /jwks JwksSource\.uri\("http:\/\/keys\.example\.com\/jwks\.json"\): .* uses http.*use https/],
    ['fails when the jwks URI is not a URL', (gw) => ({ ...base(gw), jwks: JwksSource.uri('keys') }), /"keys" is not a URL/],
    ['fails when the inline JWKS is not JSON', (gw) => ({ ...base(gw), jwks: JwksSource.inline('{') }), /the JWKS is not valid JSON/],
    ['fails when the inline JWKS has no keys', (gw) => ({ ...base(gw), jwks: JwksSource.inline('{"keys":[]}') }), /has no keys/],
    ['fails when a key has no kty', (gw) => ({ ...base(gw), jwks: JwksSource.inline('{"keys":[{"n":"x"}]}') }), /key 0 of the JWKS has no "kty"/],
    ['fails when an audience is empty', (gw) => ({ ...base(gw), audiences: [''] }), /audiences\[0\] is empty/],
    ['fails when audiences is empty', (gw) => ({ ...base(gw), audiences: [] }), /audiences must be a non-empty list/],
    ['fails when a header name is invalid', (gw) => ({ ...base(gw), fromHeaders: [{ name: 'x jwt' }] }), /fromHeaders\[0\]\.name "x jwt" is not a valid HTTP header name/],
    ['fails when a cookie name is invalid', (gw) => ({ ...base(gw), fromCookies: ['a;b'] }), /cookie name "a;b"/],
    ['fails when a query parameter is invalid', (gw) => ({ ...base(gw), fromParams: ['a=b'] }), /query parameter "a=b"/],
    ['fails when an output header is invalid', (gw) => ({ ...base(gw), outputClaimToHeaders: [{ header: 'x user', claim: 'sub' }] }),
      /outputClaimToHeaders\[0\]\.header "x user" is invalid/],
    ['fails when an output claim is empty', (gw) => ({ ...base(gw), outputClaimToHeaders: [{ header: 'x-user', claim: '' }] }), /claim must name a claim/],
    ['fails when the payload header is invalid', (gw) => ({ ...base(gw), outputPayloadToHeader: 'x:payload' }), /outputPayloadToHeader "x:payload" is invalid/],
    ['fails when the gateway is missing', () => ({ issuer: 'https://issuer.example.com' }), /gateway is required/],
  ];
  test.each(fails)('%s', (_name, props, message) => {
    const { chart, gw } = setup();
    expect(() => new JwtAuthentication(chart, 'jwt', props(gw))).toThrow(message);
  });

  test('fails when requireJwt() gets a bad path', () => {
    const { chart, gw } = setup();
    const jwt = new JwtAuthentication(chart, 'jwt', base(gw));
    expect(() => jwt.requireJwt({ paths: ['api'] })).toThrow(/\[shop\/jwt\/RequireJwt\] rules\[0\]\.to\[0\] .*path "api" must start with "\/"/);
  });

  test('synthesized policies pass schema and CEL validation', () => {
    const { chart, gw } = setup();
    const jwt = new JwtAuthentication(chart, 'jwt', { ...base(gw), audiences: ['a'], outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }] });
    jwt.requireJwt({ paths: ['/api/{**}'] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
