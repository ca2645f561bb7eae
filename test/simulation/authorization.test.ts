import { Manifest } from '../../src/manifests/manifest';
import { authorize, AuthzRequest, istioStringMatch } from '../../src/simulation/authorization';
import { ipInCidr } from '../../src/simulation/cidr-match';

const gw = { namespace: 'infra', name: 'edge', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } };
const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }];

function policy(name: string, spec: any, namespace = 'infra', annotations?: any): Manifest {
  return Manifest.of({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec }, 'test');
}
function jwt(name: string, jwtRules: any[], extra: any = { targetRefs }): Manifest {
  return Manifest.of({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name, namespace: 'infra' }, spec: { ...extra, jwtRules } }, 'test');
}
function req(over: Partial<AuthzRequest> = {}): AuthzRequest {
  return { authority: 'shop.example.com', method: 'GET', path: '/', query: new Map(), headers: new Map(), port: 80, ...over };
}
function decide(r: AuthzRequest, aps: Manifest[], ras: Manifest[] = []) {
  return authorize(r, gw, { authorizationPolicies: aps, requestAuthentications: ras, rootNamespace: 'istio-system', namespaceOf: (m) => m.namespace ?? 'default' });
}

const requireJwt = policy('require-jwt', { targetRefs, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/api/*'] } }] }] });
const issuer = jwt('jwt', [{ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks', audiences: ['shop'] }]);
const claims = { iss: 'https://auth.example.com', sub: 'alice', aud: 'shop', groups: ['admin', 'dev'] };

describe('authorization at the gateway', () => {
  test('no policy: the request goes on to routing', () => {
    expect(decide(req(), []).status).toBeUndefined();
  });

  test('a RequestAuthentication alone admits a request without a token (the classic mistake)', () => {
    const v = decide(req({ path: '/api/orders' }), [], [issuer]);
    expect(v.status).toBeUndefined();
    expect(v.requestPrincipal).toBeUndefined();
  });

  test('requireJwt denies a request without a token with 403, and says why Istio does not answer 401', () => {
    const v = decide(req({ path: '/api/orders' }), [requireJwt], [issuer]);
    expect(v.status).toBe(403);
    expect(v.policy).toBe('infra/require-jwt');
    expect(v.ruleIndex).toBe(0);
    expect(v.reason).toContain('Istio answers 403, not 401, to a missing token');
  });

  test('a valid token passes requireJwt and gives the request principal iss/sub', () => {
    const v = decide(req({ path: '/api/orders', jwtClaims: claims }), [requireJwt], [issuer]);
    expect(v.status).toBeUndefined();
    expect(v.requestPrincipal).toBe('https://auth.example.com/alice');
    expect(v.notes.join('\n')).toContain('does not verify signatures or expiry');
  });

  test('a token of an unknown issuer or audience gets 401, whatever the authorization', () => {
    const other = decide(req({ jwtClaims: { ...claims, iss: 'https://evil.example.com' } }), [], [issuer]);
    expect(other.status).toBe(401);
    expect(other.reason).toContain('Jwt issuer is not configured');
    const aud = decide(req({ jwtClaims: { ...claims, aud: ['other'] } }), [], [issuer]);
    expect(aud.status).toBe(401);
    expect(aud.reason).toContain('Audiences in Jwt are not allowed');
  });

  test('a token without any RequestAuthentication is ignored', () => {
    const v = decide(req({ path: '/api/x', jwtClaims: claims }), [requireJwt]);
    expect(v.status).toBe(403);
    expect(v.notes.join('\n')).toContain('no RequestAuthentication applies to the gateway');
  });

  test('public paths stay open next to requireJwt', () => {
    expect(decide(req({ path: '/health' }), [requireJwt], [issuer]).status).toBeUndefined();
  });

  test('an ALLOW policy with no matching rule denies everything else (the other classic mistake)', () => {
    const allowAdmin = policy('admin-ips', { targetRefs, action: 'ALLOW', rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { paths: ['/admin*'] } }] }] });
    expect(decide(req({ path: '/admin/users', sourceIp: '10.1.2.3' }), [allowAdmin])).toMatchObject({ policy: 'infra/admin-ips', ruleIndex: 0 });
    const outside = decide(req({ path: '/admin/users', sourceIp: '192.0.2.1' }), [allowAdmin]);
    expect(outside.status).toBe(403);
    expect(outside.reason).toContain('no rule of the ALLOW AuthorizationPolicies on the gateway (infra/admin-ips) matches');
    expect(decide(req({ path: '/shop', sourceIp: '10.1.2.3' }), [allowAdmin]).status).toBe(403);
  });

  test('an ALLOW policy without rules allows nothing; one empty rule allows everything', () => {
    const none = decide(req(), [policy('deny-all', { targetRefs })]);
    expect(none.status).toBe(403);
    expect(none.reason).toContain('infra/deny-all has no rules, which allows nothing');
    expect(decide(req(), [policy('allow-all', { targetRefs, rules: [{}] })]).status).toBeUndefined();
  });

  test('DENY is evaluated before ALLOW', () => {
    const allowAll = policy('allow-all', { targetRefs, rules: [{}] });
    const denyPost = policy('deny-post', { targetRefs, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] });
    expect(decide(req({ method: 'POST' }), [allowAll, denyPost])).toMatchObject({ status: 403, policy: 'infra/deny-post' });
    expect(decide(req({ method: 'GET' }), [allowAll, denyPost]).status).toBeUndefined();
  });

  test('CUSTOM is noted and assumed to allow; AUDIT never decides; dry-run is not enforced', () => {
    const custom = policy('ext', { targetRefs, action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] });
    expect(decide(req(), [custom]).notes.join('\n')).toContain('ext-authz provider opa');
    const audit = policy('audit', { targetRefs, action: 'AUDIT', rules: [{}] });
    expect(decide(req(), [audit]).status).toBeUndefined();
    const dry = policy('dry', { targetRefs, action: 'DENY', rules: [{}] }, 'infra', { 'istio.io/dry-run': 'true' });
    const v = decide(req(), [dry]);
    expect(v.status).toBeUndefined();
    expect(v.notes.join('\n')).toContain('dry-run');
  });

  test('when conditions: claims (nested and lists), headers, audiences, port', () => {
    const admins = policy('admins', { targetRefs, rules: [{ when: [{ key: 'request.auth.claims[groups]', values: ['admin'] }] }] });
    expect(decide(req({ jwtClaims: claims }), [admins], [issuer]).status).toBeUndefined();
    expect(decide(req({ jwtClaims: { ...claims, groups: ['dev'] } }), [admins], [issuer]).status).toBe(403);
    const nested = policy('nested', { targetRefs, rules: [{ when: [{ key: 'request.auth.claims[realm][role]', values: ['oper*'] }] }] });
    expect(decide(req({ jwtClaims: { ...claims, realm: { role: 'operator' } } }), [nested], [issuer]).status).toBeUndefined();
    const header = policy('ua', { targetRefs, action: 'DENY', rules: [{ when: [{ key: 'request.headers[User-Agent]', values: ['curl/*'] }] }] });
    expect(decide(req({ headers: new Map([['user-agent', 'curl/8.0']]) }), [header]).status).toBe(403);
    expect(decide(req({ headers: new Map([['user-agent', 'Mozilla/5.0']]) }), [header]).status).toBeUndefined();
    const notPort = policy('port', { targetRefs, action: 'DENY', rules: [{ when: [{ key: 'destination.port', notValues: ['443'] }] }] });
    expect(decide(req({ port: 80 }), [notPort]).status).toBe(403);
    expect(decide(req({ port: 443 }), [notPort]).status).toBeUndefined();
  });

  test('hosts match case-insensitively and with any port; paths support templates', () => {
    const hosts = policy('hosts', { targetRefs, action: 'DENY', rules: [{ to: [{ operation: { hosts: ['Admin.Example.com'] } }] }] });
    expect(decide(req({ authority: 'admin.example.com:8080' }), [hosts]).status).toBe(403);
    expect(decide(req({ authority: 'shop.example.com' }), [hosts]).status).toBeUndefined();
    const tpl = policy('tpl', { targetRefs, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/users/{*}/secret'] } }] }] });
    expect(decide(req({ path: '/users/42/secret' }), [tpl]).status).toBe(403);
    expect(decide(req({ path: '/users/42/43/secret' }), [tpl]).status).toBeUndefined();
  });

  test('which policies apply: targetRefs to this Gateway, its namespace, the root namespace, a selector', () => {
    const deny = { action: 'DENY', rules: [{}] };
    expect(decide(req(), [policy('other-gw', { ...deny, targetRefs: [{ ...targetRefs[0], name: 'other' }] })]).status).toBeUndefined();
    expect(decide(req(), [policy('ns-wide', deny)]).status).toBe(403);
    expect(decide(req(), [policy('elsewhere', deny, 'shop')]).status).toBeUndefined();
    expect(decide(req(), [policy('mesh-wide', deny, 'istio-system')]).status).toBe(403);
    expect(decide(req(), [policy('sel', { ...deny, selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } } })]).status).toBe(403);
    expect(decide(req(), [policy('sel-other', { ...deny, selector: { matchLabels: { app: 'reviews' } } })]).status).toBeUndefined();
  });

  test('a source IP is needed for ipBlocks; without one they match nothing, noted', () => {
    const allow = policy('ips', { targetRefs, rules: [{ from: [{ source: { remoteIpBlocks: ['203.0.113.0/24'] } }] }] });
    const v = decide(req(), [allow]);
    expect(v.status).toBe(403);
    expect(v.notes.join('\n')).toContain('pass sourceIp');
  });
});

describe('value matching', () => {
  test.each([
    ['*', 'x', true], ['*', '', false], ['/api*', '/api/v1', true], ['*.css', '/a.css', true], ['/a', '/ab', false],
  ])('%s against %s: %s', (p, v, expected) => {
    expect(istioStringMatch(p, v)).toBe(expected);
  });

  test.each([
    ['10.1.2.3', '10.0.0.0/8', true], ['11.1.2.3', '10.0.0.0/8', false], ['10.1.2.3', '10.1.2.3', true],
    ['2001:db8::1', '2001:db8::/32', true], ['10.1.2.3', '2001:db8::/32', false], ['10.1.2.3', '10.0.0.0/33', false], ['x', '10.0.0.0/8', false],
  ])('%s in %s: %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });
});

describe('tokens in the request', () => {
  const b64 = (o: any) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = (payload: any) => `${b64({ alg: 'RS256' })}.${b64(payload)}.sig`;

  test('a Bearer token in the Authorization header is decoded (not verified)', () => {
    const v = decide(req({ path: '/api/x', headers: new Map([['authorization', `Bearer ${token(claims)}`]]) }), [requireJwt], [issuer]);
    expect(v.status).toBeUndefined();
    expect(v.requestPrincipal).toBe('https://auth.example.com/alice');
  });

  test('fails with 401 when the token is malformed', () => {
    const v = decide(req({ headers: new Map([['authorization', 'Bearer not-a-jwt']]) }), [], [issuer]);
    expect(v.status).toBe(401);
    expect(v.reason).toBe('the token in header authorization is malformed: Envoy answers 401 (Jwt is not in the form of Header.Payload.Signature)');
  });

  test('fromHeaders, fromParams and fromCookies replace the default locations', () => {
    const custom = jwt('custom', [{ issuer: 'https://auth.example.com', fromHeaders: [{ name: 'x-jwt' }], fromCookies: ['session'] }]);
    expect(decide(req({ headers: new Map([['x-jwt', token(claims)]]) }), [], [custom]).requestPrincipal).toBe('https://auth.example.com/alice');
    expect(decide(req({ headers: new Map([['cookie', `a=b; session=${token(claims)}`]]) }), [], [custom]).requestPrincipal).toBe('https://auth.example.com/alice');
    expect(decide(req({ headers: new Map([['authorization', `Bearer ${token(claims)}`]]) }), [], [custom]).requestPrincipal).toBeUndefined();
    const param = jwt('param', [{ issuer: 'https://auth.example.com' }]);
    expect(decide(req({ query: new Map([['access_token', token(claims)]]) }), [], [param]).requestPrincipal).toBe('https://auth.example.com/alice');
  });
});
