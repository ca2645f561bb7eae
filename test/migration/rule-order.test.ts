import { briefs, expectValid, migratedSet, migrateYaml, route, simulator, vs } from './migration-helpers';
import { RoutingDiff } from '../../src/diff/routing-diff';

const WEB = 'route: [{ destination: { host: web, port: { number: 8080 } } }]';
const API = 'route: [{ destination: { host: api, port: { number: 9090 } } }]';

function diffText(yaml: string, options = {}): string {
  const { migration, input } = migrateYaml(yaml, options);
  return RoutingDiff.compare(input, migratedSet(input, migration), { backendAliases: migration.backendAliases }).toText();
}

describe('Istio first-match order under Gateway API precedence', () => {
  test('an earlier header rule gets the later, more specific path added so it keeps winning', () => {
    const yaml = vs(`
  - match: [{ headers: { x-canary: { exact: "1" } } }]
    ${API}
  - match: [{ uri: { exact: /shop/cart } }]
    ${WEB}
`);
    const { migration, input } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const rules = route(migration, 'shop').spec.rules;
    expect(rules[0].matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', type: 'Exact', value: '1' }] },
      { path: { type: 'Exact', value: '/shop/cart' }, headers: [{ name: 'x-canary', type: 'Exact', value: '1' }] },
    ]);
    expect(briefs(migration.findings)).toContain('info spec.http[0].match');
    expectValid(migration);
    const sim = simulator(input, migration);
    const d = sim.request({ host: 'shop.example.com', path: '/shop/cart', headers: { 'x-canary': '1' }, port: 80 });
    expect(d.backends[0].name).toBe('api');
    expect(sim.request({ host: 'shop.example.com', path: '/shop/cart', port: 80 }).backends[0].name).toBe('web');
    expect(diffText(yaml)).toContain('no differences');
  });

  test('an earlier prefix rule gets a later exact path under it', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /a/ } }]
    ${API}
  - match: [{ uri: { exact: /a/b } }]
    ${WEB}
`);
    const { migration } = migrateYaml(yaml);
    // /a/b is taken by rule 0 in Istio: rule 1 is unreachable
    expect(briefs(migration.findings)).toContain('warning spec.http[1]');
    expect(route(migration, 'shop').spec.rules).toHaveLength(1);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('an earlier method rule gets a later exact path added', () => {
    const yaml = vs(`
  - match: [{ method: { exact: POST } }]
    ${API}
  - match: [{ uri: { exact: /login } }]
    ${WEB}
`);
    const { migration, input } = migrateYaml(yaml);
    expect(route(migration, 'shop').spec.rules[0].matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' }, method: 'POST' },
      { path: { type: 'Exact', value: '/login' }, method: 'POST' },
    ]);
    const sim = simulator(input, migration);
    expect(sim.request({ host: 'shop.example.com', path: '/login', method: 'POST', port: 80 }).backends[0].name).toBe('api');
    expect(sim.request({ host: 'shop.example.com', path: '/login', port: 80 }).backends[0].name).toBe('web');
    expect(diffText(yaml)).toContain('no differences');
  });

  test('a rule after a catch-all is unreachable and dropped with a warning', () => {
    const { migration } = migrateYaml(vs(`
  - ${WEB}
  - match: [{ uri: { exact: /x } }]
    ${API}
