import { BASE, briefs, expectValid, migratedSet, migrateYaml, route, vs } from './migration-helpers';
import { RoutingDiff } from '../../src/diff/routing-diff';
import { gatewayPodsNamespace } from '../../src/istio-api/gateway-workload';
import { IstioApiModel } from '../../src/istio-api/istio-model';
import { ManifestSet } from '../../src/manifests/manifest-set';

function diffText(yaml: string, options = {}): string {
  const { migration, input } = migrateYaml(yaml, options);
  return RoutingDiff.compare(input, migratedSet(input, migration), { backendAliases: migration.backendAliases, assumeSecretsExist: true }).toText();
}

const web = 'route: [{ destination: { host: web, port: { number: 8080 } } }]';
const api = 'route: [{ destination: { host: api, port: { number: 9090 } } }]';

function httpsGateway(selector: string, namespace = 'bookinfo'): string {
  return `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: ${namespace} }
spec:
  selector: ${selector}
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["shop.example.com"]
    tls: { mode: SIMPLE, credentialName: shop-cert }
`;
}

function deployment(namespace: string, labels: string, kind = 'Deployment'): string {
  return `
---
apiVersion: apps/v1
kind: ${kind}
metadata: { name: ingress, namespace: ${namespace} }
spec:
  selector: { matchLabels: ${labels} }
  template: { metadata: { labels: ${labels} }, spec: { containers: [{ name: proxy, image: proxyv2 }] } }
`;
}

function gatewayInfo(yaml: string) {
  const set = ManifestSet.fromYaml(yaml, 'input.yaml');
  return { gw: IstioApiModel.read(set).gateways[0], set };
}

describe('gatewayPodsNamespace (where Istio reads credentialName)', () => {
  test('the override wins', () => {
    const { gw, set } = gatewayInfo(httpsGateway('{ istio: ingressgateway }') + deployment('edge', '{ istio: ingressgateway }'));
    expect(gatewayPodsNamespace(gw, set, 'other')).toEqual({ namespace: 'other' });
  });

  test('the namespace of a Deployment, StatefulSet, DaemonSet or Pod the selector matches', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      const { gw, set } = gatewayInfo(httpsGateway('{ app: edge }') + deployment('edge', '{ app: edge }', kind));
      expect(gatewayPodsNamespace(gw, set)).toEqual({ namespace: 'edge' });
    }
    const { gw, set } = gatewayInfo(`${httpsGateway('{ app: edge }')}
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: edge2, labels: { app: edge } }
spec: { containers: [{ name: proxy, image: proxyv2 }] }
`);
    expect(gatewayPodsNamespace(gw, set)).toEqual({ namespace: 'edge2' });
  });

  test('pods in several namespaces: says so', () => {
    const yaml = httpsGateway('{ app: edge }') + deployment('a', '{ app: edge }') + deployment('b', '{ app: edge }', 'DaemonSet');
    const { gw, set } = gatewayInfo(yaml);
    const r = gatewayPodsNamespace(gw, set);
    expect(r.namespace).toBe('a');
    expect(r.assumed).toContain('several namespaces (a, b)');
  });

  test('Istio\'s default ingress labels: istio-system, assumed', () => {
    for (const sel of ['{ istio: ingressgateway }', '{ app: istio-ingressgateway }']) {
      const { gw, set } = gatewayInfo(httpsGateway(sel));
      const r = gatewayPodsNamespace(gw, set);
      expect(r.namespace).toBe('istio-system');
      expect(r.assumed).toContain('default ingress gateway');
    }
  });

  test('other labels: the Gateway\'s namespace, assumed, naming PILOT_SCOPE_GATEWAY_TO_NAMESPACE', () => {
    const { gw, set } = gatewayInfo(httpsGateway('{ app: edge }'));
    const r = gatewayPodsNamespace(gw, set);
    expect(r.namespace).toBe('bookinfo');
    expect(r.assumed).toContain('PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false');
  });
});

