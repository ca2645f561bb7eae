import * as fc from 'fast-check';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';

const set = (objects: any[]) => ManifestSet.fromObjects(objects, 'test');

function gateway(name = 'gw', ns = 'infra', listeners: any[] = [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { gatewayClassName: 'istio', listeners } };
}

function route(name: string, rules: any[], hostnames = ['shop.example.com'], parent = { name: 'gw', namespace: 'infra' }): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'app' },
    spec: { parentRefs: [parent], hostnames, rules },
  };
}

function service(name: string): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'app' }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] } };
}

const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
const to = (name: string, weight?: number) => ({ name, port: 80, ...(weight === undefined ? {} : { weight }) });
const services = ['api', 'web', 'api-v2'].map(service);

/** One route with /api -> api, everything else -> web, and a header match for the canary. */
const shop = () => route('shop', [
  { matches: [prefix('/api')], backendRefs: [to('api')] },
  { matches: [{ ...prefix('/api'), headers: [{ name: 'x-canary', value: 'yes' }] }], backendRefs: [to('api-v2')] },
  { backendRefs: [to('web')] },
]);

describe('RoutingDiff.compare, Gateway API against Gateway API', () => {
  test('identical inputs are equal, and the corpus is printed with its size', () => {
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, shop()]));
    expect(r.equal).toBe(true);
    expect(r.differences).toEqual([]);
    expect(r.corpusSize).toBeGreaterThan(10);
    expect(r.truncated).toBe(false);
    expect(r.gatewayPairs).toEqual(['infra/gw -> infra/gw']);
    expect(r.toText()).toContain(`routing diff: ${r.corpusSize} requests, no differences`);
    expect(r.toJson()).toMatchObject({ corpusSize: r.corpusSize, equal: true, differences: [] });
  });

  test('the same routes written two ways are equal (one route per path vs. one route with rules)', () => {
    const split = [
      route('api', [
        { matches: [prefix('/api')], backendRefs: [to('api')] },
        { matches: [{ ...prefix('/api'), headers: [{ name: 'x-canary', value: 'yes' }] }], backendRefs: [to('api-v2')] },
      ]),
      route('web', [{ matches: [prefix('/')], backendRefs: [to('web')] }]),
    ];
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, ...split]));
    expect(r.differences.map((d) => d.summary)).toEqual([]);
    expect(r.equal).toBe(true);
  });

  test('the corpus is deterministic and probes inside, at and just outside each prefix, and the header variants', () => {
    const a = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, shop()]));
    const b = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, shop()]));
    expect(a.corpusSize).toBe(b.corpusSize);
    // a header value the new side does not expect shows the header variants exist: compare with a route without the canary rule
    const noCanary = route('shop', [{ matches: [prefix('/api')], backendRefs: [to('api')] }, { backendRefs: [to('web')] }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, noCanary]));
    expect(r.equal).toBe(false);
    const summaries = r.differences.map((d) => d.summary);
    expect(summaries).toContain('GET http://shop.example.com:80/api [x-canary: yes]');
    expect(summaries).toContain('GET http://shop.example.com:80/api/x [x-canary: yes]');
    expect(summaries).not.toContain('GET http://shop.example.com:80/apix [x-canary: yes]');
    const d = r.differences.find((x) => x.summary === 'GET http://shop.example.com:80/api [x-canary: yes]')!;
    expect(d.fields).toEqual(['backends']);
    expect(d.oldOutcome).toBe('200 app/api-v2:80 100%');
    expect(d.newOutcome).toBe('200 app/api:80 100%');
  });

  test('a reordered rule that changes routing is detected (a rule precedence change)', () => {
    // RegularExpression vs PathPrefix: the precedence is the same whatever the order, so reorder two routes with equal specificity instead
    const older = route('a', [{ matches: [prefix('/api')], backendRefs: [to('api')] }], ['shop.example.com']);
    const newer = route('b', [{ matches: [prefix('/api')], backendRefs: [to('web')] }], ['shop.example.com']);
    const first = { ...older, metadata: { ...older.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } };
    const second = { ...newer, metadata: { ...newer.metadata, creationTimestamp: '2026-02-01T00:00:00Z' } };
    const swapped = [
      { ...older, metadata: { ...older.metadata, creationTimestamp: '2026-02-01T00:00:00Z' } },
      { ...newer, metadata: { ...newer.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } },
    ];
    const r = RoutingDiff.compare(set([gateway(), ...services, first, second]), set([gateway(), ...services, ...swapped]));
    expect(r.equal).toBe(false);
    const paths = r.differences.map((d) => d.request.path);
    expect(paths).toEqual(expect.arrayContaining(['/api', '/api/', '/api/x']));
    expect(paths).not.toContain('/apix');
    expect(r.differences[0].oldOutcome).toBe('200 app/api:80 100%');
    expect(r.differences[0].newOutcome).toBe('200 app/web:80 100%');
  });

  test('a changed weight is detected', () => {
    const canary = (w: number) => route('shop', [{ matches: [prefix('/api')], backendRefs: [to('api', 100 - w), to('api-v2', w)] }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, canary(10)]), set([gateway(), ...services, canary(20)]));
    expect(r.equal).toBe(false);
    const d = r.differences.find((x) => x.request.path === '/api')!;
    expect(d.fields).toEqual(['backends']);
    expect(d.oldOutcome).toBe('200 app/api:80 90%, app/api-v2:80 10%');
    expect(d.newOutcome).toBe('200 app/api:80 80%, app/api-v2:80 20%');
    // outside the prefix both sides answer 404
    expect(r.differences.map((x) => x.request.path)).not.toContain('/apix');
  });

  test('a changed redirect is detected', () => {
    const redirect = (code: number) => route('shop', [{
      matches: [prefix('/old')],
      filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: code } }],
    }]);
    const r = RoutingDiff.compare(set([gateway(), redirect(301)]), set([gateway(), redirect(302)]));
    expect(r.equal).toBe(false);
    const d = r.differences.find((x) => x.request.path === '/old/x')!;
    expect(d.fields).toEqual(['status', 'redirect']);
    expect(d.oldOutcome).toBe('301 -> http://shop.example.com/new/x');
    expect(d.newOutcome).toBe('302 -> http://shop.example.com/new/x');
  });

  test('a changed rewrite and header modifier are detected', () => {
    const filtered = (path: string, header: string) => route('shop', [{
      matches: [prefix('/api')],
      filters: [
        { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: path } } },
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: header }] } },
      ],
      backendRefs: [to('api')],
    }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, filtered('/v1', 'prod')]), set([gateway(), ...services, filtered('/v2', 'prod')]));
    const d = r.differences.find((x) => x.request.path === '/api/x')!;
    expect(d.fields).toEqual(['rewrite']);
    expect(d.oldOutcome).toBe('200 app/api:80 100%; rewrite path=/v1/x; request headers +x-env: prod');
    const h = RoutingDiff.compare(set([gateway(), ...services, filtered('/v1', 'prod')]), set([gateway(), ...services, filtered('/v1', 'dev')]));
    expect(h.differences.find((x) => x.request.path === '/api/x')!.fields).toEqual(['request headers']);
  });

  test('a changed response header is detected', () => {
    const resp = (value: string) => route('shop', [{
      filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'cache-control', value }] } }],
      backendRefs: [to('web')],
    }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, resp('no-store')]), set([gateway(), ...services, resp('max-age=60')]));
    // the listener has no hostname: probe.example.com is probed too (at /, the only path no route of another host claims), and gets 404 on both sides
    expect(r.corpusSize).toBe(3);
    expect(r.differences.map((d) => d.summary)).toEqual(['GET http://shop.example.com:80/', 'GET http://shop.example.com:80/x']);
    expect(r.differences[0].fields).toEqual(['response headers']);
    expect(r.differences[0].oldOutcome).toBe('200 app/web:80 100%; response headers set cache-control: no-store');
  });

  test('backend aliases map old backends to new names; ports are compared when both sides know them', () => {
    const old = route('shop', [{ backendRefs: [to('api')] }]);
    const renamed = route('shop', [{ backendRefs: [to('api-v2')] }]);
    const without = RoutingDiff.compare(set([gateway(), ...services, old]), set([gateway(), ...services, renamed]));
    expect(without.equal).toBe(false);
    const withAlias = RoutingDiff.compare(set([gateway(), ...services, old]), set([gateway(), ...services, renamed]), {
      backendAliases: { 'app/api': 'app/api-v2' },
    });
    expect(withAlias.equal).toBe(true);
  });

  test('query parameter and method variants come from the matches', () => {
    const q = route('shop', [
      { matches: [{ ...prefix('/search'), queryParams: [{ name: 'v', value: '2' }], method: 'POST' }], backendRefs: [to('api-v2')] },
      { backendRefs: [to('web')] },
    ]);
    const none = route('shop', [{ backendRefs: [to('web')] }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, q]), set([gateway(), ...services, none]));
    const summaries = r.differences.map((d) => d.summary);
    expect(summaries).toContain('POST http://shop.example.com:80/search?v=2');
    expect(summaries).not.toContain('GET http://shop.example.com:80/search?v=2');
    expect(summaries).not.toContain('POST http://shop.example.com:80/search?v=probe-other');
    expect(summaries).not.toContain('POST http://shop.example.com:80/search');
  });

  test('regex paths are probed with a matching sample; one the generator cannot handle is noted', () => {
    const re = (value: string) => route('shop', [{ matches: [{ path: { type: 'RegularExpression', value } }], backendRefs: [to('api')] }]);
    const r = RoutingDiff.compare(set([gateway(), ...services, re('/items/[0-9]+')]), set([gateway(), ...services]));
    expect(r.differences.map((d) => d.request.path)).toContain('/items/0');
    const odd = RoutingDiff.compare(set([gateway(), ...services, re('/\\pL+')]), set([gateway(), ...services, re('/\\pL+')]));
    expect(odd.notes).toContain('the path regex "/\\\\pL+" was not probed: no sample string could be generated for it');
    expect(odd.toText()).toContain('note: the path regex');
  });

  test('wildcard hostnames get a concrete probe, and HTTPS listeners are probed over https', () => {
    const listeners = [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'cert' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
    ];
    const r = RoutingDiff.compare(
      set([gateway('gw', 'infra', listeners), ...services, route('shop', [{ backendRefs: [to('web')] }], ['*.example.com'])]),
      set([gateway('gw', 'infra', listeners), ...services, route('shop', [{ backendRefs: [to('api')] }], ['*.example.com'])]),
    );
    const summaries = r.differences.map((d) => d.summary);
    expect(summaries).toContain('GET http://probe.example.com:80/');
    expect(summaries).toContain('GET https://probe.example.com:443/');
  });

  test('gateways pair by name, by being the only one on each side, or as given; an unpaired gateway is a difference', () => {
    const other = (name: string) => [gateway(name), ...services, route('shop', [{ backendRefs: [to('web')] }], ['shop.example.com'], { name, namespace: 'infra' })];
    expect(RoutingDiff.compare(set(other('a')), set(other('b'))).equal).toBe(true);
    const two = RoutingDiff.compare(set([...other('a'), gateway('c')]), set([...other('b'), gateway('d')]));
    expect(two.equal).toBe(false);
    expect(two.gatewayPairs).toEqual(['infra/a -> (none)', 'infra/c -> (none)', '(none) -> infra/b', '(none) -> infra/d']);
    expect(two.differences[0].newOutcome).toMatch(/^error: no gateway on this side is paired with infra\/a/);
    const given = RoutingDiff.compare(set([...other('a'), gateway('c')]), set([...other('b'), gateway('d')]), { gatewayPairs: { 'infra/a': 'b', 'c': 'infra/d' } });
    expect(given.gatewayPairs).toEqual(['infra/a -> infra/b', 'infra/c -> infra/d']);
    expect(given.equal).toBe(true);
  });

  test('fails when a gateway pair names a gateway that does not exist', () => {
    expect(() => RoutingDiff.compare(set([gateway()]), set([gateway()]), { gatewayPairs: { 'infra/nope': 'infra/gw' } }))
      .toThrow('gateway pair names infra/nope, which is not a gateway of the old manifests (infra/gw)');
  });

  test('fails when maxRequests is not a positive integer', () => {
    expect(() => RoutingDiff.compare(set([gateway()]), set([gateway()]), { maxRequests: 0 })).toThrow('maxRequests must be a positive integer, got 0');
  });

  test('the bound cuts the corpus and says so', () => {
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, shop()]), { maxRequests: 5 });
    expect(r.corpusSize).toBe(5);
    expect(r.truncated).toBe(true);
    expect(r.notes).toContain('the corpus was cut at 5 requests (maxRequests); requests beyond it were not compared');
    expect(r.toText()).toContain('routing diff: 5 requests (cut by the bound), no differences');
  });

  test('a side without any gateway is an error on every request', () => {
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([...services]));
    expect(r.equal).toBe(false);
    expect(r.differences[0].fields).toEqual(['status']);
    expect(r.differences[0].newOutcome).toMatch(/^error: /);
  });
});

