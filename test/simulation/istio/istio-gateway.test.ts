import { TrafficSimulator } from '../../../src/simulation/traffic-simulator';
import { SEED_002_ISTIO_YAML } from '../../fixtures/seed-002';
import { service, simulate } from '../helpers';

const SEED_002 = SEED_002_ISTIO_YAML;

const PRODUCTPAGE = `
---
apiVersion: v1
kind: Service
metadata: { name: productpage, namespace: default }
spec: { selector: { app: productpage }, ports: [{ name: http, port: 9080 }] }
`;

describe('seed 002', () => {
  const sim = TrafficSimulator.fromYaml(SEED_002 + PRODUCTPAGE);
  const req = (path: string, extra: any = {}) => sim.request({ gateway: 'istio-system/bookinfo-gateway', host: 'bookinfo.example.com', path, ...extra });

  test('lists the Istio Gateways', () => {
    expect(sim.istioGateways).toEqual(['istio-system/bookinfo-gateway', 'istio-system/bookinfo-gateway-tls']);
    expect(sim.gateways).toEqual([]);
  });

  test('/productpage routes to productpage:9080 with the DestinationRule policy', () => {
    const d = req('/productpage');
    expect(d).toMatchObject({ status: 200, gateway: 'istio-system/bookinfo-gateway', listener: 'http', route: 'default/bookinfo', routeKind: 'VirtualService', ruleIndex: 0, matchIndex: 0 });
    expect(d.backends).toEqual([expect.objectContaining({ namespace: 'default', name: 'productpage', port: 9080, share: 1, status: 200 })]);
    expect(d.policyOf('productpage')?.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' } });
    expect(d.retry).toMatchObject({ source: 'istio-default', attempts: 2 });
  });

  test('/productpagex matches the string prefix /productpage, with a note', () => {
    const d = req('/productpagex');
    expect(d.status).toBe(200);
    expect(d.notes.join('\n')).toMatch(/string prefix in Istio, so it matches \/productpagex/);
  });

  test('/login is the second match', () => {
    expect(req('/login')).toMatchObject({ status: 200, matchIndex: 1 });
  });

  test('/static gets 404', () => {
    const d = req('/static');
    expect(d.status).toBe(404);
    expect(d.reason).toMatch(/no rule of VirtualService default\/bookinfo/);
  });

  test('another host gets 404', () => {
    expect(sim.request({ gateway: 'istio-system/bookinfo-gateway', host: 'other.example.com', path: '/productpage' }).status).toBe(404);
  });

  test('https with the credential: the TLS Gateway has no VirtualService, so 404, and the merge is noted', () => {
    const d = sim.request({ gateway: 'istio-system/bookinfo-gateway-tls', scheme: 'https', host: 'bookinfo.example.com', path: '/productpage' });
    expect(d).toMatchObject({ status: 404, listener: 'https' });
    expect(d.notes.join('\n')).toMatch(/same selector/);
  });

  test('https when the VirtualService binds the TLS Gateway too', () => {
    const yaml = SEED_002.replace('  - istio-system/bookinfo-gateway\n', '  - istio-system/bookinfo-gateway\n  - istio-system/bookinfo-gateway-tls\n') + PRODUCTPAGE;
    const s = TrafficSimulator.fromYaml(yaml);
    expect(s.request({ gateway: 'bookinfo-gateway-tls', scheme: 'https', host: 'bookinfo.example.com', path: '/productpage' }).status).toBe(200);
    expect(s.request({ gateway: 'bookinfo-gateway-tls', scheme: 'https', host: 'bookinfo.example.com', sni: 'x.example.com' }).status).toBe(0);
    const noSecret = TrafficSimulator.fromYaml(yaml, { assumeSecretsExist: false });
    expect(noSecret.request({ gateway: 'bookinfo-gateway-tls', scheme: 'https', host: 'bookinfo.example.com', path: '/productpage' }).status).toBe(0);
  });
});

const gw = (servers: any[], name = 'gw', ns = 'istio-system', selector: any = { istio: 'ingressgateway' }) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { selector, servers },
});
const http80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };
const vs = (name: string, spec: any, ns = 'app', metadata: any = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: ns, ...metadata },
  spec: { hosts: ['shop.example.com'], gateways: ['istio-system/gw'], ...spec },
});
const dr = (host: string, spec: any, ns = 'app') => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: host, namespace: ns }, spec: { host, ...spec },
});
const to = (host: string, extra: any = {}) => ({ destination: { host, port: { number: 80 } }, ...extra });

