import { summary } from './helpers';
import { istioRouteKindSupport } from '../../../src/analysis/checks/istio-route-kind-support';
import { ManifestSet } from '../../../src/manifests/manifest-set';

function routeOf(kind: string, name: string, spec: any = {}, apiVersion = 'gateway.networking.k8s.io/v1'): any {
  return { apiVersion, kind, metadata: { name, namespace: 'app' }, spec: { parentRefs: [{ name: 'edge', namespace: 'infra' }], ...spec } };
}

const run = (objects: any[]) => istioRouteKindSupport.run(ManifestSet.fromObjects(objects, 'test'));

describe('IGW1052 route kind or field that Istio 1.30 does not implement', () => {
  test('a GRPCRoute ExtensionRef filter (rule or backendRef) makes Istio reject the whole route', () => {
    const findings = run([routeOf('GRPCRoute', 'rpc', {
      rules: [{
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] } },
          { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Auth', name: 'x' } }],
        backendRefs: [{ name: 'svc', port: 9000, filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 9000 } } }] }],
      }],
    })]);
    expect(summary(findings)).toEqual([
      'error IGW1052 GRPCRoute app/rpc spec.rules[0].filters[1]',
      'error IGW1052 GRPCRoute app/rpc spec.rules[0].backendRefs[0].filters[0]',
    ]);
    expect(findings[0].message).toBe('Istio 1.30 does not implement the ExtensionRef filter on GRPCRoute (only RequestHeaderModifier, ResponseHeaderModifier, '
      + 'RequestMirror); it rejects the whole route (InvalidFilter: unsupported filter type) and none of its rules is programmed');
    expect(findings[1].message).toContain('the RequestMirror filter on a GRPCRoute backendRef');
  });

  test('a TCPRoute needs PILOT_ENABLE_ALPHA_GATEWAY_API; a UDPRoute is not implemented', () => {
    const findings = run([routeOf('TCPRoute', 'pg'), routeOf('UDPRoute', 'dns', {}, 'gateway.networking.k8s.io/v1alpha2')]);
    expect(summary(findings)).toEqual(['warning IGW1052 TCPRoute app/pg', 'error IGW1052 UDPRoute app/dns']);
    expect(findings[0].message).toContain('this gateway.networking.k8s.io/v1 TCPRoute is not programmed without that flag');
    expect(findings[1].message).toBe('Istio does not implement UDPRoute; the route is never programmed');
  });

  test('no finding for supported GRPCRoute filters and TLSRoutes', () => {
    expect(run([routeOf('GRPCRoute', 'rpc', { rules: [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 1 } } }] }] }),
      routeOf('TLSRoute', 'db', { hostnames: ['db.example.com'] })])).toEqual([]);
  });
});
