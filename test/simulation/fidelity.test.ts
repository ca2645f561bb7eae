import { gateway, route, service, simulate } from './helpers';
import { originAllowed } from '../../src/simulation/cors';

const ns = 'infra';
const all = { namespaces: { from: 'All' } };

function deployment(name: string, labels: any, namespace = 'app'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
}

describe('CORS filter (Envoy CORS filter, as Istio programs it)', () => {
  const cors = { allowOrigins: ['https://www.foo.com', 'https://*.bar.com'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['x-a'], exposeHeaders: ['x-b'], allowCredentials: true, maxAge: 60 };
  const sim = (c: any = cors) => simulate([gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: all }]), service('web'),
    route('r', { rules: [{ filters: [{ type: 'CORS', cors: c }], backendRefs: [{ name: 'web', port: 80 }] }] })]);
  const preflight = (origin: string, extra: any = {}) => ({ host: 'h', method: 'OPTIONS', headers: { 'Origin': origin, 'Access-Control-Request-Method': 'GET', ...extra } });

  test('an allowed preflight is answered by the gateway with the CORS headers, not forwarded', () => {
    const d = sim().request(preflight('https://www.foo.com'));
    expect(d.status).toBe(200);
    expect(d.backends).toEqual([]);
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-origin': 'https://www.foo.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,OPTIONS',
      'access-control-allow-headers': 'x-a',
      'access-control-expose-headers': 'x-b',
      'access-control-max-age': '60',
    });
    expect(d.reason).toMatch(/answers the CORS preflight/);
  });

  test('a wildcard origin entry matches one or more labels', () => {
    expect(originAllowed('https://*.bar.com', 'https://a.b.bar.com')).toBe(true);
    expect(originAllowed('https://*.bar.com', 'https://bar.com')).toBe(false);
    expect(originAllowed('https://*.bar.com', 'http://a.bar.com')).toBe(false);
    expect(originAllowed('*', 'https://x.org:8443')).toBe(true);
    expect(originAllowed('*', 'null')).toBe(false);
    expect(originAllowed('*', 'https://x.org/path')).toBe(false);
    expect(originAllowed('https://*.bar.com:*', 'https://a.bar.com:8443')).toBe(true);
  });

  // Istio 1.30 sets unmatchedPreflights IGNORE (istio/istio#59018): Envoy answers the preflight itself, without allow-origin
  test('a preflight from an origin that is not allowed is answered without Access-Control-Allow-Origin', () => {
    const d = sim().request(preflight('https://evil.com'));
    expect(d.status).toBe(200);
    expect(d.backends).toEqual([]);
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET,OPTIONS', 'access-control-allow-headers': 'x-a', 'access-control-max-age': '60',
    });
    expect(d.notes).toContain('CORS filter: origin https://evil.com is not in allowOrigins (https://www.foo.com, https://*.bar.com)');
  });

  test('a simple request from an origin that is not allowed is forwarded without CORS headers', () => {
    const d = sim().request({ host: 'h', headers: { Origin: 'https://evil.com' } });
    expect(d).toRouteTo('web');
    expect(d.responseHeaders).toBeUndefined();
  });

  test('a simple request from an allowed origin is forwarded and gets allow-origin, credentials and expose headers', () => {
    const d = sim().request({ host: 'h', headers: { Origin: 'https://x.bar.com' } });
    expect(d).toRouteTo('web');
    expect(d.responseHeaders?.set).toEqual({
      'access-control-allow-origin': 'https://x.bar.com', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-b',
    });
  });

  test('"*" in allowMethods and allowHeaders echoes what the preflight asks for', () => {
    const d = sim({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'] })
      .request(preflight('https://a.org', { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-1, x-2' }));
    expect(d.responseHeaders?.set).toMatchObject({ 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-1, x-2', 'access-control-max-age': '5' });
    expect(d.responseHeaders?.set['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('HTTPS: SNI picks the listener; a Host of another listener is misdirected', () => {
  const tls = { certificateRefs: [{ name: 'cert' }] };
  const sim = () => simulate([
    gateway([
      { name: 'any', port: 443, protocol: 'HTTPS', tls, allowedRoutes: all },
      { name: 'second', port: 443, protocol: 'HTTPS', hostname: 'second.org', tls, allowedRoutes: all },
    ]),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cert', namespace: ns }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } },
    service('web'), service('api'),
    route('a', { parentRefs: [{ name: 'gw', namespace: ns, sectionName: 'any' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] }),
    route('b', { parentRefs: [{ name: 'gw', namespace: ns, sectionName: 'second' }], rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] }),
  ]);

  test('SNI and Host on the same listener: routed', () => {
    expect(sim().request({ scheme: 'https', host: 'second.org', sni: 'second.org' })).toRouteTo('api');
    expect(sim().request({ scheme: 'https', host: 'other.org', sni: 'unknown.org' })).toRouteTo('web');
  });

  // the spec answers 421; Istio 1.30 does not detect misdirected requests (GatewayHTTPSListenerDetectMisdirectedRequests
  // is unsupported in the Gateway API conformance report of Istio 1.30.5): the SNI's route table answers 404
  test('SNI of one listener, Host of another: Istio answers 404 and notes the spec\'s 421', () => {
    const d = sim().request({ scheme: 'https', host: 'second.org', sni: 'first.org' });
    expect(d.status).toBe(404);
    expect(d.reason).toBe('the TLS connection\'s SNI "first.org" selected listener any, whose route table does not serve Host second.org (listener second does); Istio answers 404');
    expect(d.notes).toContain('Istio does not detect misdirected requests (GatewayHTTPSListenerDetectMisdirectedRequests is unsupported in its 1.30.5 '
      + 'conformance report); the Gateway API specification answers 421 Misdirected Request here');
  });

  test('fails when sni is given for plain http', () => {
    expect(() => sim().request({ host: 'a', sni: 'a' })).toThrow('sni is only meaningful for https requests, got scheme http');
  });
});

describe('ListenerSet', () => {
  const ls = (name: string, namespace: string, listeners: any[], extra: any = {}) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ListenerSet',
    metadata: { name, namespace, ...extra },
    spec: { parentRef: { name: 'gw', namespace: ns }, listeners },
  });
  const gw = (allowedListeners?: any) => ({
    ...gateway([{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'gw.org', allowedRoutes: all }]),
    spec: { gatewayClassName: 'istio', ...(allowedListeners ? { allowedListeners } : {}), listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'gw.org', allowedRoutes: all }] },
  });
  const lsRoute = (name: string, lsName: string, lsNs: string, backend: string, extra: any = {}) =>
    route(name, { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: lsName, namespace: lsNs, ...extra }], rules: [{ backendRefs: [{ name: backend, port: 80 }] }] });

  test('a Gateway admits no ListenerSet by default (allowedListeners from None)', () => {
    const d = simulate([gw(), ls('team', 'app', [{ name: 'l', port: 80, protocol: 'HTTP', hostname: 'team.org', allowedRoutes: all }]), service('web'), lsRoute('r', 'team', 'app', 'web')])
      .request({ host: 'team.org' });
    expect(d.status).toBe(404);
    expect(d.notes).toContain('ListenerSet app/team is not attached to gateway infra/gw: its allowedListeners.namespaces.from is None (the default) (NotAllowed)');
  });

  test('an admitted ListenerSet serves its hostname through routes that name it', () => {
    const d = simulate([gw({ namespaces: { from: 'All' } }), ls('team', 'app', [{ name: 'l', port: 80, protocol: 'HTTP', hostname: 'team.org', allowedRoutes: all }]),
      service('web'), lsRoute('r', 'team', 'app', 'web')]).request({ host: 'team.org' });
    expect(d).toRouteTo('web');
    expect(d.listener).toBe('l');
  });

  test('allowedRoutes Same on a ListenerSet listener means the ListenerSet\'s namespace', () => {
    const objects = [gw({ namespaces: { from: 'All' } }), ls('team', 'team-ns', [{ name: 'l', port: 80, protocol: 'HTTP', hostname: 'team.org' }]),
      service('web', 'team-ns'), { ...lsRoute('r', 'team', 'team-ns', 'web'), metadata: { name: 'r', namespace: 'team-ns' } }];
    expect(simulate(objects).request({ host: 'team.org' })).toRouteTo('web');
    const fromInfra = [gw({ namespaces: { from: 'All' } }), ls('team', 'team-ns', [{ name: 'l', port: 80, protocol: 'HTTP', hostname: 'team.org' }]),
      service('web', ns), { ...lsRoute('r', 'team', 'team-ns', 'web'), metadata: { name: 'r', namespace: ns } }];
    expect(simulate(fromInfra).request({ host: 'team.org' }).status).toBe(404);
  });

  test('a Gateway parentRef does not reach a ListenerSet listener, even by sectionName', () => {
    const d = simulate([gw({ namespaces: { from: 'All' } }), ls('team', 'app', [{ name: 'l', port: 80, protocol: 'HTTP', hostname: 'team.org', allowedRoutes: all }]),
      service('web'), route('r', { parentRefs: [{ name: 'gw', namespace: ns, sectionName: 'l' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] })])
      .request({ host: 'team.org' });
    expect(d.status).toBe(404);
    expect(d.reason).toContain('parentRef sectionName l names no listener of gateway infra/gw (listeners: http); listener l belongs to ListenerSet app/team, so the parentRef must name that');
  });

  // Istio listener_conflict.go: HTTP, HTTPS and TLS conflict on the same port and hostname, whatever the protocol
  test('an HTTPS ListenerSet listener on the port and hostname of an HTTP Gateway listener is conflicted', () => {
    const d = simulate([gw({ namespaces: { from: 'All' } }),
      ls('team', 'app', [{ name: 'tls', port: 80, protocol: 'HTTPS', hostname: 'gw.org', tls: { certificateRefs: [{ name: 'c' }] }, allowedRoutes: all }]),
      service('web'), lsRoute('r', 'team', 'app', 'web')]).request({ host: 'gw.org' });
    expect(d.notes).toContain('listener tls of ListenerSet app/team conflicts with listener http of gateway infra/gw on port 80 (protocols HTTP and HTTPS cannot share a port), which takes precedence; it is not programmed (Conflicted, ProtocolConflict)');
  });

  test('a ListenerSet listener that repeats a Gateway listener is conflicted; the Gateway\'s wins', () => {
    const d = simulate([gw({ namespaces: { from: 'All' } }), ls('team', 'app', [{ name: 'dup', port: 80, protocol: 'HTTP', hostname: 'gw.org', allowedRoutes: all }]),
      service('web'), lsRoute('r', 'team', 'app', 'web')]).request({ host: 'gw.org' });
    expect(d.status).toBe(404);
    expect(d.notes).toContain('listener dup of ListenerSet app/team conflicts with listener http of gateway infra/gw on port 80 (both accept hostname "gw.org"), which takes precedence; it is not programmed (Conflicted, HostnameConflict)');
  });
});

describe('backend workloads', () => {
  test('a Service backend names the Deployments its selector matches', () => {
    const d = simulate([gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: all }]), service('web'),
      deployment('web-v1', { app: 'web', version: 'v1' }), deployment('other', { app: 'other' }),
      route('r', { rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] })]).request({ host: 'h' });
    expect(d.backends[0].workloads).toEqual(['web-v1']);
  });

  test('a Service without a selector names the Pods of its EndpointSlices', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'app' }, spec: { ports: [{ port: 80 }] } };
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'manual-1', namespace: 'app', labels: { 'kubernetes.io/service-name': 'manual' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'], targetRef: { kind: 'Pod', name: 'pod-a' } }],
    };
    const d = simulate([gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: all }]), svc, slice,
      route('r', { rules: [{ backendRefs: [{ name: 'manual', port: 80 }] }] })]).request({ host: 'h' });
    expect(d).toRouteTo('manual');
    expect(d.backends[0].workloads).toEqual(['pod-a']);
  });
});

