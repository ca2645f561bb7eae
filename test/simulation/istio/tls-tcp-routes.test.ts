import { dest, destinationRule, istioGateway, virtualService } from './istio-objects';
import { service, simulate } from '../helpers';

const passthrough = (hosts: string[] = ['*.example.com'], port = 443, name = 'tls') => ({ port: { number: port, name, protocol: 'TLS' }, hosts, tls: { mode: 'PASSTHROUGH' } });
const tcpServer = (port: number, name = `tcp-${port}`) => ({ port: { number: port, name, protocol: 'TCP' }, hosts: ['*'] });
const tlsRoute = (sniHosts: string[], route: any[], extra: any = {}) => ({ match: [{ sniHosts, ...extra }], route });

describe('tls routes on a PASSTHROUGH server', () => {
  const services = [service('db', 'app', [443]), service('cache', 'app', [443]), service('web', 'app', [443])];

  test('the connection goes to the tls route whose sniHosts list the SNI', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services, virtualService('v', {
      hosts: ['db.example.com', 'cache.example.com'],
      tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)]), tlsRoute(['cache.example.com'], [dest('cache', {}, 443)])],
    })]);
    const d = sim.request({ protocol: 'tls', sni: 'cache.example.com' });
    expect(d).toMatchObject({ status: 200, gateway: 'istio-system/gw', listener: 'tls', route: 'app/v', routeKind: 'VirtualService', ruleIndex: 1, matchIndex: 0 });
    expect(d.backends).toEqual([expect.objectContaining({ namespace: 'app', name: 'cache', port: 443, share: 1, status: 200 })]);
  });

  test('no sniHosts match: the connection is closed (status 0)', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services, virtualService('v', {
      hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)])],
    })]);
    const d = sim.request({ protocol: 'tls', sni: 'other.example.com' });
    expect(d.status).toBe(0);
    expect(d.reason).toMatch(/no filter chain on port 443 .* accepts SNI other\.example\.com: no tls route .* lists it in sniHosts; the connection is closed/);
    expect(d.backends).toEqual([]);
  });

  test('a wildcard sniHost matches subdomains; an exact sniHost wins over it whatever the order', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services, virtualService('v', {
      hosts: ['*.example.com'],
      tls: [tlsRoute(['*.example.com'], [dest('web', {}, 443)]), tlsRoute(['db.example.com'], [dest('db', {}, 443)])],
    })]);
    expect(sim.request({ protocol: 'tls', sni: 'a.b.example.com' }).backendNames).toEqual(['web']);
    expect(sim.request({ protocol: 'tls', sni: 'db.example.com' })).toMatchObject({ status: 200, ruleIndex: 1, backendNames: ['db'] });
    // the wildcard does not match the bare domain
    expect(sim.request({ protocol: 'tls', sni: 'example.com' }).status).toBe(0);
  });

  test('weights and subsets split the connections', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services,
      destinationRule('db', { subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }),
      virtualService('v', {
        hosts: ['db.example.com'],
        tls: [tlsRoute(['db.example.com'], [
          { destination: { host: 'db', subset: 'v1', port: { number: 443 } }, weight: 80 },
          { destination: { host: 'db', subset: 'v2', port: { number: 443 } }, weight: 20 },
        ])],
      })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d.status).toBe(200);
    expect(d.backends.map((b) => [b.subset, b.share])).toEqual([['v1', 0.8], ['v2', 0.2]]);
    expect(d.shareOf('db#v2')).toBe(0.2);
  });

  test('an undefined subset closes its share of the connections', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services, virtualService('v', {
      hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [{ destination: { host: 'db', subset: 'v9', port: { number: 443 } } }])],
    })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d.status).toBe(0);
    expect(d.reason).toMatch(/subset v9 is not defined/);
  });

  test('a match for another port or another gateway builds no filter chain', () => {
    const base = [istioGateway([passthrough()]), ...services];
    const otherPort = simulate([...base, virtualService('v', { hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)], { port: 8443 })] })]);
    expect(otherPort.request({ protocol: 'tls', sni: 'db.example.com' }).status).toBe(0);
    const samePort = simulate([...base, virtualService('v', { hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)], { port: 443 })] })]);
    expect(samePort.request({ protocol: 'tls', sni: 'db.example.com' }).status).toBe(200);
    const otherGw = simulate([...base, virtualService('v', { hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)], { gateways: ['istio-system/other'] })] })]);
    expect(otherGw.request({ protocol: 'tls', sni: 'db.example.com' }).status).toBe(0);
  });

  test('a repeated SNI host is skipped: the first VirtualService keeps it', () => {
    const sim = simulate([istioGateway([passthrough()]), ...services,
      virtualService('a', { hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('db', {}, 443)])] }, 'app', { creationTimestamp: '2024-01-01T00:00:00Z' }),
      virtualService('b', { hosts: ['db.example.com'], tls: [tlsRoute(['db.example.com'], [dest('cache', {}, 443)])] }, 'app', { creationTimestamp: '2024-02-01T00:00:00Z' })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toMatchObject({ status: 200, route: 'app/a', backendNames: ['db'] });
    expect(d.notes.join('\n')).toMatch(/VirtualService app\/b tls\[0\]\.match\[0\] repeats SNI host db\.example\.com/);
  });

  test('a VirtualService whose hosts the server does not serve is ignored', () => {
    const sim = simulate([istioGateway([passthrough(['db.example.com'])]), ...services, virtualService('v', {
      hosts: ['cache.example.com'], tls: [tlsRoute(['cache.example.com'], [dest('cache', {}, 443)])],
    })]);
    expect(sim.request({ protocol: 'tls', sni: 'cache.example.com' }).status).toBe(0);
  });

  test('a TLS server that terminates forwards by the tcp routes', () => {
    const sim = simulate([istioGateway([{ port: { number: 443, name: 'tls-term', protocol: 'TLS' }, hosts: ['db.example.com'], tls: { mode: 'SIMPLE', credentialName: 'db-cert' } }]),
      ...services, virtualService('v', { hosts: ['db.example.com'], tcp: [{ route: [dest('db', {}, 443)] }] })]);
    const d = sim.request({ protocol: 'tls', sni: 'db.example.com' });
    expect(d).toMatchObject({ status: 200, listener: 'tls-term', route: 'app/v', backendNames: ['db'] });
    expect(d.notes.join('\n')).toMatch(/terminates TLS \(mode SIMPLE\)/);
    expect(sim.request({ protocol: 'tls', sni: 'other.example.com' }).status).toBe(0);
  });
});

