import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { AppProtocol } from '../../src/backend/app-protocol';
import { ResilientBackend, ResilientBackendProps } from '../../src/backend/resilient-backend';
import { H2UpgradePolicy } from '../../src/backend/traffic-policy';
import { GrpcMethodMatch } from '../../src/routing/grpc-method-match';
import { GrpcRoute } from '../../src/routing/grpc-route';
import { shopChart, single } from '../chart';
import { FakeListener } from '../routing/fakes';
import { celErrors, schemaErrors } from '../routing/schema';

const image = (version: string) => ({ version, image: 'ghcr.io/acme/greeter:1.0' });

function backend(props: ResilientBackendProps) {
  const chart = shopChart();
  const b = new ResilientBackend(chart, 'greeter', { port: 9090, versions: [image('v1')], ...props });
  return { chart, backend: b };
}

describe('backend protocol', () => {
  test.each([
    [AppProtocol.HTTP, 'http'],
    [AppProtocol.HTTP2, 'http2'],
    [AppProtocol.GRPC, 'grpc'],
    [AppProtocol.TCP, 'tcp'],
    [AppProtocol.TLS, 'tls'],
  ])('%s: the Service port is named after the protocol and carries appProtocol; the container port has the same name', (protocol, name) => {
    const { chart, backend: b } = backend({ appProtocol: protocol, containerPort: 50051, readiness: kplus.Probe.fromTcpSocket({ port: 50051 }) });
    expect(b.appProtocol).toBe(protocol);
    const svc = single(chart, 'Service', 'greeter-v1');
    expect(svc.spec.ports).toEqual([{ name, appProtocol: name, port: 9090, targetPort: 50051, protocol: 'TCP' }]);
    const container = single(chart, 'Deployment', 'greeter-v1').spec.template.spec.containers[0];
    expect(container.ports).toEqual([expect.objectContaining({ name, containerPort: 50051 })]);
  });

  test('every port name is a valid IANA service name (at most 15 lowercase characters) that Istio reads as <protocol>', () => {
    for (const p of Object.values(AppProtocol)) {
      expect(p).toMatch(/^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$/);
      expect(['http', 'http2', 'grpc', 'tcp', 'tls']).toContain(p);
    }
  });

  test('the shared Service gets the same port', () => {
    const { chart } = backend({ appProtocol: AppProtocol.GRPC, sharedService: true });
    expect(single(chart, 'Service', 'greeter').spec.ports[0]).toMatchObject({ name: 'grpc', appProtocol: 'grpc' });
  });

  test('a gRPC backend version routed by a GrpcRoute synthesizes and validates', () => {
    const { chart, backend: b } = backend({ appProtocol: AppProtocol.GRPC, connectionPool: { http2MaxRequests: 1000, maxConnections: 10 } });
    new GrpcRoute(chart, 'greeter-route', {
      parents: [new FakeListener('edge', 'https')],
      rules: [{ matches: [{ method: GrpcMethodMatch.exact('helloworld.Greeter') }], backends: [{ backend: b.version('v1') }] }],
    });
    const objects = Testing.synth(chart);
    const route = objects.find(o => o.kind === 'GRPCRoute');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'greeter-v1', namespace: 'shop', port: 9090, weight: 1 }]);
    expect([...schemaErrors(route), ...celErrors(route)]).toEqual([]);
    expect(objects.find(o => o.kind === 'DestinationRule').spec.trafficPolicy.connectionPool)
      .toEqual({ tcp: { maxConnections: 10 }, http: { http2MaxRequests: 1000 } });
  });

  test('h2UpgradePolicy applies to http ports, and DEFAULT is accepted everywhere', () => {
    expect(() => backend({ appProtocol: AppProtocol.HTTP, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE } })).not.toThrow();
    for (const p of Object.values(AppProtocol)) {
      const readiness = kplus.Probe.fromTcpSocket({ port: 9090 });
      expect(() => backend({ appProtocol: p, readiness, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.DEFAULT } })).not.toThrow();
    }
  });

  test('readinessPath is accepted for http and http2', () => {
    for (const p of [AppProtocol.HTTP, AppProtocol.HTTP2]) {
      const { chart } = backend({ appProtocol: p, readinessPath: '/healthz' });
      expect(single(chart, 'Deployment', 'greeter-v1').spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/healthz');
    }
  });

  const cases: Array<[string, ResilientBackendProps, string]> = [
    ['h2UpgradePolicy UPGRADE is set on a grpc port', { appProtocol: AppProtocol.GRPC, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE } },
      '[shop/greeter] connectionPool.h2UpgradePolicy is UPGRADE, but appProtocol grpc is already HTTP/2 (Istio always opens HTTP/2 connections to it); leave h2UpgradePolicy out'],
    ['h2UpgradePolicy DO_NOT_UPGRADE is set on an http2 port', { appProtocol: AppProtocol.HTTP2, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.DO_NOT_UPGRADE } },
      'connectionPool.h2UpgradePolicy is DO_NOT_UPGRADE, but appProtocol http2 is already HTTP/2'],
    ['h2UpgradePolicy is set on a tcp port', { appProtocol: AppProtocol.TCP, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE } },
      '[shop/greeter] connectionPool.h2UpgradePolicy is UPGRADE, but appProtocol tcp is not HTTP, so Istio never upgrades it; leave h2UpgradePolicy out, or use appProtocol http'],
    ['h2UpgradePolicy is set on a tls port in portLevelSettings', {
      appProtocol: AppProtocol.TLS, portLevelSettings: [{ port: 9090, connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE } }],
    }, 'portLevelSettings[0].connectionPool.h2UpgradePolicy is UPGRADE, but appProtocol tls is not HTTP'],
    ['useClientProtocol is set on a grpc port', { appProtocol: AppProtocol.GRPC, connectionPool: { useClientProtocol: true } },
      '[shop/greeter] connectionPool.useClientProtocol is true, but appProtocol grpc is always HTTP/2 to the backend (Istio ignores the client protocol for it); leave useClientProtocol out, or use appProtocol http'],
    ['useClientProtocol is set on a tcp port', { appProtocol: AppProtocol.TCP, connectionPool: { useClientProtocol: true } },
      'connectionPool.useClientProtocol is true, but appProtocol tcp is not HTTP; leave useClientProtocol out'],
    ['readinessPath is set on a tls port', { appProtocol: AppProtocol.TLS, readinessPath: '/healthz' },
      '[shop/greeter] readinessPath needs an HTTP port, but appProtocol is tls; pass a readiness probe instead'],
    ['readinessPath is set on a grpc port', { appProtocol: AppProtocol.GRPC, readinessPath: '/healthz' },
      'readinessPath needs an HTTP port, but appProtocol is grpc; pass a readiness probe instead'],
    ['appProtocol is unknown', { appProtocol: 'h2c' as AppProtocol },
      '[shop/greeter] appProtocol must be one of http, http2, grpc, tcp, tls, got "h2c"'],
  ];
  test.each(cases)('fails when %s', (_name, props, message) => {
    expect(() => backend(props)).toThrow(message);
  });

  test('fails when a version overrides the connection pool with a setting its protocol ignores', () => {
    const { backend: b } = backend({ appProtocol: AppProtocol.GRPC });
    expect(() => b.addVersion({ ...image('v2'), connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE } }))
      .toThrow('[shop/greeter] version "v2" connectionPool.h2UpgradePolicy is UPGRADE, but appProtocol grpc is already HTTP/2');
  });

  test('any protocol with any h2 setting is either written as given or rejected naming the field', () => {
    const policy = fc.constantFrom(undefined, ...Object.values(H2UpgradePolicy));
    fc.assert(fc.property(fc.constantFrom(...Object.values(AppProtocol)), policy, fc.boolean(), (protocol, h2, useClient) => {
      const props: ResilientBackendProps = {
        appProtocol: protocol,
        readiness: kplus.Probe.fromTcpSocket({ port: 9090 }),
        connectionPool: { maxConnections: 5, h2UpgradePolicy: h2, useClientProtocol: useClient || undefined },
      };
      const pairRejected = h2 === H2UpgradePolicy.UPGRADE && useClient;
      const meaningless = (h2 === H2UpgradePolicy.UPGRADE || h2 === H2UpgradePolicy.DO_NOT_UPGRADE || useClient) && protocol !== AppProtocol.HTTP;
      if (pairRejected || meaningless) {
        expect(() => backend(props)).toThrow(/^\[shop\/greeter\] connectionPool\.(h2UpgradePolicy|useClientProtocol)/);
        return;
      }
      const { chart } = backend(props);
      const dr = single(chart, 'DestinationRule', 'greeter-v1');
      expect(dr.spec.trafficPolicy.connectionPool.http?.h2UpgradePolicy).toBe(h2);
      expect(single(chart, 'Service', 'greeter-v1').spec.ports[0].appProtocol).toBe(protocol);
    }), { numRuns: 60 });
  });
});
