import { cli, withYaml } from './run-cli';

const YAML = [
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: Gateway',
  'metadata: {name: gw, namespace: infra}',
  'spec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}',
  '---',
  'apiVersion: gateway.networking.k8s.io/v1',
  'kind: HTTPRoute',
  'metadata: {name: r, namespace: app}',
  'spec: {parentRefs: [{name: gw, namespace: infra}], rules: [{backendRefs: [{name: web, port: 80}]}]}',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web, namespace: app}',
  'spec: {selector: {app: web}, ports: [{name: http, port: 80}]}',
  '---',
  'apiVersion: security.istio.io/v1',
  'kind: RequestAuthentication',
  'metadata: {name: jwt, namespace: infra}',
  'spec: {targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}], jwtRules: [{issuer: "https://auth.example.com"}]}',
  '---',
  'apiVersion: security.istio.io/v1',
  'kind: AuthorizationPolicy',
  'metadata: {name: office, namespace: infra}',
  'spec:',
  '  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]',
  '  action: DENY',
  '  rules: [{from: [{source: {notRequestPrincipals: ["*"]}}, {source: {notIpBlocks: ["10.0.0.0/8"]}}]}]',
];

const run = (dir: string, ...args: string[]) => cli('simulate', dir, '--host', 'shop.example.com', ...args);

describe('simulate with tokens, source IPs and client certificates', () => {
  test('--jwt-claims and --source-ip decide the authorization', async () => {
    await withYaml(YAML, async (dir) => {
      const denied = await run(dir);
      expect(denied.code).toBe(0);
      expect(JSON.parse(denied.stdout)).toMatchObject({ status: 403, authorization: { policy: 'infra/office', rule: 0 } });
      const allowed = await run(dir, '--jwt-claims', '{"iss":"https://auth.example.com","sub":"alice"}', '--source-ip', '10.1.1.1');
      expect(JSON.parse(allowed.stdout)).toMatchObject({ status: 200, authorization: { policy: null, requestPrincipal: 'https://auth.example.com/alice' } });
    });
  });

  test('--jwt sends a bearer token, decoded but not verified', async () => {
    const b64 = (o: any) => Buffer.from(JSON.stringify(o)).toString('base64url');
    await withYaml(YAML, async (dir) => {
      const r = await run(dir, '--jwt', `${b64({ alg: 'none' })}.${b64({ iss: 'https://auth.example.com', sub: 'bob' })}.x`, '--source-ip', '10.0.0.9');
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 200, authorization: { requestPrincipal: 'https://auth.example.com/bob' } });
      const bad = await run(dir, '--jwt', 'garbage');
      expect(JSON.parse(bad.stdout)).toMatchObject({ status: 401, authorization: { policy: 'infra/jwt' } });
    });
  });

  test('fails with one line and exit 2 when --jwt-claims is not a JSON object or --source-ip is not an IP', async () => {
    await withYaml(YAML, async (dir) => {
      const claims = await run(dir, '--jwt-claims', '[1]');
      expect(claims.code).not.toBe(0);
      expect(claims.stderr).toContain('--jwt-claims must be a JSON object');
      expect(claims.stderr.trim().split('\n')).toHaveLength(1);
      const ip = await run(dir, '--source-ip', '10.0.0');
      expect(ip.code).not.toBe(0);
      expect(ip.stderr).toContain("--source-ip must be an IPv4 or IPv6 address, got '10.0.0'");
    });
  });
});
