import {
  evaluateAttachment, listenerRouteHostnames, parentRefNamesOwner, parentRefSelects, UncertainNamespace,
} from '../../src/gateway-api/attachment';
import { GATEWAY_GROUP } from '../../src/gateway-api/gateway-api';
import { composeListeners, ListenerSetCandidate, readListener } from '../../src/gateway-api/listeners';
import { resolveParentRef } from '../../src/gateway-api/parent-refs';

const noLabels = () => undefined;
const gateway = (listeners: any[], spec: any = {}) => ({ namespace: 'infra', name: 'gw', spec: { ...spec, listeners }, listeners });
const listenerSet = (name: string, listeners: any[], extra: Partial<ListenerSetCandidate> = {}): ListenerSetCandidate => ({
  namespace: 'infra', name, parentRef: { name: 'gw' }, listeners, ...extra,
});
const all = { allowedListeners: { namespaces: { from: 'All' } } };

describe('readListener', () => {
  test('reads name, port, protocol and a lower-case hostname, with its field path', () => {
    expect(readListener({ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'Shop.Example.COM' }, 2, 'infra', 'gw')).toMatchObject({
      index: 2, path: 'spec.listeners[2]', name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', namespace: 'infra', gatewayName: 'gw',
    });
  });

  test('an empty hostname is none, and a listener that is not an object reads as empty', () => {
    expect(readListener({ name: 'a', port: 80, protocol: 'HTTP', hostname: '' }, 0, 'ns', 'gw').hostname).toBeUndefined();
    expect(readListener('bad', 0, 'ns', 'gw')).toMatchObject({ name: '', protocol: '', raw: {} });
  });
});

describe('composeListeners', () => {
  test('the Gateway listeners come first, then admitted ListenerSets oldest first, then by namespace/name', () => {
    const { listeners, excluded } = composeListeners(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], all), [
      listenerSet('b', [{ name: 'b', port: 443, protocol: 'HTTPS', hostname: 'b.example.com' }], { creationTimestamp: '2024-01-02T00:00:00Z' }),
      listenerSet('c', [{ name: 'c', port: 443, protocol: 'HTTPS', hostname: 'c.example.com' }], { creationTimestamp: '2024-01-01T00:00:00Z' }),
      listenerSet('a', [{ name: 'a', port: 443, protocol: 'HTTPS', hostname: 'a.example.com' }], { creationTimestamp: '2024-01-02T00:00:00Z' }),
    ], noLabels);
    expect(listeners.map((l) => `${l.listenerSet?.name ?? 'gw'}/${l.name}`)).toEqual(['gw/http', 'c/c', 'a/a', 'b/b']);
    expect(excluded).toEqual([]);
  });

  test('allowedListeners None (the default) admits no ListenerSet', () => {
    const { listeners, excluded } = composeListeners(gateway([]), [listenerSet('a', [{ name: 'a', port: 80, protocol: 'HTTP' }])], noLabels);
    expect(listeners).toEqual([]);
    expect(excluded).toEqual([{ type: 'NotAllowed', listenerSet: { namespace: 'infra', name: 'a', key: 'infra/a' }, from: 'None' }]);
  });

  test('a ListenerSet of another Gateway is ignored', () => {
    const { listeners, excluded } = composeListeners(gateway([], all), [listenerSet('a', [{ name: 'a', port: 80, protocol: 'HTTP' }], { parentRef: { name: 'other' } })], noLabels);
    expect(listeners).toEqual([]);
    expect(excluded).toEqual([]);
  });

  test('a ListenerSet listener with the hostname of an earlier one, in another case, is conflicted', () => {
    const { listeners, excluded } = composeListeners(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com' }], all),
      [listenerSet('a', [{ name: 'dup', port: 443, protocol: 'HTTPS', hostname: 'A.Example.com' }])], noLabels);
    expect(listeners.map((l) => l.name)).toEqual(['https']);
    expect(excluded).toMatchObject([{
      type: 'Conflicted',
      listener: { name: 'dup' },
      earlier: { name: 'https' },
      conflict: { reason: 'HostnameConflict', detail: 'both accept hostname "a.example.com"' },
    }]);
  });

  test('a Gateway\'s own listeners conflict too: the first one wins, and one that lost blocks nothing', () => {
    const { listeners, excluded } = composeListeners(gateway([
      { name: 'web', port: 80, protocol: 'HTTP' },
      { name: 'raw', port: 80, protocol: 'TCP' },
      { name: 'tls', port: 80, protocol: 'HTTPS', hostname: 'a.example.com' },
      { name: 'web-again', port: 80, protocol: 'HTTP', hostname: 'b.example.com' },
    ], all), [], noLabels);
    expect(listeners.map((l) => l.name)).toEqual(['web', 'web-again']);
    expect(excluded.map((x) => x.type === 'Conflicted' && `${x.listener.name}<${x.earlier.name} ${x.conflict.reason}`)).toEqual([
      'raw<web ProtocolConflict', 'tls<web ProtocolConflict',
    ]);
  });
});