describe('certificate Secret namespace in the migration', () => {
  test('Gateway in bookinfo, default labels: the certificateRef names istio-system, with a ReferenceGrant and a warning naming the flag', () => {
    const { migration } = migrateYaml(httpsGateway('{ istio: ingressgateway }'));
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.metadata.namespace).toBe('bookinfo');
    expect(gw.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-cert', namespace: 'istio-system' }]);
    const grant = migration.manifests.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('istio-system');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'bookinfo' }]);
    const w = migration.findings.find((f) => f.field === 'spec.servers[0].tls.credentialName')!;
    expect(w.severity).toBe('warning');
    expect(w.suggestion).toContain('--gateway-pods-namespace');
    expectValid(migration);
  });

  test('the gatewayPodsNamespace option: no warning, no ReferenceGrant when it is the Gateway\'s namespace', () => {
    const { migration } = migrateYaml(httpsGateway('{ istio: ingressgateway }'), { gatewayPodsNamespace: 'bookinfo' });
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners[0].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'shop-cert' }]);
    expect(migration.manifests.some((o) => o.kind === 'ReferenceGrant')).toBe(false);
    expect(briefs(migration.findings)).not.toContain('warning spec.servers[0].tls.credentialName');
  });

  test('the gateway Deployment in the input decides, without a warning', () => {
    const { migration } = migrateYaml(httpsGateway('{ app: edge }') + deployment('edge', '{ app: edge }'));
    const gw = migration.manifests.find((o) => o.kind === 'Gateway');
    expect(gw.spec.listeners[0].tls.certificateRefs[0].namespace).toBe('edge');
    expect(briefs(migration.findings)).not.toContain('warning spec.servers[0].tls.credentialName');
  });
});