describe('malformed manifests', () => {
  test('fields of the wrong type are reported in the notes and the rest is simulated', () => {
    const bad = route('bad', { hostnames: 'not-a-list', rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] });
    const d = simulate([gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: all }]), service('web'), bad,
      route('good', { rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] })]).request({ host: 'h' });
    expect(d).toRouteTo('web');
    expect(d.notes.some((n) => n.startsWith('HTTPRoute app/bad (test) is rejected (IGW0001 spec.hostnames: ') && n.endsWith('; it is ignored'))).toBe(true);
  });
});

describe('HTTPS listeners whose certificates do not resolve are not programmed (Istio buildTLS / buildListener)', () => {
  const secret = (name: string, namespace = ns, data: any = { 'tls.crt': 'eA==', 'tls.key': 'eA==' }) =>
    ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'kubernetes.io/tls', data });
  const world443 = (certificateRefs: any[], extra: any[] = [], options: any = {}, gwSpec: any = {}) => {
    const g = gateway([{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.org', tls: { certificateRefs }, allowedRoutes: all }]);
    return simulate([{ ...g, spec: { ...g.spec, ...gwSpec } }, service('web'),
      route('r', { rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] }), ...extra], options);
  };
  const get = { scheme: 'https', host: 'shop.org' };

  test('a Secret in the input with tls.crt and tls.key: programmed', () => {
    expect(world443([{ name: 'cert' }], [secret('cert')]).request(get)).toRouteTo('web');
  });

  test('fails the handshake when the only certificate is in another namespace without a ReferenceGrant', () => {
    const d = world443([{ name: 'cert', namespace: 'certs' }], [secret('cert', 'certs')]).request(get);
    expect(d.status).toBe(0);
    expect(d.reason).toBe('gateway infra/gw has no programmed listener on port 443 (listeners: https (HTTPS 443 shop.org)); the connection is refused: '
      + 'no certificateRef of HTTPS listener https resolves (Secret certs/cert is in another namespace and no ReferenceGrant there allows Gateways '
      + 'from infra (RefNotPermitted)), so Istio does not program it (Programmed=False)');
  });

  test('a ReferenceGrant for the Secret makes it resolve', () => {
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'g', namespace: 'certs' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: ns }], to: [{ group: '', kind: 'Secret' }] },
    };
    expect(world443([{ name: 'cert', namespace: 'certs' }], [secret('cert', 'certs'), grant]).request(get)).toRouteTo('web');
  });

  test('fails when the Secret has no tls.crt, or the ref is not a Secret', () => {
    expect(world443([{ name: 'cert' }], [secret('cert', ns, { other: 'eA==' })]).request(get).reason)
      .toContain('Secret infra/cert has no tls.crt and tls.key (InvalidCertificateRef)');
    expect(world443([{ kind: 'ConfigMap', name: 'cert' }]).request(get).reason).toContain('ConfigMap cert is not a Secret (InvalidCertificateRef)');
  });

  test('one valid certificate of two is enough', () => {
    expect(world443([{ name: 'missing', namespace: 'x' }, { name: 'cert' }], [secret('cert')]).request(get)).toRouteTo('web');
  });

  test('a Secret that is not in the input is assumed to exist, unless assumeSecretsExist is false or it is declared external', () => {
    const assumed = world443([{ name: 'cert' }]).request(get);
    expect(assumed).toRouteTo('web');
    expect(assumed.notes).toContain('Secret infra/cert is not in the input; it is assumed to exist and to be valid');
    expect(world443([{ name: 'cert' }], [], { assumeSecretsExist: false }).request(get).status).toBe(0);
    expect(world443([{ name: 'cert' }], [], { assumeSecretsExist: false, externalObjects: ['Secret infra/cert'] }).request(get)).toRouteTo('web');
  });

  test('an unprogrammed listener leaves the SNI to a hostname-less listener of the port', () => {
    const g = gateway([
      { name: 'shop', port: 443, protocol: 'HTTPS', hostname: 'shop.org', tls: { certificateRefs: [{ name: 'gone', namespace: 'x' }] }, allowedRoutes: all },
      { name: 'any', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] }, allowedRoutes: all },
    ]);
    const d = simulate([g, secret('cert'), service('web'),
      route('r', { parentRefs: [{ name: 'gw', namespace: ns, sectionName: 'any' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] })]).request(get);
    expect(d).toRouteTo('web');
    expect(d.listener).toBe('any');
    expect(d.notes.some((n) => n.startsWith('no certificateRef of HTTPS listener shop resolves'))).toBe(true);
  });

  describe('client-certificate validation (spec.tls.frontend)', () => {
    // the client presents a certificate; without one the handshake fails (test/simulation/gateway-security.test.ts)
    const withCert = { ...get, clientCertificate: {} };
    const ca = (kind: string, data: any = { 'ca.crt': 'pem' }) => ({ apiVersion: 'v1', kind, metadata: { name: 'ca', namespace: ns }, data });
    const frontend = (kind = 'ConfigMap') => ({ tls: { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind, name: 'ca' }] } } } } });

    test('a ConfigMap CA with ca.crt: programmed', () => {
      expect(world443([{ name: 'cert' }], [secret('cert'), ca('ConfigMap')], {}, frontend()).request(withCert)).toRouteTo('web');
    });

    test('fails the handshake when the CA ConfigMap has no ca.crt', () => {
      expect(world443([{ name: 'cert' }], [secret('cert'), ca('ConfigMap', { other: 'x' })], {}, frontend()).request(withCert).reason)
        .toContain('client-certificate validation of HTTPS listener https: ConfigMap infra/ca has no ca.crt (InvalidCACertificateRef), so the listener\'s TLS handshakes fail');
    });

    test('a Secret CA fails in Istio 1.30 and works in 1.31 (istio/istio#60277)', () => {
      const objects: any[] = [secret('cert'), ca('Secret')];
      expect(world443([{ name: 'cert' }], objects, {}, frontend('Secret')).request(withCert).status).toBe(0);
      expect(world443([{ name: 'cert' }], objects, { istioVersion: '1.31' }, frontend('Secret')).request(withCert)).toRouteTo('web');
    });

    test('a perPort entry overrides the default for its port', () => {
      const spec = { tls: { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'missing-ca' }] } }, perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } }] } } };
      expect(world443([{ name: 'cert' }], [secret('cert'), ca('ConfigMap')], { assumeSecretsExist: false }, spec).request(withCert)).toRouteTo('web');
    });
  });
});
