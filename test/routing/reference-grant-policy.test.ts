import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import {
  Analyzer, Backend, CanaryRoute, HttpRoute, IngressGateway, ManifestSet, ReferenceGrantPolicy, ReferenceGrants,
  SynthValidation, TlsCertificate, TlsListener,
} from '../../src';
import { shopChart } from '../chart';

let stderr: jest.SpyInstance;
beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
afterEach(() => { stderr.mockRestore(); });

const KEY = ReferenceGrantPolicy.CONTEXT_KEY;

/** The fix IGW1005 gives for the grant a `shop` HTTPRoute needs to reach Service payments/api. */
const API_GRANT_YAML = 'apiVersion: gateway.networking.k8s.io/v1, kind: ReferenceGrant, '
  + 'metadata: {name: shop-httproute-to-service-api, namespace: payments}, '
  + 'spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}], to: [{group: "", kind: Service, name: api}]}';

/** Team payments' chart with its Service `api` (port 80), in the same App. */
function payments(app: App): kplus.Service {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  return new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, name: 'http' }] });
}

/** Team shop's chart with a Gateway and a route to `backend`. */
function shop(app: App, policy?: ReferenceGrantPolicy, backend = Backend.fromServiceName('api', 80, 'payments')): HttpRoute {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
  return new HttpRoute(chart, 'checkout', {
    parents: [gw.httpListener!],
    rules: [{ backends: [{ backend }] }],
    referenceGrants: policy,
  });
}

function kinds(app: App, kind: string): any[] {
  return app.charts.flatMap((c) => c.toJson()).filter((o: any) => o.kind === kind);
}

/** Synthesizes the App with printed warnings on; returns the IGW1005 warning lines. */
function grantWarnings(app: App): string[] {
  SynthValidation.enable(app, { printWarnings: true });
  app.synthYaml();
  return stderr.mock.calls.map((c) => String(c[0])).join('').split('\n').filter((l) => l.includes('IGW1005'));
}

describe('ReferenceGrantPolicy', () => {
  test('is CREATE without context', () => {
    const app = Testing.app();
    expect(ReferenceGrantPolicy.of(app)).toBe(ReferenceGrantPolicy.CREATE);
    expect(ReferenceGrantPolicy.CREATE.createsGrants).toBe(true);
    expect(ReferenceGrantPolicy.EXPECT_EXISTING.createsGrants).toBe(false);
  });

  test('the context key and values', () => {
    expect(KEY).toBe('cdk8s-istio-gateway:referenceGrants');
    expect(ReferenceGrantPolicy.CREATE.value).toBe('create');
    expect(`${ReferenceGrantPolicy.EXPECT_EXISTING}`).toBe('expect-existing');
  });

  test('reads the context of the App, or of a Chart', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'create');
    const plain = new Chart(app, 'plain');
    const team = new Chart(app, 'team');
    team.node.setContext(KEY, 'expect-existing');
    expect(ReferenceGrantPolicy.of(plain)).toBe(ReferenceGrantPolicy.CREATE);
    expect(ReferenceGrantPolicy.of(team)).toBe(ReferenceGrantPolicy.EXPECT_EXISTING);
  });

  test.each([
    ['an unknown value', 'manual', '"manual"'],
    ['another casing', 'EXPECT_EXISTING', '"EXPECT_EXISTING"'],
    ['a boolean', false, 'false'],
  ])('fails when the context value is %s', (_name, value, shown) => {
    const app = Testing.app();
    app.node.setContext(KEY, value);
    expect(() => shop(app)).toThrow(`[shop/checkout] context "cdk8s-istio-gateway:referenceGrants" is ${shown}; `
      + 'allowed values are "create" (the library writes ReferenceGrants) and "expect-existing" (the target namespace\'s owner writes them)');
  });

  test('fails when the context value is bad, even where no grant is needed', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'none');
    expect(() => shop(app, undefined, Backend.fromServiceName('api', 80)))
      .toThrow(/\[shop\/checkout\] context "cdk8s-istio-gateway:referenceGrants" is "none"/);
  });
});