describe('malformed input is refused by schema validation', () => {
  test('a match object instead of a list: error naming the field, no HTTPRoute', () => {
    const { migration } = migrateYaml(vs(`
  - match: { uri: { prefix: /a } }
    ${web}
`));
    const e = migration.findings.find((f) => f.severity === 'error')!;
    expect(e.field).toBe('spec.http[0].match');
    expect(e.message).toContain('must be a list');
    expect(route(migration, 'shop')).toBeUndefined();
  });

  test('hosts as a string is not taken for a delegate', () => {
    const { migration } = migrateYaml(`${BASE}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: "shop.example.com"
  gateways: ["istio-system/gw"]
  http:
  - ${web}
`);
    expect(briefs(migration.findings)).toEqual(expect.arrayContaining(['error spec.hosts']));
    expect(migration.findings.find((f) => f.field === 'spec.hosts')!.message).toContain('must be a list');
    expect(migration.findings.some((f) => f.message.includes('delegate'))).toBe(false);
    expect(route(migration, 'shop')).toBeUndefined();
  });

  test('an invalid Gateway and DestinationRule are refused too', () => {
    const { migration } = migrateYaml(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers: { port: { number: 80, name: http, protocol: HTTP }, hosts: ["a"] }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: web
  subsets: { name: v1 }
`);
    expect(briefs(migration.findings)).toEqual(['error spec.servers', 'error spec.subsets']);
    expect(migration.createdManifests).toEqual([]);
  });
});

describe('a catch-all after RegularExpression rules', () => {
  test('a string prefix then a default route: the default becomes RegularExpression "/.*" and routing is equal', () => {
    const yaml = vs(`
  - match: [{ uri: { prefix: /cart } }]
    ${api}
  - ${web}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const rules = route(migration, 'shop').spec.rules;
    expect(rules[1].matches).toEqual([{ path: { type: 'RegularExpression', value: '/.*' } }]);
    const info = migration.findings.find((f) => f.field === 'spec.http[1]')!;
    expect(info.severity).toBe('info');
    expect(info.message).toContain('RegularExpression "/.*"');
    expectValid(migration);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('a regex rule then prefix "/": equal routing', () => {
    const yaml = vs(`
  - match: [{ uri: { regex: "/items/[0-9]+" } }]
    ${api}
  - match: [{ uri: { prefix: / } }]
    ${web}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('a longer regex before a slash-ended prefix with a method: ranked as written, equal routing', () => {
    const yaml = vs(`
  - match: [{ uri: { regex: "/orders/[0-9]+" } }]
    ${api}
  - match: [{ uri: { prefix: /orders/ }, method: { exact: POST } }]
    route: [{ destination: { host: web, port: { number: 8080 } }, weight: 100 }]
  - ${web}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const rules = route(migration, 'shop').spec.rules;
    expect(rules[1].matches).toEqual([{ path: { type: 'RegularExpression', value: '/orders/.*' }, method: 'POST' }]);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('a rule refused for order names spec.http[i], not "rule i"', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { regex: "/a.*" } }]
    ${api}
  - match: [{ uri: { prefix: /a }, headers: { x: { exact: "1" } } }]
    ${web}
`));
    const e = migration.findings.find((f) => f.severity === 'error')!;
    expect(e.message).toContain('spec.http[0]');
    expect(e.message).toContain('spec.http[1]');
    expect(e.message).not.toMatch(/rule \d/);
  });
});

describe('finding texts say what is written', () => {
  test('a slash-ended prefix written as PathPrefix with an Exact in a later rule says so', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { prefix: /api/ } }]
    ${api}
  - match: [{ uri: { prefix: /api } }]
    ${web}
`));
    const info = migration.findings.find((f) => f.field === 'spec.http[0].match[0].uri.prefix')!;
    expect(info.message).toContain('written as PathPrefix "/api/"');
    expect(info.message).toContain('spec.http[1]');
    expect(info.message).toContain('Exact "/api"');
    expect(info.message).not.toContain('RegularExpression');
    expect(route(migration, 'shop').spec.rules[0].matches[0].path).toEqual({ type: 'PathPrefix', value: '/api/' });
  });

  test('the YAML has no anchors or aliases', () => {
    const { migration } = migrateYaml(vs(`
  - match: [{ uri: { exact: /a } }, { uri: { exact: /b } }]
    ${api}
`));
    const shared = { group: '', kind: 'Service', name: 'x', port: 1 };
    (migration.manifests as any[]).push({ apiVersion: 'v1', kind: 'List', items: [shared, shared] });
    expect(migration.toYaml()).not.toMatch(/[&*][a-z]+[0-9]*\s*$/m);
  });

  test('no httpsRedirect info for a VirtualService without http routes', () => {
    const { migration } = migrateYaml(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
    tls: { httpsRedirect: true }
  - port: { number: 443, name: tls, protocol: TLS }
    hosts: ["*"]
    tls: { mode: PASSTHROUGH }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: pass, namespace: istio-system }
spec:
  hosts: ["a.example.com"]
  gateways: [gw]
  tls:
  - match: [{ sniHosts: ["a.example.com"] }]
    route: [{ destination: { host: a.example.com, port: { number: 443 } } }]
`);
    expect(migration.findings.some((f) => f.message.includes('Istio does not route this VirtualService there'))).toBe(false);
  });
});

describe('tls routes', () => {
  function passthrough(tls: string): string {
    return `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: tls, protocol: TLS }
    hosts: ["*.example.com"]
    tls: { mode: PASSTHROUGH }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: pass, namespace: istio-system }
spec:
  hosts: ["a.example.com", "b.example.com"]
  gateways: [gw]
  tls:
${tls}`;
  }

  test('a match port equal to the server port is accepted (info)', () => {
    const { migration } = migrateYaml(passthrough(`
  - match: [{ port: 443, sniHosts: ["a.example.com"] }]
    route: [{ destination: { host: a.example.com, port: { number: 443 } } }]
`));
    expect(migration.hasErrors).toBe(false);
    expect(briefs(migration.findings)).toContain('info spec.tls[0].match[0].port');
    expect(migration.manifests.find((o) => o.kind === 'TLSRoute').spec.hostnames).toEqual(['a.example.com']);
  });

  test('a match port other than the server port is refused', () => {
    const { migration } = migrateYaml(passthrough(`
  - match: [{ port: 8443, sniHosts: ["a.example.com"] }]
    route: [{ destination: { host: a.example.com, port: { number: 443 } } }]
`));
    expect(briefs(migration.findings)).toContain('error spec.tls[0].match[0].port');
    expect(migration.manifests.some((o) => o.kind === 'TLSRoute')).toBe(false);
  });

  test('overlap warning only when sniHosts intersect', () => {
    const rules = (b: string) => `
  - match: [{ sniHosts: ["a.example.com"] }]
    route: [{ destination: { host: a.example.com, port: { number: 443 } } }]
  - match: [{ sniHosts: ["${b}"] }]
    route: [{ destination: { host: b.example.com, port: { number: 443 } } }]
`;
    expect(briefs(migrateYaml(passthrough(rules('b.example.com'))).migration.findings)).not.toContain('warning spec.tls');
    expect(briefs(migrateYaml(passthrough(rules('*.example.com'))).migration.findings)).toContain('warning spec.tls');
  });
});

describe('ignoreUriCase', () => {
  test('on a regex it is dropped with an info', () => {
    const yaml = vs(`
  - match: [{ uri: { regex: "/Items/[0-9]+" }, ignoreUriCase: true }]
    ${api}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    expect(briefs(migration.findings)).toContain('info spec.http[0].match[0].ignoreUriCase');
    expect(route(migration, 'shop').spec.rules[0].matches[0].path).toEqual({ type: 'RegularExpression', value: '/Items/[0-9]+' });
    expect(diffText(yaml)).toContain('no differences');
  });

  test('exact and prefix become case-insensitive RE2 expressions with equal routing', () => {
    const yaml = vs(`
  - match: [{ uri: { exact: /Login }, ignoreUriCase: true }]
    ${api}
  - match: [{ uri: { prefix: /Cart.v1 }, ignoreUriCase: true }]
    ${api}
  - ${web}
`);
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const rules = route(migration, 'shop').spec.rules;
    expect(rules[0].matches[0].path).toEqual({ type: 'RegularExpression', value: '(?i)/Login' });
    expect(rules[1].matches[0].path).toEqual({ type: 'RegularExpression', value: '(?i)/Cart\\.v1.*' });
    expect(briefs(migration.findings)).toContain('info spec.http[1].match[0].ignoreUriCase');
    expectValid(migration);
    expect(diffText(yaml)).toContain('no differences');
  });
});

