/**
 * Proof with the traffic simulator that a SplitHttpRoute routes every
 * request as the single (over-limit) HTTPRoute it replaces would.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { FakeBackend, FakeListener, synth } from './fakes';
import { routePrecedenceTie } from '../../src/analysis/checks/route-precedence-tie';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { HeaderMatch, QueryParamMatch } from '../../src/routing/header-match';
import { HttpMethod } from '../../src/routing/http-method';
import { HttpRouteMatch } from '../../src/routing/http-route-match';
import { HttpRouteRuleOptions } from '../../src/routing/http-route-rule';
import { PathMatch, PathMatchType } from '../../src/routing/path-match';
import { SplitHttpRoute } from '../../src/routing/split-http-route';
import { SimulatedRequest } from '../../src/simulation/request';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';
import { shopChart } from '../chart';

const GATEWAY = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'edge', namespace: 'shop' },
  spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
};
const HOSTS = ['a.example.com', 'b.example.com', '*.example.com', 'x.b.example.com', '*.b.example.com', 'c.test'];
/** Hosts a request may carry: every exact hostname, and some only wildcards or nothing match. */
const REQUEST_HOSTS = ['a.example.com', 'b.example.com', 'z.example.com', 'x.b.example.com', 'y.b.example.com', 'c.test', 'other.org'];
const PATHS = [PathMatch.prefix('/'), PathMatch.prefix('/a'), PathMatch.prefix('/a/'), PathMatch.prefix('/b'), PathMatch.prefix('/a/b'),
  PathMatch.exact('/a'), PathMatch.exact('/b'), PathMatch.regularExpression('/r[0-9]*'), PathMatch.regularExpression('/a/.*')];

const matchArb: fc.Arbitrary<HttpRouteMatch> = fc.record({
  path: fc.constantFrom(...PATHS),
  method: fc.constantFrom(undefined, HttpMethod.GET, HttpMethod.POST),
  headers: fc.constantFrom([], [HeaderMatch.exact('x-a', '1')], [HeaderMatch.exact('x-a', '2')], [HeaderMatch.exact('x-b', '1')],
    [HeaderMatch.exact('x-a', '1'), HeaderMatch.exact('x-b', '1')]),
  queryParams: fc.constantFrom([], [QueryParamMatch.exact('q', '1')], [QueryParamMatch.exact('q', '2')]),
});

