import { listenerSetYaml, run, summary } from './helpers';
import { hostnamesIntersect } from '../../../src/analysis/checks/model';
import { noMatchingListenerHostname } from '../../../src/analysis/checks/no-matching-listener-hostname';
import { ManifestSet } from '../../../src/manifests/manifest-set';

describe('IGW1003 route hostnames intersect no listener hostname', () => {
  test('reports exact mismatch, apex against a wildcard, and a port selection', () => {
    const findings = run(noMatchingListenerHostname, 'no-matching-listener-hostname.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1003 HTTPRoute infra/apex-vs-wildcard spec.hostnames',
      'error IGW1003 HTTPRoute infra/port-8080 spec.hostnames',
      'error IGW1003 HTTPRoute infra/wrong-host spec.hostnames',
    ]);
    expect(findings[2].message).toBe('hostnames "shop.example.org" intersect no listener hostname of Gateway infra/edge '
      + 'selected by spec.parentRefs[0] (listener hostnames: "shop.example.com")');
    expect(findings[0].message).toContain('"example.com" intersect no listener hostname');
  });

  test('hostname intersection follows the Gateway API rules', () => {
    expect(hostnamesIntersect('test.example.com', 'test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'foo.test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('test.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'b.example.com')).toBe(false);
  });

  test('hostnames compare case-insensitively, as the simulator compares them', () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP, hostname: Shop.Example.com }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec: { parentRefs: [{ name: edge }], hostnames: [shop.EXAMPLE.com], rules: [{ backendRefs: [{ name: web, port: 80 }] }] }
`;
    expect(noMatchingListenerHostname.run(ManifestSet.fromYaml(yaml))).toEqual([]);
  });

  test('reports a route whose hostnames intersect no listener of the ListenerSet it names', () => {
    const yaml = listenerSetYaml({
      gatewayNamespace: 'shop',
      from: 'Same',
      listenerSetNamespace: 'shop',
      listener: '{ name: extra, port: 8080, protocol: HTTP, hostname: a.example.com }',
      routes: [{ namespace: 'shop', name: 'web', spec: 'hostnames: [b.example.com], ' }],
    });
    const all = noMatchingListenerHostname.run(ManifestSet.fromYaml(yaml));
    expect(all.map((f) => f.message)).toEqual(['hostnames "b.example.com" intersect no listener hostname of ListenerSet shop/team '
      + 'selected by spec.parentRefs[0] (listener hostnames: "a.example.com")']);
  });

  test('no finding on a correct app', () => {
    expect(run(noMatchingListenerHostname, 'valid-app.yaml')).toEqual([]);
  });
});