`));
    const f = migration.findings.find((x) => x.field === 'spec.http[1]')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('unreachable');
    expect(route(migration, 'shop').spec.rules).toHaveLength(1);
  });

  test('a string-prefix continuation before a catch-all: the catch-all becomes RegularExpression "/.*"; segment prefixes keep PathPrefix "/"', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /productpage } }]
    ${API}
  - ${WEB}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    expect(route(migration, 'shop').spec.rules.map((r: any) => r.matches)).toEqual([
      [{ path: { type: 'PathPrefix', value: '/productpage' } }, { path: { type: 'RegularExpression', value: '/productpage[^/].*' } }],
      [{ path: { type: 'RegularExpression', value: '/.*' } }],
    ]);
    expect(briefs(migration.findings)).toContain('info spec.http[1]');
    const seg = migrateYaml(yaml, { segmentPrefixes: true }).migration;
    expect(seg.hasErrors).toBe(false);
    expect(route(seg, 'shop').spec.rules.map((r: any) => r.matches)).toEqual([
      [{ path: { type: 'PathPrefix', value: '/productpage' } }],
      [{ path: { type: 'PathPrefix', value: '/' } }],
    ]);
    expect(briefs(seg.findings)).toContain('warning spec.http[0].match[0].uri.prefix');
    expectValid(seg);
  });

  test('overlapping regex paths in the wrong order are refused', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { regex: "/a.*" } }]
    ${API}
  - match: [{ uri: { prefix: /a/ } }]
    ${WEB}
`));
    expect(briefs(migration.findings)).toContain('error spec.http');
  });

  test('the same header with different match types is refused', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ headers: { x: { regex: "a.*" } } }]
    ${API}
  - match: [{ uri: { exact: /p }, headers: { x: { regex: "b.*" } } }]
    ${WEB}
`));
    expect(briefs(migration.findings)).toContain('error spec.http');
  });

  test('a regex header earlier and an exact value later intersect as the exact value', () => {
    const yaml = vs(`
  - match: [{ headers: { x: { regex: "a.*" } } }]
    ${API}
  - match: [{ uri: { exact: /p }, headers: { x: { exact: ab } } }]
    ${WEB}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    // /p with x: ab goes to rule 0 in Istio: rule 1 (all of it) is covered
    expect(briefs(migration.findings)).toContain('warning spec.http[1]');
  });

  test('disjoint rules are kept as they are', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { prefix: /a/ } }]
    ${API}
  - match: [{ uri: { prefix: /b/ } }]
    ${WEB}
`));
    expect(route(migration, 'shop').spec.rules.map((r: any) => r.matches.length)).toEqual([1, 1]);
  });
});

describe('Istio prefixes ending in /', () => {
  test('/api/ with a later catch-all: PathPrefix, and /api goes to the catch-all by an Exact match', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /api/ } }]
    ${API}
  - ${WEB}
`);
    const { migration, input } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    expect(route(migration, 'shop').spec.rules.map((r: any) => r.matches)).toEqual([
      [{ path: { type: 'PathPrefix', value: '/api/' } }],
      [{ path: { type: 'PathPrefix', value: '/' } }, { path: { type: 'Exact', value: '/api' } }],
    ]);
    const sim = simulator(input, migration);
    expect(sim.request({ host: 'shop.example.com', path: '/api', port: 80 }).backends[0].name).toBe('web');
    expect(sim.request({ host: 'shop.example.com', path: '/api/x', port: 80 }).backends[0].name).toBe('api');
    expect(diffText(yaml)).toContain('no differences');
  });

  test('/api/ rewritten to /v1/: ReplacePrefixMatch, routing and rewrite equal', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /api/ } }]
    rewrite: { uri: /v1/ }
    ${API}
  - ${WEB}
`);
    const { migration } = migrateYaml(yaml);
    expect(route(migration, 'shop').spec.rules[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v1' } } }]);
    expectValid(migration);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('/api/ rewritten without a later rule for /api: a warning names the path', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { prefix: /api/ } }]
    rewrite: { uri: /v1/ }
    ${API}
`));
    const f = migration.findings.find((x) => x.severity === 'warning')!;
    expect(f.field).toBe('spec.http[0].match');
    expect(f.message).toContain('also admits "/api"');
  });

  test('YAML 1.1 booleans stay strings', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ headers: { x-canary: { exact: "yes" } } }]
    ${API}
`));
    expect(migration.toYaml()).toContain('value: "yes"');
  });
});
