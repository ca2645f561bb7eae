import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { FakeBackend, FakeListener } from './fakes';
import { celErrors, schemaErrors } from './schema';
import { CanaryRoute } from '../../src/routing/canary-route';
import { HeaderMatch, QueryParamMatch } from '../../src/routing/header-match';
import { HttpMethod } from '../../src/routing/http-method';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteRuleOptions } from '../../src/routing/http-route-rule';
import { PathMatch } from '../../src/routing/path-match';
import { shopChart } from '../chart';

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
const segment = fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}$/);
const pathValue = fc.array(segment, { maxLength: 4 }).map(s => '/' + s.join('/'));
const pathMatch = fc.oneof(
  pathValue.map(PathMatch.prefix),
  pathValue.map(PathMatch.exact),
  pathValue.map(p => PathMatch.regularExpression(`${p}.*`)),
);
const headerName = fc.stringMatching(/^x-[a-z0-9]{1,6}$/);
const headerValue = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const namespace = fc.constantFrom('shop', 'backend', 'other');

const match = fc.record({
  path: fc.option(pathMatch, { nil: undefined }),
  headers: fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 3, selector: ([n]) => n })
    .map(hs => hs.map(([n, v]) => HeaderMatch.exact(n, v))),
  queryParams: fc.uniqueArray(fc.tuple(label, headerValue), { maxLength: 2, selector: ([n]) => n })
    .map(qs => qs.map(([n, v]) => QueryParamMatch.exact(n, v))),
  method: fc.option(fc.constantFrom(...Object.values(HttpMethod)), { nil: undefined }),
});

const backends = fc.uniqueArray(
  fc.record({ name: label, ns: fc.option(namespace, { nil: undefined }), weight: fc.integer({ min: 0, max: 1_000_000 }) }),
  { minLength: 1, maxLength: 16, selector: b => `${b.ns ?? 'shop'}/${b.name}` },
);

const rule: fc.Arbitrary<HttpRouteRuleOptions> = fc.record({
  matches: fc.array(match, { maxLength: 8 }),
  backends: backends.map(bs => bs.map(b => ({ backend: new FakeBackend(b.name, 80, b.ns), weight: b.weight }))),
});

const routeConfig = fc.record({
  hostnames: fc.uniqueArray(label.map(l => `${l}.example.com`), { maxLength: 16 }),
  rules: fc.array(rule, { minLength: 1, maxLength: 16 }),
});

describe('properties', () => {
  test('random valid HttpRoutes synthesize with the defaults spelled out, and the grants they need', () => {
    fc.assert(fc.property(routeConfig, (config) => {
      const render = () => {
        const chart = shopChart();
        new HttpRoute(chart, 'api', { parents: [new FakeListener('edge', 'https')], ...config });
        return Testing.synth(chart);
      };
      if (config.rules.some(r => (r.backends ?? []).every(b => b.weight === 0))) {
        // every weight 0 means 500 for every matching request: the route itself rejects it at synth
        expect(render).toThrow(/\[shop\/api\] rules\[\d+\] gives every backend weight 0, so matching requests get 500/);
        return;
      }
      const objects = render();
      expect(JSON.stringify(render())).toEqual(JSON.stringify(objects));
      for (const o of objects) expect([...schemaErrors(o), ...celErrors(o)]).toEqual([]);
      const route = objects.find(o => o.kind === 'HTTPRoute');
      expect(route.spec.rules).toHaveLength(config.rules.length);
      const needed = new Set<string>();
      for (const r of route.spec.rules) {
        expect(r.matches.length).toBeGreaterThanOrEqual(1);
        for (const m of r.matches) {
          expect(['Exact', 'PathPrefix', 'RegularExpression']).toContain(m.path.type);
          for (const h of m.headers ?? []) expect(h.type).toBe('Exact');
        }
        for (const b of r.backendRefs) {
          expect(b.group).toBe('');
          expect(b.kind).toBe('Service');
          expect(Number.isInteger(b.weight)).toBe(true);
          if (b.namespace && b.namespace !== 'shop') needed.add(`${b.namespace}/shop-httproute-to-service-${b.name}`);
        }
      }
      const grants = objects.filter(o => o.kind === 'ReferenceGrant').map(g => `${g.metadata.namespace}/${g.metadata.name}`);
      expect(grants.sort()).toEqual([...needed].sort());
    }), { numRuns: 300 });
  });

  test('random CanaryRoutes: weights sum to 100 and overrides send to the canary only', () => {
    const canaryConfig = fc.record({
      percent: fc.integer({ min: 0, max: 100 }),
      steps: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }),
      path: pathMatch,
      header: fc.option(fc.record({ name: headerName, value: headerValue }), { nil: undefined }),
      cookie: fc.option(fc.record({ name: label, value: headerValue }), { nil: undefined }),
      external: fc.boolean(),
    });
    fc.assert(fc.property(canaryConfig, (c) => {
      const chart = shopChart();
      const route = new CanaryRoute(chart, 'api', {
        parent: new FakeListener('edge', 'https'),
        stable: new FakeBackend('api-v1', 80),
        canary: new FakeBackend('api-v2', 80),
        path: c.path,
        canaryPercent: c.percent,
        canaryHeader: c.header,
        canaryCookie: c.cookie,
        weightsManagedExternally: c.external,
      });
      for (const s of c.steps) route.canaryPercent = s;
      const expected = c.steps.length ? c.steps[c.steps.length - 1] : c.percent;
      const [obj] = Testing.synth(chart);
      expect([...schemaErrors(obj), ...celErrors(obj)]).toEqual([]);
      const split = obj.spec.rules[0];
      expect(split.backendRefs.map((b: any) => b.weight).reduce((a: number, b: number) => a + b, 0)).toBe(100);
      expect(split.backendRefs[1].weight).toBe(expected);
      expect(obj.spec.rules).toHaveLength(1 + (c.header ? 1 : 0) + (c.cookie ? 1 : 0));
      for (const override of obj.spec.rules.slice(1)) {
        expect(override.backendRefs.map((b: any) => b.name)).toEqual(['api-v2']);
        expect(override.matches[0].path).toEqual(split.matches[0].path);
        expect(override.matches[0].headers).toHaveLength(1);
      }
    }), { numRuns: 1000 });
  });
});
