import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import { SynthValidation } from '../../src/analysis/synth-validation';
import { Backend } from '../../src/routing/backend';
import { CanaryRoute } from '../../src/routing/canary-route';
import { GatewayApiChannel } from '../../src/routing/gateway-api-channel';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter } from '../../src/routing/http-route-filter';
import { HttpScheme } from '../../src/routing/http-route-filter-options';
import { HttpRouteRetry, RouteDefaults } from '../../src/routing/http-route-rule';
import { RouteParent } from '../../src/routing/route-parent';
import { SplitHttpRoute } from '../../src/routing/split-http-route';

const KEY = GatewayApiChannel.CONTEXT_KEY;
const api = Backend.fromServiceName('api', 80);
const web = Backend.fromServiceName('web', 80);
const edge = RouteParent.fromGatewayName('edge', { namespace: 'infra' });

/** A chart in namespace `shop` of an App that targets `channel` (unset: the default). */
function chartFor(channel?: string): Chart {
  const app = Testing.app();
  if (channel !== undefined) app.node.setContext(KEY, channel);
  return new Chart(app, 'shop', { namespace: 'shop' });
}

function route(chart: Chart, retry?: HttpRouteRetry, defaults?: RouteDefaults): HttpRoute {
  return new HttpRoute(chart, 'api', { parents: [edge], defaults, rules: [{ backends: [{ backend: api }], retry }] });
}

function rulesOf(chart: Chart): any[] {
  return Testing.synth(chart).find((o: any) => o.kind === 'HTTPRoute').spec.rules;
}

describe('GatewayApiChannel', () => {
  test('is STANDARD without context and EXPERIMENTAL with "experimental"', () => {
    expect(GatewayApiChannel.of(chartFor())).toBe(GatewayApiChannel.STANDARD);
    expect(GatewayApiChannel.of(chartFor('standard')).isExperimental).toBe(false);
    expect(GatewayApiChannel.of(chartFor('experimental'))).toBe(GatewayApiChannel.EXPERIMENTAL);
    expect(GatewayApiChannel.EXPERIMENTAL.toString()).toBe('experimental');
    expect(KEY).toBe('cdk8s-istio-gateway:gatewayApiChannel');
  });

  test('fails when the context value is unknown', () => {
    expect(() => route(chartFor('beta'))).toThrow(
      '[shop/api] context "cdk8s-istio-gateway:gatewayApiChannel" is "beta"; allowed values are "standard"');
  });

  test('the route reports its channel', () => {
    expect(route(chartFor('experimental'), { attempts: 3 }).gatewayApiChannel).toBe(GatewayApiChannel.EXPERIMENTAL);
  });
});

