import { ApiObject, App } from 'cdk8s';
import { gateway, httpListener, route, service, simulate, to } from './helpers';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import * as istio from '../../imports/networking.istio.io';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { describeDecision, percent, trafficMatchers } from '../../src/simulation/jest-matchers';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';
import { shopChart } from '../chart';

describe('TrafficSimulator.fromApp', () => {
  function shop(): App {
    const chart = shopChart();
    const app = chart.node.root as App;
    new gwapi.Gateway(chart, 'gw', {
      metadata: { name: 'edge' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'shop-tls' }] } },
        ],
      },
    });
    new gwapi.HttpRoute(chart, 'redirect', {
      metadata: { name: 'redirect' },
      spec: {
        parentRefs: [{ name: 'edge', sectionName: 'http' }],
        rules: [{
          filters: [{
            type: gwapi.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: { scheme: gwapi.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: 301 },
          }],
        }],
      },
    });
    new gwapi.HttpRoute(chart, 'api', {
      metadata: { name: 'api' },
      spec: {
        parentRefs: [{ name: 'edge', sectionName: 'https' }],
        rules: [
          {
            matches: [{ path: { type: gwapi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' } }],
            backendRefs: [{ name: 'api-v1', port: 80, weight: 90 }, { name: 'api-v2', port: 80, weight: 10 }],
          },
          {
            matches: [{
              path: { type: gwapi.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' },
              headers: [{ name: 'x-version', value: 'v2' }],
            }],
            backendRefs: [{ name: 'api-v2', port: 80 }],
          },
        ],
      },
    });
    for (const v of ['api-v1', 'api-v2']) {
      new ApiObject(chart, v, { apiVersion: 'v1', kind: 'Service', metadata: { name: v }, spec: { ports: [{ name: 'http', port: 80 }] } });
    }
    new istio.DestinationRule(chart, 'dr', {
      metadata: { name: 'api-v2' },
      spec: { host: 'api-v2.shop.svc.cluster.local', trafficPolicy: { outlierDetection: { consecutive5XxErrors: 5 } } },
    });
    return app;
  }

  const sim = TrafficSimulator.fromApp(shop());

  test('http is redirected to https with 301', () => {
    expect(sim.request({ host: 'shop.example.com', path: '/api/cart' })).toRedirectTo('https://shop.example.com/api/cart', 301);
  });

  test('https splits 90/10 between the versions', () => {
    const d = sim.request({ scheme: 'https', host: 'shop.example.com', path: '/api/cart' });
    expect(d).toRouteTo('api-v1', 0.9);
    expect(d).toRouteTo('api-v2', 0.1);
    expect(d.route).toBe('shop/api');
    expect(d.listener).toBe('https');
  });

  test('x-version: v2 always goes to api-v2, with its DestinationRule policy', () => {
    const d = sim.request({ scheme: 'https', host: 'shop.example.com', path: '/api/cart', headers: { 'x-version': 'v2' } });
    expect(d).toRouteTo('api-v2');
    expect(d.ruleIndex).toBe(1);
    expect(d.policyOf('api-v2')).toEqual({
      destinationRule: 'shop/api-v2', host: 'api-v2.shop.svc.cluster.local', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } },
    });
  });

  test('other paths get 404', () => {
    expect(sim.request({ scheme: 'https', host: 'shop.example.com', path: '/web' })).toReturnStatus(404);
  });

  test('fromManifests and fromYaml read the same decisions', () => {
    const set = ManifestSet.fromApp(shop());
    const yaml = set.all.map((m) => JSON.stringify(m.object)).join('\n---\n');
    const request = { scheme: 'https', host: 'shop.example.com', path: '/api' };
    expect(TrafficSimulator.fromManifests(set).request(request).toJson()).toEqual(sim.request(request).toJson());
    expect(TrafficSimulator.fromYaml(yaml).request(request).toJson()).toEqual(sim.request(request).toJson());
  });
});

