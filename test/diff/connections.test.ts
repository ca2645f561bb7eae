import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';

const objects = (list: any[]) => ManifestSet.fromObjects(list, 'test');
const options = { assumeServicesExist: true, experimental: true };

const istioGateway = (servers: any[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' }, spec: { selector: { istio: 'ingressgateway' }, servers },
});
const passthrough = (hosts = ['*.pass.example.com']) => ({ port: { number: 9443, name: 'tls-pass', protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts });
const tcpServer = { port: { number: 5432, name: 'tcp-db', protocol: 'TCP' }, hosts: ['*'] };
const tlsVs = (sniHosts: string[], host = 'a-backend') => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'pass', namespace: 'default' },
  spec: {
    hosts: ['*.pass.example.com'],
    gateways: ['istio-system/gw'],
    tls: [{ match: [{ port: 9443, sniHosts }], route: [{ destination: { host, port: { number: 8443 } } }] }],
  },
});
const tcpVs = (host = 'db') => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'db', namespace: 'default' },
  spec: { hosts: ['*'], gateways: ['istio-system/gw'], tcp: [{ match: [{ port: 5432 }], route: [{ destination: { host, port: { number: 5432 } } }] }] },
});

const gwApiGateway = (listeners: any[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' }, spec: { gatewayClassName: 'istio', listeners },
});
const tlsListener = {
  name: 'tls-pass', port: 9443, protocol: 'TLS', hostname: '*.pass.example.com', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } },
};
const tcpListener = { name: 'tcp-db', port: 5432, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } };
const tlsRoute = (hostnames: string[], backend = 'a-backend') => ({
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TLSRoute',
  metadata: { name: 'pass', namespace: 'default' },
  spec: { parentRefs: [{ name: 'gw', namespace: 'istio-system' }], hostnames, rules: [{ backendRefs: [{ name: backend, port: 8443 }] }] },
});
const tcpRoute = (backend = 'db') => ({
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TCPRoute',
  metadata: { name: 'db', namespace: 'default' },
  spec: { parentRefs: [{ name: 'gw', namespace: 'istio-system' }], rules: [{ backendRefs: [{ name: backend, port: 5432 }] }] },
});

describe('RoutingDiff.compare, TLS and TCP connections', () => {
  test('a PASSTHROUGH VirtualService tls route against a Gateway API side without the TLSRoute differs', () => {
    const old = objects([istioGateway([passthrough()]), tlsVs(['a.pass.example.com'])]);
    const next = objects([gwApiGateway([tlsListener])]);
    const r = RoutingDiff.compare(old, next, options);
    expect(r.equal).toBe(false);
    const a = r.differences.find((d) => d.summary === 'TLS connection sni a.pass.example.com port 9443');
    expect(a).toBeDefined();
    expect(a!.request).toMatchObject({ protocol: 'tls', scheme: 'tls', port: 9443, host: 'a.pass.example.com' });
    expect(a!.fields).toEqual(['status', 'backends']);
    expect(a!.oldOutcome).toBe('200 default/a-backend:8443 100%');
    expect(a!.newOutcome).toMatch(/^0 \(no TLSRoute is attached to listener tls-pass/);
    expect(r.toText()).not.toContain('no differences');
  });

  test('the same passthrough routing written with a TLSRoute is equal; the corpus probes the wildcard and an unserved name', () => {
    const old = objects([istioGateway([passthrough()]), tlsVs(['a.pass.example.com'])]);
    const next = objects([gwApiGateway([tlsListener]), tlsRoute(['a.pass.example.com'])]);
    const r = RoutingDiff.compare(old, next, options);
    expect(r.differences.map((d) => `${d.summary}: ${d.oldOutcome} | ${d.newOutcome}`)).toEqual([]);
    expect(r.corpusSize).toBe(3);
    const json = r.toJson();
    expect(json.equal).toBe(true);
    // a.pass.example.com, probe.pass.example.com (the wildcard), unserved.probe.invalid
    const wrong = RoutingDiff.compare(old, objects([gwApiGateway([tlsListener]), tlsRoute(['*.pass.example.com'])]), options);
    expect(wrong.differences.map((d) => d.summary)).toEqual(['TLS connection sni probe.pass.example.com port 9443']);
    expect(wrong.differences[0].oldOutcome).toMatch(/^0 /);
    expect(wrong.differences[0].newOutcome).toBe('200 default/a-backend:8443 100%');
  });

  test('a TLS backend changed through an alias compares equal, without it differs', () => {
    const old = objects([istioGateway([passthrough()]), tlsVs(['a.pass.example.com'])]);
    const next = objects([gwApiGateway([tlsListener]), tlsRoute(['a.pass.example.com'], 'a-v2')]);
    expect(RoutingDiff.compare(old, next, options).differences.map((d) => d.fields)).toEqual([['backends']]);
    expect(RoutingDiff.compare(old, next, { ...options, backendAliases: { 'default/a-backend': 'default/a-v2' } }).equal).toBe(true);
  });

  test('TCP: each TCP port of both sides gets a connection; a missing TCPRoute differs, a present one is equal', () => {
    const old = objects([istioGateway([tcpServer]), tcpVs()]);
    const missing = RoutingDiff.compare(old, objects([gwApiGateway([tcpListener])]), options);
    expect(missing.differences.map((d) => d.summary)).toEqual(['TCP connection port 5432']);
    expect(missing.differences[0].request).toMatchObject({ protocol: 'tcp', port: 5432, host: '', path: '' });
    expect(missing.differences[0].oldOutcome).toBe('200 default/db:5432 100%');
    const same = RoutingDiff.compare(old, objects([gwApiGateway([tcpListener]), tcpRoute()]), options);
    expect(same.differences).toEqual([]);
    expect(same.corpusSize).toBe(1);
    // a TCP port only the new side serves is probed too
    const extra = RoutingDiff.compare(objects([istioGateway([tcpServer]), tcpVs()]),
      objects([gwApiGateway([tcpListener, { ...tcpListener, name: 'tcp-other', port: 6379 }]), tcpRoute()]), options);
    expect(extra.differences.map((d) => d.summary)).toEqual(['TCP connection port 6379']);
  });

  test('connections are routed the same without the experimental option', () => {
    const old = objects([istioGateway([passthrough(), tcpServer]), tlsVs(['a.pass.example.com']), tcpVs()]);
    const next = objects([gwApiGateway([tlsListener, tcpListener]), tlsRoute(['a.pass.example.com']), tcpRoute()]);
    const r = RoutingDiff.compare(old, next, { assumeServicesExist: true });
    expect(r.differences.map((d) => `${d.summary}: ${d.oldOutcome} | ${d.newOutcome}`)).toEqual([]);
    expect(r.corpusSize).toBe(4);
  });
});
