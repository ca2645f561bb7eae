import { App, Chart, Testing } from 'cdk8s';
import { AllowedRoutes, Backend, HttpRoute, IngressGateway, IRouteParent, RouteParent, SynthValidation } from '../../src';

/** An App whose infra chart holds the Gateway infra/edge; the apps chart attaches a route to `parent(chart)`. */
function platform(parent: (chart: Chart) => IRouteParent): App {
  const app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'infra' });
  new IngressGateway(infra, 'edge', { allowedRoutes: AllowedRoutes.allNamespaces() });
  const apps = new Chart(app, 'apps', { namespace: 'apps' });
  new HttpRoute(apps, 'web', { parents: [parent(apps)], rules: [{ backends: [{ backend: Backend.fromServiceName('web', 80) }] }] });
  return app;
}

let stderr: jest.SpyInstance;
beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
afterEach(() => { stderr.mockRestore(); });

describe('a Gateway imported by name while the App holds the real one', () => {
  test('the reference synthesizes when name, namespace and listener are right', () => {
    const app = platform((c) => IngressGateway.fromGatewayName(c, 'edge', 'edge', 'infra').listener('http'));
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when the Gateway name has a typo, with did you mean', () => {
    const app = platform((c) => IngressGateway.fromGatewayName(c, 'edge', 'edeg', 'infra').listener('http'));
    expect(() => app.synth()).toThrow('IGW1024 [apps/web/Resource] HTTPRoute apps/web spec.parentRefs[0].name: parentRef names Gateway infra/edeg, '
      + 'declared external (fromGatewayName or externalObjects) but not in the manifests; in namespace "infra" they have only the Gateway "edge": did you mean "edge"?');
  });

  test('fails when RouteParent.fromGatewayName forgets the namespace, with did you mean namespace', () => {
    const app = platform(() => RouteParent.fromGatewayName('edge', { sectionName: 'http' }));
    expect(() => app.synth()).toThrow(/IGW1024 \[apps\/web\/Resource\] HTTPRoute apps\/web spec\.parentRefs\[0\]\.namespace: parentRef names Gateway apps\/edge, .*did you mean namespace "infra"\?/);
  });

  test('fails when the name has a typo and the namespace is forgotten, with did you mean namespace/name', () => {
    const app = platform(() => RouteParent.fromGatewayName('edeg', { sectionName: 'http' }));
    expect(() => app.synth()).toThrow(/IGW1024 \[apps\/web\/Resource\] HTTPRoute apps\/web spec\.parentRefs\[0\]: parentRef names Gateway apps\/edeg, .*did you mean "infra\/edge"\?/);
  });

  test('fails when the listener name has a typo, with did you mean', () => {
    const app = platform((c) => IngressGateway.fromGatewayName(c, 'edge', 'edge', 'infra').listener('htps'));
    expect(() => app.synth()).toThrow(/IGW1001 \[apps\/web\/Resource\] HTTPRoute apps\/web spec\.parentRefs\[0\]\.sectionName: parentRef sectionName "htps" matches no listener of Gateway infra\/edge; .*\(fix: did you mean "http"\? /);
  });

  test('a Gateway of a namespace the App has no Gateway in is a warning: it must exist in the cluster', () => {
    const app = platform((c) => IngressGateway.fromGatewayName(c, 'shared', 'shared', 'platform').listener('https'));
    SynthValidation.enable(app, { printWarnings: true });
    expect(() => app.synth()).not.toThrow();
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain('warning IGW1024 [apps/web/Resource] HTTPRoute apps/web spec.parentRefs[0]: parentRef names Gateway platform/shared, '
      + 'which is declared external: it is not in this App and must exist in the cluster with a listener "https"');
  });
});
