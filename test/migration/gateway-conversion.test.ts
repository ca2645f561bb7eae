import { briefs, expectValid, migrateYaml, route, simulator } from './migration-helpers';

function gateway(servers: string, name = 'gw', namespace = 'istio-system', selector = '{ istio: ingressgateway }'): string {
  return `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: ${selector}
  servers:
${servers}`;
}

describe('Istio Gateway conversion', () => {
  test('one listener per server host, namespace-scoped hosts as allowedRoutes, * without hostname', () => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop/a.example.com", "./b.example.com", "*"]
  - port: { number: 8080, name: web, protocol: HTTP2 }
    hosts: ["*.example.com"]
`));
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners.map((l: any) => [l.name, l.port, l.hostname, l.allowedRoutes.namespaces])).toEqual([
      ['http-a.example.com-shop', 80, 'a.example.com', { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
      ['http-b.example.com-istio-system', 80, 'b.example.com', { from: 'Same' }],
      ['http-any', 80, undefined, { from: 'All' }],
      ['web', 8080, '*.example.com', { from: 'All' }],
    ]);
    expect(briefs(migration.findings)).toContain('info spec.servers[1].port.protocol');
    expectValid(migration);
  });

  test('httpsRedirect becomes a redirect HTTPRoute on the HTTP listener, as HttpsRedirect renders it', () => {
    const yaml = `${gateway(`
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
    tls: { httpsRedirect: true }
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["shop.example.com"]
    tls: { mode: SIMPLE, credentialName: shop-cert }
`)}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: istio-system }
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{ route: [{ destination: { host: web.shop.svc.cluster.local, port: { number: 80 } } }] }]
`;
    const { migration, input } = migrateYaml(yaml);
    const redirect = route(migration, 'gw-https-redirect');
    expect(redirect.metadata.namespace).toBe('istio-system');
    expect(redirect.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'istio-system', sectionName: 'http' }]);
    expect(redirect.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
    }]);
    expect(route(migration, 'shop').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https']);
    expectValid(migration);
    const d = simulator(input, migration).request({ host: 'shop.example.com', path: '/x', port: 80 });
    expect(d.redirect).toEqual({ location: 'https://shop.example.com/x', statusCode: 301 });
  });

  test('MUTUAL validates client certificates with the <credentialName>-cacert ConfigMap, with a warning', () => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["shop.example.com"]
    tls: { mode: MUTUAL, credentialName: shop-cert }
`));
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.tls).toEqual({ frontend: { default: {}, perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'shop-cert-cacert' }] } } }] } });
    const f = migration.findings.find((x) => x.field === 'spec.servers[0].tls.mode')!;
    expect(f.severity).toBe('warning');
    expect(f.suggestion).toContain('ConfigMap shop-cert-cacert');
    expectValid(migration);
  });

  test('PASSTHROUGH becomes a TLS Passthrough listener and tls routes TLSRoutes', () => {
    const { migration } = migrateYaml(`${gateway(`
  - port: { number: 443, name: tls, protocol: TLS }
    hosts: ["db.example.com"]
    tls: { mode: PASSTHROUGH }
`)}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: db, namespace: istio-system }
spec:
  hosts: [db.example.com]
  gateways: [gw]
  tls:
  - match: [{ sniHosts: [db.example.com] }]
    route: [{ destination: { host: db.data.svc.cluster.local, port: { number: 5432 } } }]
`);
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners[0]).toMatchObject({ name: 'tls', protocol: 'TLS', tls: { mode: 'Passthrough' } });
    const tls = migration.manifests.find((o) => o.kind === 'TLSRoute');
    expect(tls.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'istio-system', sectionName: 'tls' }],
      hostnames: ['db.example.com'],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'db', namespace: 'data', port: 5432, weight: 1 }] }],
    });
    expect(briefs(migration.findings)).toContain('info spec.servers[0].tls.mode');
    expectValid(migration);
  });

  test.each(['AUTO_PASSTHROUGH', 'ISTIO_MUTUAL'])('%s is refused with an error', (mode) => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 15443, name: tls, protocol: TLS }
    hosts: ["*.local"]
    tls: { mode: ${mode} }
