import { App, Chart, Testing } from 'cdk8s';
import { HttpRoute, IngressGateway, TlsCertificate } from '../../src';
import { AllowedListeners } from '../../src/gateway/allowed-listeners';
import { ClientCaCertificate } from '../../src/gateway/client-certificates';
import { ListenerSet } from '../../src/gateway/listener-set';
import { TlsListener } from '../../src/gateway/tls-listener';
import { Backend } from '../../src/routing/backend';
import { TlsRoute } from '../../src/routing/tls-route';
import { objectsOfKind, shopChart, single } from '../chart';

const web = Backend.fromServiceName('web', 80);

describe('AllowedListeners on IngressGateway', () => {
  test.each([
    [AllowedListeners.none(), { namespaces: { from: 'None' } }],
    [AllowedListeners.sameNamespace(), { namespaces: { from: 'Same' } }],
    [AllowedListeners.allNamespaces(), { namespaces: { from: 'All' } }],
    [AllowedListeners.fromNamespacesWithLabels({ 'team': 'shop', 'example.com/tier': 'web' }),
      { namespaces: { from: 'Selector', selector: { matchLabels: { 'example.com/tier': 'web', 'team': 'shop' } } } }],
  ])('writes spec.allowedListeners %#', (allowed, expected) => {
    const chart = shopChart();
    new IngressGateway(chart, 'edge', { allowedListeners: allowed });
    expect(single(chart, 'Gateway').spec.allowedListeners).toEqual(expected);
  });

  test('fromNamespaces selects namespaces by name, sorted and deduplicated; the kernel admits exactly those', () => {
    const app = Testing.app();
    const gw = new IngressGateway(new Chart(app, 'platform', { namespace: 'gateways' }), 'edge', {
      allowedListeners: AllowedListeners.fromNamespaces(['shop', 'blog', 'shop']),
    });
    expect(gw.allowedListeners?._toKube()).toEqual({
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['blog', 'shop'] }] } },
    });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new ListenerSet(shop, 'ls', { gateway: gw }).addHttpListener('alt', { port: 8080 });
    expect(() => app.synth()).not.toThrow();
  });

  test('is not written by default (the API default: no ListenerSet attaches)', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    expect(gw.allowedListeners).toBeUndefined();
    expect(single(chart, 'Gateway').spec.allowedListeners).toBeUndefined();
  });

  test('fails when fromNamespaces gets no name or a bad one', () => {
    expect(() => new IngressGateway(shopChart(), 'edge', { allowedListeners: AllowedListeners.fromNamespaces([]) })).toThrow(
      '[shop/edge] allowedListeners AllowedListeners.fromNamespaces([]): needs at least one namespace name; use AllowedListeners.sameNamespace()');
    expect(() => new IngressGateway(shopChart(), 'edge', { allowedListeners: AllowedListeners.fromNamespaces(['Shop']) })).toThrow(
      'namespace "Shop" is not a valid namespace name');
  });

  test('fails when fromNamespacesWithLabels gets no label or a bad one', () => {
    expect(() => new IngressGateway(shopChart(), 'edge', { allowedListeners: AllowedListeners.fromNamespacesWithLabels({}) })).toThrow(
      '[shop/edge] allowedListeners AllowedListeners.fromNamespacesWithLabels({}): needs at least one label; use AllowedListeners.allNamespaces() to allow every namespace');
    expect(() => new IngressGateway(shopChart(), 'edge', { allowedListeners: AllowedListeners.fromNamespacesWithLabels({ team: 'a b' }) })).toThrow(
      'label team="a b" has an invalid value');
  });
});

