import { summary } from './helpers';
import { routeKindProtocol } from '../../../src/analysis/checks/route-kind-protocol';
import { ManifestSet } from '../../../src/manifests/manifest-set';

const ALL = { namespaces: { from: 'All' } };

function gw(listeners: any[]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'infra' }, spec: { gatewayClassName: 'istio', listeners } };
}

function routeOf(kind: string, name: string, sectionName?: string, extra: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name, namespace: 'app' },
    spec: { parentRefs: [{ name: 'edge', namespace: 'infra', ...(sectionName ? { sectionName } : {}) }], ...extra },
  };
}

const run = (objects: any[]) => routeKindProtocol.run(ManifestSet.fromObjects(objects, 'test'));

describe('IGW1050 route kind that the listener protocol does not carry in Istio', () => {
  const terminate = { name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] }, allowedRoutes: ALL };
  const passthrough = { name: 'pt', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: ALL };
  const tcp = { name: 'tcp', port: 5432, protocol: 'TCP', allowedRoutes: ALL };
  const http = { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: ALL };

  test('a TLSRoute on a TLS Terminate listener: the spec admits it, Istio serves only TCPRoute there', () => {
    const findings = run([gw([terminate]), routeOf('TLSRoute', 'db', 'tls', { hostnames: ['db.example.com'] })]);
    expect(summary(findings)).toEqual(['error IGW1050 TLSRoute app/db spec.parentRefs[0]']);
    expect(findings[0].message).toBe('no listener of Gateway infra/edge selected by this parentRef carries TLSRoute in Istio: "tls" (TLS Terminate); '
      + 'the route is not attached');
    expect(findings[0].fix).toBe('set tls.mode: Passthrough on the listener, or use a TCPRoute to forward the terminated TLS stream');
  });

  test('a TCPRoute on a TLS Passthrough listener and a UDPRoute anywhere are reported', () => {
    const findings = run([gw([passthrough]), routeOf('TCPRoute', 'pg', 'pt'), routeOf('UDPRoute', 'dns', 'pt')]);
    expect(summary(findings)).toEqual(['error IGW1050 TCPRoute app/pg spec.parentRefs[0]']);
    // the UDPRoute is refused by allowedRoutes (IGW1002), not reported twice
  });

  test('allowedRoutes.kinds naming a kind the protocol cannot carry is a warning on the listener', () => {
    const findings = run([gw([{ ...http, allowedRoutes: { ...ALL, kinds: [{ kind: 'HTTPRoute' }, { kind: 'TCPRoute' }] } },
      { ...tcp, allowedRoutes: { ...ALL, kinds: [{ kind: 'TCPRoute' }, { group: 'example.com', kind: 'Custom' }] } }])]);
    expect(summary(findings)).toEqual([
      'warning IGW1050 Gateway infra/edge spec.listeners[0].allowedRoutes.kinds[1]',
      'warning IGW1050 Gateway infra/edge spec.listeners[1].allowedRoutes.kinds[1]',
    ]);
    expect(findings[0].message).toBe('listener "http" (HTTP) lists TCPRoute in allowedRoutes.kinds, which Istio does not serve on that protocol '
      + '(it serves HTTPRoute, GRPCRoute); the listener reports ResolvedRefs=False (InvalidRouteKinds)');
    expect(findings[1].message).toContain('lists example.com/Custom in allowedRoutes.kinds');
  });

  test('no finding when every kind sits on a listener that carries it', () => {
    expect(run([gw([http, tcp, passthrough, terminate]),
      routeOf('HTTPRoute', 'web', 'http'), routeOf('GRPCRoute', 'rpc', 'http'), routeOf('TCPRoute', 'pg', 'tcp'),
      routeOf('TCPRoute', 'tls-term', 'tls'), routeOf('TLSRoute', 'db', 'pt', { hostnames: ['db.example.com'] }),
      // a route whose parentRef selects a carrying listener among others is attached there
      routeOf('TCPRoute', 'both')])).toEqual([]);
  });
});