describe('attachment', () => {
  const own = readListener({ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com', allowedRoutes: { namespaces: { from: 'All' } } }, 0, 'infra', 'gw');
  const fromSet = readListener({ name: 'extra', port: 8080, protocol: 'HTTP' }, 0, 'apps', 'gw', { namespace: 'apps', name: 'ls', key: 'apps/ls' });
  const route = { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: 'apps', hostnames: ['Shop.Example.com'] };
  const ref = (raw: any) => resolveParentRef(raw, 'apps');

  test('a Gateway parentRef names the Gateway\'s own listeners only; a ListenerSet parentRef only its listeners', () => {
    expect(parentRefNamesOwner(ref({ name: 'gw', namespace: 'infra' }), own)).toBe(true);
    expect(parentRefNamesOwner(ref({ name: 'gw', namespace: 'infra', sectionName: 'extra' }), fromSet)).toBe(false);
    expect(parentRefNamesOwner(ref({ kind: 'ListenerSet', name: 'ls' }), fromSet)).toBe(true);
    expect(parentRefSelects(ref({ kind: 'ListenerSet', name: 'ls', port: 8080 }), fromSet)).toBe(true);
    expect(parentRefSelects(ref({ kind: 'ListenerSet', name: 'ls', port: 80 }), fromSet)).toBe(false);
  });

  test('attaches with the lower-case intersection of the hostnames', () => {
    expect(evaluateAttachment(ref({ name: 'gw', namespace: 'infra' }), own, route, noLabels)).toMatchObject({ hostnames: ['shop.example.com'] });
  });

  test.each<[string, any, any, string]>([
    ['another owner', { name: 'other', namespace: 'infra' }, {}, 'owner'],
    ['another sectionName', { name: 'gw', namespace: 'infra', sectionName: 'https' }, {}, 'sectionName'],
    ['another port', { name: 'gw', namespace: 'infra', port: 443 }, {}, 'port'],
    ['hostnames that do not intersect', { name: 'gw', namespace: 'infra' }, { hostnames: ['other.example.com'] }, 'hostname'],
    ['a kind the listener does not allow', { name: 'gw', namespace: 'infra' }, { kind: 'TCPRoute' }, 'notAllowed'],
  ])('fails when the parentRef meets %s', (_title, raw, routeChange, failure) => {
    expect(evaluateAttachment(ref(raw), own, { ...route, ...routeChange }, noLabels).failure).toBe(failure);
  });

  test('a selector over the labels of an unknown Namespace: the name label decides, or the route counts as admitted', () => {
    const selective = readListener({ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } }, 0, 'infra', 'gw');
    const p = ref({ name: 'gw', namespace: 'infra' });
    expect(evaluateAttachment(p, selective, route, noLabels).failure).toBe('notAllowed');
    expect(evaluateAttachment(p, selective, route, noLabels, UncertainNamespace.ADMITTED)).toMatchObject({ hostnames: ['shop.example.com'] });
    expect(evaluateAttachment(p, selective, route, () => ({ team: 'b' }), UncertainNamespace.ADMITTED).failure).toBe('notAllowed');
  });

  test('listeners that do not match on hostnames accept every route', () => {
    const tcp = readListener({ name: 'tcp', port: 9000, protocol: 'TCP', hostname: 'a.example.com' }, 0, 'infra', 'gw');
    expect(listenerRouteHostnames(tcp, ['b.example.com'])).toEqual([]);
    expect(listenerRouteHostnames(own, [])).toEqual([]);
    expect(listenerRouteHostnames(own, ['b.example.com'])).toBeUndefined();
  });
});