`));
    expect(briefs(migration.findings)).toEqual(['error spec.servers[0].tls.mode', 'error spec.servers']);
    expect(migration.manifests).toEqual([]);
  });

  test('MUTUAL and SIMPLE servers on one port: an error, as validation is per port', () => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["a.example.com"]
    tls: { mode: MUTUAL, credentialName: a-cert }
  - port: { number: 443, name: https-b, protocol: HTTPS }
    hosts: ["b.example.com"]
    tls: { mode: SIMPLE, credentialName: b-cert }
`));
    const f = migration.findings.find((x) => x.severity === 'error')!;
    expect(f.message).toContain('port 443 has MUTUAL and SIMPLE servers (https-b)');
  });

  test('a Gateway written to another namespace gets a ReferenceGrant for its Secret', () => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["shop.example.com"]
    tls: { mode: SIMPLE, credentialName: shop-cert }
`), { gatewayNamespace: 'edge', gatewayClassName: 'custom' });
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.metadata.namespace).toBe('edge');
    expect(gw.spec.gatewayClassName).toBe('custom');
    expect(gw.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-cert', namespace: 'istio-system' }]);
    const grant = migration.manifests.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('istio-system');
    expect(grant.spec).toEqual({ from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'edge' }], to: [{ group: '', kind: 'Secret', name: 'shop-cert' }] });
    expectValid(migration);
  });

  test('the Secret is read in the namespace of the gateway workload when the input holds it', () => {
    const { migration } = migrateYaml(`${gateway(`
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["shop.example.com"]
    tls: { mode: SIMPLE, credentialName: shop-cert }
`, 'gw', 'shop')}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress, namespace: istio-ingress }
spec:
  selector: { matchLabels: { istio: ingressgateway } }
  template: { metadata: { labels: { istio: ingressgateway } }, spec: { containers: [{ name: istio-proxy, image: auto }] } }
`);
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.metadata.namespace).toBe('shop');
    expect(gw.spec.listeners[0].tls.certificateRefs[0].namespace).toBe('istio-ingress');
    expect(migration.manifests.find((o) => o.kind === 'ReferenceGrant').metadata.namespace).toBe('istio-ingress');
  });

  test('invalid hostnames, TLS without credentialName and TCP servers are findings', () => {
    const { migration } = migrateYaml(gateway(`
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["10.0.0.1", "ok.example.com"]
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["a.example.com"]
    tls: { mode: SIMPLE, serverCertificate: /etc/cert.pem }
  - port: { number: 3306, name: mysql, protocol: TCP }
    hosts: ["*"]
`));
    expect(briefs(migration.findings)).toEqual(['error spec.servers[0].hosts', 'error spec.servers[1].tls', 'error spec.servers[2].port.protocol']);
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners.map((l: any) => l.hostname)).toEqual(['ok.example.com']);
  });

  test('two VirtualServices for the same host on one gateway: merged into the older one, in Istio order', () => {
    const vsYaml = (name: string, ts: string) => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: istio-system, creationTimestamp: "${ts}" }
spec:
  hosts: [a.example.com]
  gateways: [gw]
  http: [{ route: [{ destination: { host: web.shop.svc.cluster.local, port: { number: 80 } } }] }]
`;
    const { migration } = migrateYaml(gateway(`
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["a.example.com"]
`) + vsYaml('b', '2024-01-01T00:00:00Z') + vsYaml('a', '2024-02-01T00:00:00Z'));
    expect(migration.hasErrors).toBe(false);
    const f = migration.findings.find((x) => x.object === 'VirtualService istio-system/a' && x.field === 'spec.http')!;
    expect(f.severity).toBe('info');
    expect(f.message).toContain('[1] = istio-system/a spec.http[0]');
    // b's catch-all comes first (b is older): a's catch-all is unreachable, as in Istio
    expect(briefs(migration.findings)).toContain('warning spec.http[1]');
    expect(route(migration, 'b').spec.rules).toHaveLength(1);
    expect(route(migration, 'a')).toBeUndefined();
  });
});
