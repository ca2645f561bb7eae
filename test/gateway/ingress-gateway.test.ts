import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as lib from '../../src';
import { AllowedRoutes, GatewayAddress, GatewayServiceType, HttpRoute, IngressGateway, ListenerProtocol, RouteParent, TlsCertificate } from '../../src';
import { shopChart, single } from '../chart';

describe('IngressGateway', () => {
  test('defaults: class istio, one HTTP listener on 80 for every host, routes from the same namespace', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    const obj = single(chart, 'Gateway');
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.metadata).toEqual({ name: 'edge', namespace: 'shop' });
    expect(obj.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(gw.httpListener?.protocol).toBe(ListenerProtocol.HTTP);
    expect(ApiObject.of(gw)).toBe(gw.node.defaultChild);
  });

  test('ApiObject.of() is the Gateway, and a JSON patch on it shows in the output', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    ApiObject.of(gw).addJsonPatch(JsonPatch.add('/spec/listeners/0/hostname', 'patched.example.com'));
    expect(single(chart, 'Gateway').spec.listeners[0].hostname).toBe('patched.example.com');
  });

  test('the gateway name is derived readably from the construct id', () => {
    const chart = shopChart();
    expect(new IngressGateway(chart, 'PublicEdge').gatewayName).toBe('public-edge');
    expect(new IngressGateway(chart, 'x', { name: 'istio-gateway' }).gatewayName).toBe('istio-gateway');
  });

  test('hostname, allowedRoutes, service type, infrastructure and addresses are rendered', () => {
    const chart = shopChart('sample-ingress');
    new IngressGateway(chart, 'sample-gateway', {
      hostname: '*.sample.com',
      allowedRoutes: AllowedRoutes.allNamespaces(),
      serviceType: GatewayServiceType.CLUSTER_IP,
      infrastructureAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      infrastructureLabels: { team: 'platform' },
      addresses: [GatewayAddress.ipAddress('10.0.0.7')],
    });
    const obj = single(chart, 'Gateway');
    expect(obj.metadata.annotations).toEqual({ 'networking.istio.io/service-type': 'ClusterIP' });
    expect(obj.spec.infrastructure).toEqual({
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      labels: { team: 'platform' },
    });
    expect(obj.spec.addresses).toEqual([{ type: 'IPAddress', value: '10.0.0.7' }]);
    expect(obj.spec.listeners[0]).toEqual({ name: 'http', hostname: '*.sample.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } });
  });

  test('allowedRoutes selectors: by labels and by namespace names', () => {
    expect(AllowedRoutes.fromNamespacesWithLabels({ shared: 'true' })._toKube()).toEqual({
      namespaces: { from: 'Selector', selector: { matchLabels: { shared: 'true' } } },
    });
    expect(AllowedRoutes.fromNamespaces(['b', 'a', 'b'])._toKube()).toEqual({
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] } },
    });
  });

  test('fails when a gateway is given an allowedRoutes factory value with a problem, naming the path, the call and the fix', () => {
    expect(() => new IngressGateway(shopChart(), 'gw', { allowedRoutes: AllowedRoutes.fromNamespacesWithLabels({}) }))
      .toThrow('[shop/gw] allowedRoutes AllowedRoutes.fromNamespacesWithLabels({}): needs at least one label; use AllowedRoutes.allNamespaces() to allow every namespace');
    expect(() => new IngressGateway(shopChart(), 'gw', { allowedRoutes: AllowedRoutes.fromNamespaces([]) }))
      .toThrow('[shop/gw] allowedRoutes AllowedRoutes.fromNamespaces([]): needs at least one namespace name; use AllowedRoutes.sameNamespace() for the gateway\'s own namespace');
  });

  test('addHttpListener returns the listener, with its own port and hostname', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { httpListener: false });
    const l = gw.addHttpListener('admin', { port: 8080, hostname: 'admin.example.com' });
    expect(l.listenerName).toBe('admin');
    expect(gw.listener('admin')).toBe(l);
    expect(l.parentReference()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'admin' });
    expect(single(chart, 'Gateway').spec.listeners).toEqual([
      { name: 'admin', hostname: 'admin.example.com', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
  });

  test('fromGatewayName: routes can attach to a gateway managed elsewhere', () => {
    const chart = shopChart('default');
    const gw = IngressGateway.fromGatewayName(chart, 'ext', 'external-gateway', 'istio-system');
    expect(gw.parentReference()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'external-gateway', namespace: 'istio-system' });
    expect(gw.listener('https').parentReference().sectionName).toBe('https');
    expect(Testing.synth(chart)).toEqual([]);
    expect(() => IngressGateway.fromGatewayName(chart, 'bad', 'Bad_Name')).toThrow(/gateway name "Bad_Name" is not a valid DNS label/);
    expect(() => gw.listener('Bad')).toThrow(/listener name "Bad" is invalid/);
  });

  test('fromGatewayName returns an IGateway; the class behind it is not exported', () => {
    const gw = IngressGateway.fromGatewayName(shopChart(), 'ext', 'edge', 'infra');
    expect(gw.listener('https').parentReference()).toEqual(RouteParent.fromGatewayName('edge', { namespace: 'infra', sectionName: 'https' }).parentReference());
    expect(Object.keys(lib)).not.toContain('ImportedGateway');
  });

  test.each([
    ['an uppercase name', 'Edge', undefined, 'gateway name "Edge" is not a valid DNS label; use the Gateway\'s metadata.name (lowercase letters, digits and "-")'],
    ['a dotted name', 'edge.gw', undefined, 'gateway name "edge.gw" is not a valid DNS label'],
    ['an empty name', '', undefined, 'gateway name "" must be 1 to 253 characters long'],
    ['a bad namespace', 'edge', 'In Fra', 'namespace "In Fra" is not a valid DNS label; use the Gateway\'s metadata.namespace, or leave it out for the route\'s own namespace'],
  ])('fails when a Gateway known by name has %s, with the same message from both importers', (_what, name, namespace, problem) => {
    expect(() => IngressGateway.fromGatewayName(shopChart(), 'ext', name, namespace))
      .toThrow(`IngressGateway.fromGatewayName(scope, "ext", ${JSON.stringify(name)}${namespace ? `, ${JSON.stringify(namespace)}` : ''}): ${problem}`);
    // RouteParent.fromGatewayName has no scope: the route that uses it reports the problem with its path
    const parent = RouteParent.fromGatewayName(name, { namespace });
    expect(() => new HttpRoute(shopChart(), 'r', { parents: [parent], rules: [{}] }))
      .toThrow(`[shop/r] parents[0] RouteParent.fromGatewayName(${JSON.stringify(name)}): ${problem}`);
    expect(() => parent.parentReference()).toThrow(`RouteParent.fromGatewayName(${JSON.stringify(name)}): ${problem}`);
  });

  test('determinism: the same input gives identical output', () => {
    const build = () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'n' });
      new IngressGateway(chart, 'gw', { infrastructureLabels: { b: '2', a: '1' } });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(build()).toEqual(build());
    expect(build()).toContain('"labels":{"a":"1","b":"2"}');
  });

  describe('errors', () => {
    test.each([
      ['an invalid gateway name', { name: 'Edge_GW' }, /\[shop\/gw\] gateway name "Edge_GW" is invalid/],
      ['an invalid hostname', { hostname: 'Shop.Example.com' }, /hostname "Shop.Example.com" is invalid: it must be lowercase/],
      ['a bare wildcard', { hostname: '*' }, /bare "\*" is not allowed/],
      ['an IP as hostname', { hostname: '10.1.2.3' }, /IP addresses are not allowed/],
      ['an invalid class', { gatewayClassName: 'Istio' }, /gatewayClassName "Istio" is invalid/],
      ['a deployment name over 63 chars', { name: 'a'.repeat(60) }, /istio names the gateway deployment "a{60}-istio" \(66 characters\), over the 63-character limit; shorten the gateway name to at most 57/],
      ['too many infrastructure labels', { infrastructureLabels: Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, 'v'])) }, /infrastructureLabels allows at most 8 entries, got 9/],
      ['a bad infrastructure key', { infrastructureAnnotations: { 'bad key': 'v' } }, /infrastructureAnnotations key "bad key" is invalid/],
      ['a reserved infrastructure key', { infrastructureLabels: { 'gateway.networking.k8s.io/x': 'v' } }, /reserved gateway.networking.k8s.io\/ prefix/],
      ['a bad label value', { infrastructureLabels: { a: 'has space' } }, /infrastructure label a="has space" has an invalid value/],
      ['a duplicate address', { addresses: [GatewayAddress.ipAddress('1.2.3.4'), GatewayAddress.ipAddress('1.2.3.4')] }, /gateway address "1.2.3.4" is listed twice/],
      ['too many addresses', { addresses: [...Array(17).keys()].map((i) => GatewayAddress.ipAddress(`10.0.0.${i}`)) }, /at most 16 addresses, got 17/],
      ['an HTTP port out of range', { httpPort: 70000 }, /\[shop\/gw\/http\] listener port must be an integer between 1 and 65535, got 70000/],
    ])('fails when given %s', (_what, props, message) => {
      expect(() => new IngressGateway(shopChart(), 'gw', props as any)).toThrow(message);
    });

    test('fails when an address is bad, naming the path, the call and the fix', () => {
      const gw = (address: GatewayAddress) => () => new IngressGateway(shopChart(), 'gw', { addresses: [GatewayAddress.ipAddress('10.0.0.1'), address] });
      expect(gw(GatewayAddress.ipAddress('999.1.1.1'))).toThrow(/^\[shop\/gw\] addresses\[1\] GatewayAddress.ipAddress\("999.1.1.1"\): "999.1.1.1" is not an IP address; pass an IPv4 or IPv6 address, or use GatewayAddress.hostname\(\)/);
      expect(gw(GatewayAddress.hostname('Not A Host'))).toThrow(/GatewayAddress.hostname\("Not A Host"\): "Not A Host" is not a valid DNS name; use lowercase/);
      expect(GatewayAddress.hostname('istio-ingressgateway.istio-system.svc.cluster.local').type).toBe('Hostname');
      expect(GatewayAddress.ipAddress('fd00::1').type).toBe('IPAddress');
    });

    test('fails when a listener name is used twice', () => {
      const gw = new IngressGateway(shopChart(), 'gw');
      expect(() => gw.addHttpListener('other', { name: 'http', port: 8080 })).toThrow(/listener name "http" is already used by shop\/gw\/http; pass a different name/);
    });

    test('fails when two listeners have the same port, protocol and hostname', () => {
      const gw = new IngressGateway(shopChart(), 'gw');
      expect(() => gw.addHttpListener('http2')).toThrow('[shop/gw/http2] listener "http2" (HTTP) conflicts with "http" (HTTP) on port 80: both accept every hostname (no hostname set); '
        + 'Istio would program only "http". Use another port or hostname');
      expect(gw.addHttpListener('api', { hostname: 'api.example.com' }).hostname).toBe('api.example.com');
    });

    test('fails when one port carries two protocols', () => {
      const gw = new IngressGateway(shopChart(), 'gw');
      expect(() => gw.addTlsListener('https', { port: 80, hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('x') }))
        .toThrow(/listener "https" \(HTTPS\) conflicts with "http" \(HTTP\) on port 80: protocols HTTP and HTTPS cannot share a port/);
    });

    test('fails when there are more than 64 listeners', () => {
      const gw = new IngressGateway(shopChart(), 'gw', { httpListener: false });
      for (let i = 0; i < 64; i++) gw.addHttpListener(`l${i}`, { port: 1000 + i });
      expect(() => gw.addHttpListener('l64', { port: 2000 })).toThrow(/a Gateway has at most 64 listeners; split the hosts over several IngressGateways/);
    });

    test('fails when a listener name or hostname is invalid', () => {
      const gw = new IngressGateway(shopChart(), 'gw');
      expect(() => gw.addHttpListener('x', { name: 'Web', port: 81 })).toThrow(/listener name "Web" is invalid/);
      expect(() => gw.addHttpListener('y', { hostname: 'a..b', port: 82 })).toThrow(/listener hostname "a..b" is invalid/);
    });

    test('fails at synth when the gateway has no listeners', () => {
      const chart = shopChart();
      new IngressGateway(chart, 'gw', { httpListener: false });
      expect(() => Testing.synth(chart)).toThrow(/gateway "gw" has no listeners/);
    });

    test('fails when the listener name is unknown', () => {
      const gw = new IngressGateway(shopChart(), 'gw');
      expect(() => gw.listener('https')).toThrow(/gateway "gw" has no listener named "https"; listeners: http/);
    });

    test('fails when the gateway name is already used', () => {
      const chart = shopChart();
      new IngressGateway(chart, 'a', { name: 'edge' });
      expect(() => new IngressGateway(chart, 'b', { name: 'edge' })).toThrow(/Gateway name "edge" in namespace "shop" is already used by shop\/a; pass a different name/);
    });
  });
});