describe('routes and ReferenceGrantPolicy', () => {
  test('by default the route writes the grant into the target namespace', () => {
    const app = Testing.app();
    const route = shop(app);
    expect(route.referenceGrants).toBe(ReferenceGrantPolicy.CREATE);
    expect(kinds(app, 'ReferenceGrant').map((g) => `${g.metadata.namespace}/${g.metadata.name}`))
      .toEqual(['payments/shop-httproute-to-service-api']);
  });

  test('EXPECT_EXISTING writes no ReferenceGrant', () => {
    const app = Testing.app();
    const route = shop(app, ReferenceGrantPolicy.EXPECT_EXISTING);
    expect(route.referenceGrants).toBe(ReferenceGrantPolicy.EXPECT_EXISTING);
    expect(kinds(app, 'ReferenceGrant')).toEqual([]);
  });

  test('EXPECT_EXISTING: synth passes with a warning naming the namespace, its owner and the grant to write', () => {
    const app = Testing.app();
    shop(app, ReferenceGrantPolicy.EXPECT_EXISTING, Backend.fromService(payments(app), 80));
    expect(SynthValidation.errors(app)).toEqual([]);
    expect(grantWarnings(app)).toEqual([
      '  warning IGW1005 [shop/checkout/Resource] HTTPRoute shop/checkout spec.rules[0].backendRefs[0].namespace: '
      + 'HTTPRoute in namespace "shop" refers to Service payments/api; the ReferenceGrant that allows it is expected to exist '
      + 'but is not in the manifests: the owner of namespace "payments" must create it '
      + `(fix: the owner of namespace "payments" applies ${API_GRANT_YAML})`,
    ]);
  });

  test('without the policy, the same missing grant fails synth', () => {
    const app = Testing.app();
    const svc = payments(app);
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    // a raw route: no construct wrote or expected a grant
    new gwapi.HttpRoute(chart, 'raw', {
      metadata: { name: 'raw' },
      spec: { parentRefs: [{ name: gw.gatewayName }], rules: [{ backendRefs: [{ name: svc.name, namespace: 'payments', port: 80 }] }] },
    });
    expect(SynthValidation.errors(app).filter((e) => e.startsWith('IGW1005'))).toEqual([
      'IGW1005 [shop/raw] HTTPRoute shop/raw spec.rules[0].backendRefs[0].namespace: HTTPRoute in namespace "shop" refers to '
      + 'Service payments/api and no ReferenceGrant in "payments" allows it (fix: add a ReferenceGrant in namespace "payments" '
      + 'from {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop} to {group: "", kind: Service, name: api})',
    ]);
  });

  test('a grant in the App, whatever its name, silences the warning', () => {
    const app = Testing.app();
    const svc = payments(app);
    new gwapi.ReferenceGrant(Chart.of(svc), 'allow-shop', {
      metadata: { name: 'allow-shop' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] },
    });
    shop(app, ReferenceGrantPolicy.EXPECT_EXISTING, Backend.fromService(svc, 80));
    expect(grantWarnings(app)).toEqual([]);
  });

  test('a grant for another source namespace does not silence it', () => {
    const app = Testing.app();
    const svc = payments(app);
    new gwapi.ReferenceGrant(Chart.of(svc), 'allow-blog', {
      metadata: { name: 'allow-blog' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'blog' }], to: [{ group: '', kind: 'Service' }] },
    });
    shop(app, ReferenceGrantPolicy.EXPECT_EXISTING, Backend.fromService(svc, 80));
    expect(grantWarnings(app)).toHaveLength(1);
  });

  test('a route that creates the grant satisfies another that expects it', () => {
    const app = Testing.app();
    const route = shop(app, ReferenceGrantPolicy.EXPECT_EXISTING);
    new HttpRoute(route.node.scope as Chart, 'other', {
      parents: [route.parents[0]],
      rules: [{ backends: [{ backend: Backend.fromServiceName('api', 80, 'payments') }] }],
      referenceGrants: ReferenceGrantPolicy.CREATE,
    });
    expect(kinds(app, 'ReferenceGrant')).toHaveLength(1);
    expect(grantWarnings(app)).toEqual([]);
  });

  test('the context default applies app-wide: routes, canary routes and TLS listeners write no grant', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'expect-existing');
    const route = shop(app);
    const chart = route.node.scope as Chart;
    const gw = chart.node.findChild('edge') as IngressGateway;
    const tls = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('shop-tls', 'certs') });
    const canary = new CanaryRoute(chart, 'canary', {
      parent: tls,
      stable: Backend.fromServiceName('api-v1', 80, 'payments'),
      canary: Backend.fromServiceName('api-v2', 80, 'payments'),
      canaryPercent: 10,
    });
    expect([route.referenceGrants, canary.route.referenceGrants, tls.referenceGrants])
      .toEqual([ReferenceGrantPolicy.EXPECT_EXISTING, ReferenceGrantPolicy.EXPECT_EXISTING, ReferenceGrantPolicy.EXPECT_EXISTING]);
    expect(kinds(app, 'ReferenceGrant')).toEqual([]);
    expect(SynthValidation.errors(app)).toEqual([]);
  });

  test('the per-construct prop overrides the context default', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'expect-existing');
    const route = shop(app, ReferenceGrantPolicy.CREATE);
    expect(route.referenceGrants).toBe(ReferenceGrantPolicy.CREATE);
    expect(kinds(app, 'ReferenceGrant').map((g) => g.metadata.name)).toEqual(['shop-httproute-to-service-api']);
  });

  test('a CanaryRoute passes its referenceGrants to its route', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const gw = new IngressGateway(chart, 'edge');
    const canary = new CanaryRoute(chart, 'canary', {
      parent: gw.httpListener!,
      stable: Backend.fromServiceName('api-v1', 80, 'payments'),
      canary: Backend.fromServiceName('api-v2', 80, 'payments'),
      referenceGrants: ReferenceGrantPolicy.EXPECT_EXISTING,
    });
    expect(canary.route.referenceGrants).toBe(ReferenceGrantPolicy.EXPECT_EXISTING);
    expect(kinds(app, 'ReferenceGrant')).toEqual([]);
  });
});

