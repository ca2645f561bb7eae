import { dest, HTTP_80, istioGateway, virtualService } from './istio-objects';
import { mergeHTTPRoute } from '../../../src/simulation/istio/delegate';
import { service, simulate } from '../helpers';

const at = (ts: string) => ({ creationTimestamp: ts });
const withTime = (gw: any, ts: string) => ({ ...gw, metadata: { ...gw.metadata, ...at(ts) } });

describe('delegates: virtualservice.go mergeHTTPMatchRequest / mergeHTTPRoute / hasConflict', () => {
  const gwA = istioGateway([HTTP_80], 'a', 'istio-system', { istio: 'a' });
  const gwB = istioGateway([HTTP_80], 'b', 'istio-system', { istio: 'b' });
  const services = [service('api', 'team'), service('w', 'team'), service('m', 'team'), service('mirror-svc', 'default')];
  const root = (http: any[]) => virtualService('root', { hosts: ['x.example.com'], gateways: ['istio-system/a', 'istio-system/b'], http }, 'default');
  const child = (name: string, http: any[]) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'team' }, spec: { http } });
  const req = (sim: any, gateway: string, path: string, headers: any = {}) => sim.request({ gateway, host: 'x.example.com', path, headers });

  test('the merged match keeps the root match gateways: through b the delegated rule is gone (404), through a it routes', () => {
    const sim = simulate([gwA, gwB, ...services,
      root([{ match: [{ uri: { prefix: '/api' }, gateways: ['istio-system/a'] }], delegate: { name: 'child', namespace: 'team' } }]),
      child('child', [{ match: [{ uri: { prefix: '/api/v1' } }], route: [dest('api')] }])]);
    expect(req(sim, 'istio-system/b', '/api/v1').status).toBe(404);
    const d = req(sim, 'istio-system/a', '/api/v1');
    expect(d).toMatchObject({ status: 200, route: 'team/child', backendNames: ['api'] });
  });

  test('a short gateway name in the root match resolves in the root namespace, not the delegate one', () => {
    const local = istioGateway([HTTP_80], 'local', 'default', { istio: 'local' });
    const sim = simulate([local, gwB, ...services,
      virtualService('root', {
        hosts: ['x.example.com'],
        gateways: ['local', 'istio-system/b'],
        http: [{ match: [{ uri: { prefix: '/api' }, gateways: ['local'] }], delegate: { name: 'child', namespace: 'team' } }],
      }, 'default'),
      child('child', [{ match: [{ uri: { prefix: '/api/v1' } }], route: [dest('api')] }])]);
    expect(req(sim, 'default/local', '/api/v1').status).toBe(200);
    expect(req(sim, 'istio-system/b', '/api/v1').status).toBe(404);
  });

  test('mergeHTTPMatchRequest copies gateways and statPrefix, unites sourceLabels, keeps the delegate ones when set', () => {
    const merged = mergeHTTPRoute(
      { match: [{ uri: { prefix: '/a' }, gateways: ['ns/g'], sourceNamespace: 'x', statPrefix: 'root', sourceLabels: { app: 'r', tier: 'r' } }] },
      // a root sourceNamespace must be repeated by the delegate match, and its sourceLabels not contradicted (hasConflict)
      { match: [{ uri: { prefix: '/a/b' }, sourceNamespace: 'x', sourceLabels: { v: '1' } }, { uri: { prefix: '/a/c' }, statPrefix: 'leaf', gateways: ['ns/g'], sourceNamespace: 'x' }], route: [] },
      'ns', 'team',
    );
    expect(merged.match).toEqual([
      { uri: { prefix: '/a/b' }, gateways: ['ns/g'], sourceNamespace: 'x', statPrefix: 'root', sourceLabels: { app: 'r', tier: 'r', v: '1' } },
      { uri: { prefix: '/a/c' }, gateways: ['ns/g'], sourceNamespace: 'x', statPrefix: 'leaf', sourceLabels: { app: 'r', tier: 'r' } },
    ]);
  });

  test('hasConflict: delegate gateways outside the root ones, another sourceNamespace or contradicting sourceLabels drop the rule', () => {
    const rootRule = { match: [{ uri: { prefix: '/a' }, gateways: ['ns/g'], sourceNamespace: 'x', sourceLabels: { app: 'r' } }] };
    expect(mergeHTTPRoute(rootRule, { match: [{ gateways: ['ns/other'], sourceNamespace: 'x' }] }, 'ns')).toBeUndefined();
    expect(mergeHTTPRoute(rootRule, { match: [{ gateways: ['ns/g', 'ns/h'], sourceNamespace: 'x' }] }, 'ns')).toBeUndefined();
    expect(mergeHTTPRoute(rootRule, { match: [{ sourceNamespace: 'y' }] }, 'ns')).toBeUndefined();
    expect(mergeHTTPRoute(rootRule, { match: [{ sourceNamespace: 'x', sourceLabels: { app: 'other' } }] }, 'ns')).toBeUndefined();
    expect(mergeHTTPRoute(rootRule, { match: [{ gateways: ['g'], sourceNamespace: 'x', sourceLabels: { app: 'r', v: '1' } }] }, 'ns', 'ns')).toBeDefined();
  });

  test('withoutHeaders of the delegate are checked against the root withoutHeaders (same value: merged; another: dropped)', () => {
    const sim = simulate([gwA, gwB, ...services,
      root([{ match: [{ uri: { prefix: '/w' }, withoutHeaders: { 'x-internal': { exact: '1' } } }], delegate: { name: 'child2', namespace: 'team' } }]),
      child('child2', [
        { match: [{ uri: { prefix: '/w/x' }, withoutHeaders: { 'x-internal': { exact: '1' } } }], route: [dest('w')] },
      ])]);
    expect(req(sim, 'istio-system/a', '/w/x')).toMatchObject({ status: 200, backendNames: ['w'] });
    expect(req(sim, 'istio-system/a', '/w/x', { 'x-internal': '1' }).status).toBe(404);
    // a delegate withoutHeaders that is not inside the root's conflicts; a root header of that name no longer matters
    expect(mergeHTTPRoute({ match: [{ withoutHeaders: { h: { exact: '1' } } }] }, { match: [{ withoutHeaders: { h: { exact: '2' } } }] })).toBeUndefined();
    expect(mergeHTTPRoute({ match: [{ headers: { h: { exact: '1' } } }] }, { match: [{ withoutHeaders: { h: { exact: '2' } } }] })).toBeDefined();
  });

  test('mergeHTTPRoute inherits mirrors and directResponse from the root rule', () => {
    const sim = simulate([gwA, gwB, ...services,
      root([{ match: [{ uri: { prefix: '/m' } }], mirrors: [{ destination: { host: 'mirror-svc' } }], delegate: { name: 'child3', namespace: 'team' } }]),
      child('child3', [{ route: [dest('m')] }])]);
    const d = req(sim, 'istio-system/a', '/m');
    expect(d).toMatchObject({ status: 200, backendNames: ['m'] });
    expect(d.mirrors).toEqual([expect.objectContaining({ name: 'mirror-svc' })]);
    const merged = mergeHTTPRoute({ directResponse: { status: 503 }, mirrors: [{ destination: { host: 'r' } }] }, { mirrors: [{ destination: { host: 'd' } }] });
    expect(merged).toEqual({ directResponse: { status: 503 }, mirrors: [{ destination: { host: 'd' } }] });
  });
});

