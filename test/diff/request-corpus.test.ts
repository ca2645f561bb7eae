import { requestSummary } from '../../src/diff/diff-request';
import { pairGateways } from '../../src/diff/gateway-pairs';
import { gatewaySurfaces } from '../../src/diff/gateway-surface';
import { buildCorpus } from '../../src/diff/request-corpus';
import { ManifestSet } from '../../src/manifests/manifest-set';

function corpus(oldObjects: any[], newObjects: any[] = [], max = 10000) {
  const o = new Map(gatewaySurfaces(ManifestSet.fromObjects(oldObjects)).map((s) => [s.key, s]));
  const n = new Map(gatewaySurfaces(ManifestSet.fromObjects(newObjects)).map((s) => [s.key, s]));
  const c = buildCorpus(pairGateways([...o.values()], [...n.values()]), o, n, max);
  return { ...c, summaries: c.requests.map((r) => requestSummary(r, false)) };
}

const istioGateway = (name: string, servers: any[], selector = { istio: 'ingressgateway' }) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: 'istio-system' }, spec: { selector, servers },
});
const http80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] };
const vs = (http: any[], hosts = ['shop.example.com']) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { hosts, gateways: ['istio-system/gw'], http },
});

describe('request corpus', () => {
  test('a prefix is probed at, inside and just outside, with / and the parent; sorted and deduplicated', () => {
    const c = corpus([istioGateway('gw', [http80]), vs([{ match: [{ uri: { prefix: '/api/v1' } }, { uri: { exact: '/api/v1/' } }], route: [{ destination: { host: 'api' } }] }])]);
    expect(c.summaries).toEqual([
      'GET http://shop.example.com:80/',
      'GET http://shop.example.com:80/api',
      'GET http://shop.example.com:80/api/v1',
      'GET http://shop.example.com:80/api/v1/',
      'GET http://shop.example.com:80/api/v1/x',
      'GET http://shop.example.com:80/api/v1x',
    ]);
    expect(c.truncated).toBe(false);
  });

  test('the same input gives the same corpus', () => {
    const objects = [istioGateway('gw', [http80]), vs([{ match: [{ uri: { prefix: '/a' }, headers: { 'x-v': { exact: '2' } } }] }])];
    expect(corpus(objects).requests).toEqual(corpus(objects).requests);
  });

  test('header, query, withoutHeaders and method variants: satisfied on every path, flipped on the match\'s own paths', () => {
    const c = corpus([istioGateway('gw', [http80]), vs([{
      match: [{
        uri: { exact: '/buy' },
        method: { exact: 'POST' },
        headers: { 'x-user': { regex: 'u[0-9]+' } },
        queryParams: { ref: { exact: 'mail' } },
        withoutHeaders: { 'x-test': {} },
      }],
    }])]);
    expect(c.summaries).toEqual(expect.arrayContaining([
      'POST http://shop.example.com:80/buy?ref=mail [x-user: u0]',
      'POST http://shop.example.com:80/?ref=mail [x-user: u0]',
      'POST http://shop.example.com:80/buy?ref=mail',
      'POST http://shop.example.com:80/buy?ref=mail [x-user: probe-other]',
      'POST http://shop.example.com:80/buy?ref=mail [x-test: probe, x-user: u0]',
      'POST http://shop.example.com:80/buy [x-user: u0]',
      'POST http://shop.example.com:80/buy?ref=probe-other [x-user: u0]',
      'GET http://shop.example.com:80/buy?ref=mail [x-user: u0]',
      'GET http://shop.example.com:80/buy',
    ]));
    expect(c.summaries).not.toContain('GET http://shop.example.com:80/?ref=probe-other [x-user: u0]');
  });

  test('ignoreUriCase adds upper-case probes; authority matches add hosts; wildcards get a probe host', () => {
    const c = corpus([istioGateway('gw', [{ ...http80, hosts: ['*.example.com'] }]), vs([{
      match: [{ uri: { prefix: '/a' }, ignoreUriCase: true, authority: { exact: 'admin.example.com' } }],
    }], ['*.example.com'])]);
    expect(c.summaries).toEqual(expect.arrayContaining([
      'GET http://admin.example.com:80/A/X',
      'GET http://probe.example.com:80/AX',
    ]));
  });

  test('Istio Gateways with the same selector are one surface; PASSTHROUGH and TCP servers are not probed over HTTP', () => {
    const surfaces = gatewaySurfaces(ManifestSet.fromObjects([
      istioGateway('a', [http80]),
      istioGateway('b', [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'c' } },
        { port: { number: 8443, name: 'tls', protocol: 'HTTPS' }, hosts: ['db.example.com'], tls: { mode: 'PASSTHROUGH' } },
        { port: { number: 5432, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] },
      ]),
      istioGateway('c', [http80], { istio: 'other' }),
    ]));
    expect(surfaces.map((s) => [s.key, s.target, s.endpoints])).toEqual([
      ['istio-system/a+istio-system/b', 'istio-system/a', [{ scheme: 'http', port: 80 }, { scheme: 'https', port: 443 }]],
      ['istio-system/c', 'istio-system/c', [{ scheme: 'http', port: 80 }]],
    ]);
  });

  test('each host gets the path probes of the routes that serve it', () => {
    const hostRoute = (name: string, host: string, p: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: 'app' },
      spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], hostnames: [host], rules: [{ matches: [{ path: { type: 'Exact', value: p } }] }] },
    });
    const gw = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'infra' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com' }] },
    };
    const c = corpus([gw, hostRoute('a', 'a.example.com', '/a'), hostRoute('b', 'b.example.com', '/b')]);
    expect(c.summaries.filter((x) => x.includes('//a.'))).toEqual([
      'GET http://a.example.com:80/', 'GET http://a.example.com:80/a', 'GET http://a.example.com:80/a/', 'GET http://a.example.com:80/a/x', 'GET http://a.example.com:80/ax',
    ]);
    expect(c.summaries.filter((x) => x.includes('//probe.'))).toEqual([
      'GET http://probe.example.com:80/',
    ]);
  });

  test('the bound cuts the corpus', () => {
    const c = corpus([istioGateway('gw', [http80]), vs([{ match: [{ uri: { prefix: '/a' } }] }])], [], 2);
    expect(c.requests).toHaveLength(2);
    expect(c.truncated).toBe(true);
  });

  test('TLS and TCP: connections on each TLS port per server name (wildcard probe, an unserved name) and on each TCP port, after the HTTP requests', () => {
    const servers = [
      http80,
      { port: { number: 443, name: 'https-pass', protocol: 'HTTPS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*.pass.example.com'] },
      { port: { number: 8443, name: 'tls-term', protocol: 'TLS' }, tls: { mode: 'SIMPLE', credentialName: 'c' }, hosts: ['db.example.com'] },
      { port: { number: 5432, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] },
      { port: { number: 27017, name: 'mongo', protocol: 'MONGO' }, hosts: ['*'] },
    ];
    const tls = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'pass', namespace: 'default' },
      spec: { hosts: ['*.pass.example.com'], gateways: ['istio-system/gw'], tls: [{ match: [{ port: 443, sniHosts: ['a.pass.example.com'] }], route: [{ destination: { host: 'a' } }] }] },
    };
    const gwApi = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'istio-system' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'tls', port: 9443, protocol: 'TLS', hostname: 'x.example.com', tls: { mode: 'Passthrough' } }, { name: 'tcp', port: 6379, protocol: 'TCP' }] },
    };
    const tlsRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1alpha2',
      kind: 'TLSRoute',
      metadata: { name: 'r', namespace: 'istio-system' },
      spec: { parentRefs: [{ name: 'gw' }], hostnames: ['y.example.com'], rules: [{ backendRefs: [{ name: 'y', port: 443 }] }] },
    };
    const c = corpus([istioGateway('gw', servers), vs([{ route: [{ destination: { host: 'web' } }] }]), tls], [gwApi, tlsRoute]);
    const connections = c.requests.filter((r) => r.protocol !== 'http');
    expect(c.requests.slice(0, c.requests.length - connections.length).every((r) => r.protocol === 'http' && r.port === 80)).toBe(true);
    const names = ['a.pass.example.com', 'db.example.com', 'probe.pass.example.com', 'unserved.probe.invalid', 'x.example.com', 'y.example.com'];
    expect(connections.map((r) => requestSummary(r, false))).toEqual([
      ...[443, 8443, 9443].flatMap((port) => names.map((n) => `TLS connection sni ${n} port ${port}`)),
      'TCP connection port 5432',
      'TCP connection port 6379',
      'TCP connection port 27017',
    ]);
    expect(connections.every((r) => r.method === '' && r.path === '' && Object.keys(r.headers).length === 0)).toBe(true);
  });
});
