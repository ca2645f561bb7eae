import * as fc from 'fast-check';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { IstioMigration } from '../../src/migration/istio-migration';

/*
 * Generated Istio configurations (a Gateway, a VirtualService with ordered
 * http rules, DestinationRules with subsets, Services and Deployments) are
 * migrated; RoutingDiff then probes both sides. Either the routing is equal
 * for every request of the corpus, or the migrator refused a part with an
 * error finding that names the field.
 */

const HOST = 'shop.example.com';
const segment = fc.constantFrom('api', 'v1', 'v2', 'cart', 'static', 'login');
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`);
const uri = fc.oneof(
  path.map((p) => ({ prefix: p })),
  path.map((p) => ({ exact: p })),
  fc.constant({ prefix: '/' }),
);
const header = fc.record({ name: fc.constantFrom('x-version', 'x-user'), value: fc.constantFrom('a', 'b') });
const match = fc.record({
  uri: fc.option(uri, { nil: undefined }),
  header: fc.option(header, { nil: undefined }),
  method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined }),
}).map((m) => ({
  ...(m.uri ? { uri: m.uri } : {}),
  ...(m.header ? { headers: { [m.header.name]: { exact: m.header.value } } } : {}),
  ...(m.method ? { method: { exact: m.method } } : {}),
}));
const destination = fc.record({
  host: fc.constantFrom('web', 'api'),
  subset: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
  weight: fc.integer({ min: 1, max: 99 }),
});
const rule = fc.record({
  match: fc.array(match, { maxLength: 2 }),
  action: fc.oneof(
    fc.array(destination, { minLength: 1, maxLength: 2 }).map((ds) => ({ kind: 'route' as const, ds })),
    path.map((p) => ({ kind: 'redirect' as const, uri: p })),
  ),
});

function istioYaml(rules: Array<{ match: any[]; action: any }>): any[] {
  const objects: any[] = [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop', namespace: 'istio-system' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [HOST] }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: {
        hosts: [HOST],
        gateways: ['istio-system/shop'],
        http: rules.map((r) => ({
          ...(r.match.length > 0 ? { match: r.match } : {}),
          ...(r.action.kind === 'redirect'
            ? { redirect: { uri: r.action.uri } }
            : {
              route: r.action.ds.map((d: any) => ({
                destination: { host: d.host, ...(d.subset ? { subset: d.subset } : {}), port: { number: 8080 } },
                ...(r.action.ds.length > 1 ? { weight: d.weight } : {}),
              })),
            }),
        })),
      },
    },
  ];
  for (const svc of ['web', 'api']) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc, namespace: 'shop' },
      spec: { selector: { app: svc }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] },
    });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: svc, namespace: 'shop' },
      spec: { host: svc, subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })) },
    });
    for (const v of ['v1', 'v2']) {
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${svc}-${v}`, namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: svc, version: v } },
          template: { metadata: { labels: { app: svc, version: v } }, spec: { containers: [{ name: svc, image: `example/${svc}:${v}` }] } },
        },
      });
    }
  }
  return objects;
}

describe('migrate, then diff (property)', () => {
  test('every generated configuration migrates to equal routing, or is refused with an error finding naming a field', () => {
    let migrated = 0;
    fc.assert(fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), (rules) => {
      const input = ManifestSet.fromObjects(istioYaml(rules), 'generated.yaml');
      const migration = IstioMigration.fromManifests(input);
      const errors = migration.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        for (const e of errors) expect(e.field).toMatch(/^spec\./);
        return;
      }
      migrated++;
      const output = ManifestSet.fromObjects(migration.manifests, 'migrated.yaml');
      const diff = RoutingDiff.compare(input, output, { backendAliases: migration.backendAliases });
      if (!diff.equal) throw new Error(`${diff.toText()}\n--- input:\n${JSON.stringify(rules)}`);
      expect(diff.corpusSize).toBeGreaterThan(0);
    }), { numRuns: 60, seed: 20261128 });
    // most configurations must migrate, not be refused
    expect(migrated).toBeGreaterThan(30);
  });
});
