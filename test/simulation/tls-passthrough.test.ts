import { gateway, route, service, simulate, to } from './helpers';

function tlsRoute(name: string, spec: any, metadata: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: { name, namespace: 'app', ...metadata },
    spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], ...spec },
  };
}

function passthrough(name: string, hostname?: string, port = 443): any {
  return { name, port, protocol: 'TLS', ...(hostname ? { hostname } : {}), tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } } };
}

/** TLSRoute v1 requires 1 to 1024 hostnames. */
function backends(...names: string[]): any {
  return { hostnames: ['db.example.com'], rules: [{ backendRefs: names.map((n) => ({ name: n, port: 5432 })) }] };
}

const SERVICES = ['db', 'db-eu', 'any', 'other'].map((s) => service(s, 'app', [5432]));

describe('TLS passthrough (TLSRoute)', () => {
  test('SNI selects the Passthrough listener and the TLSRoute whose hostnames match; the backend receives the connection', () => {
    const sim = simulate([gateway([passthrough('db', '*.example.com')]), ...SERVICES,
      tlsRoute('db', { hostnames: ['db.example.com'], ...backends('db') })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toRouteTo('db');
    expect(d).toReturnStatus(200);
    expect(d.listener).toBe('db');
    expect(d.route).toBe('app/db');
    expect(d.routeKind).toBe('TLSRoute');
    expect(d.ruleIndex).toBe(0);
    expect(d.backends[0]).toMatchObject({ namespace: 'app', name: 'db', port: 5432, share: 1, status: 200 });
  });

  test('no TLSRoute hostname matches the SNI: the connection is closed (status 0 with a reason)', () => {
    const sim = simulate([gateway([passthrough('db', '*.example.com')]), ...SERVICES,
      tlsRoute('db', { hostnames: ['db.example.com'], ...backends('db') })]);
    const d = sim.request({ protocol: 'tls', sni: 'cache.example.com' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toBe('no TLSRoute attached to listener db of gateway infra/gw accepts SNI "cache.example.com"; the connection is closed');
  });

  test('no listener hostname matches the SNI: the connection is closed', () => {
    const sim = simulate([gateway([passthrough('db', 'db.example.com')]), ...SERVICES, tlsRoute('db', backends('db'))]);
    const d = sim.request({ protocol: 'tls', sni: 'other.example.org' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('no TLS listener on port 443 of gateway infra/gw accepts SNI "other.example.org"');
  });

  test('the most specific listener hostname and then the most specific route hostname win', () => {
    const sim = simulate([gateway([passthrough('wild', '*.example.com'), passthrough('eu', 'db.eu.example.com')]), ...SERVICES,
      tlsRoute('wild', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'wild' }], ...backends('any'), hostnames: ['*.example.com'] }),
      tlsRoute('exact', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'wild' }], ...backends('db') }),
      tlsRoute('eu', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'eu' }], ...backends('db-eu'), hostnames: ['*.eu.example.com'] })]);
    expect(sim.request({ protocol: 'tls', sni: 'db.example.com' })).toRouteTo('db');
    expect(sim.request({ protocol: 'tls', sni: 'x.example.com' })).toRouteTo('any');
    const eu = sim.request({ protocol: 'tls', sni: 'db.eu.example.com' });
    expect(eu).toRouteTo('db-eu');
    expect(eu.listener).toBe('eu');
  });

  test('a TLSRoute without hostnames is rejected by the v1 schema (hostnames is required) and ignored', () => {
    const sim = simulate([gateway([passthrough('db', '*.example.com')]), ...SERVICES, tlsRoute('any', { rules: backends('any').rules })]);
    const d = sim.request({ protocol: 'tls', sni: 'foo.example.com' });
    expect(d).toReturnStatus(0);
    expect(d.notes[0]).toContain('TLSRoute app/any (test) is rejected (IGW0001 spec.hostnames: hostnames is required); it is ignored');
  });

  test('a wildcard route hostname takes the SNIs below it', () => {
    const sim = simulate([gateway([passthrough('db')]), ...SERVICES, tlsRoute('any', { ...backends('any'), hostnames: ['*.example.com'] })]);
    expect(sim.request({ protocol: 'tls', sni: 'foo.example.com' })).toRouteTo('any');
    expect(sim.request({ protocol: 'tls', sni: 'example.com' })).toReturnStatus(0);
  });

  test('backends share connections by weight', () => {
    const sim = simulate([gateway([passthrough('db')]), ...SERVICES, tlsRoute('w', {
      hostnames: ['db.example.com'],
      rules: [{ backendRefs: [{ name: 'db', port: 5432, weight: 3 }, { name: 'db-eu', port: 5432, weight: 1 }] }],
    })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toRouteTo('db', 0.75);
    expect(d).toRouteTo('db-eu', 0.25);
  });

  test('a cross-namespace backend needs a ReferenceGrant from TLSRoutes', () => {
    const ref = { hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'pg', namespace: 'data', port: 5432 }] }] };
    const grant = (kind: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'g', namespace: 'data' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind, namespace: 'app' }], to: [{ group: '', kind: 'Service' }] },
    });
    const objs = [gateway([passthrough('db')]), service('pg', 'data', [5432]), tlsRoute('x', ref)];
    const denied = simulate([...objs, grant('HTTPRoute')]).request({ protocol: 'tls', sni: 'db.example.com' });
    expect(denied).toReturnStatus(0);
    expect(denied.reason).toContain('cross-namespace reference from TLSRoute app/x to Service data/pg is not permitted');
    expect(simulate([...objs, grant('TLSRoute')]).request({ protocol: 'tls', sni: 'db.example.com' })).toRouteTo('pg');
  });

  test('weights summing to 0: Istio sends the connection to a blackhole', () => {
    const sim = simulate([gateway([passthrough('db')]), ...SERVICES, tlsRoute('z', { hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432, weight: 0 }] }] })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('has weight 0; Istio sends the connection to a blackhole');
  });

  test('a TLSRoute on a TLS Terminate listener is not attached (Istio serves TCPRoutes there)', () => {
    const terminate = {
      name: 'tls',
      port: 443,
      protocol: 'TLS',
      tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }] },
      allowedRoutes: { namespaces: { from: 'All' } },
    };
    const sim = simulate([gateway([terminate]), ...SERVICES, tlsRoute('db', backends('db'))]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('no TCPRoute is attached to listener tls');
    expect(d.reason).toContain('listener tls (TLS Terminate) serves TCPRoute in Istio, not TLSRoute (NotAllowedByListeners)');
    expect(d.notes.join('\n')).toContain('TLS listener tls terminates TLS (mode Terminate): Istio serves TCPRoutes there');
  });

  test('an HTTPRoute on a Passthrough listener is not attached, so HTTPS to that port gets no HTTP answer', () => {
    const sim = simulate([gateway([passthrough('db')]), ...SERVICES,
      route('web', { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'db' }], rules: [to('any')] })]);
    const d = sim.request({ scheme: 'https', host: 'db.example.com' });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('serves TLS');
    const tls = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(tls).toReturnStatus(0);
    expect(tls.reason).toContain('no TLSRoute is attached to listener db');
  });

  test('a TLS connection to a port without TLS listener is refused', () => {
    const sim = simulate([gateway([passthrough('db')]), ...SERVICES]);
    expect(sim.request({ protocol: 'tls', sni: 'db.example.com', port: 8443 }).reason).toContain('has no listener on port 8443');
  });

  test.each([
    [{ protocol: 'tls' }, 'a tls connection needs sni'],
    [{ protocol: 'tls', sni: 'a.b', path: '/x' }, 'path is not meaningful for tls connections'],
    [{ protocol: 'tls', sni: 'a.b', scheme: 'https' }, 'scheme is not meaningful for tls connections'],
  ])('fails when the request is %j', (request, message) => {
    expect(() => simulate([gateway([passthrough('db')])]).request(request as any)).toThrow(message);
  });
});
