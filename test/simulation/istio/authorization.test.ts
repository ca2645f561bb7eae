import { dest, HTTP_80, istioGateway, virtualService } from './istio-objects';
import { service, simulate } from '../helpers';

const policy = (name: string, spec: any, ns = 'istio-system') => ({
  apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec,
});
const ingress = { matchLabels: { istio: 'ingressgateway' } };
const denyAdmin = policy('deny-admin', { selector: ingress, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] });
const objects = [istioGateway([HTTP_80]), service('web'), virtualService('v', { http: [{ route: [dest('web')] }] })];
const sim = (...extra: any[]) => simulate([...objects, ...extra]);
const get = (s: ReturnType<typeof simulate>, path: string, extra: any = {}) => s.request({ host: 'shop.example.com', path, ...extra });

describe('AuthorizationPolicy on an Istio Gateway', () => {
  test('a DENY policy selecting istio=ingressgateway answers 403 before routing', () => {
    const s = sim(denyAdmin);
    const d = get(s, '/admin/users');
    expect(d).toMatchObject({ status: 403, gateway: 'istio-system/gw', listener: 'http', backends: [] });
    expect(d.route).toBeUndefined();
    expect(d.authorization).toEqual(expect.objectContaining({ policy: 'istio-system/deny-admin', ruleIndex: 0 }));
    expect(d.reason).toMatch(/DENY AuthorizationPolicy istio-system\/deny-admin rule 0 matches the request; Envoy answers 403/);
    expect(get(s, '/shop')).toMatchObject({ status: 200, backendNames: ['web'] });
    // denied even where no route would serve the request
    expect(get(s, '/admin', { host: 'unknown.example.com' }).status).toBe(403);
  });

  test('a selector for other pods, a policy in another namespace, or targetRefs do not apply', () => {
    const otherPods = policy('deny-admin', { ...denyAdmin.spec, selector: { matchLabels: { istio: 'eastwestgateway' } } });
    expect(get(sim(otherPods), '/admin').status).toBe(200);
    expect(get(sim(policy('deny-admin', denyAdmin.spec, 'app')), '/admin').status).toBe(200);
    const targeted = policy('deny-admin', {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], action: 'DENY', rules: denyAdmin.spec.rules,
    });
    expect(get(sim(targeted), '/admin').status).toBe(200);
  });

  test('a policy without selector in the root namespace applies', () => {
    const meshWide = policy('deny-admin', { action: 'DENY', rules: denyAdmin.spec.rules });
    expect(get(sim(meshWide), '/admin').status).toBe(403);
  });

  test('an ALLOW policy allows what it matches and denies the rest', () => {
    const allow = policy('allow-get', { selector: ingress, action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'], paths: ['/shop*'] } }] }] });
    const s = sim(allow);
    const ok = get(s, '/shop/cart');
    expect(ok).toMatchObject({ status: 200, backendNames: ['web'] });
    expect(ok.authorization).toEqual(expect.objectContaining({ policy: 'istio-system/allow-get', ruleIndex: 0 }));
    const denied = get(s, '/shop/cart', { method: 'POST' });
    expect(denied.status).toBe(403);
    expect(denied.reason).toMatch(/no rule of the ALLOW AuthorizationPolicies on the gateway \(istio-system\/allow-get\) matches/);
  });

  test('the policy decides in the namespace of the gateway pods: istio-system for the default ingress labels, else where the input runs them', () => {
    const world = (...extra: any[]) => simulate([istioGateway([HTTP_80], 'gw', 'ingress'), service('web'),
      virtualService('v', { gateways: ['ingress/gw'], http: [{ route: [dest('web')] }] }), policy('deny-admin', denyAdmin.spec, 'ingress'), ...extra]);
    // Istio's default ingress pods run in istio-system: a policy in the Gateway's own namespace does not select them
    const assumed = world().request({ host: 'shop.example.com', path: '/admin' });
    expect(assumed.status).toBe(200);
    expect(assumed.notes.join('\n')).toMatch(/DestinationRules are looked up from the gateway pods' namespace \(istio-system, assumed: /);
    // the input runs the pods in `ingress`: the policy there applies
    const pods = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ingress-gw', namespace: 'ingress' },
      spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [] } } },
    };
    const d = world(pods).request({ host: 'shop.example.com', path: '/admin' });
    expect(d.status).toBe(403);
    expect(d.notes.join('\n')).toMatch(/by its selector \(istio=ingressgateway\) in the pods' namespace \(ingress, where the input runs them\)/);
  });
});
