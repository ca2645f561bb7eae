import * as fc from 'fast-check';
import { Analyzer } from '../../src/analysis/analyzer';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { SimulatedRequest } from '../../src/simulation/request';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

const G = 'gateway.networking.k8s.io';
const base = (): any[] => [
  {
    apiVersion: `${G}/v1`,
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'infra' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'cert' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  },
  { apiVersion: `${G}/v1`, kind: 'ListenerSet', metadata: { name: 'team', namespace: 'infra' }, spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'x', port: 80, protocol: 'HTTP', hostname: 'x.org' }] } },
  {
    apiVersion: `${G}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: 'r', namespace: 'app' },
    spec: {
      parentRefs: [{ name: 'gw', namespace: 'infra' }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-v', value: 'v2' }], queryParams: [{ name: 'q', value: '1' }] }],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }], remove: ['c'] } },
          { type: 'CORS', cors: { allowOrigins: ['https://*.example.com'], allowMethods: ['GET'] } }],
        backendRefs: [{ name: 'web', port: 80, weight: 90, filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'd', value: 'e' }] } }] }, { name: 'web', namespace: 'other', port: 80, weight: 10 }],
      }],
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } },
  { apiVersion: `${G}/v1beta1`, kind: 'ReferenceGrant', metadata: { name: 'g', namespace: 'other' }, spec: { from: [{ group: G, kind: 'HTTPRoute', namespace: 'app' }], to: [{ group: '', kind: 'Service' }] } },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'app' }, spec: { host: 'web.app.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } } },
];

/** Every path to a value inside the objects (object keys and list indexes). */
function paths(value: any, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: Array<[string | number, any]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: any, path: Array<string | number>, v: unknown): void {
  let o = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = v;
}

const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant([null]), fc.constant({}), fc.constant({ a: 'b' }), fc.boolean());
const requests: SimulatedRequest[] = [
  { host: 'shop.example.com', path: '/api', headers: { 'x-v': 'v2' }, query: { q: '1' } },
  { host: 'shop.example.com', scheme: 'https', sni: 'shop.example.com', path: '/api', method: 'OPTIONS', headers: { 'x-v': 'v2', 'Origin': 'https://a.example.com', 'Access-Control-Request-Method': 'GET' }, query: { q: '1' } },
  { host: 'x.org', path: '/' },
];

describe('malformed objects never crash the simulator or the analysis', () => {
  const all = base().flatMap((o, i) => paths(o).filter((p) => p.length > 0 && p[0] !== 'apiVersion' && p[0] !== 'kind').map((p) => [i, ...p] as Array<string | number>));

  test('a field replaced by a value of any type: a decision, or a clear error that the Gateway is missing', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: all.length - 1 }), junk, (which, value) => {
      const objects = base();
      setAt(objects, all[which], value);
      const set = ManifestSet.fromObjects(objects, 'fuzz.yaml');
      expect(() => new Analyzer().analyze(set)).not.toThrow();
      expect(() => new Analyzer({ schemaValidation: false }).analyze(set)).not.toThrow();
      const sim = TrafficSimulator.fromManifests(set);
      for (const r of requests) {
        try {
          expect(typeof sim.request(r).status).toBe('number');
        } catch (e) {
          expect((e as Error).message).toMatch(/^(no Gateway \(gateway\.networking\.k8s\.io\) in the manifests|gateway infra\/gw is not in the manifests)/);
        }
      }
    }), { numRuns: 300, seed: 20261127 });
  });
});
