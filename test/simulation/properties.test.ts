import * as fc from 'fast-check';
import { gateway, httpListener, route, service, simulate } from './helpers';

/** A small pool of rules so that generated routes overlap and precedence matters. */
const ruleArb = fc.record({
  path: fc.constantFrom(undefined, { type: 'PathPrefix', value: '/' }, { type: 'PathPrefix', value: '/api' }, { type: 'Exact', value: '/api' }),
  method: fc.constantFrom(undefined, 'GET', 'POST'),
  header: fc.constantFrom(undefined, 'v1', 'v2'),
  backend: fc.constantFrom('a', 'b', 'c'),
  weight: fc.integer({ min: 0, max: 3 }),
}).map((r) => ({
  matches: [{
    ...(r.path ? { path: r.path } : {}),
    ...(r.method ? { method: r.method } : {}),
    ...(r.header ? { headers: [{ name: 'x-version', value: r.header }] } : {}),
  }],
  backendRefs: [{ name: r.backend, port: 80, weight: r.weight }, { name: 'c', port: 80 }],
}));

const routesArb = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
    namespace: fc.constantFrom('app', 'web'),
    hostnames: fc.constantFrom([], ['shop.example.com'], ['*.example.com']),
    created: fc.constantFrom(undefined, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
    parentRefs: fc.constantFrom(
      [{ name: 'gw', namespace: 'infra' }],
      [{ name: 'gw', namespace: 'infra', sectionName: 'other' }],
      [{ name: 'missing', namespace: 'infra' }],
      [],
    ),
    rules: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 4, selector: (r) => `${r.namespace}/${r.name}` },
);

const requestArb = fc.record({
  path: fc.constantFrom('/', '/api', '/api/x', '/apix'),
  method: fc.constantFrom('GET', 'POST'),
  headers: fc.constantFrom<Record<string, string>>({}, { 'x-version': 'v1' }, { 'X-Version': 'v2' }),
});

function objects(routes: any[]): any[] {
  return [
    gateway([httpListener()]),
    ...['a', 'b', 'c'].flatMap((n) => [service(n, 'app'), service(n, 'web')]),
    ...routes.map((r) => route(
      r.name,
      { hostnames: r.hostnames, rules: r.rules, parentRefs: r.parentRefs },
      r.namespace,
      r.created ? { creationTimestamp: r.created } : {},
    )),
  ];
}

describe('simulation properties', () => {
  test('the decision does not depend on the order of the manifests', () => {
    const inputs = routesArb.chain((routes) => {
      const objs = objects(routes);
      return fc.tuple(fc.constant(objs), fc.shuffledSubarray(objs, { minLength: objs.length, maxLength: objs.length }));
    });
    fc.assert(fc.property(inputs, requestArb, ([objs, shuffled], request) => {
      const req = { host: 'shop.example.com', ...request };
      expect(simulate(shuffled).request(req).toJson()).toEqual(simulate(objs).request(req).toJson());
    }));
  });

  test('shares of a routed request sum to 1 and weight-0 backends get none', () => {
    fc.assert(fc.property(routesArb, requestArb, (routes, request) => {
      const d = simulate(objects(routes)).request({ host: 'shop.example.com', ...request });
      if (d.status === 200) {
        expect(d.backends.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 9);
        for (const b of d.backends) {
          if (b.weight === 0) expect(b.share).toBe(0);
        }
      } else {
        expect([404, 500]).toContain(d.status);
        expect(d.reason).toBeDefined();
      }
    }));
  });
});
