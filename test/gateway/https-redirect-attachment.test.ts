import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AllowedRoutes, HttpsRedirect, IngressGateway, MeshNamespace, TlsCertificate, TrafficSimulator } from '../../src';

/** The allowedRoutes a configuration can give, by name; `undefined` leaves the prop unset. */
function allowedRoutesOf(kind: string | undefined): AllowedRoutes | undefined {
  switch (kind) {
    case 'same': return AllowedRoutes.sameNamespace();
    case 'all': return AllowedRoutes.allNamespaces();
    case 'labels': return AllowedRoutes.fromNamespacesWithLabels({ 'shared-gateway': 'true' });
    case 'names-with-own': return AllowedRoutes.fromNamespaces(['shop', 'edge']);
    case 'names-without-own': return AllowedRoutes.fromNamespaces(['shop', 'team-b']);
    default: return undefined;
  }
}

const config = fc.record({
  namespace: fc.constantFrom<string | undefined>('edge', undefined),
  // the gateway's own namespace prop, which the redirect route follows
  gatewayNamespace: fc.constantFrom<string | undefined>(undefined, 'infra'),
  gatewayAllowed: fc.constantFrom(undefined, 'same', 'all', 'labels', 'names-with-own', 'names-without-own'),
  // explicit allowedRoutes on the HTTP listener: every kind except a label selector, whose
  // verdict depends on labels the library cannot change (see the tests below)
  listenerAllowed: fc.constantFrom(undefined, 'same', 'all', 'names-with-own', 'names-without-own'),
  httpsAllowed: fc.constantFrom(undefined, 'same', 'all', 'labels', 'names-without-own'),
  ownListener: fc.boolean(),
  meshNamespace: fc.boolean(),
  hostname: fc.constantFrom<string | undefined>('shop.example.com', undefined),
});

type Config = typeof config extends fc.Arbitrary<infer T> ? T : never;

/** A configuration with nothing but the namespace set. */
const base: Config = {
  namespace: 'edge',
  gatewayNamespace: undefined,
  gatewayAllowed: undefined,
  listenerAllowed: undefined,
  httpsAllowed: undefined,
  ownListener: false,
  meshNamespace: false,
  hostname: undefined,
};

function build(c: Config): App {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: c.namespace });
  const gatewayNamespace = c.gatewayNamespace ?? c.namespace;
  if (c.meshNamespace && gatewayNamespace) new MeshNamespace(chart, 'ns', { name: gatewayNamespace });
  const gw = new IngressGateway(chart, 'gw', {
    namespace: c.gatewayNamespace,
    hostname: c.hostname,
    allowedRoutes: allowedRoutesOf(c.gatewayAllowed),
    httpListener: !c.ownListener,
    httpListenerAllowedRoutes: c.ownListener ? undefined : allowedRoutesOf(c.listenerAllowed),
  });
  const from = c.ownListener ? gw.addHttpListener('web', { allowedRoutes: allowedRoutesOf(c.listenerAllowed) }) : undefined;
  gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls'), allowedRoutes: allowedRoutesOf(c.httpsAllowed) });
  new HttpsRedirect(gw, 'redirect', { from });
  return app;
}

describe('HttpsRedirect attaches in every allowedRoutes configuration', () => {
  test('synth passes and the simulator redirects plain HTTP to https', () => {
    let runs = 0;
    fc.assert(fc.property(config, (c) => {
      // a list of namespace names given for the listener cannot admit a namespace that is not known (tested below)
      fc.pre(!((c.gatewayNamespace ?? c.namespace) === undefined && c.listenerAllowed?.startsWith('names')));
      const app = build(c);
      expect(() => app.synthYaml()).not.toThrow();
      const decision = TrafficSimulator.fromApp(app).request({ scheme: 'http', host: 'shop.example.com', path: '/cart' });
      expect({ status: decision.status, location: decision.redirect?.location, reason: decision.reason })
        .toEqual({ status: 301, location: 'https://shop.example.com/cart', reason: decision.reason });
      runs++;
    }), { numRuns: 200, seed: 20261127 });
    expect(runs).toBeGreaterThan(100);
  });

  test('a listener that inherits a label selector admits only the gateway namespace once it redirects', () => {
    const app = build({ ...base, gatewayAllowed: 'labels', meshNamespace: true, hostname: 'shop.example.com' });
    const gateway = Testing.synth(Chart.of(app.node.findChild('c') as Chart)).find((o: any) => o.kind === 'Gateway');
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.allowedRoutes])).toEqual([
      ['http', { namespaces: { from: 'Same' } }],
      ['https', { namespaces: { from: 'Selector', selector: { matchLabels: { 'shared-gateway': 'true' } } } }],
    ]);
  });

  test('a namespace list gets the gateway namespace added on the redirecting listener only', () => {
    const app = build({ ...base, gatewayAllowed: 'names-without-own' });
    const gateway = Testing.synth(app.node.findChild('c') as Chart).find((o: any) => o.kind === 'Gateway');
    const values = (i: number) => gateway.spec.listeners[i].allowedRoutes.namespaces.selector.matchExpressions[0].values;
    expect(values(0)).toEqual(['edge', 'shop', 'team-b']);
    expect(values(1)).toEqual(['shop', 'team-b']);
  });

  test('an explicit label selector on the redirecting listener is kept, and attaches when the namespace has the label', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'edge' });
    new MeshNamespace(chart, 'ns', { name: 'edge', metadata: { labels: { 'shared-gateway': 'true' } } });
    const gw = new IngressGateway(chart, 'gw', { httpListenerAllowedRoutes: allowedRoutesOf('labels') });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls') });
    new HttpsRedirect(gw, 'redirect');
    expect(() => app.synthYaml()).not.toThrow();
    const gateway = Testing.synth(chart).find((o: any) => o.kind === 'Gateway');
    expect(gateway.spec.listeners[0].allowedRoutes.namespaces.from).toBe('Selector');
    expect(TrafficSimulator.fromApp(app).request({ scheme: 'http', host: 'a.example.com', path: '/' }).status).toBe(301);
  });

  test('fails when an explicit label selector on the redirecting listener does not select the gateway namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'edge' });
    new MeshNamespace(chart, 'ns', { name: 'edge' });
    const gw = new IngressGateway(chart, 'gw', { httpListenerAllowedRoutes: allowedRoutesOf('labels') });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls') });
    new HttpsRedirect(gw, 'redirect');
    expect(() => app.synthYaml()).toThrow(/IGW1002.*gw-https-redirect|gw-https-redirect[\s\S]*IGW1002|allowedRoutes/);
  });

  test('fails when an explicit namespace list is on a gateway without namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    const gw = new IngressGateway(chart, 'gw', { httpListenerAllowedRoutes: allowedRoutesOf('names-without-own') });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls') });
    new HttpsRedirect(gw, 'redirect');
    expect(() => Testing.synth(chart)).toThrow(/\[c\/gw\/redirect\] listener "http" admits only the namespaces shop, team-b, and the gateway has no namespace/);
  });

  test('fails when httpListenerAllowedRoutes is set without the default HTTP listener', () => {
    expect(() => new IngressGateway(new Chart(Testing.app(), 'c'), 'gw', { httpListener: false, httpListenerAllowedRoutes: AllowedRoutes.allNamespaces() }))
      .toThrow('[c/gw] httpListenerAllowedRoutes is set, but httpListener is false; drop one of them, or pass allowedRoutes to addHttpListener()');
  });
});
