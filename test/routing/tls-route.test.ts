import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { FakeBackend, FakeListener } from './fakes';
import { IngressGateway, ReferenceGrantPolicy, TlsCertificate } from '../../src';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { Backend } from '../../src/routing/backend';
import { RouteParent } from '../../src/routing/route-parent';
import { TlsRoute } from '../../src/routing/tls-route';
import { shopChart, single } from '../chart';

const validator = new SchemaValidator();
const db = Backend.fromServiceName('db', 5432);
const dbReplica = Backend.fromServiceName('db-replica', 5432);

function passthrough(chart: Chart, hostname = 'db.example.com') {
  const gw = new IngressGateway(chart, 'edge', { httpListener: false });
  return gw.addTlsPassthroughListener('db', { hostname });
}

describe('TlsRoute', () => {
  test('attaches to a passthrough listener by sectionName, with SNI hostnames and weighted backends, defaults spelled out', () => {
    const chart = shopChart();
    const listener = passthrough(chart, '*.example.com');
    const route = new TlsRoute(chart, 'DbRoute', {
      parents: [listener],
      hostnames: ['db.example.com', 'a.example.com'],
      rules: [{ name: 'primary', backends: [{ backend: db, weight: 90 }, { backend: dbReplica, weight: 10 }] }],
    });
    expect(route.routeName).toBe('db-route');
    expect(route.namespace).toBe('shop');
    expect(route.hostnames).toEqual(['db.example.com', 'a.example.com']);
    expect(route.rules[0].backends.map((b) => b.weight)).toEqual([90, 10]);
    const out = single(chart, 'TLSRoute');
    expect(out.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(out.metadata).toEqual({ name: 'db-route', namespace: 'shop' });
    expect(out.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'db' }],
      hostnames: ['a.example.com', 'db.example.com'],
      rules: [{
        name: 'primary',
        backendRefs: [
          { group: '', kind: 'Service', name: 'db', port: 5432, weight: 90 },
          { group: '', kind: 'Service', name: 'db-replica', port: 5432, weight: 10 },
        ],
      }],
    });
    expect(route.node.defaultChild).toBe(ApiObject.of(route));
  });

  test('addParent, addHostname, addRule and rule.addBackend build the same route; weight defaults to 1', () => {
    const chart = shopChart();
    const listener = passthrough(chart);
    const route = new TlsRoute(chart, 'db');
    route.addParent(listener);
    route.addHostname('db.example.com');
    const rule = route.addRule();
    rule.addBackend(db);
    expect(route.rules).toEqual([rule]);
    expect(single(chart, 'TLSRoute').spec.rules).toEqual([{ backendRefs: [{ group: '', kind: 'Service', name: 'db', port: 5432, weight: 1 }] }]);
  });

  test('a backend in another namespace gets a ReferenceGrant from TLSRoute; EXPECT_EXISTING writes none', () => {
    const chart = shopChart();
    const listener = passthrough(chart);
    new TlsRoute(chart, 'db', { parents: [listener], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: Backend.fromServiceName('pg', 5432, 'data') }] }] });
    const grant = single(chart, 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('data');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute', namespace: 'shop' }]);
    expect(grant.spec.to).toEqual([{ group: '', kind: 'Service', name: 'pg' }]);

    const chart2 = shopChart();
    new TlsRoute(chart2, 'db', {
      parents: [RouteParent.fromGatewayName('edge', { namespace: 'infra', sectionName: 'tls' })],
      hostnames: ['db.example.com'],
      referenceGrants: ReferenceGrantPolicy.EXPECT_EXISTING,
      rules: [{ backends: [{ backend: Backend.fromServiceName('pg', 5432, 'data') }] }],
    });
    const kinds = Testing.synth(chart2).map((o: any) => o.kind);
    expect(kinds).toEqual(['TLSRoute']);
  });

  test('passes schema and CEL validation on the experimental channel (TLSRoute v1 is the same there)', () => {
    const app = new App();
    app.node.setContext('cdk8s-istio-gateway:gatewayApiChannel', 'experimental');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new TlsRoute(chart, 'db', { parents: [passthrough(chart)], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: db }] }] });
    expect(() => app.synth()).not.toThrow();
  });

  test('the schema and CEL validation that synth runs rejects what the construct refuses (two rules, no hostnames)', () => {
    const chart = shopChart();
    new TlsRoute(chart, 'db', { parents: [passthrough(chart)], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: db }] }] });
    const [gateway, route] = Testing.synth(chart);
    const bad = { ...route, spec: { ...route.spec, hostnames: [], rules: [route.spec.rules[0], route.spec.rules[0]] } };
    const errors = validator.validate(ManifestSet.fromObjects([gateway, bad])).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.message).sort()).toEqual(['must have at least 1 item, got 0', 'must have at most 1 items, got 2']);
  });

  describe('fails when', () => {
    test('a second rule is added: the API allows exactly one', () => {
      const route = new TlsRoute(shopChart(), 'db', { rules: [{ backends: [{ backend: db }] }] });
      expect(() => route.addRule({ backends: [{ backend: dbReplica }] })).toThrow(
        '[shop/db] a TLSRoute has exactly 1 rule (spec.rules maxItems 1), and rules[0] exists; add the backends to rules[0] (rules[0].addBackend()), or create another TLSRoute for other listeners');
      expect(() => new TlsRoute(shopChart(), 'db2', { rules: [{ backends: [{ backend: db }] }, { backends: [{ backend: dbReplica }] }] }))
        .toThrow('a TLSRoute has exactly 1 rule');
    });

    test.each([
      ['10.1.2.3', 'IP addresses are not allowed'],
      ['*', 'a bare "*" is not allowed'],
      ['db.*.example.com', 'optionally starting with "*."'],
      ['Db.example.com', 'lowercase DNS labels'],
    ])('a hostname is %s', (hostname, reason) => {
      const route = new TlsRoute(shopChart(), 'db');
      expect(() => route.addHostname(hostname)).toThrow(`[shop/db] hostname "${hostname}" is invalid: `);
      expect(() => new TlsRoute(shopChart(), 'db', { hostnames: [hostname] })).toThrow(reason);
    });

    test('a hostname is listed twice', () => {
      expect(() => new TlsRoute(shopChart(), 'db', { hostnames: ['a.example.com', 'a.example.com'] }))
        .toThrow('[shop/db] hostname "a.example.com" is listed twice; list it once');
    });

    test('there are more than 1024 hostnames', () => {
      const hostnames = Array.from({ length: 1025 }, (_, i) => `h${i}.example.com`);
      expect(() => new TlsRoute(shopChart(), 'db', { hostnames })).toThrow('[shop/db] route has 1025 hostnames; at most 1024 are allowed');
    });

    test.each([[-1], [1_000_001], [1.5]])('a weight is %d', (weight) => {
      const route = new TlsRoute(shopChart(), 'db');
      const rule = route.addRule();
      expect(() => rule.addBackend(db, weight)).toThrow(
        `[shop/db] rules[0] backendRefs[0] (Service db:5432) has weight ${weight}; use an integer between 0 and 1000000`);
    });

    test('a rule has more than 16 backends', () => {
      const backends = Array.from({ length: 17 }, (_, i) => ({ backend: Backend.fromServiceName(`b${i}`, 443) }));
      expect(() => new TlsRoute(shopChart(), 'db', { rules: [{ backends }] })).toThrow('[shop/db] rules[0] has 17 backends; at most 16 are allowed per rule');
    });

    test('a backend is listed twice', () => {
      expect(() => new TlsRoute(shopChart(), 'db', { rules: [{ backends: [{ backend: db }, { backend: Backend.fromServiceName('db', 5432) }] }] }))
        .toThrow('[shop/db] rules[0] backendRefs[1] repeats Service db:5432 (also backendRefs[0]); change its weight instead');
    });

    test('a backend factory got bad arguments', () => {
      expect(() => new TlsRoute(shopChart(), 'db', { rules: [{ backends: [{ backend: Backend.fromServiceName('db', 0) }] }] }))
        .toThrow('[shop/db] backend Backend.fromServiceName("db", 0): port must be an integer between 1 and 65535, got 0');
    });

    test('the rule name is invalid', () => {
      expect(() => new TlsRoute(shopChart(), 'db', { rules: [{ name: 'Primary', backends: [{ backend: db }] }] }))
        .toThrow('[shop/db] rules[0] ("Primary") has name "Primary"; use lowercase DNS labels separated by dots');
    });

    test('it attaches to a listener that does not carry TLSRoutes (HTTP, HTTPS, TCP)', () => {
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge');
      const https = gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('t') });
      const tcp = gw.addTcpListener('tcp', { port: 9000 });
      const route = new TlsRoute(chart, 'db');
      expect(() => route.addParent(gw.httpListener!)).toThrow(
        '[shop/db] parents[0] is listener "http" (HTTP), which carries HTTPRoute and GRPCRoute, not TLSRoute; attach to a TLS listener (addTlsPassthroughListener())');
      expect(() => route.addParent(https)).toThrow('parents[0] is listener "https" (HTTPS)');
      expect(() => route.addParent(tcp)).toThrow('parents[0] is listener "tcp" (TCP), which carries TCPRoute, not TLSRoute');
    });

    test('it attaches twice to a Gateway without distinct sectionNames', () => {
      const route = new TlsRoute(shopChart(), 'db');
      route.addParent(RouteParent.fromGatewayName('edge', { sectionName: 'a' }));
      expect(() => route.addParent(RouteParent.fromGatewayName('edge', { sectionName: 'a' }))).toThrow(
        '[shop/db] parentRefs[1] (gateway edge, sectionName a) repeats parentRefs[0]; sectionName must be unique');
    });

    test('the route has no hostnames, no rule, no parents or no backends (at synth)', () => {
      const chart = shopChart();
      new TlsRoute(chart, 'db');
      const message = (() => { try { Testing.synth(chart); return ''; } catch (e: any) { return String(e.message); } })();
      expect(message).toContain('route has no rule; pass rules or call addRule() (a TLSRoute has exactly one)');
      expect(message).toContain('route has no parents');
      expect(message).toContain('route has no hostnames; a TLSRoute needs at least one SNI hostname');
      const chart2 = shopChart();
      new TlsRoute(chart2, 'db', { parents: [passthrough(chart2)], hostnames: ['db.example.com'], rules: [{}] });
      expect(() => Testing.synth(chart2)).toThrow('rules[0] has no backends; add one with rules[0].addBackend() (1 to 16 are allowed)');
    });

    test('every backend has weight 0 (at synth)', () => {
      const chart = shopChart();
      new TlsRoute(chart, 'db', { parents: [passthrough(chart)], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: db, weight: 0 }] }] });
      expect(() => Testing.synth(chart)).toThrow('rules[0] gives every backend weight 0');
    });

    test('no hostname intersects an external listener hostname (at synth)', () => {
      const chart = shopChart();
      new TlsRoute(chart, 'db', {
        parents: [RouteParent.fromGatewayName('edge', { sectionName: 'tls', hostname: '*.internal.example.com' })],
        hostnames: ['db.example.com'],
        rules: [{ backends: [{ backend: db }] }],
      });
      expect(() => Testing.synth(chart)).toThrow('no route hostname (db.example.com) intersects the hostname "*.internal.example.com"');
    });
  });

  test('property: random valid TlsRoutes pass schema and CEL, with sorted hostnames, defaults and the grants they need', () => {
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const hostname = fc.tuple(fc.boolean(), label).map(([wild, l]) => (wild ? `*.${l}.example.com` : `${l}.example.com`));
    const config = fc.record({
      hostnames: fc.uniqueArray(hostname, { minLength: 1, maxLength: 20 }),
      ruleName: fc.option(label, { nil: undefined }),
      backends: fc.uniqueArray(
        fc.record({ name: label, ns: fc.option(fc.constantFrom('shop', 'data', 'other'), { nil: undefined }), weight: fc.integer({ min: 0, max: 1_000_000 }) }),
        { minLength: 1, maxLength: 16, selector: (b) => `${b.ns ?? 'shop'}/${b.name}` },
      ),
      sections: fc.uniqueArray(label, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(config, (c) => {
      const chart = shopChart();
      new TlsRoute(chart, 'db', {
        parents: c.sections.map((s) => new FakeListener('edge', s, 'infra')),
        hostnames: c.hostnames,
        rules: [{ name: c.ruleName, backends: c.backends.map((b) => ({ backend: new FakeBackend(b.name, 443, b.ns), weight: b.weight })) }],
      });
      if (c.backends.every((b) => b.weight === 0)) {
        expect(() => Testing.synth(chart)).toThrow(/\[shop\/db\] rules\[0\] gives every backend weight 0/);
        return;
      }
      const objects = Testing.synth(chart);
      expect(validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error')).toEqual([]);
      const route = objects.find((o: any) => o.kind === 'TLSRoute');
      expect(route.spec.hostnames).toEqual([...c.hostnames].sort());
      expect(route.spec.parentRefs.map((p: any) => p.sectionName)).toEqual(c.sections);
      expect(route.spec.rules).toHaveLength(1);
      expect(route.spec.rules[0].backendRefs.map((b: any) => [b.group, b.kind, b.name, b.weight]))
        .toEqual(c.backends.map((b) => ['', 'Service', b.name, b.weight]));
      const needed = new Set(c.backends.filter((b) => b.ns && b.ns !== 'shop').map((b) => b.ns));
      const grants = objects.filter((o: any) => o.kind === 'ReferenceGrant');
      expect(new Set(grants.map((g: any) => g.metadata.namespace))).toEqual(needed);
      for (const g of grants) expect(g.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute', namespace: 'shop' }]);
    }), { numRuns: 150 });
  });
});
