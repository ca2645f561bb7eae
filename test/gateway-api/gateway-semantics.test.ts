import { allowedRouteKinds, evaluateAllowedRoutes } from '../../src/gateway-api/allowed-routes';
import { GATEWAY_GROUP } from '../../src/gateway-api/gateway-api';
import {
  hostMatches, hostnamesIntersect, intersectHostnames, intersectRouteHostnames,
} from '../../src/gateway-api/hostnames';
import { selectorMatches } from '../../src/gateway-api/label-selector';
import { resolveObjectRef } from '../../src/gateway-api/object-refs';
import {
  isGatewayParentRef, parentRefListenerMismatch, parentRefNamesGateway, resolveParentRef,
} from '../../src/gateway-api/parent-refs';
import { referenceGranted } from '../../src/gateway-api/reference-grants';
import { ManifestSet } from '../../src/manifests/manifest-set';

describe('hostMatches', () => {
  test.each([
    ['foo.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['.example.com', '*.example.com', false],
    ['foo.example.org', '*.example.com', false],
    ['foo.example.com', 'foo.example.com', true],
    ['bar.example.com', 'foo.example.com', false],
  ])('%s against %s: %s', (host, hostname, expected) => {
    expect(hostMatches(host, hostname)).toBe(expected);
  });
});

describe('intersectHostnames and hostnamesIntersect', () => {
  test.each([
    // listener, route, intersection
    ['test.example.com', 'test.example.com', 'test.example.com'],
    ['test.example.com', '*.example.com', 'test.example.com'],
    ['*.example.com', 'test.example.com', 'test.example.com'],
    ['*.example.com', 'foo.test.example.com', 'foo.test.example.com'],
    ['*.example.com', 'example.com', undefined],
    ['*.example.com', '*.example.com', '*.example.com'],
    ['*.com', '*.example.com', '*.example.com'],
    ['*.example.com', '*.com', '*.example.com'],
    ['a.example.com', 'b.example.com', undefined],
    ['*.example.com', '*.example.org', undefined],
    ['*.example.com', '*.foo.example.com', '*.foo.example.com'],
    ['*.foo.example.com', '*.example.com', '*.foo.example.com'],
    ['test.example.com', 'other.example.com', undefined],
  ])('listener %s, route %s: %s', (listener, route, expected) => {
    expect(intersectHostnames(listener, route)).toBe(expected);
    expect(hostnamesIntersect(listener, route)).toBe(expected !== undefined);
    expect(hostnamesIntersect(route, listener)).toBe(expected !== undefined);
  });

  test('a listener without a hostname accepts every route hostname', () => {
    expect(intersectHostnames(undefined, 'foo.example.com')).toBe('foo.example.com');
  });

  test('intersectRouteHostnames keeps the intersecting route hostnames, empty for a route without hostnames', () => {
    expect(intersectRouteHostnames('*.example.com', ['a.example.com', 'x.org', '*.example.com'])).toEqual(['a.example.com', '*.example.com']);
    expect(intersectRouteHostnames('foo.example.com', ['*.example.com', 'foo.example.com'])).toEqual(['foo.example.com']);
    expect(intersectRouteHostnames('foo.example.com', [])).toEqual([]);
    expect(intersectRouteHostnames('foo.example.com', ['bar.example.com'])).toBeUndefined();
    expect(intersectRouteHostnames(undefined, ['bar.example.com'])).toEqual(['bar.example.com']);
  });
});

describe('selectorMatches', () => {
  const labels = { 'env': 'prod', 'kubernetes.io/metadata.name': 'shop' };
  test.each([
    ['empty selector', {}, true],
    ['matchLabels hit', { matchLabels: { env: 'prod' } }, true],
    ['matchLabels miss', { matchLabels: { env: 'dev' } }, false],
    ['In hit', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, true],
    ['In miss', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, false],
    ['In on a missing key', { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] }, false],
    ['NotIn hit', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, true],
    ['NotIn miss', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    ['NotIn on a missing key', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] }, true],
    ['Exists hit', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, true],
    ['Exists miss', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, false],
    ['DoesNotExist hit', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist miss', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, false],
    ['unknown operator', { matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] }, false],
    ['matchLabels and matchExpressions are ANDed', {
      matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'Exists' }],
    }, false],
  ])('%s', (_name, selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});