describe('ReferenceGrants.ensure with a policy', () => {
  const permission = { fromGroup: 'gateway.networking.k8s.io', fromKind: 'HTTPRoute', fromNamespace: 'shop', toGroup: '', toKind: 'Service', toNamespace: 'payments', toName: 'api' };

  test('EXPECT_EXISTING returns undefined and writes nothing', () => {
    const chart = shopChart();
    expect(ReferenceGrants.ensure(chart, permission, ReferenceGrantPolicy.EXPECT_EXISTING)).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('EXPECT_EXISTING returns a grant another construct of the App created', () => {
    const chart = shopChart();
    const created = ReferenceGrants.ensure(chart, permission, ReferenceGrantPolicy.CREATE);
    expect(ReferenceGrants.ensure(chart, permission, ReferenceGrantPolicy.EXPECT_EXISTING)).toBe(created);
  });

  test('without a policy, the context decides', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'expect-existing');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(ReferenceGrants.ensure(chart, permission)).toBeUndefined();
  });

  test('fails when the context value is bad', () => {
    const app = Testing.app();
    app.node.setContext(KEY, 'yes');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    expect(() => ReferenceGrants.ensure(chart, permission)).toThrow(/\[shop\] context "cdk8s-istio-gateway:referenceGrants" is "yes"/);
  });

  test('still validates the permission', () => {
    const chart = shopChart();
    expect(() => ReferenceGrants.ensure(chart, { ...permission, toNamespace: 'Payments' }, ReferenceGrantPolicy.EXPECT_EXISTING))
      .toThrow(/referenceGrant toNamespace "Payments" must be a DNS label/);
  });
});

describe('IGW1005 and expected grants (CLI, externalObjects)', () => {
  function manifests(): ManifestSet {
    const chart = new Chart(Testing.app(), 'x');
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'payments' }, spec: { ports: [{ port: 80 }] } });
    new gwapi.HttpRoute(chart, 'route', {
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { rules: [{ backendRefs: [{ name: 'api', namespace: 'payments', port: 80 }] }] },
    });
    return ManifestSet.fromApp(chart.node.root);
  }
  const igw1005 = (externalObjects: string[]) => new Analyzer({ externalObjects, schemaValidation: false })
    .analyze(manifests()).findings.filter((f) => f.id === 'IGW1005');

  test('an undeclared missing grant is an error', () => {
    expect(igw1005([]).map((f) => f.severity)).toEqual(['error']);
  });

  test('a declared grant for the Service is a warning with the fields to write', () => {
    const [f] = igw1005(['ReferenceGrant payments/shop-httproute-to-service-api']);
    expect(f.severity).toBe('warning');
    expect(f.fix).toBe(`the owner of namespace "payments" applies ${API_GRANT_YAML}`);
  });

  test('a declared grant for every Service leaves the name out of the fields', () => {
    const [f] = igw1005(['ReferenceGrant payments/shop-httproute-to-service']);
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain('metadata: {name: shop-httproute-to-service, namespace: payments}');
    expect(f.fix).toContain('to: [{group: "", kind: Service}]');
  });

  test('a grant declared for another Service does not count', () => {
    expect(igw1005(['ReferenceGrant payments/shop-httproute-to-service-web']).map((f) => f.severity)).toEqual(['error']);
  });
});
