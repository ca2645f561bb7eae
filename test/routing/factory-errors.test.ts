import { Duration } from 'cdk8s';
import { api, edge, routeSpec } from './fakes';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { AllowedRoutes } from '../../src/gateway/allowed-routes';
import { GatewayAddress } from '../../src/gateway/gateway-address';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { factoryCall } from '../../src/internal/errors';
import { Backend } from '../../src/routing/backend';
import { CanaryRoute } from '../../src/routing/canary-route';
import { HeaderMatch } from '../../src/routing/header-match';
import { headerValueProblem } from '../../src/routing/header-value';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter } from '../../src/routing/http-route-filter';
import { shopChart } from '../chart';

/** Invalid values made by static factories, the message they carry, and how to reach it. */
const invalidValues: Array<[string, () => unknown, string]> = [
  ['Backend.fromServiceName port 0', () => Backend.fromServiceName('api', 0).backendReference(),
    'Backend.fromServiceName("api", 0): port must be an integer between 1 and 65535, got 0; pass the Service port to send traffic to, e.g. 80'],
  ['Backend.fromServiceName bad name', () => Backend.fromServiceName('my api', 80).backendReference(),
    'Backend.fromServiceName("my api", 80): service name "my api" must be a DNS label'],
  ['GatewayAddress.hostname wildcard', () => GatewayAddress.hostname('*.x')._toKube(),
    'GatewayAddress.hostname("*.x"): "*.x" has a wildcard, but Istio uses a Hostname address as the Service to send traffic to, which a wildcard cannot name; '
    + 'give the precise DNS name, e.g. "istio-ingressgateway.istio-system.svc.cluster.local"'],
  ['GatewayAddress.ipAddress', () => GatewayAddress.ipAddress('10.0.0.256')._toKube(),
    'GatewayAddress.ipAddress("10.0.0.256"): "10.0.0.256" is not an IP address'],
  ['GatewayAddress.ipAddress with a malformed IPv6 address', () => GatewayAddress.ipAddress(':::')._toKube(),
    'GatewayAddress.ipAddress(":::"): ":::" is not an IP address'],
  ['GatewayAddress.ipAddress with an IPv6 zone', () => GatewayAddress.ipAddress('fe80::1%eth0')._toKube(),
    'GatewayAddress.ipAddress("fe80::1%eth0"): "fe80::1%eth0" is not an IP address'],
  ['AllowedRoutes.fromNamespaces empty', () => AllowedRoutes.fromNamespaces([])._toKube(),
    'AllowedRoutes.fromNamespaces([]): needs at least one namespace name; use AllowedRoutes.sameNamespace() for the gateway\'s own namespace'],
  ['AllowedRoutes.fromNamespaces bad name', () => AllowedRoutes.fromNamespaces(['Shop'])._toKube(),
    'AllowedRoutes.fromNamespaces(["Shop"]): namespace "Shop" is not a valid namespace name'],
  ['AllowedRoutes.fromNamespacesWithLabels bad value', () => AllowedRoutes.fromNamespacesWithLabels({ team: 'a b' })._toKube(),
    'AllowedRoutes.fromNamespacesWithLabels({"team":"a b"}): label team="a b" has an invalid value'],
  ['LoadBalancer.consistentHashByHeader with a space', () => LoadBalancer.consistentHashByHeader('x user')._toIstio(),
    'LoadBalancer.consistentHashByHeader("x user"): header name "x user" is not a valid HTTP header name'],
  ['HeaderMatch.exact with CR/LF', () => HeaderMatch.exact('x-a', 'a\r\nb').value,
    'HeaderMatch.exact("x-a", "a\\r\\nb"): value "a\\r\\nb" contains a line break (CR) at position 1, which Envoy rejects; put the value on one line'],
];

