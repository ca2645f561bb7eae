import { ApiObject, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { edge, FakeBackend, synth } from './fakes';
import { celErrors, schemaErrors } from './schema';
import { Backend } from '../../src/routing/backend';
import { CanaryRoute } from '../../src/routing/canary-route';
import { GrpcCanaryRoute, GrpcCanaryRouteProps } from '../../src/routing/grpc-canary-route';
import { GrpcMethodMatch } from '../../src/routing/grpc-method-match';
import { shopChart } from '../chart';

const v1 = () => new FakeBackend('greeter-v1', 9090);
const v2 = () => new FakeBackend('greeter-v2', 9090);
const ref = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 9090, weight });

function canary(props: Partial<GrpcCanaryRouteProps> = {}) {
  const chart = shopChart();
  const route = new GrpcCanaryRoute(chart, 'greeter', { parent: edge(), stable: v1(), canary: v2(), ...props });
  return { chart, route };
}

const spec = (chart: any) => synth(chart).find(o => o.kind === 'GRPCRoute').spec;

describe('GrpcCanaryRoute', () => {
  test('defaults: one split rule without match, 100/0, both weights written', () => {
    const { chart, route } = canary();
    const objects = synth(chart);
    expect(objects.map(o => o.kind)).toEqual(['GRPCRoute']);
    expect(objects[0].metadata).toEqual({ name: 'greeter', namespace: 'shop' });
    expect(objects[0].spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'https' }],
      rules: [{ name: 'traffic-split', backendRefs: [ref('greeter-v1', 100), ref('greeter-v2', 0)] }],
    });
    expect(route.canaryPercent).toBe(0);
    expect(route.stablePercent).toBe(100);
    expect(route.weightsManagedExternally).toBe(false);
    expect(route.node.defaultChild).toBe(ApiObject.of(route.route));
    expect(ApiObject.of(route).kind).toBe('GRPCRoute');
  });

  test.each([0, 1, 10, 50, 99, 100])('canaryPercent %i gives weights 100-p and p', (p) => {
    const { chart } = canary({ canaryPercent: p });
    expect(spec(chart).rules[0].backendRefs).toEqual([ref('greeter-v1', 100 - p), ref('greeter-v2', p)]);
  });

  test('a method match and a header override: the override repeats the method match and adds the header', () => {
    const { chart } = canary({
      method: GrpcMethodMatch.exact('helloworld.Greeter'),
      canaryPercent: 10,
      canaryHeader: { name: 'x-version', value: 'v2' },
      hostnames: ['grpc.example.com'],
    });
    expect(spec(chart).rules).toEqual([
      {
        name: 'traffic-split',
        matches: [{ method: { type: 'Exact', service: 'helloworld.Greeter' } }],
        backendRefs: [ref('greeter-v1', 90), ref('greeter-v2', 10)],
      },
      {
        name: 'canary-header',
        matches: [{ method: { type: 'Exact', service: 'helloworld.Greeter' }, headers: [{ type: 'Exact', name: 'x-version', value: 'v2' }] }],
        backendRefs: [ref('greeter-v2', 1)],
      },
    ]);
  });

  test('setting canaryPercent steps the weights and nothing else', () => {
    const { chart, route } = canary({ canaryHeader: { name: 'x-version', value: 'v2' } });
    route.canaryPercent = 25;
    expect(route.stablePercent).toBe(75);
    const rules = spec(chart).rules;
    expect(rules[0].backendRefs).toEqual([ref('greeter-v1', 75), ref('greeter-v2', 25)]);
    expect(rules[1].backendRefs).toEqual([ref('greeter-v2', 1)]);
  });

  test('the weight pointers are the same as CanaryRoute\'s and point at the weights', () => {
    const { chart, route } = canary({ canaryPercent: 30, weightsManagedExternally: true });
    const http = new CanaryRoute(shopChart(), 'web', { parent: edge(), stable: v1(), canary: v2() });
    expect(route.ignoreDifferencesJsonPointers).toEqual(http.ignoreDifferencesJsonPointers);
    const obj = synth(chart)[0];
    const at = (pointer: string) => pointer.split('/').slice(1).reduce((o: any, k) => o[k], obj);
    expect(route.ignoreDifferencesJsonPointers.map(at)).toEqual([70, 30]);
    expect(route.weightsManagedExternally).toBe(true);
  });

  test('cross-namespace versions get grants from GRPCRoute', () => {
    const { chart } = canary({ stable: new FakeBackend('greeter-v1', 9090, 'rpc'), canary: new FakeBackend('greeter-v2', 9090, 'rpc') });
    expect(synth(chart).filter(o => o.kind === 'ReferenceGrant').map(g => `${g.metadata.namespace}/${g.metadata.name}`))
      .toEqual(['rpc/shop-grpcroute-to-service-greeter-v1', 'rpc/shop-grpcroute-to-service-greeter-v2']);
  });

  test('name from props, extra parents', () => {
    const chart = shopChart();
    new GrpcCanaryRoute(chart, 'x', { name: 'rpc', parent: edge(), additionalParents: [new ExtraParent()], stable: v1(), canary: v2() });
    const s = spec(chart);
    expect(s.parentRefs.map((p: any) => p.name)).toEqual(['edge', 'other']);
    expect(synth(chart)[0].metadata.name).toBe('rpc');
  });

  const cases: Array<[string, () => unknown, string | RegExp]> = [
    ['canaryPercent is above 100', () => canary({ canaryPercent: 140 }), '[shop/greeter] canaryPercent must be between 0 and 100, got 140'],
    ['canaryPercent is negative', () => canary({ canaryPercent: -1 }), 'canaryPercent must be between 0 and 100, got -1'],
    ['canaryPercent is not a whole number', () => canary({ canaryPercent: 2.5 }), 'canaryPercent must be a whole number between 0 and 100, got 2.5'],
    ['canaryPercent is set out of range later', () => { canary().route.canaryPercent = 101; }, '[shop/greeter] canaryPercent must be between 0 and 100, got 101'],
    ['stable and canary are the same backend', () => canary({ canary: v1() }),
      '[shop/greeter] stable and canary are the same backend (Service greeter-v1:9090); use one Service per version'],
    ['a backend has no port', () => canary({ canary: new FakeBackend('greeter-v2') }),
      '[shop/greeter] canary backend Service greeter-v2 has no Service port; give the port the route should send traffic to'],
    ['a backend factory got a bad name', () => canary({ stable: Backend.fromServiceName('Bad', 9090) }),
      /\[shop\/greeter\] stable Backend.fromServiceName\("Bad", 9090\): service name "Bad" must be a DNS label/],
    ['the method match is invalid', () => canary({ method: GrpcMethodMatch.exact('a b') }),
      /\[shop\/greeter\/Route\] rules\[0\] \("traffic-split"\) matches\[0\]\.method GrpcMethodMatch\.exact\("a b"\): service "a b" is not a fully qualified gRPC service name/],
    ['the canary header name is invalid', () => canary({ canaryHeader: { name: 'x version', value: 'v2' } }),
      /rules\[1\] \("canary-header"\) matches\[0\]\.headers\[0\] name "x version" must only contain letters/],
  ];
  test.each(cases)('fails when %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('any percentage and method give weights summing to 100 that pass schema + CEL', () => {
    const method = fc.option(fc.constantFrom(
      GrpcMethodMatch.exact('helloworld.Greeter'), GrpcMethodMatch.exact(undefined, 'SayHello'), GrpcMethodMatch.regularExpression('hello.*'),
    ), { nil: undefined });
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), method, fc.boolean(), (p, q, m, header) => {
      const chart = shopChart();
      const route = new GrpcCanaryRoute(chart, 'greeter', {
        parent: edge(),
        stable: v1(),
        canary: v2(),
        canaryPercent: p,
        method: m,
        canaryHeader: header ? { name: 'x-canary', value: 'yes' } : undefined,
      });
      route.canaryPercent = q;
      const objects = Testing.synth(chart);
      for (const o of objects) expect([...schemaErrors(o), ...celErrors(o)]).toEqual([]);
      const weights = objects[0].spec.rules[0].backendRefs.map((b: any) => b.weight);
      expect(weights).toEqual([100 - q, q]);
      expect(objects[0].spec.rules).toHaveLength(header ? 2 : 1);
    }), { numRuns: 40 });
  });
});

class ExtraParent {
  public readonly gatewayName = 'other';
  public parentReference() {
    return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'other' };
  }
}
