/**
 * How long schema + CEL validation takes: the Gateway API v1.6.1 examples
 * (when ../shared is present) and a generated set of routes and gateways.
 *
 *   npx ts-node --transpile-only bench/validation.bench.ts [routes]
 */
import * as fs from 'fs';
import * as path from 'path';
import { SchemaValidator } from '../src/analysis/schema/schema-validator';
import { ManifestSet } from '../src/manifests/manifest-set';

function time<T>(label: string, fn: () => T): T {
  const t0 = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label}: ${ms.toFixed(1)} ms`);
  return result;
}

function generated(routes: number): any[] {
  const objects: any[] = [{
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'edge' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'edge-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  }];
  for (let i = 0; i < routes; i++) {
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `svc-${i}`, namespace: `team-${i % 50}` },
      spec: {
        parentRefs: [{ name: 'edge', namespace: 'edge', sectionName: 'https' }],
        hostnames: [`svc-${i}.example.com`],
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-version', value: 'v2' }] }], backendRefs: [{ name: `svc-${i}-v2`, port: 80 }] },
          { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: `svc-${i}-v1`, port: 80, weight: 90 }, { name: `svc-${i}-v2`, port: 80, weight: 10 }] },
        ],
      },
    });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: `svc-${i}`, namespace: `team-${i % 50}` },
      spec: { host: `svc-${i}.team-${i % 50}.svc.cluster.local`, trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' } } },
    });
  }
  return objects;
}

const corpus = path.resolve(__dirname, '../../shared/corpus/gateway-api-v1.6.1-examples');
if (fs.existsSync(corpus)) {
  const set = ManifestSet.fromPaths([corpus]);
  const v = new SchemaValidator({ experimental: true });
  const findings = time(`corpus, ${set.all.length} objects, cold (loads the schema data)`, () => v.validate(set));
  time(`corpus, ${set.all.length} objects, warm`, () => v.validate(set));
  console.log(`corpus findings: ${findings.length}; stats: ${JSON.stringify(v.stats)}`);
} else {
  console.log(`corpus skipped: ${corpus} is absent`);
}

const routes = Number(process.argv[2] ?? 1000);
const set = ManifestSet.fromObjects(generated(routes), 'generated');
const v = new SchemaValidator();
const findings = time(`${routes} HTTPRoutes + ${routes} DestinationRules + 1 Gateway`, () => v.validate(set));
console.log(`generated findings: ${findings.length}; stats: ${JSON.stringify(v.stats)}`);