describe('parent references', () => {
  test('group, kind and namespace default to gateway.networking.k8s.io, Gateway and the route namespace', () => {
    expect(resolveParentRef({ name: 'gw' }, 'apps')).toEqual({
      group: GATEWAY_GROUP, kind: 'Gateway', namespace: 'apps', name: 'gw', sectionName: undefined, port: undefined,
    });
  });

  test('explicit values are kept; an empty group is the core group', () => {
    const p = resolveParentRef({ group: '', kind: 'Service', namespace: 'mesh', name: 'svc', port: '8080' }, 'apps');
    expect(p).toEqual({ group: '', kind: 'Service', namespace: 'mesh', name: 'svc', sectionName: undefined, port: 8080 });
    expect(isGatewayParentRef(p)).toBe(false);
  });

  test('parentRefNamesGateway compares the defaulted namespace and the name', () => {
    expect(parentRefNamesGateway(resolveParentRef({ name: 'gw' }, 'infra'), 'infra', 'gw')).toBe(true);
    expect(parentRefNamesGateway(resolveParentRef({ name: 'gw' }, 'apps'), 'infra', 'gw')).toBe(false);
    expect(parentRefNamesGateway(resolveParentRef({ name: 'gw', namespace: 'infra' }, 'apps'), 'infra', 'gw')).toBe(true);
  });

  test.each([
    [{}, undefined],
    [{ sectionName: 'https' }, undefined],
    [{ sectionName: 'http' }, 'sectionName'],
    [{ port: 443 }, undefined],
    [{ port: 80 }, 'port'],
    [{ sectionName: 'https', port: 80 }, 'port'],
  ])('parentRef %j against listener https:443: %s', (ref, expected) => {
    expect(parentRefListenerMismatch(ref, { name: 'https', port: 443 })).toBe(expected);
  });
});

