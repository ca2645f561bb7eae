import { listenerSetYaml, run, summary } from './helpers';
import { routeNotAllowed } from '../../../src/analysis/checks/route-not-allowed';
import { ManifestSet } from '../../../src/manifests/manifest-set';

describe('IGW1002 listener allowedRoutes forbids the route', () => {
  const findings = run(routeNotAllowed, 'route-not-allowed.yaml');
  const of = (obj: string) => findings.find((f) => f.object === obj)!;

  test('reports Same, Selector and kind denials; warns when the Namespace is not in the set', () => {
    expect(summary(findings)).toEqual([
      'error IGW1002 HTTPRoute team-a/cross-ns spec.parentRefs[0]',
      'error IGW1002 HTTPRoute team-a/unlabelled spec.parentRefs[0]',
      'error IGW1002 HTTPRoute team-b/not-grpc spec.parentRefs[0]',
      'error IGW1002 HTTPRoute team-b/wrong-kind spec.parentRefs[0]',
      'warning IGW1002 HTTPRoute team-x/unknown-ns spec.parentRefs[0]',
    ]);
  });

  test('messages say which rule denies the route', () => {
    expect(of('HTTPRoute team-a/cross-ns').message).toBe(
      'no listener of Gateway infra/edge selected by this parentRef allows the route: '
      + 'listener "same" only accepts routes from namespace "infra" (allowedRoutes from Same, the default)');
    expect(of('HTTPRoute team-a/cross-ns').fix).toContain('widen the listener\'s allowedRoutes on Gateway infra/edge');
    expect(of('HTTPRoute team-a/unlabelled').message).toContain('the labels of Namespace "team-a" do not match');
    expect(of('HTTPRoute team-b/wrong-kind').message).toContain('listener "tcp" accepts only TCPRoute, not HTTPRoute');
    expect(of('HTTPRoute team-b/not-grpc').message).toContain('listener "grpc-only" accepts only GRPCRoute, not HTTPRoute');
    expect(of('HTTPRoute team-x/unknown-ns').message).toBe(
      'attachment to Gateway infra/edge cannot be confirmed: listener "selected" selects namespaces by label '
      + 'and Namespace "team-x" is not in the set, so its labels are unknown');
  });

  test('a ListenerSet listener\'s allowedRoutes Same means the ListenerSet\'s namespace', () => {
    const yaml = listenerSetYaml({
      gatewayNamespace: 'infra',
      from: 'All',
      listenerSetNamespace: 'team-a',
      listener: '{ name: extra, port: 8080, protocol: HTTP }',
      routes: [{ namespace: 'team-a', name: 'own' }, { namespace: 'team-b', name: 'other' }],
    });
    const all = routeNotAllowed.run(ManifestSet.fromYaml(yaml));
    expect(summary(all)).toEqual(['error IGW1002 HTTPRoute team-b/other spec.parentRefs[0]']);
    expect(all[0].message).toBe('no listener of ListenerSet team-a/team selected by this parentRef allows the route: '
      + 'listener "extra" only accepts routes from namespace "team-a" (allowedRoutes from Same, the default)');
  });

  test('no finding on a correct app', () => {
    expect(run(routeNotAllowed, 'valid-app.yaml')).toEqual([]);
  });
});