describe('several VirtualServices for one host on one gateway', () => {
  function two(hostsB: string): string {
    return `${BASE}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: a, namespace: shop, creationTimestamp: "2024-01-01T00:00:00Z" }
spec:
  hosts: ["shop.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - match: [{ uri: { prefix: /a/ } }]
    ${api}
  - ${web}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: b, namespace: team-b, creationTimestamp: "2024-02-01T00:00:00Z" }
spec:
  hosts: ${hostsB}
  gateways: ["istio-system/gw"]
  http:
  - match: [{ uri: { prefix: /b/ } }]
    route: [{ destination: { host: b, port: { number: 80 } } }]
---
apiVersion: v1
kind: Service
metadata: { name: b, namespace: team-b }
spec:
  selector: { app: b }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;
  }

  test('equal hosts: one HTTPRoute in the oldest\'s namespace, the catch-all last, a ReferenceGrant, equal routing', () => {
    const yaml = two('["shop.example.com"]');
    const { migration } = migrateYaml(yaml);
    expect(migration.hasErrors).toBe(false);
    const routes = migration.manifests.filter((o) => o.kind === 'HTTPRoute');
    expect(routes.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['shop/a']);
    const rules = routes[0].spec.rules;
    expect(rules.map((r: any) => r.backendRefs[0].name)).toEqual(['api', 'b', 'web']);
    expect(rules[1].backendRefs[0].namespace).toBe('team-b');
    const grant = migration.manifests.find((o) => o.kind === 'ReferenceGrant');
    expect(grant.metadata.namespace).toBe('team-b');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }]);
    expect(briefs(migration.findings)).toEqual(expect.arrayContaining(['info spec.http']));
    expectValid(migration);
    expect(diffText(yaml)).toContain('no differences');
  });

  test('hosts that only partly overlap: every one of them is refused', () => {
    const { migration } = migrateYaml(two('["shop.example.com", "other.example.com"]'));
    const errors = migration.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.object).sort()).toEqual(['VirtualService shop/a', 'VirtualService team-b/b']);
    expect(errors[0].field).toBe('spec.hosts');
    expect(migration.manifests.some((o) => o.kind === 'HTTPRoute')).toBe(false);
  });
});
