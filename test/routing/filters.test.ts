import { Duration } from 'cdk8s';
import { api, edge, FakeBackend, routeSpec } from './fakes';
import { HttpPathModifier, HttpPathModifierType } from '../../src/routing/http-path-modifier';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter, HttpRouteFilterType, HttpScheme } from '../../src/routing/http-route-filter';
import { PathMatch } from '../../src/routing/path-match';
import { shopChart } from '../chart';

function ruleWith(filters: HttpRouteFilter[], withBackend = true, matches = [{ path: PathMatch.prefix('/api') }]): any {
  const chart = shopChart();
  new HttpRoute(chart, 'api', {
    parents: [edge()],
    rules: [{ matches, filters, backends: withBackend ? [{ backend: api() }] : [] }],
  });
  return routeSpec(chart).rules[0];
}

describe('HttpRouteFilter', () => {
  test('requestHeaderModifier sorts set and add by name and keeps remove', () => {
    const rule = ruleWith([HttpRouteFilter.requestHeaderModifier({
      set: { 'x-b': '2', 'x-a': '1' },
      add: { 'x-c': '3' },
      remove: ['x-internal', 'cookie'],
    })]);
    expect(rule.filters).toEqual([{
      type: 'RequestHeaderModifier',
      requestHeaderModifier: {
        set: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '2' }],
        add: [{ name: 'x-c', value: '3' }],
        remove: ['x-internal', 'cookie'],
      },
    }]);
  });

  test('responseHeaderModifier', () => {
    const rule = ruleWith([HttpRouteFilter.responseHeaderModifier({ set: { 'cache-control': 'no-store' } })]);
    expect(rule.filters).toEqual([{
      type: 'ResponseHeaderModifier',
      responseHeaderModifier: { set: [{ name: 'cache-control', value: 'no-store' }] },
    }]);
  });

  test('requestRedirect writes statusCode 302 when unset', () => {
    const rule = ruleWith([HttpRouteFilter.requestRedirect({ scheme: HttpScheme.HTTPS })], false);
    expect(rule.filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 302 } }]);
    expect(rule.backendRefs).toBeUndefined();
  });

  test('requestRedirect with every field', () => {
    const rule = ruleWith([HttpRouteFilter.requestRedirect({
      scheme: HttpScheme.HTTPS,
      hostname: 'www.example.com',
      port: 8443,
      path: HttpPathModifier.replacePrefixMatch('/v2'),
      statusCode: 301,
    })], false);
    expect(rule.filters[0].requestRedirect).toEqual({
      scheme: 'https',
      hostname: 'www.example.com',
      port: 8443,
      path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' },
      statusCode: 301,
    });
  });

  test('urlRewrite with a full path', () => {
    const rule = ruleWith([HttpRouteFilter.urlRewrite({ hostname: 'api.internal', path: HttpPathModifier.replaceFullPath('/') })]);
    expect(rule.filters).toEqual([{
      type: 'URLRewrite',
      urlRewrite: { hostname: 'api.internal', path: { type: 'ReplaceFullPath', replaceFullPath: '/' } },
    }]);
  });

  test('requestMirror with percent and with fraction', () => {
    const shadow = new FakeBackend('api-shadow', 80);
    const rule = ruleWith([HttpRouteFilter.requestMirror(shadow, { percent: 10 })]);
    expect(rule.filters).toEqual([{
      type: 'RequestMirror',
      requestMirror: { backendRef: { group: '', kind: 'Service', name: 'api-shadow', port: 80 }, percent: 10 },
    }]);
    const rule2 = ruleWith([HttpRouteFilter.requestMirror(shadow, { fraction: { numerator: 1 } })]);
    expect(rule2.filters[0].requestMirror.fraction).toEqual({ numerator: 1, denominator: 100 });
    const rule3 = ruleWith([HttpRouteFilter.requestMirror(shadow)]);
    expect(rule3.filters[0].requestMirror).toEqual({ backendRef: { group: '', kind: 'Service', name: 'api-shadow', port: 80 } });
  });

  test('requestMirror may be repeated', () => {
    const rule = ruleWith([
      HttpRouteFilter.requestMirror(new FakeBackend('a', 80)),
      HttpRouteFilter.requestMirror(new FakeBackend('b', 80)),
    ]);
    expect(rule.filters).toHaveLength(2);
  });

  test('cors writes maxAge 5 when unset', () => {
    const rule = ruleWith([HttpRouteFilter.cors({ allowOrigins: ['https://app.example.com'] })]);
    expect(rule.filters).toEqual([{ type: 'CORS', cors: { allowOrigins: ['https://app.example.com'], maxAge: 5 } }]);
  });

  test('cors with every field', () => {
    const rule = ruleWith([HttpRouteFilter.cors({
      allowOrigins: ['https://*.example.com', 'http://localhost:3000'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['x-token'],
      exposeHeaders: ['x-request-id'],
      allowCredentials: true,
      maxAge: Duration.hours(1),
    })]);
    expect(rule.filters[0].cors).toEqual({
      allowOrigins: ['https://*.example.com', 'http://localhost:3000'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['x-token'],
      exposeHeaders: ['x-request-id'],
      allowCredentials: true,
      maxAge: 3600,
    });
  });

  test('extensionRef', () => {
    const rule = ruleWith([HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'Auth', name: 'jwt' })]);
    expect(rule.filters).toEqual([{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Auth', name: 'jwt' } }]);
  });

  test('backend-level filters', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()] });
    route.addRule().addBackend(api(), {
      weight: 2,
      filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-backend': 'api' } })],
    });
    expect(routeSpec(chart).rules[0].backendRefs).toEqual([{
      group: '',
      kind: 'Service',
      name: 'api',
      port: 80,
      weight: 2,
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-backend', value: 'api' }] } }],
    }]);
  });

  test('addFilter adds a rule-level filter', () => {
    const chart = shopChart();
    const route = new HttpRoute(chart, 'api', { parents: [edge()] });
    const rule = route.addRule({ backends: [{ backend: api() }] });
    rule.addFilter(HttpRouteFilter.responseHeaderModifier({ remove: ['server'] }));
    expect(rule.filters.map(f => f.type)).toEqual([HttpRouteFilterType.RESPONSE_HEADER_MODIFIER]);
    expect(routeSpec(chart).rules[0].filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } }]);
  });

  test('replacePrefixMatch works with the default match', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      rules: [{ filters: [HttpRouteFilter.urlRewrite({ path: HttpPathModifier.replacePrefixMatch('/v2') })], backends: [{ backend: api() }] }],
    });
    expect(routeSpec(chart).rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
  });

  test('filter and modifier types', () => {
    expect(HttpRouteFilter.cors({}).type).toBe(HttpRouteFilterType.CORS);
    expect(HttpPathModifier.replaceFullPath('/x').type).toBe(HttpPathModifierType.REPLACE_FULL_PATH);
    expect(HttpPathModifier.replacePrefixMatch('/x').value).toBe('/x');
  });
});
