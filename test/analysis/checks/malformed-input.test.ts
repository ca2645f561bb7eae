import { Analyzer } from '../../../src/analysis/analyzer';
import { ALL_CHECKS } from '../../../src/analysis/checks/all-checks';
import { ManifestSet } from '../../../src/manifests/manifest-set';

/** Objects the schema rejects, in shapes the checks must still survive. */
const MALFORMED: any[] = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'a' } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'b' }, spec: null },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'c' }, spec: { listeners: 'x', addresses: 'y' } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'd', annotations: null },
    spec: { gatewayClassName: 5, listeners: [null, 7, { tls: null }, { protocol: 'HTTPS', tls: { certificateRefs: [null, 3, {}] }, allowedRoutes: { namespaces: null, kinds: [null] } }] },
  },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r1' } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r2' },
    spec: { parentRefs: [null, 1, {}, { name: 'd' }, { kind: 'Service' }], hostnames: [5, null], rules: [null, 3, { backendRefs: [null, 2, {}], filters: [null, { type: 'RequestMirror' }, { type: 'RequestRedirect' }] }] },
  },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: 'g' }, spec: { parentRefs: 'x', rules: 'y' } },
  { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'rg' }, spec: { from: 'x', to: [null] } },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr' }, spec: { host: 5, subsets: [null, { labels: null }], exportTo: 'x' } },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr2' }, spec: { host: 'svc', subsets: [null, { labels: null }], exportTo: [] } },
  { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'se' }, spec: { hosts: [null, 3] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [null, 5, { name: 3 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dep' }, spec: { template: null } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: {} },
  { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' } },
];

describe('cross-object checks on malformed objects', () => {
  test.each(ALL_CHECKS.map((c) => [c.id, c]))('%s does not throw', (_id, check) => {
    const set = ManifestSet.fromObjects(MALFORMED);
    expect(() => check.run(set)).not.toThrow();
  });
});

describe('Analyzer on malformed objects', () => {
  test('reports instead of throwing', () => {
    const report = new Analyzer().analyze(ManifestSet.fromObjects(MALFORMED));
    expect(report.errors.length).toBeGreaterThan(0);
  });
});
