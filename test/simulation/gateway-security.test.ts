import { gateway, httpListener, route, service, simulate, to } from './helpers';

const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }];
const jwt = {
  apiVersion: 'security.istio.io/v1',
  kind: 'RequestAuthentication',
  metadata: { name: 'jwt', namespace: 'infra' },
  spec: { targetRefs, jwtRules: [{ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/jwks' }] },
};
const requireJwt = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'require-jwt', namespace: 'infra' },
  spec: { targetRefs, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/api/*'] } }] }] },
};
const adminIps = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'admin-ips', namespace: 'infra' },
  spec: { targetRefs, action: 'DENY', rules: [{ from: [{ source: { notRemoteIpBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { paths: ['/admin/*'] } }] }] },
};
const claims = { iss: 'https://auth.example.com', sub: 'alice' };

describe('the simulator applies gateway security before routing', () => {
  const sim = simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web')] }), jwt, requireJwt, adminIps]);

  test('a request to /api without a token is denied 403 by require-jwt; the decision names the policy', () => {
    const d = sim.request({ host: 'shop.example.com', path: '/api/orders' });
    expect(d).toReturnStatus(403);
    expect(d).toBeDeniedBy('require-jwt');
    expect(d).toBeDeniedBy('infra/require-jwt');
    expect(d).toRequireAuthentication();
    expect(d.authorization).toEqual({ policy: 'infra/require-jwt', ruleIndex: 0, requestPrincipal: undefined, requiresRequestPrincipal: true });
    expect(d.toJson().authorization).toEqual({ policy: 'infra/require-jwt', rule: 0, requestPrincipal: null });
    expect(d.listener).toBe('http');
    expect(d.route).toBeUndefined();
  });

  test('with a valid token the request is routed, and the principal is reported', () => {
    const d = sim.request({ host: 'shop.example.com', path: '/api/orders', jwtClaims: claims });
    expect(d).toRouteTo('web');
    expect(d.authorization?.requestPrincipal).toBe('https://auth.example.com/alice');
    expect(d).not.toRequireAuthentication();
  });

  test('a token of another issuer gets 401 from the RequestAuthentication', () => {
    const d = sim.request({ host: 'shop.example.com', path: '/health', jwtClaims: { ...claims, iss: 'https://other' } });
    expect(d).toReturnStatus(401);
    expect(d).toBeDeniedBy('jwt');
    expect(d).toRequireAuthentication();
  });

  test('public paths need no token; /admin needs an office IP', () => {
    expect(sim.request({ host: 'shop.example.com', path: '/health' })).toRouteTo('web');
    expect(sim.request({ host: 'shop.example.com', path: '/admin/users', sourceIp: '10.2.3.4' })).toRouteTo('web');
    const outside = sim.request({ host: 'shop.example.com', path: '/admin/users', sourceIp: '198.51.100.7' });
    expect(outside).toBeDeniedBy('admin-ips');
    expect(outside).not.toRequireAuthentication();
  });

  test('authorization runs before routing: a path no route serves is still denied first', () => {
    const sim2 = simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web', { matches: [{ path: { type: 'PathPrefix', value: '/shop' } }] })] }), jwt, requireJwt]);
    expect(sim2.request({ host: 'x', path: '/api/x' })).toReturnStatus(403);
    expect(sim2.request({ host: 'x', path: '/nothing' })).toReturnStatus(404);
  });

  test('matchers fail with the decision in the message', () => {
    const d = sim.request({ host: 'shop.example.com', path: '/health' });
    expect(() => expect(d).toBeDeniedBy('require-jwt')).toThrow(/expected the request to be denied by require-jwt, got status 200/);
    expect(() => expect(d).toRequireAuthentication()).toThrow(/refused for want of a valid token/);
  });
});

describe('client certificates (frontend TLS validation)', () => {
  const https = { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] }, allowedRoutes: { namespaces: { from: 'All' } } };
  const mtlsGateway = (mode?: string) => ({
    ...gateway([https]),
    spec: {
      gatewayClassName: 'istio',
      listeners: [https],
      tls: { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }], ...(mode ? { mode } : {}) } } } },
    },
  });

  test('fails the handshake (status 0) without a client certificate; routes with one', () => {
    const sim = simulate([mtlsGateway(), service('web'), route('r', { rules: [to('web')] })], { assumeSecretsExist: true });
    const none = sim.request({ host: 'shop.example.com', scheme: 'https' });
    expect(none).toReturnStatus(0);
    expect(none.reason).toContain('port 443 requires a client certificate signed by ConfigMap client-ca');
    expect(sim.request({ host: 'shop.example.com', scheme: 'https', clientCertificate: { san: 'spiffe://partner/ns/x/sa/y' } })).toRouteTo('web');
  });

  test('AllowInsecureFallback lets a client without a certificate through from Istio 1.31 (istio/istio#60018); 1.30 requires one', () => {
    const objects = [mtlsGateway('AllowInsecureFallback'), service('web'), route('r', { rules: [to('web')] })];
    const d = simulate(objects, { assumeSecretsExist: true, istioVersion: '1.31' }).request({ host: 'shop.example.com', scheme: 'https' });
    expect(d).toRouteTo('web');
    expect(d.notes.join('\n')).toContain('AllowInsecureFallback mode: a client without one is let through');
    const d130 = simulate(objects, { assumeSecretsExist: true }).request({ host: 'shop.example.com', scheme: 'https' });
    expect(d130).toReturnStatus(0);
    expect(d130.notes.join('\n')).toContain('Istio 1.30 does not honour AllowInsecureFallback');
  });
});