const configArb = fc.record({
  rules: fc.array(fc.array(matchArb, { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
  hostnames: fc.subarray(HOSTS),
  maxRules: fc.integer({ min: 1, max: 4 }),
  maxMatches: fc.integer({ min: 3, max: 8 }),
  maxHostnames: fc.integer({ min: 1, max: 3 }),
});

type Config = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

const ruleOptions = (config: Config): HttpRouteRuleOptions[] => config.rules.map((matches, i) => ({
  name: `r${i}`, matches, backends: [{ backend: new FakeBackend(`svc-${i}`, 80) }],
}));

/** Requests that satisfy each match (so that every rule and every tie is exercised), for every host. */
function requestsFor(config: Config): SimulatedRequest[] {
  const out: SimulatedRequest[] = [];
  const probes = config.rules.flat().concat([{}]);
  for (const host of REQUEST_HOSTS) {
    for (const m of probes) {
      const path = m.path ?? PathMatch.prefix('/');
      const paths = path.type === PathMatchType.EXACT ? [path.value]
        : path.type === PathMatchType.PATH_PREFIX ? [path.value, `${path.value.replace(/\/$/, '')}/x`]
          : ['/r1', '/a/b'];
      for (const p of paths) {
        out.push({
          host,
          path: p + (m.queryParams?.length ? `?${m.queryParams.map((q) => `${q.name}=${q.value}`).join('&')}` : ''),
          method: m.method ?? 'GET',
          headers: Object.fromEntries((m.headers ?? []).map((h) => [h.name, h.value])),
        });
      }
    }
  }
  return out;
}

/**
 * What a request resolves to, without what names the route (route, rule
 * index, and the explanations in reason and notes), which a split changes.
 */
function outcome(sim: TrafficSimulator, request: SimulatedRequest): any {
  const { route: _route, rule: _rule, notes: _notes, reason: _reason, ...rest } = sim.request(request).toJson();
  return rest;
}

describe('SplitHttpRoute routes like the single route it replaces (traffic simulator)', () => {
  test('random routes: split (valid parts within the limits) or refused, and every probe request gets the same answer', () => {
    let split = 0;
    let refused = 0;
    let multiPart = 0;
    let validated = 0;
    fc.assert(fc.property(configArb, (config) => {
      const chart = shopChart();
      const rules = ruleOptions(config);
      let parts: any[];
      try {
        new SplitHttpRoute(chart, 'api', {
          parents: [new FakeListener('edge', 'http')],
          hostnames: config.hostnames,
          rules,
          maxRulesPerRoute: config.maxRules,
          maxMatchesPerRoute: config.maxMatches,
          maxHostnamesPerRoute: config.maxHostnames,
        });
        // the first runs also check every part against the CRD schema and CEL rules (slow)
        parts = (validated++ < 80 ? synth(chart) : Testing.synth(chart)).filter((o) => o.kind === 'HTTPRoute');
      } catch (e) {
        expect((e as Error).message).toMatch(/^\[shop\/api\] cannot split the rules without changing routing: rules\[\d+\]/);
        refused++;
        return;
      }
      split++;
      if (parts.length > 1) multiPart++;
      for (const p of parts) {
        expect(p.spec.rules.length).toBeLessThanOrEqual(config.maxRules);
        expect(p.spec.rules.reduce((n: number, r: any) => n + r.matches.length, 0)).toBeLessThanOrEqual(config.maxMatches);
        expect((p.spec.hostnames ?? []).length).toBeLessThanOrEqual(config.maxHostnames);
      }
      // the single route: every hostname, every rule (as rendered) in the original order
      const rendered = new Map<string, any>(parts.flatMap((p) => p.spec.rules.map((r: any) => [r.name, r])));
      const single = {
        ...parts[0],
        metadata: { name: 'single', namespace: 'shop' },
        spec: {
          ...parts[0].spec,
          hostnames: config.hostnames.length ? [...config.hostnames].sort() : undefined,
          rules: rules.map((r) => rendered.get(r.name!)),
        },
      };
      expect(single.spec.rules.every((r: any) => r !== undefined)).toBe(true);
      // no two parts tie on precedence: the analysis agrees with the split
      expect(routePrecedenceTie.run(ManifestSet.fromObjects([GATEWAY, ...parts]))).toEqual([]);
      const options = { assumeServicesExist: true };
      const before = TrafficSimulator.fromManifests(ManifestSet.fromObjects([GATEWAY, single]), options);
      const after = TrafficSimulator.fromManifests(ManifestSet.fromObjects([GATEWAY, ...parts]), options);
      for (const request of requestsFor(config)) {
        expect(outcome(after, request)).toEqual(outcome(before, request));
      }
    }), { numRuns: 400, seed: 20261124 });
    // both outcomes must be exercised, and most routes really are split
    expect(split).toBeGreaterThan(100);
    expect(multiPart).toBeGreaterThan(80);
    expect(refused).toBeGreaterThan(10);
  });

  test('control: splitting tied rules naively changes routing once creation times differ', () => {
    // two rules with the same match: rule order sends /a to svc-0
    const rule = (i: number) => ({ name: `r${i}`, matches: [{ path: { type: 'PathPrefix', value: '/a' } }], backendRefs: [{ name: `svc-${i}`, port: 80 }] });
    const route = (name: string, rules: any[], created: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: 'shop', creationTimestamp: created },
      spec: { parentRefs: [{ name: 'edge' }], rules },
    });
    const sim = (objs: any[]) => TrafficSimulator.fromManifests(ManifestSet.fromObjects([GATEWAY, ...objs]), { assumeServicesExist: true });
    const one = sim([route('api', [rule(0), rule(1)], '2026-01-01T00:00:00Z')]).request({ host: 'x', path: '/a' });
    const naive = sim([route('api', [rule(0)], '2026-02-01T00:00:00Z'), route('api-2', [rule(1)], '2026-01-01T00:00:00Z')])
      .request({ host: 'x', path: '/a' });
    expect(one.shareOf('svc-0')).toBe(1);
    expect(naive.shareOf('svc-1')).toBe(1);
    // SplitHttpRoute refuses to separate them
    expect(() => new SplitHttpRoute(shopChart(), 'api', {
      parents: [new FakeListener('edge')],
      rules: [0, 1].map((i) => ({ name: `r${i}`, matches: [{ path: PathMatch.prefix('/a') }], backends: [{ backend: new FakeBackend(`svc-${i}`, 80) }] })),
      maxRulesPerRoute: 1,
    })).toThrow(/rules\[0\], rules\[1\] have matches of equal precedence/);
  });
});
