import { gateway, httpListener, route, service, simulate } from './helpers';

const split = (backendRefs: any[], extra: any[] = [], options = {}) => simulate([
  gateway([httpListener()]),
  route('r', { rules: [{ backendRefs }] }),
  ...extra,
], options).request({ host: 'h' });

const ref = (name: string, weight?: number, extra: any = {}) => ({ name, port: 80, ...(weight === undefined ? {} : { weight }), ...extra });

describe('weights and shares', () => {
  // HTTPBackendRef.Weight: "computed as weight/(sum of all weights in this BackendRefs list) [...]
  // If weight is set to 0, no traffic should be forwarded for this entry. If unspecified, weight defaults to 1."
  test.each([
    ['90/10', [ref('v1', 90), ref('v2', 10)], { v1: 0.9, v2: 0.1 }],
    ['weights need not sum to 100', [ref('v1', 1), ref('v2', 3)], { v1: 0.25, v2: 0.75 }],
    ['default weight 1', [ref('v1'), ref('v2')], { v1: 0.5, v2: 0.5 }],
    ['default weight 1 next to an explicit one', [ref('v1'), ref('v2', 3)], { v1: 0.25, v2: 0.75 }],
    ['weight 0 receives nothing', [ref('v1', 0), ref('v2', 1)], { v1: 0, v2: 1 }],
    ['a single backend gets everything', [ref('v1', 7)], { v1: 1 }],
  ])('%s', (_title, refs, shares) => {
    const d = split(refs, [service('v1'), service('v2')]);
    expect(d).toReturnStatus(200);
    for (const [name, share] of Object.entries(shares)) {
      expect(d.shareOf(name)).toBeCloseTo(share, 9);
    }
    expect(d.backendNames).toEqual(Object.entries(shares).filter(([, s]) => s > 0).map(([n]) => n).sort());
    expect(d.errorShare).toBe(0);
  });

  test('backends carry namespace, name, port, weight and share', () => {
    const d = split([ref('v1', 90), ref('v2', 10)], [service('v1'), service('v2')]);
    expect(d.backends.map((b) => [b.namespace, b.name, b.port, b.weight, b.share, b.status])).toEqual([
      ['app', 'v1', 80, 90, 0.9, 200],
      ['app', 'v2', 80, 10, 0.1, 200],
    ]);
    expect(d.shareOf('app/v1')).toBe(0.9);
    expect(d.shareOf('unknown')).toBe(0);
  });

  test('all weights 0: 500', () => {
    const d = split([ref('v1', 0), ref('v2', 0)], [service('v1'), service('v2')]);
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('every backendRef of rule 0 of HTTPRoute app/r has weight 0; Istio answers 500');
    expect(d.backendNames).toEqual([]);
  });

  // Istio 1.30.0 change notes (istio/istio#59445): "routes without any backend references should return 404";
  // Istio 1.31.0 change notes (istio/istio#60787): 500 again, as HTTPRouteNoBackendRefs (Gateway API v1.6) expects
  test('a rule without backendRefs and without redirect: 404 in Istio 1.30, noted as a departure from the spec', () => {
    const objects = [gateway([httpListener()]), route('r', { rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] })];
    const d = simulate(objects).request({ host: 'h' });
    expect(d).toReturnStatus(404);
    expect(d.reason).toBe('rule 0 of HTTPRoute app/r has no backendRefs and no redirect; Istio 1.30 answers 404');
    expect(d.notes).toContain('Istio 1.30 answers 404 for a rule without backendRefs (istio/istio#59445); the Gateway API specification and Istio 1.31 answer 500 (HTTPRouteNoBackendRefs)');
  });

  test('a rule without backendRefs: 500 in Istio 1.31, as the spec says', () => {
    const objects = [gateway([httpListener()]), route('r', { rules: [{ backendRefs: [] }] })];
    const d = simulate(objects, { istioVersion: '1.31' }).request({ host: 'h' });
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('rule 0 of HTTPRoute app/r has no backendRefs and no redirect; Istio 1.31 answers 500');
    expect(d.notes.join('\n')).not.toContain('HTTPRouteNoBackendRefs');
  });

  test('fails when the Istio version is not one the simulator knows', () => {
    expect(() => simulate([gateway([httpListener()])], { istioVersion: '1.29' }))
      .toThrow('istioVersion "1.29" is not supported; use one of 1.30, 1.31 (default 1.30)');
    expect(simulate([gateway([httpListener()])], { istioVersion: '1.31.2' }).istioVersion).toBe('1.31');
  });
});

