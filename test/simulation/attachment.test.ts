import { gateway, httpListener, namespace, route, service, simulate, to } from './helpers';

const ref = (extra: any = {}) => ({ name: 'gw', namespace: 'infra', ...extra });

describe('parentRef matching', () => {
  const listeners = [
    httpListener(),
    { name: 'alt', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
  ];
  const attach = (parentRefs: any[], routeNamespace = 'app') => simulate([
    gateway(listeners), service('web', routeNamespace),
    route('r', { parentRefs, rules: [to('web')] }, routeNamespace),
  ]);

  test.each([
    ['name and namespace', [ref()], 200, ''],
    ['explicit group and kind', [ref({ group: 'gateway.networking.k8s.io', kind: 'Gateway' })], 200, ''],
    ['sectionName of the listener', [ref({ sectionName: 'http' })], 200, ''],
    ['port of the listener', [ref({ port: 80 })], 200, ''],
    ['sectionName and port of the listener', [ref({ sectionName: 'http', port: 80 })], 200, ''],
    ['one of two parentRefs', [ref({ sectionName: 'alt' }), ref({ sectionName: 'http' })], 200, ''],
    ['sectionName of another listener', [ref({ sectionName: 'alt' })], 404,
      'HTTPRoute app/r is not attached to listener http: parentRef sectionName alt selects listener alt (HTTP 8080), not http'],
    ['sectionName of no listener', [ref({ sectionName: 'htp' })], 404,
      'parentRef sectionName htp names no listener of gateway infra/gw (listeners: http, alt)'],
    ['port of another listener', [ref({ port: 8080 })], 404, 'parentRef port 8080 does not select listener http on port 80'],
    ['sectionName right but port wrong', [ref({ sectionName: 'http', port: 8080 })], 404, 'parentRef port 8080 does not select listener http on port 80'],
    ['another Gateway that is not in the input', [ref({ name: 'gateway' })], 404,
      'HTTPRoute app/r: parentRef names Gateway infra/gateway, which is not in the input'],
    ['no namespace: the route namespace is meant', [{ name: 'gw' }], 404,
      'HTTPRoute app/r: parentRef names Gateway app/gw, which is not in the input'],
    ['kind Service (a mesh route)', [ref({ group: '', kind: 'Service' })], 404, 'no HTTPRoute is attached to listener http of gateway infra/gw'],
    ['no parentRefs', [], 404, 'HTTPRoute app/r has no parentRefs, so it attaches to no Gateway'],
  ])('%s -> %s', (_title, parentRefs, status, reason) => {
    const d = attach(parentRefs as any[]).request({ host: 'x' });
    expect(d).toReturnStatus(status);
    if (reason) expect(d.reason).toContain(reason);
  });

  test('a route attached by port reaches the listener on that port', () => {
    const d = attach([ref({ port: 8080 })]).request({ host: 'x', port: 8080 });
    expect(d).toRouteTo('web');
    expect(d.listener).toBe('alt');
  });
});

describe('allowedRoutes', () => {
  const attachFrom = (allowedRoutes: any, routeNamespace: string, extra: any[] = []) => simulate([
    gateway([{ name: 'http', port: 80, protocol: 'HTTP', ...(allowedRoutes ? { allowedRoutes } : {}) }]),
    service('web', routeNamespace),
    route('r', { parentRefs: [ref()], rules: [to('web')] }, routeNamespace),
    ...extra,
  ]).request({ host: 'x' });

  test('the default is Same: routes from the Gateway namespace attach', () => {
    expect(attachFrom(undefined, 'infra')).toRouteTo('web');
  });

  test('the default is Same: routes from other namespaces are not allowed', () => {
    const d = attachFrom(undefined, 'app');
    expect(d).toReturnStatus(404);
    expect(d.reason).toContain('listener http allows routes only from namespace infra (allowedRoutes.namespaces.from: Same), the route is in app (NotAllowedByListeners)');
  });

  test('All admits every namespace', () => {
    expect(attachFrom({ namespaces: { from: 'All' } }, 'app')).toRouteTo('web');
  });

  test.each([
    ['matchLabels on a Namespace label', { matchLabels: { team: 'shop' } }, true],
    ['matchLabels that differ', { matchLabels: { team: 'other' } }, false],
    ['kubernetes.io/metadata.name', { matchLabels: { 'kubernetes.io/metadata.name': 'app' } }, true],
    ['In', { matchExpressions: [{ key: 'team', operator: 'In', values: ['shop', 'web'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['shop'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, false],
    ['an unknown operator', { matchExpressions: [{ key: 'team', operator: 'Like' }] }, false],
  ])('Selector: %s', (_title, selector, admitted) => {
    const d = attachFrom({ namespaces: { from: 'Selector', selector } }, 'app', [namespace('app', { team: 'shop' })]);
    if (admitted) {
      expect(d).toRouteTo('web');
    } else {
      expect(d).toReturnStatus(404);
      expect(d.reason).toContain('does not select namespace app');
    }
  });

  test('Selector on a Namespace that is not in the input knows only kubernetes.io/metadata.name', () => {
    const byName = attachFrom({ namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } } }, 'app');
    expect(byName).toRouteTo('web');
    expect(byName.notes).toContain('Namespace app is not in the input; only its kubernetes.io/metadata.name label is known to the allowedRoutes selector');
    expect(attachFrom({ namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' } } } }, 'app')).toReturnStatus(404);
  });

  test('fails when the Gateway has an unknown allowedRoutes.namespaces.from: the API server rejects it', () => {
    expect(() => attachFrom({ namespaces: { from: 'Everyone' } }, 'app'))
      .toThrow(/^no Gateway \(gateway\.networking\.k8s\.io\) in the manifests; Gateway infra\/gw \(.*\) is rejected \(IGW0001 spec\.listeners\[0\]\.allowedRoutes\.namespaces\.from: /);
  });

  test('kinds that include HTTPRoute admit it', () => {
    expect(attachFrom({ namespaces: { from: 'All' }, kinds: [{ kind: 'HTTPRoute' }] }, 'app')).toRouteTo('web');
  });

  test('kinds without HTTPRoute reject it', () => {
    const d = attachFrom({ namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] }, 'app');
    expect(d).toReturnStatus(404);
    expect(d.reason).toContain('allowedRoutes.kinds (GRPCRoute) does not include HTTPRoute (NotAllowedByListeners)');
  });
});

describe('hostname intersection', () => {
  // the intersection rule itself is tested with the kernel (test/gateway-api/gateway-semantics.test.ts)
  const withHostnames = (listenerHostname: string | undefined, hostnames: string[]) => simulate([
    gateway([httpListener(listenerHostname ? { hostname: listenerHostname } : {})]),
    service('web'),
    route('r', { hostnames, rules: [to('web')] }),
  ]);

  test.each([
    ['*.example.com', [], 'anything.example.com', 200],
    ['*.example.com', ['foo.example.com'], 'foo.example.com', 200],
    ['*.example.com', ['a.b.example.com'], 'a.b.example.com', 200],
    ['foo.example.com', ['*.example.com'], 'foo.example.com', 200],
    [undefined, ['*.example.com'], 'foo.example.com', 200],
    [undefined, ['*.example.com'], 'example.com', 404],
    [undefined, ['foo.example.com'], 'FOO.example.com:8080', 200],
    ['*.example.com', ['test.example.com', 'test.example.net'], 'test.example.com', 200],
    ['*.example.com', ['*.foo.example.com'], 'x.foo.example.com', 200],
    ['*.example.com', ['*.foo.example.com'], 'x.example.com', 404],
  ])('listener %s, route hostnames %j, host %s -> %s', (listenerHostname, hostnames, host, status) => {
    expect(withHostnames(listenerHostname, hostnames).request({ host })).toReturnStatus(status);
  });

  test('a route whose hostnames do not intersect the listener hostname is not attached', () => {
    const d = withHostnames('*.example.com', ['example.com', 'test.example.net']).request({ host: 'a.example.com' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no HTTPRoute is attached to listener http of gateway infra/gw; HTTPRoute app/r is not attached to listener http: '
      + "hostnames example.com, test.example.net do not intersect listener http's hostname *.example.com (NoMatchingListenerHostname)");
  });

  test('an attached route whose hostnames do not match the host gives 404 with the reason', () => {
    const d = withHostnames(undefined, ['shop.example.com']).request({ host: 'blog.example.com' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('no HTTPRoute attached to listener http of gateway infra/gw accepts host blog.example.com; '
      + 'HTTPRoute app/r: hostnames shop.example.com do not match host blog.example.com');
  });
});

describe('duplicates in the input', () => {
  test('the last definition of an object wins, as with kubectl apply, and it is noted', () => {
    const sim = simulate([
      gateway([httpListener()]), service('one'), service('two'),
      route('r', { rules: [to('one')] }),
      route('r', { rules: [to('two')] }),
    ]);
    const d = sim.request({ host: 'x' });
    expect(d).toRouteTo('two');
    expect(d.notes).toContain('HTTPRoute app/r appears 2 times in the input; the last one (test) is used');
  });
});
