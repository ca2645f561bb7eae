import { summary } from './helpers';
import { grpcHttpHostnameConflict } from '../../../src/analysis/checks/grpc-http-hostname-conflict';
import { ManifestSet } from '../../../src/manifests/manifest-set';

const ALL = { namespaces: { from: 'All' } };

function gw(listeners: any[]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'infra' }, spec: { gatewayClassName: 'istio', listeners } };
}

function routeOf(kind: string, name: string, hostnames: string[], extra: any = {}, metadata: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name, namespace: 'app', ...metadata },
    spec: { parentRefs: [{ name: 'edge', namespace: 'infra' }], ...(hostnames.length ? { hostnames } : {}), ...extra },
  };
}

const run = (objects: any[]) => grpcHttpHostnameConflict.run(ManifestSet.fromObjects(objects, 'test'));
const http = { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: ALL };

describe('IGW1051 GRPCRoute and HTTPRoute claim the same hostname on one listener', () => {
  test('reports the route the specification rejects (the newer one) and says what Istio does', () => {
    const findings = run([gw([http]),
      routeOf('GRPCRoute', 'rpc', ['api.example.com'], {}, { creationTimestamp: '2026-02-01T00:00:00Z' }),
      routeOf('HTTPRoute', 'web', ['*.example.com'], {}, { creationTimestamp: '2026-01-01T00:00:00Z' })]);
    expect(summary(findings)).toEqual(['warning IGW1051 GRPCRoute app/rpc spec.parentRefs[0]']);
    expect(findings[0].message).toBe('GRPCRoute app/rpc and HTTPRoute app/web both claim hostname api.example.com on listener "http" of Gateway infra/edge: '
      + 'the Gateway API accepts only HTTPRoute app/web (the older route, then by namespace/name) and forbids merging them; '
      + 'Istio merges both into one virtual host and ranks their rules together');
  });

  test('routes without hostnames claim every host of the listener', () => {
    const findings = run([gw([http]), routeOf('GRPCRoute', 'a-rpc', []), routeOf('HTTPRoute', 'b-web', [])]);
    expect(summary(findings)).toEqual(['warning IGW1051 HTTPRoute app/b-web spec.parentRefs[0]']);
    expect(findings[0].message).toContain('both claim any host');
  });

  test('no finding for distinct hostnames or different listeners', () => {
    const other = { name: 'other', port: 8080, protocol: 'HTTP', allowedRoutes: ALL };
    expect(run([gw([http]), routeOf('GRPCRoute', 'rpc', ['grpc.example.com']), routeOf('HTTPRoute', 'web', ['www.example.com'])])).toEqual([]);
    expect(run([gw([http, other]),
      routeOf('GRPCRoute', 'rpc', ['api.example.com'], { parentRefs: [{ name: 'edge', namespace: 'infra', sectionName: 'other' }] }),
      routeOf('HTTPRoute', 'web', ['api.example.com'], { parentRefs: [{ name: 'edge', namespace: 'infra', sectionName: 'http' }] })])).toEqual([]);
  });
});