describe('invalid backends', () => {
  // HTTPRouteRule.BackendRefs: "If *all* entries in BackendRefs are invalid [...] all traffic [...]
  // MUST receive a 500 status code. [...] the proportion of requests that would otherwise have been
  // routed to an invalid backend MUST receive a 500 status code."
  test('a Service that is not in the input is invalid: its share gets 500', () => {
    const d = split([ref('v1'), ref('missing')], [service('v1')]);
    expect(d).toReturnStatus(200);
    expect(d.shareOf('v1')).toBe(0.5);
    expect(d.shareOf('missing')).toBe(0);
    expect(d.errorShare).toBe(0.5);
    expect(d.backends[1]).toMatchObject({ name: 'missing', status: 500, share: 0.5, problem: 'Service app/missing is not in the input (BackendNotFound)' });
    expect(d.reason).toBe('50% of requests get 500: Service app/missing is not in the input (BackendNotFound)');
  });

  test('all backends invalid: 500 with the problem as reason', () => {
    const d = split([ref('missing')]);
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('Service app/missing is not in the input (BackendNotFound)');
    expect(d.errorShare).toBe(1);
  });

  test('assumeServicesExist treats absent Services as valid and says so', () => {
    const d = split([ref('elsewhere')], [], { assumeServicesExist: true });
    expect(d).toRouteTo('elsewhere');
    expect(d.notes).toContain('Service app/elsewhere is not in the input; it is assumed to exist');
  });

  test('an invalid backend with weight 0 does not cause errors', () => {
    const d = split([ref('v1'), ref('missing', 0)], [service('v1')]);
    expect(d).toRouteTo('v1');
    expect(d.errorShare).toBe(0);
  });

  // Istio checks only that the Service exists (conversion.go buildDestination); the cluster for the port does not
  // exist, and Gateway API routes set cluster_not_found_response_code INTERNAL_SERVER_ERROR (route.go)
  test('a port the Service does not have: 500 for that share', () => {
    const d = split([ref('v1', 1, { port: 8080 })], [service('v1', 'app', [80, 9090])]);
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('Service app/v1 has no port 8080 (ports: 80, 9090); Istio routes to a cluster that does not exist and answers 500');
  });

  test('an unsupported backend kind is invalid (InvalidKind)', () => {
    const d = split([{ group: 'acme.io', kind: 'CustomBackend', name: 'x', port: 8080 }]);
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('backend kind acme.io/CustomBackend is not supported (InvalidKind)');
  });

  // CEL: "Must have port for Service reference"
  test('a backendRef to a Service without port: the API server rejects the route', () => {
    const d = split([{ name: 'v1' }], [service('v1')]);
    expect(d).toReturnStatus(404);
    expect(d.notes.some((n) => n.includes(') is rejected (IGW0002') && n.includes('Must have port for Service reference'))).toBe(true);
  });

  test('ServiceImport backends are not looked up and are assumed valid', () => {
    const d = split([{ group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'remote', port: 80 }]);
    expect(d).toRouteTo('remote');
    expect(d.notes).toContain('backend multicluster.x-k8s.io/ServiceImport app/remote is not looked up; it is assumed to be valid');
  });

  test("Istio's networking.istio.io/Hostname backends are forwarded to", () => {
    const d = split([{ group: 'networking.istio.io', kind: 'Hostname', name: 'api.external.example', port: 443 }]);
    expect(d).toRouteTo('api.external.example');
  });
});

