/**
 * Seed 001's platform gateway, carrying every protocol the seeds name:
 * - a gRPC service with a 90/10 canary (GrpcCanaryRoute on an HTTPS listener);
 * - a database behind TLS passthrough (the gateway never holds its key);
 * - a plain TCP service;
 * - a team adding its own HTTPS listener and certificate through a
 *   ListenerSet, on a Gateway it does not own.
 */
import { App, Chart } from 'cdk8s';
import {
  AllowedListeners, AllowedRoutes, AppProtocol, Backend, GrpcCanaryRoute, GrpcMethodMatch, HttpRoute, IngressGateway, ListenerSet,
  ResilientBackend, TcpRoute, TlsCertificate, TlsRoute,
} from '../../src';

export function build(app: App): void {
  // the platform team's gateway
  const platform = new Chart(app, 'platform', { namespace: 'istio-system' });
  const gateway = new IngressGateway(platform, 'external-gateway', {
    allowedRoutes: AllowedRoutes.allNamespaces(),
    allowedListeners: AllowedListeners.fromNamespaces(['team']),
  });
  const grpc = gateway.addTlsListener('grpc', { hostname: 'grpc.example.com', certificate: TlsCertificate.fromSecretName('grpc-tls') });
  const db = gateway.addTlsPassthroughListener('db', { hostname: 'db.example.com' });
  const redis = gateway.addTcpListener('redis', { port: 6379, allowedRoutes: AllowedRoutes.allNamespaces() });

  // gRPC: greeter v1 and v2, 10% to v2, `x-version: v2` always to v2
  const apps = new Chart(app, 'apps', { namespace: 'default' });
  const greeter = new ResilientBackend(apps, 'greeter', {
    port: 9090,
    appProtocol: AppProtocol.GRPC,
    versions: [{ version: 'v1', image: 'ghcr.io/acme/greeter:1.0' }, { version: 'v2', image: 'ghcr.io/acme/greeter:1.1' }],
  });
  new GrpcCanaryRoute(apps, 'greeter-route', {
    parent: grpc,
    hostnames: ['grpc.example.com'],
    method: GrpcMethodMatch.exact('helloworld.Greeter'),
    stable: greeter.version('v1'),
    canary: greeter.version('v2'),
    canaryPercent: 10,
    canaryHeader: { name: 'x-version', value: 'v2' },
  });

  // a database that terminates TLS itself, behind TLS passthrough, and a TCP service
  const postgres = new ResilientBackend(apps, 'postgres', {
    port: 5432, appProtocol: AppProtocol.TLS, sharedService: true, versions: [{ version: 'v16', image: 'ghcr.io/acme/postgres-tls:16' }],
  });
  const redisBackend = new ResilientBackend(apps, 'redis', {
    port: 6379, appProtocol: AppProtocol.TCP, sharedService: true, versions: [{ version: 'v7', image: 'docker.io/library/redis:7' }],
  });
  new TlsRoute(apps, 'db-route', { parents: [db], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: postgres.service! }] }] });
  new TcpRoute(apps, 'redis-route', { parents: [redis], rules: [{ backends: [{ backend: redisBackend.service! }] }] });

  // the team's own HTTPS listener and certificate on the platform's Gateway
  const team = new Chart(app, 'team', { namespace: 'team' });
  const shared = IngressGateway.fromGatewayName(team, 'platform-gateway', 'external-gateway', 'istio-system');
  const https = new ListenerSet(team, 'team-listeners', { gateway: shared })
    .addTlsListener('https', { hostname: 'team.example.com', certificate: TlsCertificate.fromSecretName('team-tls') });
  new HttpRoute(team, 'team-route', { parents: [https], rules: [{ backends: [{ backend: Backend.fromServiceName('team-web', 80) }] }] });
}