describe('Gateways sharing a selector: merged oldest first (initGateways, sortConfigByCreationTime), TLS duplicates skipped', () => {
  const https = (name: string, hosts: string[], cred: string) => ({ port: { number: 443, name, protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName: cred } });
  const dupWorld = (tsA: string, tsB: string) => simulate([
    withTime(istioGateway([https('https-a', ['a.example.com'], 'cert-a')], 'a'), tsA),
    withTime(istioGateway([https('https-b', ['a.example.com', 'b.example.com'], 'cert-b')], 'b'), tsB),
    service('svc-a', 'default'), service('svc-b', 'default'),
    virtualService('va', { hosts: ['a.example.com'], gateways: ['istio-system/a'], http: [{ route: [dest('svc-a')] }] }, 'default'),
    virtualService('vb', { hosts: ['a.example.com', 'b.example.com'], gateways: ['istio-system/b'], http: [{ route: [dest('svc-b')] }] }, 'default'),
  ]);
  const get = (sim: any, gateway: string, host: string, scheme = 'https', path = '/') => sim.request({ gateway, scheme, host, path });

  test('the newer server repeating a host is skipped whole: https to its other host fails the handshake, with a note', () => {
    const sim = dupWorld('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z');
    for (const gw of ['istio-system/a', 'istio-system/b']) {
      const d = get(sim, gw, 'b.example.com');
      expect(d.status).toBe(0);
      expect(d.reason).toMatch(/accepts SNI b\.example\.com.*TLS handshake fails/);
      expect(d.notes.join('\n')).toMatch(/Istio skips server https-b \(servers\[0\]\) of Istio Gateway istio-system\/b on port 443: its hosts a\.example\.com repeat hosts of server https-a of istio-system\/a/);
    }
  });

  test('https to the repeated host goes through the older Gateway server whichever Gateway the request names', () => {
    const sim = dupWorld('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z');
    for (const gw of ['istio-system/a', 'istio-system/b']) {
      expect(get(sim, gw, 'a.example.com')).toMatchObject({ status: 200, listener: 'https-a', route: 'default/va', backendNames: ['svc-a'] });
    }
  });

  test('creation time decides, not the name: when b is older, a is skipped', () => {
    const sim = dupWorld('2024-02-01T00:00:00Z', '2024-01-01T00:00:00Z');
    expect(get(sim, 'istio-system/a', 'a.example.com')).toMatchObject({ status: 200, listener: 'https-b', route: 'default/vb' });
    expect(get(sim, 'istio-system/a', 'b.example.com')).toMatchObject({ status: 200, listener: 'https-b' });
    expect(get(sim, 'istio-system/b', 'a.example.com').notes.join('\n')).toMatch(/Istio skips server https-a .* of Istio Gateway istio-system\/a/);
  });

  test('without creation times the name decides (a before b); different hosts are not skipped', () => {
    const sim = simulate([
      istioGateway([https('https-b', ['a.example.com'], 'cert-b')], 'b'),
      istioGateway([https('https-a', ['a.example.com'], 'cert-a')], 'a'),
      istioGateway([https('https-c', ['c.example.com'], 'cert-c')], 'c'),
      service('svc', 'default'),
      virtualService('v', { hosts: ['*.example.com'], gateways: ['istio-system/a', 'istio-system/b', 'istio-system/c'], http: [{ route: [dest('svc')] }] }, 'default'),
    ]);
    expect(get(sim, 'istio-system/b', 'a.example.com')).toMatchObject({ status: 200, listener: 'https-a' });
    const c = get(sim, 'istio-system/b', 'c.example.com');
    expect(c).toMatchObject({ status: 200, listener: 'https-c' });
    expect(c.notes.join('\n')).not.toMatch(/skips server https-c/);
  });

  test('two HTTP Gateways on port 80 for the same host: the older Gateway VirtualService routes, whichever Gateway is named', () => {
    const sim = simulate([
      withTime(istioGateway([{ port: { number: 80, name: 'http-a', protocol: 'HTTP' }, hosts: ['a.example.com'] }], 'a'), '2024-01-01T00:00:00Z'),
      withTime(istioGateway([{ port: { number: 80, name: 'http-b', protocol: 'HTTP' }, hosts: ['a.example.com'] }], 'b'), '2024-02-01T00:00:00Z'),
      service('svc-a', 'default'), service('svc-b', 'default'),
      virtualService('va', { hosts: ['a.example.com'], gateways: ['istio-system/a'], http: [{ match: [{ uri: { prefix: '/x' } }], route: [dest('svc-a')] }] },
        'default', at('2024-03-01T00:00:00Z')),
      virtualService('vb', { hosts: ['a.example.com'], gateways: ['istio-system/b'], http: [{ match: [{ uri: { prefix: '/x' } }], route: [dest('svc-b')] }] },
        'default', at('2024-01-01T00:00:00Z')),
    ]);
    for (const gw of ['istio-system/a', 'istio-system/b']) {
      expect(get(sim, gw, 'a.example.com', 'http', '/x')).toMatchObject({ status: 200, route: 'default/va', backendNames: ['svc-a'] });
    }
  });
});