describe('cross-namespace backends and ReferenceGrant', () => {
  const grant = (namespace: string, from: any, to: any) => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'allow', namespace },
    spec: { from: [from], to: [to] },
  });
  const fromRoutes = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'app' };
  const cross = ref('api', 1, { namespace: 'backend' });

  test.each([
    ['no ReferenceGrant', [], 500],
    ['a grant for all Services', [grant('backend', fromRoutes, { group: '', kind: 'Service' })], 200],
    ['a grant naming the Service', [grant('backend', fromRoutes, { group: '', kind: 'Service', name: 'api' })], 200],
    ['a grant naming another Service', [grant('backend', fromRoutes, { group: '', kind: 'Service', name: 'other' })], 500],
    ['a grant in the wrong namespace', [grant('app', fromRoutes, { group: '', kind: 'Service' })], 500],
    ['a grant from another namespace', [grant('backend', { ...fromRoutes, namespace: 'web' }, { group: '', kind: 'Service' })], 500],
    ['a grant from Gateways (for Secrets)', [grant('backend', { ...fromRoutes, kind: 'Gateway' }, { group: '', kind: 'Service' })], 500],
    ['a grant to Secrets', [grant('backend', fromRoutes, { group: '', kind: 'Secret' })], 500],
  ])('%s -> %s', (_title, grants, status) => {
    const d = split([cross], [service('api', 'backend'), ...grants]);
    expect(d).toReturnStatus(status);
    if (status === 500) {
      expect(d.reason).toBe('cross-namespace reference from HTTPRoute app/r to Service backend/api is not permitted: '
        + 'no ReferenceGrant in namespace backend allows HTTPRoutes from namespace app (RefNotPermitted)');
    } else {
      expect(d.shareOf('backend/api')).toBe(1);
    }
  });
});

describe('DestinationRule policy', () => {
  const dr = (name: string, namespace: string, host: string, extra: any = {}) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host, trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } }, ...extra },
  });
  const policyOf = (...rules: any[]) => split([ref('api')], [service('api'), ...rules]);

  test('a DestinationRule with the Service FQDN applies', () => {
    const d = policyOf(dr('api', 'app', 'api.app.svc.cluster.local'));
    expect(d.policyOf('api')).toEqual({
      destinationRule: 'app/api', host: 'api.app.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
    });
    expect(d.backends[0].policy?.destinationRule).toBe('app/api');
  });

  test('a short host resolves in the DestinationRule namespace', () => {
    expect(policyOf(dr('api', 'app', 'api')).policyOf('api')?.destinationRule).toBe('app/api');
    expect(policyOf(dr('api', 'infra', 'api')).policyOf('api')).toBeUndefined();
  });

  test('a partly qualified host is not expanded by Istio, and that is noted', () => {
    const d = policyOf(dr('api', 'app', 'api.app'));
    expect(d.policyOf('api')).toBeUndefined();
    expect(d.notes).toContain('DestinationRule app/api host api.app is not expanded by Istio; write the FQDN api.app.svc.cluster.local');
  });

  test('a wildcard host applies, an exact host is preferred', () => {
    expect(policyOf(dr('wild', 'app', '*.app.svc.cluster.local')).policyOf('api')?.destinationRule).toBe('app/wild');
    expect(policyOf(dr('wild', 'app', '*.app.svc.cluster.local'), dr('exact', 'app', 'api.app.svc.cluster.local')).policyOf('api')?.destinationRule).toBe('app/exact');
  });

  test.each([
    ['no exportTo (exported everywhere)', undefined, 'app/api'],
    ['exportTo *', ['*'], 'app/api'],
    ['exportTo the gateway namespace', ['infra'], 'app/api'],
    ['exportTo . (its own namespace only)', ['.'], undefined],
    ['exportTo another namespace', ['web'], undefined],
  ])('%s -> %s', (_title, exportTo, expected) => {
    const d = policyOf(dr('api', 'app', 'api.app.svc.cluster.local', exportTo ? { exportTo } : {}));
    expect(d.policyOf('api')?.destinationRule).toBe(expected);
  });

  test("a DestinationRule in the gateway's namespace wins over the Service namespace and the root namespace", () => {
    const d = policyOf(
      dr('root', 'istio-system', 'api.app.svc.cluster.local'),
      dr('svc-ns', 'app', 'api.app.svc.cluster.local'),
      dr('gw-ns', 'infra', 'api.app.svc.cluster.local'),
    );
    expect(d.policyOf('api')?.destinationRule).toBe('infra/gw-ns');
    expect(policyOf(dr('root', 'istio-system', 'api.app.svc.cluster.local')).policyOf('api')?.destinationRule).toBe('istio-system/root');
  });

  test('port-level settings for the backend port take precedence', () => {
    const d = policyOf(dr('api', 'app', 'api.app.svc.cluster.local', {
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN' },
        connectionPool: { tcp: { maxConnections: 100 } },
        portLevelSettings: [
          { port: { number: 80 }, loadBalancer: { simple: 'LEAST_REQUEST' } },
          { port: { number: 9090 }, connectionPool: { tcp: { maxConnections: 1 } } },
        ],
      },
    }));
    // a port-level entry replaces the top-level blocks as a whole (Istio cluster_traffic_policy.go: "port level policies do not inherit")
    expect(d.policyOf('api')?.trafficPolicy).toEqual({ loadBalancer: { simple: 'LEAST_REQUEST' } });
  });

  test('a DestinationRule with a workloadSelector is not considered', () => {
    const d = policyOf(dr('api', 'app', 'api.app.svc.cluster.local', { workloadSelector: { matchLabels: { app: 'x' } } }));
    expect(d.policyOf('api')).toBeUndefined();
    expect(d.notes).toContain('DestinationRule app/api has a workloadSelector; it is not considered for gateway traffic');
  });

  test('no policy for invalid backends', () => {
    const d = split([ref('missing')], [dr('m', 'app', 'missing')]);
    expect(d.backends[0].policy).toBeUndefined();
  });
});