describe('ListenerSet', () => {
  test('a team adds an HTTPS listener to an imported platform Gateway; a route attaches by ListenerSet and sectionName', () => {
    const chart = shopChart();
    const platform = IngressGateway.fromGatewayName(chart, 'platform', 'edge', 'gateways');
    const set = new ListenerSet(chart, 'ShopListeners', { gateway: platform });
    const https = set.addTlsListener('https', { hostname: 'shop.example.com', certificate: TlsCertificate.fromSecretName('shop-tls') });
    expect(https).toBeInstanceOf(TlsListener);
    expect(set.listenerSetName).toBe('shop-listeners');
    expect(set.listeners).toEqual([https]);
    expect(set.listener('https')).toBe(https);
    expect(https.parentReference()).toEqual({
      group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-listeners', namespace: 'shop', sectionName: 'https',
    });
    new HttpRoute(chart, 'web', { parents: [https], hostnames: ['shop.example.com'], rules: [{ backends: [{ backend: web }] }] });
    const ls = single(chart, 'ListenerSet');
    expect(ls.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(ls.metadata).toEqual({ name: 'shop-listeners', namespace: 'shop' });
    expect(ls.spec).toEqual({
      parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways' },
      listeners: [{
        name: 'https',
        hostname: 'shop.example.com',
        port: 443,
        protocol: 'HTTPS',
        allowedRoutes: { namespaces: { from: 'Same' } },
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
      }],
    });
    expect(single(chart, 'HTTPRoute').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-listeners', namespace: 'shop', sectionName: 'https' },
    ]);
  });

  test('a certificate Secret in another namespace gets a ReferenceGrant from ListenerSet (a Gateway grant is not inherited)', () => {
    const chart = shopChart();
    const set = new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge', 'gateways') });
    set.addTlsListener('https', { hostname: 'shop.example.com', certificate: TlsCertificate.fromSecretName('wildcard', 'certs') });
    const grant = single(chart, 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('certs');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'shop' }]);
    expect(grant.spec.to).toEqual([{ group: '', kind: 'Secret', name: 'wildcard' }]);
  });

  test('a PEM certificate becomes a Secret named after the ListenerSet in its namespace', () => {
    const chart = shopChart();
    const set = new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge', 'gateways'), namespace: 'team' });
    set.addTlsListener('https', { hostname: 'a.example.com', certificate: TlsCertificate.fromPem('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----') });
    const secret = single(chart, 'Secret');
    expect(secret.metadata).toMatchObject({ name: 'ls-https-tls', namespace: 'team' });
  });

  test('takes an IngressGateway of this app that admits it, with passthrough, TCP and HTTP listeners; TlsRoutes attach to its listener', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'gateways' });
    const gw = new IngressGateway(platform, 'edge', { allowedListeners: AllowedListeners.allNamespaces() });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const set = new ListenerSet(chart, 'ls', { gateway: gw });
    const tls = set.addTlsPassthroughListener('db', { hostname: 'db.example.com' });
    set.addTcpListener('pg', { port: 5432 });
    set.addHttpListener('alt', { port: 8080, hostname: 'shop.example.com' });
    new TlsRoute(chart, 'db', { parents: [tls], hostnames: ['db.example.com'], rules: [{ backends: [{ backend: Backend.fromServiceName('db', 5432) }] }] });
    expect(() => app.synth()).not.toThrow();
    const objects = chart.toJson();
    const ls = objects.find((o: any) => o.kind === 'ListenerSet');
    expect(ls.spec.parentRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateways' });
    expect(ls.spec.listeners.map((l: any) => `${l.name}:${l.protocol}:${l.port}:${l.hostname ?? '-'}:${l.tls?.mode ?? '-'}`))
      .toEqual(['db:TLS:443:db.example.com:Passthrough', 'pg:TCP:5432:-:-', 'alt:HTTP:8080:shop.example.com:-']);
    expect(objects.find((o: any) => o.kind === 'TLSRoute').spec.parentRefs[0]).toMatchObject({ kind: 'ListenerSet', name: 'ls', sectionName: 'db' });
  });

  test('passes synth validation on the experimental channel', () => {
    const app = new App();
    app.node.setContext('cdk8s-istio-gateway:gatewayApiChannel', 'experimental');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const set = new ListenerSet(chart, 'ls', { gateway: new IngressGateway(chart, 'edge', { allowedListeners: AllowedListeners.sameNamespace() }) });
    set.addTlsListener('https', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a') });
    expect(() => app.synth()).not.toThrow();
  });

  describe('fails when', () => {
    test('no gateway is given', () => {
      expect(() => new ListenerSet(shopChart(), 'ls', {} as any)).toThrow('[shop/ls] a ListenerSet needs the gateway it adds listeners to');
    });

    test('the gateway is a listener, not a whole Gateway', () => {
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge');
      expect(() => new ListenerSet(chart, 'ls', { gateway: gw.httpListener as any })).toThrow(
        '[shop/ls] gateway must be a whole Gateway (got Gateway "edge" listener "http"); pass the IngressGateway or IngressGateway.fromGatewayName(...), not one of its listeners');
    });

    test('the name or namespace is invalid', () => {
      const chart = shopChart();
      const gateway = IngressGateway.fromGatewayName(chart, 'p', 'edge');
      expect(() => new ListenerSet(chart, 'a', { gateway, name: 'Bad' })).toThrow('[shop/a] listener set name "Bad" is invalid');
      expect(() => new ListenerSet(chart, 'b', { gateway, namespace: 'a.b' })).toThrow('[shop/b] listener set namespace "a.b" is invalid');
    });

    test('a listener conflicts with one of the Gateway (the Gateway\'s listeners come first)', () => {
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge', { allowedListeners: AllowedListeners.sameNamespace() });
      const set = new ListenerSet(chart, 'ls', { gateway: gw });
      expect(() => set.addTcpListener('raw', { port: 80 })).toThrow(
        '[shop/ls/raw] listener "raw" (TCP) conflicts with listener "http" of gateway "edge" (HTTP) on port 80: protocols HTTP and TCP cannot share a port; '
        + 'Istio would program only listener "http" of gateway "edge". Use another port or hostname');
    });

    test('two listeners of the set conflict, or share a name', () => {
      const chart = shopChart();
      const set = new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge') });
      set.addTlsListener('a', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a') });
      expect(() => set.addTlsPassthroughListener('b', { hostname: 'a.example.com' })).toThrow(
        'listener "b" (TLS) conflicts with "a" (HTTPS) on port 443: both accept hostname "a.example.com"');
      expect(() => set.addHttpListener('c', { name: 'a' })).toThrow('[shop/ls/c] listener name "a" is already used by shop/ls/a; pass a different name');
    });

    test('the Gateway of this app does not admit the set\'s namespace (at synth)', () => {
      const app = Testing.app();
      const gw = new IngressGateway(new Chart(app, 'platform', { namespace: 'gateways' }), 'edge', { allowedListeners: AllowedListeners.sameNamespace() });
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new ListenerSet(chart, 'ls', { gateway: gw }).addHttpListener('alt', { port: 8080 });
      expect(() => app.synth()).toThrow(
        'gateway "edge" does not admit ListenerSets from namespace "shop" (allowedListeners Same), so none of these listeners would be programmed; '
        + 'set allowedListeners: AllowedListeners.allNamespaces() or fromNamespacesWithLabels(...) on the gateway');
      const app2 = Testing.app();
      const chart2 = new Chart(app2, 'shop', { namespace: 'shop' });
      new ListenerSet(chart2, 'ls', { gateway: new IngressGateway(chart2, 'edge') }).addHttpListener('alt', { port: 8080 });
      expect(() => app2.synth()).toThrow('(allowedListeners None)');
    });

    test('it has no listeners (at synth)', () => {
      const chart = shopChart();
      new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge') });
      expect(() => Testing.synth(chart)).toThrow('listener set "ls" has no listeners: add one with addTlsListener()');
    });

    test('a listener sets clientCertificates, which a ListenerSet cannot carry (at synth)', () => {
      const chart = shopChart();
      const set = new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge') });
      set.addTlsListener('https', {
        hostname: 'a.example.com',
        certificate: TlsCertificate.fromSecretName('a'),
        clientCertificates: { caCertificates: [ClientCaCertificate.fromConfigMap('ca')] },
      });
      expect(() => Testing.synth(chart)).toThrow('listener "https" sets clientCertificates, but a ListenerSet has no spec.tls.frontend');
    });

    test('listener() names a listener the set does not have', () => {
      const chart = shopChart();
      const set = new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge') });
      expect(() => set.listener('https')).toThrow('[shop/ls] listener set "ls" has no listener named "https"; listeners: none');
    });
  });

  test('writes nothing but the ListenerSet for plain listeners', () => {
    const chart = shopChart();
    new ListenerSet(chart, 'ls', { gateway: IngressGateway.fromGatewayName(chart, 'p', 'edge') }).addHttpListener('alt', { port: 8080 });
    expect(objectsOfKind(chart, 'ListenerSet')).toHaveLength(1);
    expect(Testing.synth(chart).map((o: any) => o.kind)).toEqual(['ListenerSet']);
  });
});
