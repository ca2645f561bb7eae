import { analysisErrors, migrateYaml, route, schemaErrors, seedYaml, simulator, migratedSet } from './migration-helpers';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { IstioMigration } from '../../src/migration/istio-migration';

describe('seed 002 (bookinfo)', () => {
  const { migration, input } = migrateYaml(seedYaml());

  test('migrates with no error finding', () => {
    expect(migration.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(migration.hasErrors).toBe(false);
  });

  test('the two Istio Gateways on the same pods become one Gateway with both listeners', () => {
    const gws = migration.manifests.filter((o) => o.kind === 'Gateway');
    expect(gws).toHaveLength(1);
    expect(gws[0].metadata).toEqual({ name: 'bookinfo-gateway', namespace: 'istio-system' });
    expect(gws[0].spec.gatewayClassName).toBe('istio');
    expect(gws[0].spec.listeners.map((l: any) => [l.name, l.port, l.protocol, l.hostname])).toEqual([
      ['http', 80, 'HTTP', 'bookinfo.example.com'],
      ['https', 443, 'HTTPS', 'bookinfo.example.com'],
    ]);
    expect(gws[0].spec.listeners[1].tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'bookinfo-secret' }] });
    expect(gws[0].spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'All' });
  });

  test('the VirtualService becomes one HTTPRoute on the HTTP listener, prefixes with their string-prefix continuation', () => {
    const r = route(migration, 'bookinfo');
    expect(r.metadata.namespace).toBe('default');
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway', namespace: 'istio-system', sectionName: 'http' }]);
    expect(r.spec.hostnames).toEqual(['bookinfo.example.com']);
    expect(r.spec.rules).toHaveLength(1);
    expect(r.spec.rules[0].matches.slice(0, 2)).toEqual([
      { path: { type: 'PathPrefix', value: '/productpage' } },
      { path: { type: 'RegularExpression', value: '/productpage[^/].*' } },
    ]);
    expect(r.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'productpage', port: 9080, weight: 1 }]);
    const info = migration.findings.find((f) => f.field === 'spec.http[0].match[0].uri.prefix')!;
    expect(info.severity).toBe('info');
    expect(info.message).toContain('/productpagex');
    expect(info.line).toBe(38);
    expect(info.location).toBe('input.yaml');
  });

  test('output passes schema and CEL validation and the analysis', () => {
    expect(schemaErrors(migration)).toEqual([]);
    expect(analysisErrors(input, migration)).toEqual([]);
  });

  test('the simulator routes the key requests as Istio does', () => {
    const sim = simulator(input, migration);
    const req = (path: string) => sim.request({ gateway: 'istio-system/bookinfo-gateway', host: 'bookinfo.example.com', path, port: 80 });
    for (const p of ['/productpage', '/productpage/x', '/productpagex', '/login', '/logout', '/api/v1/products/1', '/api/v1/productsx']) {
      expect({ p, status: req(p).status, backend: req(p).backends[0]?.name }).toEqual({ p, status: 200, backend: 'productpage' });
    }
    expect(req('/').status).toBe(404);
    expect(req('/reviews').status).toBe(404);
  });

  test('RoutingDiff finds no difference', () => {
    const diff = RoutingDiff.compare(input, migratedSet(input, migration), { backendAliases: migration.backendAliases });
    expect(diff.differences).toEqual([]);
    expect(diff.equal).toBe(true);
  });

  test('is deterministic: two runs give byte-identical YAML', () => {
    const again = IstioMigration.fromManifests(ManifestSet.fromYaml(seedYaml(), 'input.yaml'));
    expect(again.toYaml()).toBe(migration.toYaml());
    expect(again.findings).toEqual(migration.findings);
  });
});