describe('HttpRoute retry (experimental channel)', () => {
  test('renders attempts, backoff in the GEP-2257 form and codes as written', () => {
    const chart = chartFor('experimental');
    route(chart, { attempts: 3, backoff: Duration.millis(1500), codes: [503, 502] });
    expect(rulesOf(chart)[0].retry).toEqual({ attempts: 3, backoff: '1s500ms', codes: [503, 502] });
  });

  test('an empty retry is written: Istio then retries connection failures twice', () => {
    const chart = chartFor('experimental');
    route(chart, {});
    expect(rulesOf(chart)[0].retry).toEqual({});
  });

  test('the synthesized route passes the experimental-channel schema validation the context key turns on', () => {
    const chart = chartFor('experimental');
    route(chart, { attempts: 2, backoff: Duration.millis(100), codes: [500, 502, 503, 504] });
    expect(SynthValidation.errors(chart)).toEqual([]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('without the context key, synth validation checks against the standard CRD and finds the field', () => {
    // a raw object sneaks the field past the constructs: validation is the second line of defence
    const chart = chartFor();
    const spec = { parentRefs: [{ name: 'edge' }], rules: [{ backendRefs: [{ name: 'api', port: 80 }], retry: { attempts: 2 } }] };
    new ApiObject(chart, 'raw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'raw' }, spec });
    expect(SynthValidation.errors(chart, { externalObjects: ['Gateway shop/edge', 'Service shop/api'] }).join('\n'))
      .toContain('spec.rules[0].retry is an experimental-channel field');
    const experimental = chartFor('experimental');
    new ApiObject(experimental, 'raw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'raw' }, spec });
    expect(SynthValidation.errors(experimental, { externalObjects: ['Gateway shop/edge', 'Service shop/api'] })).toEqual([]);
  });

  test('fails when a rule sets retry and the App targets the standard channel', () => {
    expect(() => route(chartFor(), { attempts: 2 })).toThrow(
      '[shop/api] rules[0] sets retry, which is only in the experimental channel of Gateway API v1.6.1 (the standard-channel '
      + 'HTTPRoute CRD has no rules[].retry); install the experimental CRDs and set the context key '
      + '"cdk8s-istio-gateway:gatewayApiChannel" to "experimental" on the App before adding constructs, or remove retry');
  });

  test.each([
    ['attempts is 0', { attempts: 0 }, 'rules[0] retry.attempts must be a whole number of at least 1, got 0'],
    ['attempts is fractional', { attempts: 1.5 }, 'retry.attempts must be a whole number of at least 1, got 1.5'],
    ['a code is below 400', { codes: [302] }, 'retry.codes[0] must be an HTTP status code from 400 to 599, got 302'],
    ['a code is above 599', { codes: [503, 600] }, 'retry.codes[1] must be an HTTP status code from 400 to 599, got 600'],
    ['a code is listed twice', { codes: [503, 504, 503] }, 'retry.codes lists 503 twice (codes[0] and codes[2])'],
    ['backoff is 0', { backoff: Duration.millis(0) }, 'retry.backoff must be a whole number of milliseconds, at least 1ms, got 0ms'],
    ['backoff is sub-millisecond', { backoff: Duration.millis(0.5) }, 'retry.backoff must be a whole number of milliseconds'],
    ['backoff is too long', { backoff: Duration.hours(100000) }, 'retry.backoff 100000h is too long; use at most 99999h'],
  ])('fails when %s', (_what, retry, message) => {
    expect(() => route(chartFor('experimental'), retry as HttpRouteRetry)).toThrow(message);
  });

  test('CanaryRoute writes its retry into every rule', () => {
    const chart = chartFor('experimental');
    new CanaryRoute(chart, 'web', {
      parent: edge,
      stable: api,
      canary: web,
      canaryPercent: 10,
      canaryHeader: { name: 'x-canary', value: '1' },
      retry: { attempts: 4, codes: [503] },
    });
    const rules = rulesOf(chart);
    expect(rules.map((r: any) => r.retry)).toEqual([{ attempts: 4, codes: [503] }, { attempts: 4, codes: [503] }]);
  });

  test('fails when CanaryRoute sets retry on the standard channel', () => {
    expect(() => new CanaryRoute(chartFor(), 'web', { parent: edge, stable: api, canary: web, retry: { attempts: 1 } }))
      .toThrow('rules[0] ("traffic-split") sets retry, which is only in the experimental channel');
  });

  test('a channel set on the App reaches routes in every chart of it', () => {
    const app = new App();
    app.node.setContext(KEY, 'experimental');
    const chart = new Chart(app, 'team', { namespace: 'team' });
    expect(() => route(chart, { attempts: 2 })).not.toThrow();
  });
});

describe('RouteDefaults', () => {
  const defaults: RouteDefaults = { timeouts: { request: Duration.seconds(15), backendRequest: Duration.seconds(5) } };

  test('every rule without timeouts gets the defaults, written out', () => {
    const chart = chartFor();
    const r = new HttpRoute(chart, 'api', {
      parents: [edge],
      defaults,
      rules: [
        { name: 'a', backends: [{ backend: api }] },
        { name: 'b', backends: [{ backend: web }], timeouts: { request: Duration.seconds(60) } },
        { name: 'c', backends: [{ backend: web }], timeouts: { backendRequest: Duration.seconds(0) } },
      ],
    });
    expect(rulesOf(chart).map((x: any) => x.timeouts)).toEqual([
      { request: '15s', backendRequest: '5s' },
      { request: '1m', backendRequest: '5s' },
      { request: '15s', backendRequest: '0s' },
    ]);
    expect(r.rules[1].timeouts?.request?.toSeconds()).toBe(60);
    expect(r.defaults).toBe(defaults);
    expect(SynthValidation.errors(chart)).toEqual([]);
  });

  test('rules added later get the defaults too', () => {
    const chart = chartFor();
    const r = new HttpRoute(chart, 'api', { parents: [edge], defaults });
    r.addRule({ backends: [{ backend: api }] });
    expect(rulesOf(chart)[0].timeouts).toEqual({ request: '15s', backendRequest: '5s' });
  });

  test('a redirect rule gets no defaults: it sends nothing to a backend', () => {
    const chart = chartFor();
    new HttpRoute(chart, 'api', {
      parents: [edge],
      defaults,
      rules: [{ filters: [HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS, statusCode: 301 })] }],
    });
    expect(rulesOf(chart)[0].timeouts).toBeUndefined();
  });

  test('CanaryRoute: defaults fill in, its own timeouts win field by field', () => {
    const chart = chartFor();
    new CanaryRoute(chart, 'web', {
      parent: edge, stable: api, canary: web, defaults, timeouts: { request: Duration.seconds(30) },
    });
    expect(rulesOf(chart)[0].timeouts).toEqual({ request: '30s', backendRequest: '5s' });
  });

  test('SplitHttpRoute passes the defaults to every part', () => {
    const chart = chartFor();
    const split = new SplitHttpRoute(chart, 'many', {
      parents: [edge],
      hostnames: Array.from({ length: 20 }, (_, i) => `t${i}.example.com`),
      rules: [{ backends: [{ backend: api }] }],
      defaults,
    });
    expect(split.routes).toHaveLength(2);
    const all = Testing.synth(chart).filter((o: any) => o.kind === 'HTTPRoute');
    expect(all.map((o: any) => o.spec.rules[0].timeouts)).toEqual([
      { request: '15s', backendRequest: '5s' }, { request: '15s', backendRequest: '5s' },
    ]);
  });

  test('a default retry applies to rules without their own; an own retry replaces it as a whole', () => {
    const chart = chartFor('experimental');
    new HttpRoute(chart, 'api', {
      parents: [edge],
      defaults: { retry: { attempts: 3, codes: [503] } },
      rules: [
        { name: 'a', backends: [{ backend: api }] },
        { name: 'b', backends: [{ backend: web }], retry: { attempts: 1 } },
      ],
    });
    expect(rulesOf(chart).map((x: any) => x.retry)).toEqual([{ attempts: 3, codes: [503] }, { attempts: 1 }]);
  });

  test('fails when the default retry targets the standard channel', () => {
    expect(() => route(chartFor(), undefined, { retry: { attempts: 2 } })).toThrow(
      '[shop/api] defaults.retry is set, which is only in the experimental channel');
  });

  test.each([
    ['a default timeout is sub-millisecond', { timeouts: { request: Duration.millis(0.5) } },
      'defaults.timeouts.request must be a whole number of milliseconds, 0 or more, got 0.5ms'],
    ['the default backendRequest exceeds the default request', { timeouts: { request: Duration.seconds(1), backendRequest: Duration.seconds(2) } },
      'defaults.timeouts.backendRequest (2s) is longer than defaults.timeouts.request (1s)'],
    ['the default retry is invalid', { retry: { codes: [200] } }, 'defaults.retry.codes[0] must be an HTTP status code from 400 to 599, got 200'],
  ])('fails when %s', (_what, d, message) => {
    expect(() => route(chartFor('experimental'), undefined, d as RouteDefaults)).toThrow(message);
  });

  test('fails when a rule timeout and a default together put backendRequest above request', () => {
    expect(() => new HttpRoute(chartFor(), 'api', {
      parents: [edge],
      defaults: { timeouts: { request: Duration.seconds(10) } },
      rules: [{ backends: [{ backend: api }], timeouts: { backendRequest: Duration.seconds(30) } }],
    })).toThrow('[shop/api] rules[0] timeouts.backendRequest (30s) is longer than timeouts.request (10s, from the route defaults); '
      + 'make it at most the request timeout');
  });
});
