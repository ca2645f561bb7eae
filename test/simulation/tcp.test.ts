import { gateway, httpListener, service, simulate } from './helpers';
import { trafficMatchers } from '../../src/simulation/jest-matchers';

function tcpRoute(name: string, spec: any, metadata: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TCPRoute',
    metadata: { name, namespace: 'app', ...metadata },
    spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], ...spec },
  };
}

function tcpListener(name = 'pg', port = 5432): any {
  return { name, port, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } };
}

const SERVICES = ['pg', 'pg-old', 'pg-new'].map((s) => service(s, 'app', [5432]));

describe('TCP (TCPRoute)', () => {
  test('the port selects the TCP listener; its TCPRoute backends receive the connection', () => {
    const sim = simulate([gateway([tcpListener()]), ...SERVICES, tcpRoute('pg', { rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] })]);
    const d = sim.request({ protocol: 'tcp', port: 5432 });
    expect(d).toRouteTo('pg');
    expect(d).toMatchObject({ status: 200, listener: 'pg', route: 'app/pg', routeKind: 'TCPRoute', ruleIndex: 0 });
    expect(d.notes.join('\n')).toContain('Istio 1.30 watches TCPRoute only as v1alpha2');
  });

  test('the jest matchers read connection decisions; a failure names the TCPRoute', () => {
    const d = simulate([gateway([tcpListener()]), ...SERVICES, tcpRoute('pg', { rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] })])
      .request({ protocol: 'tcp', port: 5432 });
    expect(d).not.toRouteTo('pg-old');
    expect(d).not.toReturnStatus(0);
    const miss = trafficMatchers.toRouteTo(d, 'pg-old');
    expect(miss.pass).toBe(false);
    expect(miss.message()).toContain('TCPRoute app/pg rule 0; backends app/pg=100%');
  });

  test('weights split connections', () => {
    const sim = simulate([gateway([tcpListener()]), ...SERVICES, tcpRoute('pg', {
      rules: [{ backendRefs: [{ name: 'pg-old', port: 5432, weight: 80 }, { name: 'pg-new', port: 5432, weight: 20 }] }],
    })]);
    const d = sim.request({ protocol: 'tcp', port: 5432 });
    expect(d).toRouteTo('pg-old', 0.8);
    expect(d).toRouteTo('pg-new', 0.2);
  });

  test('no TCPRoute attached: the connection is closed', () => {
    const d = simulate([gateway([tcpListener()]), ...SERVICES]).request({ protocol: 'tcp', port: 5432 });
    expect(d).toReturnStatus(0);
    expect(d.reason).toBe('no TCPRoute is attached to listener pg of gateway infra/gw; the connection is closed');
  });

  test('a port served by HTTP: TCP gets no TCP listener', () => {
    const d = simulate([gateway([httpListener()])]).request({ protocol: 'tcp', port: 80 });
    expect(d).toReturnStatus(0);
    expect(d.reason).toBe('port 80 of gateway infra/gw serves HTTP (http (HTTP 80)), not TCP; use protocol http (or grpc) or another port');
  });

  test('a missing backend Service: the connection is closed', () => {
    const d = simulate([gateway([tcpListener()]), tcpRoute('pg', { rules: [{ backendRefs: [{ name: 'nope', port: 5432 }] }] })])
      .request({ protocol: 'tcp', port: 5432 });
    expect(d).toReturnStatus(0);
    expect(d.reason).toBe('Service app/nope is not in the input (BackendNotFound); the connection is closed');
  });

  test('several TCPRoutes on one listener: the oldest gets every connection, with a note', () => {
    const sim = simulate([gateway([tcpListener()]), ...SERVICES,
      tcpRoute('a', { rules: [{ backendRefs: [{ name: 'pg-new', port: 5432 }] }] }, { creationTimestamp: '2026-03-01T00:00:00Z' }),
      tcpRoute('b', { rules: [{ backendRefs: [{ name: 'pg-old', port: 5432 }] }] }, { creationTimestamp: '2026-01-01T00:00:00Z' })]);
    const d = sim.request({ protocol: 'tcp', port: 5432 });
    expect(d).toRouteTo('pg-old');
    expect(d.notes.join('\n')).toContain('TCPRoutes app/a are attached to listener pg too');
  });

  test('allowedRoutes.kinds without TCPRoute refuses the route', () => {
    const l = { ...tcpListener(), allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'TLSRoute' }] } };
    const d = simulate([gateway([l]), ...SERVICES, tcpRoute('pg', { rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] })])
      .request({ protocol: 'tcp', port: 5432 });
    expect(d).toReturnStatus(0);
    expect(d.reason).toContain('allowedRoutes.kinds (TLSRoute) does not include TCPRoute');
  });

  test.each([
    [{ protocol: 'tcp' }, 'a tcp connection needs a port'],
    [{ protocol: 'tcp', port: 5432, sni: 'a.b' }, 'sni is not meaningful for tcp connections'],
    [{ protocol: 'tcp', port: 5432, headers: { a: 'b' } }, 'headers is not meaningful for tcp connections'],
    [{ protocol: 'tcp', port: 70000 }, 'port'],
  ])('fails when the request is %j', (request, message) => {
    expect(() => simulate([gateway([tcpListener()])]).request(request as any)).toThrow(message);
  });
});
