import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllowedRoutes, GatewayServiceType, HttpsRedirect, IngressGateway, ManifestSet, MeshNamespace, TlsCertificate,
} from '../../src';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';

const validator = new SchemaValidator();

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.oneof(
  fc.constant(undefined),
  fc.tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 3 })).map(([wild, labels]) => `${wild ? '*.' : ''}${labels.join('.')}.example.com`),
);
// deliberately includes invalid values: the property is "rejected at construct time, or valid"
const anyHostname = fc.oneof({ arbitrary: hostname, weight: 20 }, { arbitrary: fc.constantFrom('*', 'UPPER.example.com', '10.0.0.1', 'a..b', '-a.example.com'), weight: 1 });
const port = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 20 },
  { arbitrary: fc.constantFrom(0, 70000, 80, 443, 8080), weight: 2 },
);

const listenerSpec = fc.record({
  tls: fc.boolean(),
  hostname: anyHostname,
  port,
  name: fc.option(fc.oneof({ arbitrary: label, weight: 20 }, { arbitrary: fc.constantFrom('Bad_Name', 'a.b'), weight: 1 }), { nil: undefined }),
  certs: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 2 }), weight: 20 }, { arbitrary: fc.constantFrom(0, 3), weight: 1 }),
  crossNamespace: fc.boolean(),
});

const gatewaySpec = fc.record({
  name: fc.oneof({ arbitrary: label, weight: 30 }, { arbitrary: fc.constantFrom('x'.repeat(58), 'Bad'), weight: 1 }),
  hostname: anyHostname,
  httpListener: fc.boolean(),
  allowed: fc.constantFrom('same', 'all', 'labels', 'names'),
  serviceType: fc.option(fc.constantFrom(...Object.values(GatewayServiceType)), { nil: undefined }),
  listeners: fc.array(listenerSpec, { maxLength: 3 }),
  redirect: fc.boolean(),
  mesh: fc.boolean(),
});

type GatewaySpec = typeof gatewaySpec extends fc.Arbitrary<infer T> ? T : never;

function build(spec: GatewaySpec): Chart {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'edge' });
  if (spec.mesh) new MeshNamespace(chart, 'edge');
  const allowedRoutes = {
    same: AllowedRoutes.sameNamespace(),
    all: AllowedRoutes.allNamespaces(),
    labels: AllowedRoutes.fromNamespacesWithLabels({ 'shared-gateway': 'true' }),
    names: AllowedRoutes.fromNamespaces(['shop', 'edge']),
  }[spec.allowed];
  const gw = new IngressGateway(chart, 'gw', {
    name: spec.name, hostname: spec.hostname, httpListener: spec.httpListener, allowedRoutes, serviceType: spec.serviceType,
  });
  spec.listeners.forEach((l, i) => {
    if (l.tls) {
      const certificates = [...Array(l.certs).keys()].map((k) => TlsCertificate.fromSecretName(`cert-${i}-${k}`, l.crossNamespace ? 'certs' : undefined));
      gw.addTlsListener(`tls${i}`, { name: l.name, hostname: l.hostname, port: l.port, certificates });
    } else {
      gw.addHttpListener(`web${i}`, { name: l.name, hostname: l.hostname, port: l.port });
    }
  });
  if (spec.redirect) new HttpsRedirect(gw, 'redirect');
  return chart;
}

describe('IngressGateway properties', () => {
  test('every configuration is either rejected at construct/synth time with a message, or synthesizes objects the API server accepts', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(gatewaySpec, (spec) => {
      let objects: any[];
      try {
        objects = Testing.synth(build(spec));
      } catch (e) {
        rejected++;
        expect((e as Error).message).toMatch(/\[c\/gw|Validation failed/);
        return;
      }
      accepted++;
      const errors = validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error');
      expect(errors).toEqual([]);
    }), { numRuns: 1500, seed: 20261124 });
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  test('output is deterministic for every configuration', () => {
    fc.assert(fc.property(gatewaySpec, (spec) => {
      let first: string;
      try {
        first = JSON.stringify(Testing.synth(build(spec)));
      } catch {
        return;
      }
      expect(JSON.stringify(Testing.synth(build(spec)))).toBe(first);
    }), { numRuns: 200, seed: 7 });
  });
});