describe('lookups computed once per simulator', () => {
  const objects = () => [
    gateway([httpListener()]),
    route('r', { rules: [{ backendRefs: [ref('api')] }] }),
    service('api'),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api-v1', namespace: 'app' },
      spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api', version: 'v1' } } } },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'short', namespace: 'app' },
      spec: { host: 'api.app', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } },
    },
  ];

  test('a repeated request gets the same decision, with the notes of the lookups each time', () => {
    const sim = simulate(objects().map((o) => (o.kind === 'Service' ? { ...o, spec: { ...o.spec, selector: { app: 'api' } } } : o)));
    const first = sim.request({ host: 'h' });
    const second = sim.request({ host: 'h' });
    expect(JSON.stringify(second)).toEqual(JSON.stringify(first));
    expect(second.notes).toEqual(first.notes);
    expect(second.notes).toContain('DestinationRule app/short host api.app is not expanded by Istio; write the FQDN api.app.svc.cluster.local');
    expect(second.backends[0].workloads).toEqual(['api-v1']);
  });

  test('changing a decision does not change the next one', () => {
    const sim = simulate(objects().map((o) => (o.kind === 'Service' ? { ...o, spec: { ...o.spec, selector: { app: 'api' } } } : o)));
    sim.request({ host: 'h' }).backends[0].workloads!.push('changed');
    expect(sim.request({ host: 'h' }).backends[0].workloads).toEqual(['api-v1']);
  });
});

describe('memoized DestinationRule lookups', () => {
  const shortHost = (name: string, host: string) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: 'app' },
    spec: { host, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
  });

  test('changing a decision\'s traffic policy does not change the next decision', () => {
    const sim = simulate([gateway([httpListener()]), route('r', { rules: [{ backendRefs: [ref('api')] }] }), service('api'),
      shortHost('api', 'api.app.svc.cluster.local')]);
    sim.request({ host: 'h' }).backends[0].policy!.trafficPolicy.tls = { mode: 'DISABLE' };
    expect(sim.request({ host: 'h' }).backends[0].policy!.trafficPolicy).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' } });
  });

  test('notes on partly qualified hosts follow the input order', () => {
    const d = simulate([gateway([httpListener()]), route('r', { rules: [{ backendRefs: [ref('api')] }] }), service('api'),
      shortHost('a', 'api.app.svc'), shortHost('b', 'api.app')]).request({ host: 'h' });
    const notes = d.notes.filter((n) => n.includes('is not expanded by Istio'));
    expect(notes).toEqual([
      'DestinationRule app/a host api.app.svc is not expanded by Istio; write the FQDN api.app.svc.cluster.local',
      'DestinationRule app/b host api.app is not expanded by Istio; write the FQDN api.app.svc.cluster.local',
    ]);
  });
});
