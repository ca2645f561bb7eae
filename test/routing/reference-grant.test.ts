import { Chart, Testing } from 'cdk8s';
import { api, edge, FakeBackend, grants, synth } from './fakes';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter } from '../../src/routing/http-route-filter';
import { ReferenceGrants } from '../../src/routing/reference-grant';
import { ReferenceGrantPolicy } from '../../src/routing/reference-grant-policy';
import { shopChart } from '../chart';

describe('ReferenceGrants for routes', () => {
  test('a cross-namespace backendRef creates a grant in the target namespace', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }] }] });
    expect(grants(chart)).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'shop-httproute-to-service-api', namespace: 'backend' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }],
        to: [{ group: '', kind: 'Service', name: 'api' }],
      },
    }]);
  });

  test('no grant for a backend in the route namespace, explicit or implicit', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      rules: [{ backends: [{ backend: api('shop') }, { backend: new FakeBackend('web', 80) }] }],
    });
    expect(grants(chart)).toEqual([]);
  });

  test('no grant for a parent in another namespace (allowedRoutes governs attachment)', () => {
    const chart = shopChart();
    const parent = { gatewayName: 'edge', gatewayNamespace: 'infra', parentReference: () => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'infra' }) };
    new HttpRoute(chart, 'api', { parents: [parent], rules: [{ backends: [{ backend: api() }] }] });
    expect(grants(chart)).toEqual([]);
  });

  test('a mirror backend in another namespace gets a grant too', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      rules: [{
        filters: [HttpRouteFilter.requestMirror(new FakeBackend('shadow', 80, 'qa'))],
        backends: [{ backend: api(), filters: [HttpRouteFilter.requestMirror(new FakeBackend('audit', 80, 'qa'))] }],
      }],
    });
    expect(grants(chart).map(g => [g.metadata.namespace, g.metadata.name])).toEqual([
      ['qa', 'shop-httproute-to-service-shadow'],
      ['qa', 'shop-httproute-to-service-audit'],
    ]);
  });

  test('with EXPECT_EXISTING, neither backends nor mirror backends get a grant', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', {
      parents: [edge()],
      referenceGrants: ReferenceGrantPolicy.EXPECT_EXISTING,
      rules: [{
        filters: [HttpRouteFilter.requestMirror(new FakeBackend('shadow', 80, 'qa'))],
        backends: [{ backend: api('backend') }],
      }],
    });
    expect(grants(chart)).toEqual([]);
  });

  test('the same Service name in two target namespaces gets one grant in each', () => {
    const chart = shopChart();
    new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }, { backend: api('other') }] }] });
    expect(grants(chart).map(g => `${g.metadata.namespace}/${g.metadata.name}`))
      .toEqual(['backend/shop-httproute-to-service-api', 'other/shop-httproute-to-service-api']);
  });

  test('grants are deduplicated app-wide', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    new HttpRoute(a, 'one', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }] }] });
    new HttpRoute(a, 'two', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }] }] });
    new HttpRoute(b, 'three', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }] }] });
    expect(grants(a)).toHaveLength(1);
    expect(grants(b)).toHaveLength(0);
  });

  test('one grant per target Service and per source namespace', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const blog = new Chart(app, 'blog', { namespace: 'blog' });
    new HttpRoute(shop, 'r', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }, { backend: new FakeBackend('web', 80, 'backend') }] }] });
    new HttpRoute(blog, 'r', { parents: [edge()], rules: [{ backends: [{ backend: api('backend') }] }] });
    expect(grants(shop).map(g => g.metadata.name)).toEqual(['shop-httproute-to-service-api', 'shop-httproute-to-service-web']);
    expect(grants(blog).map(g => g.metadata.name)).toEqual(['blog-httproute-to-service-api']);
  });
});

describe('ReferenceGrants.ensure', () => {
  const secretGrant = { fromGroup: 'gateway.networking.k8s.io', fromKind: 'Gateway', fromNamespace: 'infra', toGroup: '', toKind: 'Secret', toNamespace: 'certs', toName: 'shop-tls' };

  test('a Gateway to Secret grant', () => {
    const chart = new Chart(Testing.app(), 'infra', { namespace: 'infra' });
    const grant = ReferenceGrants.ensure(chart, secretGrant);
    expect(grant).toBeDefined();
    expect(synth(chart)).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'infra-gateway-to-secret-shop-tls', namespace: 'certs' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }],
        to: [{ group: '', kind: 'Secret', name: 'shop-tls' }],
      },
    }]);
  });

  test('returns the same object for the same permission', () => {
    const chart = new Chart(Testing.app(), 'infra');
    expect(ReferenceGrants.ensure(chart, secretGrant)).toBe(ReferenceGrants.ensure(chart, secretGrant));
  });

  test('returns undefined and creates nothing in the same namespace', () => {
    const chart = new Chart(Testing.app(), 'infra');
    expect(ReferenceGrants.ensure(chart, { ...secretGrant, toNamespace: 'infra' })).toBeUndefined();
    expect(synth(chart)).toEqual([]);
  });

  test('without toName, the grant covers the kind and the name says so', () => {
    const chart = new Chart(Testing.app(), 'infra');
    const grant = ReferenceGrants.ensure(chart, { ...secretGrant, toName: undefined })!;
    expect(grant.name).toBe('infra-gateway-to-secret');
    expect(synth(chart)[0].spec.to).toEqual([{ group: '', kind: 'Secret' }]);
  });

  test('other groups appear in the name', () => {
    const chart = new Chart(Testing.app(), 'infra');
    const grant = ReferenceGrants.ensure(chart, { ...secretGrant, toGroup: 'networking.istio.io', toKind: 'ServiceEntry', toName: 'ext' })!;
    expect(grant.name).toBe('infra-gateway-to-serviceentry.networking.istio.io-ext');
  });

  test('very long names are shortened with a stable hash', () => {
    const chart = new Chart(Testing.app(), 'infra');
    const long = 'a'.repeat(250);
    const grant = ReferenceGrants.ensure(chart, { ...secretGrant, toName: long })!;
    expect(grant.name.length).toBeLessThanOrEqual(253);
    expect(grant.name).toMatch(/^infra-gateway-to-secret-a+-[0-9a-f]{8}$/);
  });

  test('fails when two permissions would share a name', () => {
    const chart = new Chart(Testing.app(), 'infra');
    ReferenceGrants.ensure(chart, secretGrant);
    expect(() => ReferenceGrants.ensure(chart, { ...secretGrant, fromGroup: '' }))
      .toThrow(/referenceGrant "certs\/infra-gateway-to-secret-shop-tls" would be written for two different permissions/);
  });

  test.each([
    ['an invalid fromNamespace', { ...secretGrant, fromNamespace: 'Infra' }, /\[infra\] referenceGrant fromNamespace "Infra" must be a DNS label/],
    ['an invalid toNamespace', { ...secretGrant, toNamespace: '' }, /referenceGrant toNamespace "" must be a DNS label/],
    ['an invalid group', { ...secretGrant, toGroup: 'Core' }, /referenceGrant group "Core" must be empty or a DNS subdomain/],
    ['an invalid kind', { ...secretGrant, fromKind: 'gate way' }, /referenceGrant kind "gate way" must be a letter followed by/],
    ['an empty toName', { ...secretGrant, toName: '' }, /referenceGrant toName "" must be 1 to 253 characters long/],
  ])('fails when given %s', (_name, options, message) => {
    const chart = new Chart(Testing.app(), 'infra');
    expect(() => ReferenceGrants.ensure(chart, options)).toThrow(message);
  });
});