describe('RoutingDiff.compare, backend ports', () => {
  test('a backend reached on another port is reported when both sides name the port', () => {
    const api8080 = { ...service('api'), spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'alt', port: 8080 }] } };
    const on = (port: number) => route('shop', [{ backendRefs: [{ name: 'api', port }] }]);
    const r = RoutingDiff.compare(set([gateway(), api8080, on(80)]), set([gateway(), api8080, on(8080)]));
    const d = r.differences.find((x) => x.request.path === '/')!;
    expect(d.summary).toBe('GET http://shop.example.com:80/');
    expect(d.fields).toEqual(['backend ports']);
    expect(d.oldOutcome).toBe('200 app/api:80 100%');
    expect(d.newOutcome).toBe('200 app/api:8080 100%');
  });
});

describe('RoutingDiffResult.toText, grouping', () => {
  // every request to /a, /b, /c, /d goes to api on the old side and to web on the new side: one way of differing
  const paths = ['/a', '/b', '/c', '/d'];
  const older = route('shop', [{ matches: paths.map(prefix), backendRefs: [to('api')] }, { matches: [prefix('/web')], backendRefs: [to('web')] }]);
  const newer = route('shop', [{ matches: paths.map(prefix), backendRefs: [to('web')] }, { matches: [prefix('/web')], backendRefs: [to('api')] }]);

  test('requests that differ the same way are one entry with the count and 3 examples; differences and toJson() keep every request', () => {
    const r = RoutingDiff.compare(set([gateway(), ...services, older]), set([gateway(), ...services, newer]));
    const same = r.differences.filter((d) => d.oldOutcome === '200 app/api:80 100%' && d.newOutcome === '200 app/web:80 100%');
    expect(same.length).toBeGreaterThan(10);
    expect(r.differences.length).toBeGreaterThan(same.length); // /web: web against api
    expect(r.toJson().differences).toHaveLength(r.differences.length);
    const text = r.toText();
    expect(text).toContain(`routing diff: ${r.corpusSize} requests, ${r.differences.length} differences\n`);
    expect(text).toContain([
      `${same.length} requests: backends differs, the same way for each, e.g.`,
      `  ${same[0].summary}`,
      `  ${same[1].summary}`,
      `  ${same[2].summary}`,
      `  and ${same.length - 3} more`,
      '  old: 200 app/api:80 100%',
      '  new: 200 app/web:80 100%',
    ].join('\n'));
    // each request shows up once at most, as an example
    for (const d of same.slice(3)) expect(text).not.toContain(`  ${d.summary}\n`);
    // one entry per distinct (fields, old, new)
    const entries = new Set(r.differences.map((d) => JSON.stringify([d.fields, d.oldOutcome, d.newOutcome])));
    expect(text.split('\n').filter((l) => l.startsWith('  old: '))).toHaveLength(entries.size);
  });

  test('two requests that differ the same way are both listed, without "more"', () => {
    const r = RoutingDiff.compare(set([gateway(), ...services, shop()]), set([gateway(), ...services, route('shop', [
      { matches: [prefix('/api')], backendRefs: [to('api')] },
      { matches: [{ ...prefix('/api'), headers: [{ name: 'x-canary', value: 'yes' }] }], backendRefs: [to('api-v2')] },
      { matches: [{ path: { type: 'Exact', value: '/' } }], backendRefs: [to('api')] },
      { backendRefs: [to('web')] },
    ])]));
    expect(r.differences.map((d) => d.summary)).toEqual(['GET http://shop.example.com:80/', 'GET http://shop.example.com:80/ [x-canary: yes]']);
    expect(r.toText()).toContain('2 requests: backends differs, the same way for each, e.g.\n  GET http://shop.example.com:80/\n'
      + '  GET http://shop.example.com:80/ [x-canary: yes]\n  old: 200 app/web:80 100%\n  new: 200 app/api:80 100%\n');
    expect(r.toText()).not.toContain('more');
  });
});

