import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { FakeBackend, FakeListener } from './fakes';
import { GrpcRoute, HttpRoute, IngressGateway } from '../../src';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { Backend } from '../../src/routing/backend';
import { RouteParent } from '../../src/routing/route-parent';
import { TcpRoute } from '../../src/routing/tcp-route';
import { shopChart, single } from '../chart';

const validator = new SchemaValidator();
const pg = Backend.fromServiceName('pg', 5432);
const pgNew = Backend.fromServiceName('pg-new', 5432);

function tcpListener(chart: Chart) {
  return new IngressGateway(chart, 'edge', { httpListener: false }).addTcpListener('postgres', { port: 5432 });
}

describe('TcpRoute', () => {
  test('attaches to a TCP listener by sectionName with weighted backends, defaults spelled out', () => {
    const chart = shopChart();
    const route = new TcpRoute(chart, 'db', {
      parents: [tcpListener(chart)],
      rules: [{ backends: [{ backend: pg, weight: 800_000 }, { backend: pgNew, weight: 200_000 }] }],
    });
    expect(route.routeName).toBe('db');
    const out = single(chart, 'TCPRoute');
    expect(out.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(out.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'postgres' }],
      rules: [{
        backendRefs: [
          { group: '', kind: 'Service', name: 'pg', port: 5432, weight: 800000 },
          { group: '', kind: 'Service', name: 'pg-new', port: 5432, weight: 200000 },
        ],
      }],
    });
    expect(out.spec.hostnames).toBeUndefined();
  });

  test('a backend in another namespace gets a ReferenceGrant from TCPRoute', () => {
    const chart = shopChart();
    new TcpRoute(chart, 'db', { parents: [tcpListener(chart)], rules: [{ backends: [{ backend: Backend.fromServiceName('pg', 5432, 'data') }] }] });
    const grant = single(chart, 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('data');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'shop' }]);
  });

  test('a parent managed elsewhere is declared external, so synth validation does not report it missing', () => {
    const chart = shopChart();
    new TcpRoute(chart, 'db', { parents: [RouteParent.fromGatewayName('edge', { namespace: 'infra', sectionName: 'pg' })], rules: [{ backends: [{ backend: pg }] }] });
    expect(single(chart, 'TCPRoute').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'infra', sectionName: 'pg' },
    ]);
  });

  test('passes synth validation on the experimental channel', () => {
    const app = new App();
    app.node.setContext('cdk8s-istio-gateway:gatewayApiChannel', 'experimental');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new TcpRoute(chart, 'db', { parents: [tcpListener(chart)], rules: [{ backends: [{ backend: pg }] }] });
    expect(() => app.synth()).not.toThrow();
  });

  test('the schema validation that synth runs refuses a TCPRoute with two rules, as the construct does', () => {
    const chart = shopChart();
    new TcpRoute(chart, 'db', { parents: [tcpListener(chart)], rules: [{ backends: [{ backend: pg }] }] });
    const objects = Testing.synth(chart);
    const route = objects.find((o: any) => o.kind === 'TCPRoute');
    const bad = { ...route, spec: { ...route.spec, rules: [route.spec.rules[0], route.spec.rules[0]] } };
    const errors = validator.validate(ManifestSet.fromObjects([bad])).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.path} ${f.message}`)).toEqual(['spec.rules must have at most 1 items, got 2']);
  });

  describe('fails when', () => {
    test('it has more than one rule where the API allows one', () => {
      expect(() => new TcpRoute(shopChart(), 'db', { rules: [{ backends: [{ backend: pg }] }, { backends: [{ backend: pgNew }] }] })).toThrow(
        '[shop/db] a TCPRoute has exactly 1 rule (spec.rules maxItems 1), and rules[0] exists; add the backends to rules[0] (rules[0].addBackend()), '
        + 'or create another TCPRoute for other listeners');
      const route = new TcpRoute(shopChart(), 'db2');
      route.addRule();
      expect(() => route.addRule()).toThrow('[shop/db2] a TCPRoute has exactly 1 rule');
    });

    test.each([[-5], [2_000_000], [0.5], [NaN]])('a weight is %d', (weight) => {
      expect(() => new TcpRoute(shopChart(), 'db', { rules: [{ backends: [{ backend: pg, weight }] }] })).toThrow(
        `[shop/db] rules[0] backendRefs[0] (Service pg:5432) has weight ${weight}; use an integer between 0 and 1000000`);
    });

    test('a rule has 17 backends', () => {
      const route = new TcpRoute(shopChart(), 'db');
      const rule = route.addRule();
      for (let i = 0; i < 16; i++) rule.addBackend(Backend.fromServiceName(`b${i}`, 5432));
      expect(() => rule.addBackend(Backend.fromServiceName('b16', 5432))).toThrow('[shop/db] rules[0] has 17 backends; at most 16 are allowed per rule');
    });

    test('it attaches to a TLS passthrough or HTTP listener', () => {
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge');
      const tls = gw.addTlsPassthroughListener('tls', { hostname: 'db.example.com' });
      const route = new TcpRoute(chart, 'db');
      expect(() => route.addParent(tls)).toThrow(
        '[shop/db] parents[0] is listener "tls" (TLS), which carries TLSRoute, not TCPRoute; attach to a TCP listener (addTcpListener())');
      expect(() => route.addParent(gw.httpListener!)).toThrow('parents[0] is listener "http" (HTTP), which carries HTTPRoute and GRPCRoute, not TCPRoute');
    });

    test('it has more than 32 parents', () => {
      const parents = Array.from({ length: 33 }, (_, i) => RouteParent.fromGatewayName('edge', { sectionName: `l${i}` }));
      expect(() => new TcpRoute(shopChart(), 'db', { parents })).toThrow('[shop/db] route has 33 parents; at most 32 are allowed');
    });

    test('it attaches to one Gateway twice, once without a sectionName', () => {
      expect(() => new TcpRoute(shopChart(), 'db', {
        parents: [RouteParent.fromGatewayName('edge', { sectionName: 'a' }), RouteParent.fromGatewayName('edge')],
      })).toThrow('[shop/db] parentRefs[1] (gateway edge) attaches to the same parent as parentRefs[0] without a sectionName');
    });

    test('a parent factory got bad arguments', () => {
      expect(() => new TcpRoute(shopChart(), 'db', { parents: [RouteParent.fromGatewayName('Edge')] })).toThrow(
        '[shop/db] parents[0] RouteParent.fromGatewayName("Edge"): gateway name "Edge" is not a valid DNS label');
    });

    test('the name or namespace is invalid', () => {
      expect(() => new TcpRoute(shopChart(), 'db', { name: 'DB' })).toThrow('[shop/db] route name "DB" must be lowercase DNS labels separated by dots');
      expect(() => new TcpRoute(shopChart(), 'db', { metadata: { namespace: 'a_b' } })).toThrow('[shop/db] route namespace "a_b" must be a DNS label');
    });

    test('two TcpRoutes have the same name in a namespace', () => {
      const chart = shopChart();
      new TcpRoute(chart, 'a', { name: 'db' });
      expect(() => new TcpRoute(chart, 'b', { name: 'db' })).toThrow(/db/);
    });

    test('the route has no rule, no parents, or a rule without backends (at synth)', () => {
      const chart = shopChart();
      new TcpRoute(chart, 'db');
      expect(() => Testing.synth(chart)).toThrow(/route has no rule; pass rules or call addRule\(\) \(a TCPRoute has exactly one\)[\s\S]*route has no parents/);
      const chart2 = shopChart();
      new TcpRoute(chart2, 'db', { parents: [tcpListener(chart2)], rules: [{}] });
      expect(() => Testing.synth(chart2)).toThrow('rules[0] has no backends');
    });

    test('every backend has weight 0 (at synth)', () => {
      const chart = shopChart();
      new TcpRoute(chart, 'db', { parents: [tcpListener(chart)], rules: [{ backends: [{ backend: pg, weight: 0 }, { backend: pgNew, weight: 0 }] }] });
      expect(() => Testing.synth(chart)).toThrow('rules[0] gives every backend weight 0, so matching requests get a closed connection');
    });
  });

  test('property: random valid TcpRoutes pass schema and CEL with weights and grants as given; a second rule always fails', () => {
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const config = fc.record({
      backends: fc.uniqueArray(
        fc.record({ name: label, ns: fc.option(fc.constantFrom('shop', 'data'), { nil: undefined }), port: fc.integer({ min: 1, max: 65535 }), weight: fc.integer({ min: 0, max: 1_000_000 }) }),
        { minLength: 1, maxLength: 16, selector: (b) => `${b.ns ?? 'shop'}/${b.name}` },
      ),
      sections: fc.uniqueArray(label, { minLength: 1, maxLength: 32 }),
      extraRule: fc.boolean(),
    });
    fc.assert(fc.property(config, (c) => {
      const chart = shopChart();
      const route = new TcpRoute(chart, 'db', {
        parents: c.sections.map((s) => new FakeListener('edge', s)),
        rules: [{ backends: c.backends.map((b) => ({ backend: new FakeBackend(b.name, b.port, b.ns), weight: b.weight })) }],
      });
      if (c.extraRule) {
        expect(() => route.addRule()).toThrow('a TCPRoute has exactly 1 rule');
      }
      if (c.backends.every((b) => b.weight === 0)) {
        expect(() => Testing.synth(chart)).toThrow(/gives every backend weight 0/);
        return;
      }
      const objects = Testing.synth(chart);
      expect(validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error')).toEqual([]);
      const out = objects.find((o: any) => o.kind === 'TCPRoute');
      expect(out.spec.rules).toHaveLength(1);
      expect(out.spec.parentRefs).toHaveLength(c.sections.length);
      expect(out.spec.rules[0].backendRefs).toEqual(c.backends.map((b) => ({
        group: '', kind: 'Service', name: b.name, namespace: b.ns, port: b.port, weight: b.weight,
      })).map((b) => JSON.parse(JSON.stringify(b))));
      const grants = objects.filter((o: any) => o.kind === 'ReferenceGrant');
      expect(grants.length > 0).toBe(c.backends.some((b) => b.ns === 'data'));
    }), { numRuns: 150 });
  });
});

describe('route kinds a listener carries (Istio conditions.go generateSupportedKinds)', () => {
  test('fails when an HttpRoute or GrpcRoute attaches to a TCP or TLS passthrough listener', () => {
    const c = shopChart();
    const gw = new IngressGateway(c, 'edge', { hostname: 'db.example.com' });
    const tcp = gw.addTcpListener('pg', { port: 5432 });
    const tls = gw.addTlsPassthroughListener('db', {});
    expect(() => new HttpRoute(c, 'web', { parents: [tcp], rules: [{ backends: [{ backend: Backend.fromServiceName('web', 80) }] }] }))
      .toThrow('[shop/web] parents[0] is listener "pg" (TCP), which carries TCPRoute, not HTTPRoute; attach to an HTTP or HTTPS listener');
    expect(() => new GrpcRoute(c, 'rpc', { parents: [tls] }))
      .toThrow('[shop/rpc] parents[0] is listener "db" (TLS), which carries TLSRoute, not GRPCRoute; attach to an HTTP or HTTPS listener');
  });
});