describe('allowedRoutes', () => {
  const httpRoute = (namespace: string) => ({ group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace });
  const labelsOf = (ns: string) => (ns === 'shop' ? { 'env': 'prod', 'kubernetes.io/metadata.name': 'shop' } : undefined);
  const listener = (allowedRoutes?: any, protocol = 'HTTP') => ({ protocol, raw: { allowedRoutes } });

  test('kinds are inferred from the protocol when not set', () => {
    expect(allowedRouteKinds(listener(undefined, 'HTTPS'))!.map((k) => k.kind)).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(allowedRouteKinds(listener(undefined, 'TCP'))!.map((k) => k.kind)).toEqual(['TCPRoute']);
    expect(allowedRouteKinds(listener(undefined, 'example.com/custom'))).toBeUndefined();
  });

  test('a kind outside allowedRoutes.kinds is denied', () => {
    const v = evaluateAllowedRoutes(listener({ kinds: [{ kind: 'GRPCRoute' }] }), 'infra', httpRoute('infra'), labelsOf);
    expect(v).toMatchObject({ allowed: false, certain: true, deniedBy: 'kinds', kinds: [{ group: GATEWAY_GROUP, kind: 'GRPCRoute' }] });
  });

  test('Same is the default', () => {
    expect(evaluateAllowedRoutes(listener(), 'infra', httpRoute('infra'), labelsOf)).toMatchObject({ allowed: true, from: 'Same' });
    expect(evaluateAllowedRoutes(listener(), 'infra', httpRoute('shop'), labelsOf)).toMatchObject({ allowed: false, deniedBy: 'namespaces' });
  });

  test('All admits every namespace', () => {
    expect(evaluateAllowedRoutes(listener({ namespaces: { from: 'All' } }), 'infra', httpRoute('x'), labelsOf).allowed).toBe(true);
  });

  test('Selector evaluates the labels of a known Namespace', () => {
    const sel = (selector: any) => listener({ namespaces: { from: 'Selector', selector } });
    expect(evaluateAllowedRoutes(sel({ matchLabels: { env: 'prod' } }), 'infra', httpRoute('shop'), labelsOf))
      .toMatchObject({ allowed: true, certain: true, labelsKnown: true });
    expect(evaluateAllowedRoutes(sel({ matchLabels: { env: 'dev' } }), 'infra', httpRoute('shop'), labelsOf))
      .toMatchObject({ allowed: false, certain: true, deniedBy: 'namespaces' });
  });

  test('Selector on an unknown Namespace assumes only its name label and is certain only for that label', () => {
    const sel = (selector: any) => listener({ namespaces: { from: 'Selector', selector } });
    const byName = evaluateAllowedRoutes(sel({ matchLabels: { 'kubernetes.io/metadata.name': 'team' } }), 'infra', httpRoute('team'), labelsOf);
    expect(byName).toMatchObject({ allowed: true, certain: true, labelsKnown: false, labels: { 'kubernetes.io/metadata.name': 'team' } });
    const byEnv = evaluateAllowedRoutes(sel({ matchLabels: { env: 'prod' } }), 'infra', httpRoute('team'), labelsOf);
    expect(byEnv).toMatchObject({ allowed: false, certain: false, labelsKnown: false });
    expect(evaluateAllowedRoutes(sel({}), 'infra', httpRoute('team'), labelsOf)).toMatchObject({ allowed: true, certain: true });
  });

  test('an unknown from value is denied', () => {
    expect(evaluateAllowedRoutes(listener({ namespaces: { from: 'Other' } }), 'infra', httpRoute('infra'), labelsOf))
      .toMatchObject({ allowed: false, deniedBy: 'namespaces', from: 'Other' });
  });
});

describe('referenceGranted', () => {
  const grant = (namespace: string, to: any) => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `g-${namespace}`, namespace },
    spec: { from: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: 'apps' }], to: [to] },
  });
  const from = { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: 'apps' };
  const svc = (name: string) => ({ group: '', kind: 'Service', name });

  test('a grant in the target namespace without a name covers every object of its kind', () => {
    const set = ManifestSet.fromObjects([grant('backend', { group: '', kind: 'Service' })]);
    expect(referenceGranted(set, from, 'backend', svc('a'))).toBe(true);
    expect(referenceGranted(set, from, 'other', svc('a'))).toBe(false);
    expect(referenceGranted(set, { ...from, namespace: 'x' }, 'backend', svc('a'))).toBe(false);
  });

  test('a named grant covers only that object', () => {
    const set = ManifestSet.fromObjects([grant('backend', { group: '', kind: 'Service', name: 'a' })]);
    expect(referenceGranted(set, from, 'backend', svc('a'))).toBe(true);
    expect(referenceGranted(set, from, 'backend', svc('b'))).toBe(false);
  });

  test('only the given grants are considered when a list is passed', () => {
    const set = ManifestSet.fromObjects([grant('backend', { group: '', kind: 'Service' })]);
    expect(referenceGranted(set, from, 'backend', svc('a'), [])).toBe(false);
  });
});

describe('resolveObjectRef', () => {
  test('defaults the core group, the field\'s kind and the referrer\'s namespace', () => {
    expect(resolveObjectRef({ name: 'api', port: 80 }, 'Service', 'shop')).toEqual({ group: '', kind: 'Service', namespace: 'shop', name: 'api', port: 80 });
    expect(resolveObjectRef({ name: 'tls', namespace: 'certs' }, 'Secret', 'infra')).toEqual({ group: '', kind: 'Secret', namespace: 'certs', name: 'tls', port: undefined });
    expect(resolveObjectRef({ group: 'networking.istio.io', kind: 'Hostname', name: 'x.example.com' }, 'Service', 'shop'))
      .toMatchObject({ group: 'networking.istio.io', kind: 'Hostname' });
  });
});