describe('RoutingDiff.compare, properties', () => {
  const ruleArb = fc.record({
    path: fc.constantFrom('/', '/api', '/api/v1', '/shop', '/shop/cart'),
    type: fc.constantFrom('PathPrefix', 'Exact'),
    header: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
    backend: fc.constantFrom('api', 'web', 'api-v2'),
  });
  const routesArb = fc.array(fc.array(ruleArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
  const build = (routes: Array<Array<{ path: string; type: string; header?: string; backend: string }>>) => routes.map((rules, i) => route(`r${i}`, rules.map((r) => ({
    matches: [{ path: { type: r.type, value: r.path }, ...(r.header ? { headers: [{ name: 'x-version', value: r.header }] } : {}) }],
    backendRefs: [to(r.backend)],
  }))));

  test('a configuration is equal to itself with its documents in any order, with the same corpus', () => {
    fc.assert(fc.property(routesArb, fc.integer({ min: 0, max: 1000 }), (routes, seed) => {
      const objects = [gateway(), ...services, ...build(routes)];
      const shuffled = [...objects].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 97) - ((JSON.stringify(b).length * 31 + seed) % 97));
      const r = RoutingDiff.compare(set(objects), set(shuffled));
      expect(r.differences).toEqual([]);
      expect(r.corpusSize).toBe(RoutingDiff.compare(set(objects), set(objects)).corpusSize);
    }), { numRuns: 25 });
  });

  test('changing the backend of a rule that a request reaches is always reported', () => {
    fc.assert(fc.property(routesArb, (routes) => {
      const changed = routes.map((rules) => rules.map((r) => ({ ...r })));
      // every rule's backend changes: any request that reaches a rule on the old side differs
      for (const rules of changed) for (const r of rules) r.backend = r.backend === 'web' ? 'api' : 'web';
      const r = RoutingDiff.compare(set([gateway(), ...services, ...build(routes)]), set([gateway(), ...services, ...build(changed)]));
      expect(r.equal).toBe(false);
      expect(r.differences.every((d) => d.fields.includes('backends'))).toBe(true);
    }), { numRuns: 25 });
  });
});
