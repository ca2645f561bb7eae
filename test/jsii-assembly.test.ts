import * as fs from 'fs';
import * as path from 'path';

const ASSEMBLY = path.join(__dirname, '..', '.jsii');
const present = fs.existsSync(ASSEMBLY);
if (!present) console.warn('skipping the jsii assembly test: .jsii is absent; run `npx projen compile` first (CI does)');

(present ? describe : describe.skip)('jsii assembly', () => {
  const types = present ? JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8')).types : {};

  test.each([
    'IngressGateway', 'TlsListener', 'HttpsRedirect', 'TlsCertificate', 'MeshNamespace', 'AllowedRoutes',
    'HttpRoute', 'SplitHttpRoute', 'CanaryRoute', 'ResilientBackend', 'LoadBalancer', 'ReferenceGrants',
    'ManifestSet', 'SchemaValidator', 'Analyzer', 'SynthValidation', 'IstioGatewayValidation', 'TrafficSimulator',
    'RoutingGraph', 'GatewayTelemetry', 'TelemetryTarget', 'JwtAuthentication', 'GatewayAuthorization', 'MeshMtls', 'GatewayDisruptionBudget',
    'CertIssuer', 'GatewayApiChannel',
  ])('exposes %s', (name) => {
    expect(types[`cdk8s-istio-gateway.${name}`]).toBeDefined();
  });

  test('every public type is documented', () => {
    const undocumented = Object.values<any>(types).filter((t) => !t.docs?.summary).map((t) => t.fqn);
    expect(undocumented).toEqual([]);
  });
});