describe('static factories name the call, the value and the fix', () => {
  test.each(invalidValues)('fails when %s is used outside a construct', (_what, use, message) => {
    expect(use).toThrow(message);
    expect(use).toThrow(/^[A-Z][A-Za-z]+\.[a-zA-Z]+\(/);
  });

  test('the factories do not throw themselves, so the construct that uses the value can add its path', () => {
    expect(() => [
      Backend.fromServiceName('api', 0), GatewayAddress.hostname('*.x'), AllowedRoutes.fromNamespaces([]),
      LoadBalancer.consistentHashByHeader('x user'), HeaderMatch.exact('x-a', ' v'),
    ]).not.toThrow();
  });

  test('fails when a gateway uses an invalid address, naming the path', () => {
    expect(() => new IngressGateway(shopChart(), 'edge', { addresses: [GatewayAddress.hostname('*.x')] }))
      .toThrow('[shop/edge] addresses[0] GatewayAddress.hostname("*.x"): "*.x" has a wildcard');
  });

  test('fails when a listener uses invalid allowedRoutes, naming the path', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addHttpListener('web', { port: 8080, allowedRoutes: AllowedRoutes.fromNamespaces([]) }))
      .toThrow('[shop/edge/web] allowedRoutes AllowedRoutes.fromNamespaces([]): needs at least one namespace name');
  });

  test('fails when a route uses a backend whose factory found a problem', () => {
    expect(() => new HttpRoute(shopChart(), 'api', { parents: [edge()], rules: [{ backends: [{ backend: Backend.fromServiceName('api', 0) }] }] }))
      .toThrow('[shop/api] backend Backend.fromServiceName("api", 0): port must be an integer between 1 and 65535, got 0');
  });

  test('fails when a canary route uses a backend whose factory found a problem, naming the path', () => {
    expect(() => new CanaryRoute(shopChart(), 'canary', { parent: edge(), stable: api(), canary: Backend.fromServiceName('api-v2', 0) }))
      .toThrow('[shop/canary] canary Backend.fromServiceName("api-v2", 0): port must be an integer between 1 and 65535, got 0');
  });

  test('fails when a route uses a header match value with a line break', () => {
    expect(() => new HttpRoute(shopChart(), 'api', {
      parents: [edge()], rules: [{ matches: [{ headers: [HeaderMatch.exact('x-version', 'v2\n')] }], backends: [{ backend: api() }] }],
    })).toThrow('[shop/api] rules[0] matches[0].headers[0] HeaderMatch.exact("x-version", "v2\\n"): value "v2\\n" contains a line break (LF) at position 2, which Envoy rejects');
  });

  test('fails when IngressGateway.fromGatewayName gets a bad name, naming the path and the call', () => {
    expect(() => IngressGateway.fromGatewayName(shopChart(), 'platform', 'Edge', 'infra'))
      .toThrow('[shop/platform] IngressGateway.fromGatewayName(scope, "platform", "Edge", "infra"): gateway name "Edge" is not a valid DNS label; '
        + 'use the Gateway\'s metadata.name (lowercase letters, digits and "-")');
    expect(() => IngressGateway.fromGatewayName(shopChart(), 'platform', 'edge', 'In Fra'))
      .toThrow('[shop/platform] IngressGateway.fromGatewayName(scope, "platform", "edge", "In Fra"): namespace "In Fra" is not a valid DNS label');
    expect(() => IngressGateway.fromGatewayName(shopChart(), 'platform', 'edge').listener('Bad_Name'))
      .toThrow('[shop/platform] listener("Bad_Name"): listener name "Bad_Name" is invalid; use the listener\'s name on the Gateway');
  });

  test('factoryCall renders arguments as written', () => {
    expect(factoryCall('LoadBalancer.consistentHashByCookie', ['s', Duration.seconds(1), undefined])).toBe('LoadBalancer.consistentHashByCookie("s", Duration(1000ms))');
    expect(factoryCall('X.y', [undefined, 1])).toBe('X.y(undefined, 1)');
    expect(factoryCall('X.y', [])).toBe('X.y()');
  });
});

describe('header values that HTTP cannot carry', () => {
  test.each([
    ['a CR', 'a\rb', 'contains a line break (CR) at position 1, which Envoy rejects; put the value on one line'],
    ['an LF', 'a\nb', 'contains a line break (LF) at position 1, which Envoy rejects; put the value on one line'],
    ['a NUL', 'a\u0000', 'contains a NUL character at position 1, which Envoy rejects; remove it'],
    ['a control character', 'a\u0007', 'contains the control character U+0007 at position 1, which HTTP does not allow in a header value; remove it'],
    ['a leading space', ' v2', 'has leading or trailing whitespace'],
    ['a trailing tab', 'v2\t', 'has leading or trailing whitespace'],
  ])('fails when a header value has %s', (_what, value, problem) => {
    expect(headerValueProblem(value)).toContain(problem);
  });

  test('accepts inner spaces and tabs, and whitespace around a pattern', () => {
    expect(headerValueProblem('a b\tc')).toBeUndefined();
    expect(headerValueProblem(' .* ', true)).toBeUndefined();
    expect(headerValueProblem('a\nb', true)).toContain('line break');
  });

  test.each([
    ['requestHeaderModifier set', HttpRouteFilter.requestHeaderModifier({ set: { 'x-a': 'v\r\nx-injected: 1' } }),
      /\[shop\/api\] rules\[0\] filters\[0\] \(RequestHeaderModifier\) header "x-a" in set has value "v\\r\\nx-injected: 1", which contains a line break \(CR\)/],
    ['responseHeaderModifier add', HttpRouteFilter.responseHeaderModifier({ add: { 'x-b': ' padded' } }),
      /\[shop\/api\] rules\[0\] filters\[0\] \(ResponseHeaderModifier\) header "x-b" in add has value " padded", which has leading or trailing whitespace/],
  ])('fails when a %s value cannot be carried, naming the path', (_what, filter, message) => {
    expect(() => new HttpRoute(shopChart(), 'api', { parents: [edge()], rules: [{ filters: [filter], backends: [{ backend: api() }] }] }))
      .toThrow(message);
  });

  test('a valid header modifier value is written as given', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()], rules: [{ filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-a': 'a b' } })], backends: [{ backend: api() }] }],
    });
    expect(routeSpec(chart).rules[0].filters[0].requestHeaderModifier.set).toEqual([{ name: 'x-a', value: 'a b' }]);
  });
});
