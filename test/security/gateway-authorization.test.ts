import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { AuthorizationAction } from '../../src/security/authorization-action';
import { Condition } from '../../src/security/condition';
import { GatewayAuthorization } from '../../src/security/gateway-authorization';
import { Operation } from '../../src/security/operation';
import { Source } from '../../src/security/source';
import { shopChart, single } from '../chart';

function setup() {
  const chart = shopChart();
  const gw = new IngressGateway(chart, 'edge');
  return { chart, gw };
}

describe('GatewayAuthorization', () => {
  test('writes an AuthorizationPolicy that targets the Gateway, with sources, operations and conditions', () => {
    const { chart, gw } = setup();
    const policy = new GatewayAuthorization(chart, 'AdminOffice', {
      gateway: gw,
      action: AuthorizationAction.deny(),
      rules: [{
        from: [Source.allOf([Source.notRemoteIpBlocks(['203.0.113.0/24', '2001:db8::/32']), Source.notRequestPrincipals(['*'])])],
        to: [Operation.allOf([Operation.paths(['/admin/*', '/api/{*}/orders']), Operation.methods(['POST']), Operation.ports([80])])],
        when: [Condition.header('x-env', ['prod']), Condition.claim('groups', ['admins']).negated()],
      }],
    });
    expect(policy.policyName).toBe('admin-office');
    const ap = single(chart, 'AuthorizationPolicy');
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.metadata).toEqual({ name: 'admin-office', namespace: 'shop' });
    expect(ap.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      action: 'DENY',
      rules: [{
        from: [{ source: { notRemoteIpBlocks: ['203.0.113.0/24', '2001:db8::/32'], notRequestPrincipals: ['*'] } }],
        to: [{ operation: { ports: ['80'], methods: ['POST'], paths: ['/admin/*', '/api/{*}/orders'] } }],
        when: [{ key: 'request.headers[x-env]', values: ['prod'] }, { key: 'request.auth.claims[groups]', notValues: ['admins'] }],
      }],
    });
  });

  test('hosts are also matched with any port', () => {
    const { chart, gw } = setup();
    new GatewayAuthorization(chart, 'hosts', {
      gateway: gw,
      rules: [{ to: [Operation.hosts(['shop.example.com', 'a.example.com:8443', '*.example.com'])] }],
    });
    expect(single(chart, 'AuthorizationPolicy').spec.rules[0].to[0].operation.hosts)
      .toEqual(['shop.example.com', 'shop.example.com:*', 'a.example.com:8443', '*.example.com']);
  });

  test('CUSTOM writes the provider; AUDIT and the default ALLOW', () => {
    const { chart, gw } = setup();
    new GatewayAuthorization(chart, 'ext', { gateway: gw, action: AuthorizationAction.custom('oauth2-proxy'), rules: [{ to: [Operation.paths(['/app/*'])] }] });
    new GatewayAuthorization(chart, 'audit', { gateway: gw, action: AuthorizationAction.audit(), rules: [{}] });
    new GatewayAuthorization(chart, 'allow', { gateway: gw, rules: [{ from: [Source.remoteIpBlocks(['10.0.0.0/8'])] }], dryRun: true });
    expect(single(chart, 'AuthorizationPolicy', 'ext').spec).toMatchObject({ action: 'CUSTOM', provider: { name: 'oauth2-proxy' } });
    expect(single(chart, 'AuthorizationPolicy', 'audit').spec.rules).toEqual([{}]);
    const allow = single(chart, 'AuthorizationPolicy', 'allow');
    expect(allow.spec.action).toBe('ALLOW');
    expect(allow.metadata.annotations).toEqual({ 'istio.io/dry-run': 'true' });
  });

  test('denyAll() writes the allow-nothing policy', () => {
    const { chart, gw } = setup();
    GatewayAuthorization.denyAll(chart, 'nothing', { gateway: gw });
    expect(single(chart, 'AuthorizationPolicy').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }],
      action: 'ALLOW',
    });
  });

  test('a policy for a Gateway in another namespace is written into that namespace', () => {
    const chart = shopChart();
    const gw = IngressGateway.fromGatewayName(chart, 'shared', 'shared-gw', 'infra');
    const p = new GatewayAuthorization(chart, 'p', { gateway: gw, rules: [{ to: [Operation.paths(['/x'])] }] });
    expect(p.policyNamespace).toBe('infra');
    const ap = single(chart, 'AuthorizationPolicy');
    expect(ap.metadata.namespace).toBe('infra');
    expect(ap.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared-gw' }]);
  });

  const fails: Array<[string, (gw: IngressGateway) => any, RegExp]> = [
    ['fails when an ALLOW policy has no rules', (gw) => ({ gateway: gw }), /an ALLOW policy with no rules denies every request.*GatewayAuthorization\.denyAll\(\)/],
    ['fails when an ALLOW policy has an empty rule list', (gw) => ({ gateway: gw, rules: [] }), /an ALLOW policy with no rules/],
    ['fails when a DENY policy has no rules', (gw) => ({ gateway: gw, action: AuthorizationAction.deny() }), /a DENY policy needs rules/],
    ['fails when CUSTOM has no provider', (gw) => ({ gateway: gw, action: AuthorizationAction.custom(''), rules: [{}] }),
      /action AuthorizationAction\.custom\(""\): a CUSTOM action needs the name of an extension provider/],
    ['fails when CUSTOM matches on request principals', (gw) => ({
      gateway: gw, action: AuthorizationAction.custom('ext'), rules: [{ from: [Source.requestPrincipals(['*'])] }],
    }), /rules\[0\]\.from\[0\] uses requestPrincipals, which istio does not support with a CUSTOM action/],
    ['fails when CUSTOM uses a JWT claim condition', (gw) => ({
      gateway: gw, action: AuthorizationAction.custom('ext'), rules: [{ when: [Condition.claim('sub', ['x'])] }],
    }), /rules\[0\]\.when\[0\] uses "request\.auth\.claims\[sub\]"/],
    ['fails when a CIDR does not parse', (gw) => ({ gateway: gw, rules: [{ from: [Source.ipBlocks(['10.0.0.0/33'])] }] }),
      /rules\[0\]\.from\[0\] Source\.ipBlocks\(\["10\.0\.0\.0\/33"\]\): ipBlocks: "10\.0\.0\.0\/33" has an invalid prefix length "33"/],
    ['fails when an IP is not an IP', (gw) => ({ gateway: gw, rules: [{ from: [Source.remoteIpBlocks(['300.1.1.1'])] }] }),
      /"300\.1\.1\.1" is not an IP address or CIDR block/],
    ['fails when a value list is empty', (gw) => ({ gateway: gw, rules: [{ from: [Source.namespaces([])] }] }), /namespaces must not be empty/],
    ['fails when a value is empty', (gw) => ({ gateway: gw, rules: [{ from: [Source.requestPrincipals([''])] }] }), /requestPrincipals\[0\] is empty/],
    ['fails when a path does not start with /', (gw) => ({ gateway: gw, rules: [{ to: [Operation.paths(['api/*'])] }] }), /path "api\/\*" must start with "\/"/],
    ['fails when a path has a wildcard in the middle', (gw) => ({ gateway: gw, rules: [{ to: [Operation.paths(['/api/*/orders'])] }] }),
      /"\/api\/\*\/orders" has a "\*" in the middle/],
    ['fails when {**} is not the last operator', (gw) => ({ gateway: gw, rules: [{ to: [Operation.paths(['/a/{**}/b/{*}'])] }] }),
      /\{\*\*\} must be the last operator/],
    ['fails when a template is not a whole segment', (gw) => ({ gateway: gw, rules: [{ to: [Operation.paths(['/a/x{*}'])] }] }),
      /\{\*\} and \{\*\*\} must fill a whole segment/],
    ['fails when a method is not an HTTP token', (gw) => ({ gateway: gw, rules: [{ to: [Operation.methods(['GET POST'])] }] }), /method "GET POST" is not an HTTP token/],
    ['fails when a method is lower case', (gw) => ({ gateway: gw, rules: [{ to: [Operation.methods(['get'])] }] }), /write "GET"/],
    ['fails when a port is out of range', (gw) => ({ gateway: gw, rules: [{ to: [Operation.ports([70000])] }] }),
      /ports: a port must be an integer between 1 and 65535, got 70000/],
    ['fails when a condition port is out of range', (gw) => ({ gateway: gw, rules: [{ when: [Condition.destinationPort([0])] }] }), /got 0/],
    ['fails when allOf() gets no values', (gw) => ({ gateway: gw, rules: [{ to: [Operation.allOf([])] }] }), /Operation\.allOf\(\): pass a non-empty list/],
    ['fails when a rule has an empty from list', (gw) => ({ gateway: gw, rules: [{ from: [] }] }), /rules\[0\]\.from must be a non-empty list/],
    ['fails when a field is set twice in one Source', (gw) => ({
      gateway: gw, rules: [{ from: [Source.allOf([Source.ipBlocks(['1.2.3.4']), Source.ipBlocks(['5.6.7.8'])])] }],
    }), /ipBlocks is set twice/],
    ['fails when serviceAccounts is combined with namespaces', (gw) => ({
      gateway: gw, rules: [{ from: [Source.allOf([Source.serviceAccounts(['shop/api']), Source.namespaces(['shop'])])] }],
    }), /serviceAccounts cannot be combined with principals or namespaces/],
    ['fails when a service account has a wildcard', (gw) => ({ gateway: gw, rules: [{ from: [Source.serviceAccounts(['shop/*'])] }] }), /has a wildcard/],
    ['fails when a condition key is unknown', (gw) => ({ gateway: gw, rules: [{ when: [Condition.attribute('request.body', ['x'])] }] }),
      /"request\.body" is not an attribute istio knows/],
    ['fails when a condition key was removed', (gw) => ({ gateway: gw, rules: [{ when: [Condition.attribute('destination.labels[app]', ['x'])] }] }),
      /replaced by the workload selector/],
    ['fails when an attribute port is out of range', (gw) => ({ gateway: gw, rules: [{ when: [Condition.attribute('destination.port', ['99999'])] }] }),
      /got 99999/],
    ['fails when a header name is invalid', (gw) => ({ gateway: gw, rules: [{ when: [Condition.header('x env', ['a'])] }] }), /header name "x env"/],
    ['fails when the gateway is missing', () => ({ rules: [{}] }), /gateway is required/],
    ['fails when the name is invalid', (gw) => ({ gateway: gw, name: 'Bad_Name', rules: [{}] }), /AuthorizationPolicy name "Bad_Name" is invalid/],
  ];
  test.each(fails)('%s', (_name, props, message) => {
    const { chart, gw } = setup();
    expect(() => new GatewayAuthorization(chart, 'p', props(gw))).toThrow(message);
    expect(() => new GatewayAuthorization(chart, 'p2', props(gw))).toThrow(/^\[shop\/p2\] /);
  });

  test('fails when two policies share a name', () => {
    const { chart, gw } = setup();
    new GatewayAuthorization(chart, 'a', { gateway: gw, name: 'same', rules: [{}] });
    expect(() => new GatewayAuthorization(chart, 'b', { gateway: gw, name: 'same', rules: [{}] })).toThrow(/AuthorizationPolicy name "same" in namespace "shop" is already used by shop\/a/);
  });

  test('synthesized policies pass schema and CEL validation', () => {
    const { chart, gw } = setup();
    new GatewayAuthorization(chart, 'p', {
      gateway: gw,
      rules: [{ from: [Source.serviceAccounts(['shop/api'])], to: [Operation.notPaths(['*.png'])], when: [Condition.remoteIp(['::1'])] }],
    });
    GatewayAuthorization.denyAll(chart, 'nothing', { gateway: gw });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});

describe('GatewayAuthorization property: generated rules always synthesize and validate', () => {
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(32)).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
  const segment = fc.stringMatching(/^[a-z0-9._~-]{1,8}$/);
  const path = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}/*`),
    fc.array(fc.oneof(segment, fc.constant('{*}')), { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}/{**}`),
    segment.map((s) => `*.${s}`),
  );
  const source = fc.oneof(
    fc.array(ipv4, { minLength: 1, maxLength: 3 }).map((b) => Source.remoteIpBlocks(b)),
    fc.array(ipv4, { minLength: 1, maxLength: 3 }).map((b) => Source.notIpBlocks(b)),
    fc.constantFrom('*', 'https://issuer.example.com/*').map((p) => Source.requestPrincipals([p])),
    fc.constant(Source.allOf([Source.notRequestPrincipals(['*']), Source.remoteIpBlocks(['10.0.0.0/8'])])),
  );
  const operation = fc.oneof(
    fc.array(path, { minLength: 1, maxLength: 3 }).map((p) => Operation.paths(p)),
    fc.subarray(['GET', 'POST', 'PUT', 'DELETE'], { minLength: 1 }).map((m) => Operation.methods(m)),
    fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }).map((p) => Operation.ports(p)),
    fc.constantFrom('shop.example.com', '*.example.com').map((h) => Operation.allOf([Operation.hosts([h]), Operation.notPaths(['/health'])])),
  );
  const condition = fc.oneof(
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.array(segment, { minLength: 1, maxLength: 2 })).map(([n, v]) => Condition.header(n, v)),
    fc.tuple(fc.constantFrom('groups', 'sub', 'scope'), fc.array(segment, { minLength: 1, maxLength: 2 })).map(([n, v]) => Condition.claim(n, v).negated()),
    fc.array(ipv4, { minLength: 1, maxLength: 2 }).map((b) => Condition.remoteIp(b)),
    fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 2 }).map((p) => Condition.destinationPort(p)),
  );
  const rule = fc.record({
    from: fc.option(fc.array(source, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    to: fc.option(fc.array(operation, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    when: fc.option(fc.array(condition, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  });
  const action = fc.constantFrom(AuthorizationAction.allow(), AuthorizationAction.deny(), AuthorizationAction.audit());

  test('ALLOW, DENY and AUDIT policies', () => {
    fc.assert(fc.property(action, fc.array(rule, { minLength: 1, maxLength: 3 }), (a, rules) => {
      const { chart, gw } = setup();
      new GatewayAuthorization(chart, 'p', { gateway: gw, action: a, rules });
      const ap = Testing.synth(chart).find((o: any) => o.kind === 'AuthorizationPolicy');
      expect(ap.spec.action).toBe(a.action);
      expect(ap.spec.rules).toHaveLength(rules.length);
    }), { numRuns: 40 });
  });
});