describe('RoutingDecision.toJson', () => {
  test('keys come in a stable order and absent values are null', () => {
    const sim = simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web')] })]);
    const json = sim.request({ host: 'h', headers: { B: '2', a: '1' } }).toJson();
    expect(Object.keys(json)).toEqual([
      'status', 'gateway', 'listener', 'route', 'routeKind', 'rule', 'ruleName', 'redirect', 'rewrite', 'requestHeaders',
      'backends', 'policy', 'timeouts', 'retry', 'authorization', 'reason', 'responseHeaders', 'mirrors', 'errorShare', 'notes',
    ]);
    expect(json).toEqual({
      status: 200,
      gateway: 'infra/gw',
      listener: 'http',
      route: 'app/r',
      routeKind: 'HTTPRoute',
      rule: 0,
      ruleName: null,
      redirect: null,
      rewrite: null,
      requestHeaders: { a: '1', b: '2' },
      backends: [{ namespace: 'app', name: 'web', port: 80, weight: 1, share: 1, status: 200, problem: null }],
      policy: { 'app/web': null },
      timeouts: null,
      retry: {
        source: 'istio-default', attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', codes: [], backoff: null, perTryTimeout: null,
      },
      authorization: null,
      reason: null,
      responseHeaders: null,
      mirrors: [],
      errorShare: 0,
      notes: [],
    });
    expect(Object.keys(json.requestHeaders)).toEqual(['a', 'b']);
  });

  test('the same input gives the same output', () => {
    const make = () => simulate([gateway([httpListener()]), service('web'), route('r', { rules: [to('web')] })]);
    expect(JSON.stringify(make().request({ host: 'h' }).toJson())).toBe(JSON.stringify(make().request({ host: 'h' }).toJson()));
  });
});

describe('jest matchers', () => {
  const sim = simulate([
    gateway([httpListener()]), service('web'),
    route('r', {
      rules: [
        to('web'),
        { matches: [{ path: { type: 'PathPrefix', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } } }] },
      ],
    }),
  ]);
  const routed = sim.request({ host: 'h' });
  const redirected = sim.request({ host: 'h', path: '/old' });

  test('pass and fail with readable messages', () => {
    expect(trafficMatchers.toRouteTo(routed, 'web').pass).toBe(true);
    const miss = trafficMatchers.toRouteTo(routed, 'api');
    expect(miss.pass).toBe(false);
    expect(miss.message()).toBe("expected 100% of the request's traffic to reach api, got 0% (status 200; route app/r rule 0; backends app/web=100%)");
    expect(trafficMatchers.toRedirectTo(redirected, 'http://h/new', 302).pass).toBe(true);
    expect(trafficMatchers.toRedirectTo(redirected, 'http://h/new', 301).message()).toBe('expected a redirect 301 to http://h/new, got status 302; route app/r rule 1; redirect 302 http://h/new');
    expect(trafficMatchers.toReturnStatus(routed, 404).message()).toBe('expected status 404, got status 200; route app/r rule 0; backends app/web=100%');
    expect(trafficMatchers.toReturnStatus({}, 200).message()).toBe('expected a RoutingDecision, got {}');
    expect(trafficMatchers.toRouteTo(null, 'x').pass).toBe(false);
    expect(trafficMatchers.toRedirectTo(1, 'x').pass).toBe(false);
  });

  test('negated matchers', () => {
    expect(routed).not.toRouteTo('api');
    expect(routed).not.toRedirectTo('http://h/new');
    expect(redirected).not.toReturnStatus(200);
    expect(trafficMatchers.toRouteTo(routed, 'web').message()).toBe("expected 100% of the request's traffic not to reach web");
  });

  test('shares are printed as percentages, with the status and reason of a failed request', () => {
    const missing = sim.request({ host: 'h', path: '/old', method: 'POST', port: 81 });
    expect(trafficMatchers.toRouteTo(missing, 'web', 0.9).message())
      .toBe("expected 90% of the request's traffic to reach web, got 0% (status 0; reason: gateway infra/gw has no listener on port 81 (listeners: http (HTTP 80)); the connection is refused)");
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(1 / 3)).toBe('33.3333%');
    expect(percent(0)).toBe('0%');
  });

  test('describeDecision includes the reason', () => {
    expect(describeDecision(sim.request({ host: 'h', port: 81 }))).toContain('status 0; reason: gateway infra/gw has no listener on port 81');
  });
});