describe('VirtualService routing', () => {
  const base = [gw([http80]), service('web'), service('api'), service('reviews')];
  const go = (objs: any[], r: any = {}) => simulate([...base, ...objs]).request({ host: 'shop.example.com', ...r });

  test('first match wins, not Gateway API precedence', () => {
    const d = go([vs('v', { http: [{ match: [{ uri: { prefix: '/' } }, { uri: { prefix: '/api' } }], route: [to('web')] }, { match: [{ uri: { prefix: '/api/v2' } }], route: [to('api')] }] })], { path: '/api/v2/x' });
    expect(d.backendNames).toEqual(['web']);
    expect(d.notes.join('\n')).toMatch(/first matching rule/);
  });

  test('subsets with weights, missing subset gets 503 for its share', () => {
    const d = go([
      dr('reviews', { trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } }, subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }] }),
      vs('v', { http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] }),
    ]);
    expect(d.status).toBe(200);
    expect(d.shareOf('reviews#v1')).toBe(0.9);
    expect(d.errorShare).toBe(0.1);
    expect(d.backends[1]).toMatchObject({ subset: 'v2', status: 503 });
    expect(d.backends[1].problem).toMatch(/subset v2 is not defined/);
    expect(d.policyOf('reviews#v1')?.trafficPolicy).toEqual({ loadBalancer: { simple: 'LEAST_REQUEST' } });
    expect(d.toJson().backends[0].subset).toBe('v1');
  });

  test('a Service not in the input gets 503 unless assumed', () => {
    const objs = [...base, vs('v', { http: [{ route: [to('missing')] }] })];
    expect(simulate(objs).request({ host: 'shop.example.com' }).status).toBe(503);
    expect(simulate(objs, { assumeServicesExist: true }).request({ host: 'shop.example.com' }).status).toBe(200);
  });

  test('redirect defaults to 301 and keeps the path unless uri is set', () => {
    const d = go([vs('v', { http: [{ redirect: { uri: '/new', authority: 'other.example.com' } }] })], { path: '/old?a=1' });
    expect(d.status).toBe(301);
    expect(d.redirect?.location).toBe('http://other.example.com/new?a=1');
  });

  test('httpsRedirect answers 301 to https', () => {
    const objs = [gw([{ ...http80, tls: { httpsRedirect: true } }]), service('web'), vs('v', { http: [{ route: [to('web')] }] })];
    const d = simulate(objs).request({ host: 'shop.example.com', path: '/a' });
    expect(d).toMatchObject({ status: 301, redirect: { location: 'https://shop.example.com/a', statusCode: 301 } });
  });

  test('rewrite uri replaces the matched prefix, headers and authority', () => {
    const d = go([vs('v', {
      http: [{
        match: [{ uri: { prefix: '/api' } }],
        rewrite: { uri: '/v1', authority: 'internal' },
        headers: { request: { set: { 'x-a': '1' }, remove: ['x-b'] }, response: { add: { 'x-c': '2' } } },
        route: [to('api')],
      }],
    })], { path: '/apix/y', headers: { 'x-b': 'gone' } });
    expect(d.rewrite).toEqual({ host: 'internal', path: '/v1x/y' });
    expect(d.requestHeaders).toMatchObject({ 'x-a': '1', 'host': 'internal' });
    expect(d.requestHeaders['x-b']).toBeUndefined();
    expect(d.responseHeaders?.add).toEqual({ 'x-c': '2' });
  });

  test('fault abort is a share; delay is noted', () => {
    const d = go([vs('v', { http: [{ fault: { abort: { httpStatus: 500, percentage: { value: 25 } }, delay: { fixedDelay: '5s', percentage: { value: 10 } } }, route: [to('web')] }] })]);
    expect(d.status).toBe(200);
    expect(d.fault).toEqual({ abortStatus: 500, abortShare: 0.25, delay: '5s', delayShare: 0.1 });
    expect(d.toJson().fault).toEqual({ abortStatus: 500, abortShare: 0.25, delay: '5s', delayShare: 0.1 });
    expect(d.notes.join('\n')).toMatch(/holds 10% of the requests for 5s/);
  });

  test('headers, queryParams, withoutHeaders, method and regex', () => {
    const objs = [vs('v', {
      http: [
        { match: [{ headers: { 'x-v': { exact: '2' } }, queryParams: { q: { regex: 'a+' } } }], route: [to('api')] },
        { match: [{ withoutHeaders: { 'x-w': {} }, method: { exact: 'POST' } }], route: [to('reviews')] },
        { match: [{ uri: { regex: '/r/[0-9]+' } }], route: [to('web')] },
      ],
    })];
    expect(go(objs, { headers: { 'x-v': '2' }, path: '/?q=aaa' }).backendNames).toEqual(['api']);
    expect(go(objs, { headers: { 'x-v': '2' }, path: '/?q=ab' }).status).toBe(404);
    expect(go(objs, { method: 'POST' }).backendNames).toEqual(['reviews']);
    expect(go(objs, { method: 'POST', headers: { 'x-w': '' } }).status).toBe(404);
    expect(go(objs, { path: '/r/12' }).backendNames).toEqual(['web']);
    expect(go(objs, { path: '/r/12x' }).status).toBe(404);
  });

  test('delegate merges the root match with the delegate rules', () => {
    const objs = [
      vs('root', { http: [{ match: [{ uri: { prefix: '/reviews' } }], delegate: { name: 'reviews', namespace: 'app' }, timeout: '3s' }] }),
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'app' }, spec: { http: [{ match: [{ uri: { prefix: '/reviews/v2' } }], route: [to('api')] }, { route: [to('reviews')] }] } },
    ];
    const d = go(objs, { path: '/reviews/v2/1' });
    expect(d).toMatchObject({ status: 200, route: 'app/reviews', ruleIndex: 0 });
    expect(d.backendNames).toEqual(['api']);
    expect(d.timeouts?.routeTimeout).toBe('3s');
    expect(go(objs, { path: '/reviews/1' }).backendNames).toEqual(['reviews']);
    expect(go(objs, { path: '/other' }).status).toBe(404);
  });

  test('two VirtualServices for one host merge oldest first', () => {
    const objs = [
      vs('b', { http: [{ route: [to('web')] }] }, 'app', { creationTimestamp: '2024-01-01T00:00:00Z' }),
      vs('a', { http: [{ match: [{ uri: { prefix: '/api' } }], route: [to('api')] }] }, 'app', { creationTimestamp: '2024-02-01T00:00:00Z' }),
    ];
    const d = go(objs, { path: '/api' });
    expect(d.backendNames).toEqual(['api']);
    expect(d.notes.join('\n')).toMatch(/merges their rules/);
  });

  test('retries and timeout', () => {
    const d = go([vs('v', { http: [{ timeout: '2s', retries: { attempts: 3, retryOn: '5xx,503', perTryTimeout: '1s' }, route: [to('web')] }] })]);
    expect(d.retry).toMatchObject({ source: 'route', attempts: 3, retryOn: '5xx,retriable-status-codes', codes: [503], perTryTimeout: '1s' });
    expect(d.timeouts?.routeTimeout).toBe('2s');
  });

  test('mirror at 100% by default', () => {
    const d = go([vs('v', { http: [{ mirror: { host: 'api', port: { number: 80 } }, route: [to('web')] }] })]);
    expect(d.mirrors).toEqual([expect.objectContaining({ name: 'api', percent: 100 })]);
  });
});
