import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/analysis/analyzer';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { IstioMigration, IstioMigrationOptions } from '../../src/migration/istio-migration';
import { MigrationFinding } from '../../src/migration/migration-finding';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

export const SEED_002 = path.join(__dirname, 'fixtures', 'seed-002-bookinfo.yaml');

/** The seed's YAML. */
export function seedYaml(): string {
  return fs.readFileSync(SEED_002, 'utf8');
}

/** Migrates YAML text (documents joined with ---). */
export function migrateYaml(yaml: string, options: IstioMigrationOptions = {}): { migration: IstioMigration; input: ManifestSet } {
  const input = ManifestSet.fromYaml(yaml, 'input.yaml');
  return { migration: IstioMigration.fromManifests(input, options), input };
}

/** Schema + CEL findings of error severity on the migrated objects. */
export function schemaErrors(m: IstioMigration, experimental = false): string[] {
  const set = ManifestSet.fromObjects(m.createdManifests, 'migrated');
  return new SchemaValidator({ experimental }).validate(set).filter((f) => f.severity === 'error').map((f) => `${f.object}: ${f.message}`);
}

/** Error findings of the full analysis (schema + cross-object checks) on the input without Istio routing plus the output. */
export function analysisErrors(input: ManifestSet, m: IstioMigration, experimental = false): string[] {
  const set = migratedSet(input, m);
  return new Analyzer({ experimental, externalObjects: ['Secret istio-system/bookinfo-secret'] }).analyze(set).errors.map((f) => `${f.id} ${f.object}: ${f.message}`);
}

/** The input without Istio Gateways and VirtualServices, plus the migrated objects. */
export function migratedSet(_input: ManifestSet, m: IstioMigration): ManifestSet {
  return ManifestSet.fromObjects(m.manifests, 'migrated');
}

/** A simulator over the migrated routing. */
export function simulator(input: ManifestSet, m: IstioMigration, experimental = false): TrafficSimulator {
  return TrafficSimulator.fromManifests(migratedSet(input, m), { assumeSecretsExist: true, experimental });
}

/** Findings as `severity field` strings. */
export function briefs(findings: MigrationFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.field}`);
}

/** The HTTPRoute named `name`. */
export function route(m: IstioMigration, name: string): any {
  return m.manifests.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === name);
}

/** Istio Gateway + Services used by most cases. */
export const BASE = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 8080, targetPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 9090, targetPort: 9090 }]
`;

/** A VirtualService in namespace shop bound to istio-system/gw for shop.example.com with the given http rules (YAML, indented 2). */
export function vs(http: string, extra = ''): string {
  return `${BASE}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["shop.example.com"]
  gateways: ["istio-system/gw"]
${extra}  http:
${http}`;
}

/** Asserts the output passes schema + CEL validation. */
export function expectValid(m: IstioMigration, experimental = false): void {
  expect(schemaErrors(m, experimental)).toEqual([]);
}
