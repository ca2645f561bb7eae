import { ExternalObjects } from '../../../src/analysis/checks/check';
import { listenerSetAttachment } from '../../../src/analysis/checks/listener-set-attachment';
import { ManifestSet } from '../../../src/manifests/manifest-set';

const G = 'gateway.networking.k8s.io';
const gateway = (allowedListeners?: any, listeners: any[] = [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'gw.org' }]) => ({
  apiVersion: `${G}/v1`,
  kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'infra' },
  spec: { gatewayClassName: 'istio', ...(allowedListeners ? { allowedListeners } : {}), listeners },
});
const ls = (name: string, namespace: string, listeners: any[], extra: any = {}) => ({
  apiVersion: `${G}/v1`,
  kind: 'ListenerSet',
  metadata: { name, namespace, ...extra },
  spec: { parentRef: { name: 'gw', namespace: 'infra' }, listeners },
});
const route = (parentRef: any) => ({
  apiVersion: `${G}/v1`,
  kind: 'HTTPRoute',
  metadata: { name: 'r', namespace: 'team' },
  spec: { parentRefs: [{ group: G, kind: 'ListenerSet', ...parentRef }], rules: [{}] },
});
const run = (objects: any[], externals: string[] = []) => listenerSetAttachment.run(ManifestSet.fromObjects(objects, 'test'), { externals: ExternalObjects.parse(externals) })
  .map((f) => `${f.severity} ${f.object} ${f.path}: ${f.message} (fix: ${f.fix})`);
const team = (listeners = [{ name: 'api', port: 80, protocol: 'HTTP', hostname: 'api.org' }]) => ls('team', 'team', listeners);

describe('IGW1025 ListenerSet attachment', () => {
  test('an admitted ListenerSet with distinct listeners and routes that name them: nothing', () => {
    expect(run([gateway({ namespaces: { from: 'All' } }), team(), route({ name: 'team', sectionName: 'api' })])).toEqual([]);
  });

  test('fails when the Gateway admits no ListenerSets (allowedListeners defaults to None)', () => {
    expect(run([gateway(), team()])).toEqual([
      'error ListenerSet team/team spec.parentRef: Gateway infra/gw does not admit ListenerSets from namespace "team" (spec.allowedListeners.namespaces.from: None, '
      + 'the default), so none of its listeners is programmed (NotAllowed) (fix: on Gateway infra/gw, set spec.allowedListeners.namespaces.from to "Selector" (or "All"))',
    ]);
  });

  test('fails when a Selector does not match the ListenerSet\'s namespace; the fix says to label the namespace', () => {
    const selector = gateway({ namespaces: { from: 'Selector', selector: { matchLabels: { listeners: 'yes' } } } });
    const ns = (labels: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels } });
    expect(run([selector, ns({ other: 'x' }), team()])).toEqual([
      'error ListenerSet team/team spec.parentRef: Gateway infra/gw does not admit ListenerSets from namespace "team" (spec.allowedListeners.namespaces.from: Selector), '
      + 'so none of its listeners is programmed (NotAllowed) (fix: label namespace "team" so that the selector in spec.allowedListeners.namespaces of '
      + 'Gateway infra/gw matches it, or set from to "All")',
    ]);
    expect(run([selector, ns({ listeners: 'yes' }), team()])).toEqual([]);
  });

  test('fails when Same is set and the ListenerSet is in another namespace; passes in the Gateway\'s namespace', () => {
    expect(run([gateway({ namespaces: { from: 'Same' } }), team()])).toHaveLength(1);
    expect(run([gateway({ namespaces: { from: 'Same' } }), ls('team', 'infra', [{ name: 'api', port: 80, protocol: 'HTTP', hostname: 'api.org' }])])).toEqual([]);
  });

  test('fails when the parent Gateway is missing in a namespace the manifests manage; warns otherwise; external counts', () => {
    const other = { ...gateway({ namespaces: { from: 'All' } }), metadata: { name: 'other', namespace: 'infra' } };
    expect(run([other, team()])[0]).toMatch(/^error ListenerSet team\/team spec.parentRef: parentRef names Gateway infra\/gw, which is not in the manifests/);
    expect(run([team()])[0]).toMatch(/^warning ListenerSet team\/team spec.parentRef: parentRef names Gateway infra\/gw, which is not in the manifests \(the manifests contain no Gateway/);
    expect(run([team()], ['Gateway infra/gw'])).toEqual([]);
  });

  test('fails when a ListenerSet listener repeats the port and hostname of a Gateway listener, or its port with another protocol', () => {
    expect(run([gateway({ namespaces: { from: 'All' } }), team([{ name: 'dup', port: 80, protocol: 'HTTP', hostname: 'GW.org' }])])).toEqual([
      'error ListenerSet team/team spec.listeners[0]: listener "dup" conflicts with listener "http" of Gateway infra/gw on port 80 (both accept hostname "gw.org"), '
      + 'which takes precedence, so it is not programmed (Conflicted, HostnameConflict) (fix: give the listener another hostname or port)',
    ]);
    expect(run([gateway({ namespaces: { from: 'All' } }), team([{ name: 'tls', port: 80, protocol: 'HTTPS', hostname: 'other.org' }])])).toEqual([
      'error ListenerSet team/team spec.listeners[0]: listener "tls" conflicts with listener "http" of Gateway infra/gw on port 80 (protocols HTTP and HTTPS cannot share a port), '
      + 'which takes precedence, so it is not programmed (Conflicted, ProtocolConflict) (fix: give the listener another hostname or port)',
    ]);
  });

  test('the older of two conflicting ListenerSets wins', () => {
    const older = ls('b-older', 'team', [{ name: 'x', port: 8080, protocol: 'TCP' }], { creationTimestamp: '2026-01-01T00:00:00Z' });
    const newer = ls('a-newer', 'team', [{ name: 'y', port: 8080, protocol: 'HTTP', hostname: 'y.org' }], { creationTimestamp: '2026-02-01T00:00:00Z' });
    expect(run([gateway({ namespaces: { from: 'All' } }), newer, older])).toEqual([
      'error ListenerSet team/a-newer spec.listeners[0]: listener "y" conflicts with listener "x" of ListenerSet team/b-older on port 8080 (protocols TCP and HTTP cannot share a port), '
      + 'which takes precedence, so it is not programmed (Conflicted, ProtocolConflict) (fix: give the listener another hostname or port)',
    ]);
  });

  test('fails when a route names a ListenerSet that is not in the manifests, or a listener it does not have', () => {
    expect(run([gateway({ namespaces: { from: 'All' } }), team(), route({ name: 'teem' })])).toEqual([
      'error HTTPRoute team/r spec.parentRefs[0]: parentRef names ListenerSet team/teem, which is not in the manifests (fix: did you mean "team"? fix the parentRef, or make sure ListenerSet team/teem exists)',
    ]);
    expect(run([gateway({ namespaces: { from: 'All' } }), team(), route({ name: 'team', sectionName: 'apj' })])).toEqual([
      'error HTTPRoute team/r spec.parentRefs[0].sectionName: parentRef sectionName "apj" matches no listener of ListenerSet team/team; it has api (port 80) '
      + '(fix: did you mean "api"? set sectionName to one of "api")',
    ]);
  });
});