describe('tcp routes on a TCP server', () => {
  const services = [service('postgres', 'app', [5432]), service('replica', 'app', [5432]), service('redis', 'app', [6379])];
  const gw = istioGateway([tcpServer(5432), tcpServer(6379)]);

  test('the first tcp route whose match port is the server port forwards', () => {
    const sim = simulate([gw, ...services, virtualService('v', {
      hosts: ['*'],
      tcp: [
        { match: [{ port: 6379 }], route: [dest('redis', {}, 6379)] },
        { match: [{ port: 5432 }], route: [dest('postgres', {}, 5432)] },
      ],
    })]);
    expect(sim.request({ protocol: 'tcp', port: 5432 })).toMatchObject({ status: 200, listener: 'tcp-5432', route: 'app/v', ruleIndex: 1, matchIndex: 0, backendNames: ['postgres'] });
    expect(sim.request({ protocol: 'tcp', port: 6379 })).toMatchObject({ status: 200, ruleIndex: 0, backendNames: ['redis'] });
  });

  test('a rule without match serves every port; destinations split by weight', () => {
    const sim = simulate([gw, ...services, virtualService('v', {
      hosts: ['*'], tcp: [{ route: [dest('postgres', { weight: 75 }, 5432), dest('replica', { weight: 25 }, 5432)] }],
    })]);
    const d = sim.request({ protocol: 'tcp', port: 5432 });
    expect(d.status).toBe(200);
    expect(d.backends.map((b) => [b.name, b.weight, b.share])).toEqual([['postgres', 75, 0.75], ['replica', 25, 0.25]]);
  });

  test('no tcp route for the port, or no server on it: the connection is closed or refused', () => {
    const sim = simulate([gw, ...services, virtualService('v', { hosts: ['*'], tcp: [{ match: [{ port: 6379 }], route: [dest('redis', {}, 6379)] }] })]);
    const none = sim.request({ protocol: 'tcp', port: 5432 });
    expect(none.status).toBe(0);
    expect(none.reason).toMatch(/no tcp route of a VirtualService bound to istio-system\/gw serves server tcp-5432/);
    expect(sim.request({ protocol: 'tcp', port: 9999 }).reason).toMatch(/listens on port 9999; the connection is refused/);
  });

  test('a match naming another gateway is skipped', () => {
    const sim = simulate([gw, ...services, virtualService('v', {
      hosts: ['*'],
      tcp: [{ match: [{ port: 5432, gateways: ['istio-system/elsewhere'] }], route: [dest('replica', {}, 5432)] }, { route: [dest('postgres', {}, 5432)] }],
    })]);
    expect(sim.request({ protocol: 'tcp', port: 5432 })).toMatchObject({ ruleIndex: 1, backendNames: ['postgres'] });
  });

  test('a missing Service closes the connection', () => {
    const sim = simulate([gw, virtualService('v', { hosts: ['*'], tcp: [{ route: [dest('gone', {}, 5432)] }] })]);
    const d = sim.request({ protocol: 'tcp', port: 5432 });
    expect(d.status).toBe(0);
    expect(d.reason).toMatch(/Service app\/gone is not in the input.*the connection is closed/);
  });

  test('a plain TCP connection to a TLS server is refused', () => {
    const sim = simulate([istioGateway([{ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['*'], tls: { mode: 'PASSTHROUGH' } }])]);
    expect(sim.request({ protocol: 'tcp', port: 443 }).reason).toMatch(/serves TLS PASSTHROUGH, not plain TCP/);
  });
});
