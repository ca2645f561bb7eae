/**
 * Seed 000, production: the guide's canary app with the security its best
 * practices ask for. The HTTPS certificate comes from cert-manager (a
 * Let's Encrypt ClusterIssuer), `/api` needs a valid JWT, `/health` stays
 * public, `/admin` answers only the office network, and the namespace
 * enforces STRICT mTLS between the gateway and the backends.
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  AuthorizationAction, CanaryRoute, CertIssuer, IngressGateway, JwksSource, MeshMtls, MeshNamespace, Operation, PrivateKeyAlgorithm,
  ResilientBackend, Source, TlsCertificate,
} from '../../src';

/** The identity provider whose tokens the API accepts. */
export const ISSUER = 'https://auth.codingtricks.io/';
/** The office network that may reach /admin. */
export const OFFICE = '203.0.113.0/24';

export function build(app: App): void {
  const chart = new Chart(app, 'istio-test', { namespace: 'istio-test' });
  new MeshNamespace(chart, 'namespace', { name: 'istio-test', mtls: MeshMtls.strict() });

  const backend = new ResilientBackend(chart, 'backend', {
    containerPort: 5678,
    versions: ['v1', 'v2'].map((version) => ({ version, image: 'hashicorp/http-echo:1.0', args: [`-text=hello from backend ${version}`] })),
    outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30) },
  });

  const gateway = new IngressGateway(chart, 'istio-gateway', { hostname: 'test.codingtricks.io' });
  const https = gateway.addTlsListener('https', {
    certificate: TlsCertificate.fromCertManager({
      issuer: CertIssuer.clusterIssuer('letsencrypt'),
      renewBefore: Duration.days(30),
      privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA },
    }),
  });
  gateway.addHttpsRedirect();

  const jwt = gateway.addJwtAuthentication('jwt', {
    issuer: ISSUER,
    jwks: JwksSource.uri(`${ISSUER}.well-known/jwks.json`),
    audiences: ['backend-api'],
  });
  jwt.requireJwt({ paths: ['/api', '/api/*'] });
  gateway.addAuthorization('admin-office-only', {
    action: AuthorizationAction.deny(),
    rules: [{ from: [Source.notRemoteIpBlocks([OFFICE])], to: [Operation.paths(['/admin', '/admin/*'])] }],
  });

  new CanaryRoute(chart, 'backend-route', {
    parent: https,
    hostnames: ['test.codingtricks.io'],
    stable: backend.version('v1'),
    canary: backend.version('v2'),
    canaryPercent: 10,
  });
}
