import { fixture, run, summary } from './helpers';
import { Analyzer } from '../../../src/analysis/analyzer';
import { ExternalObjects } from '../../../src/analysis/checks/check';
import { externalGatewayRef } from '../../../src/analysis/checks/external-gateway-ref';
import { editDistance, nearestName } from '../../../src/analysis/checks/near-names';
import { routeParentNotFound } from '../../../src/analysis/checks/route-parent-not-found';
import { Finding } from '../../../src/analysis/finding';

const EXTERNALS = [
  'Gateway shop/edge', 'Gateway infra/edeg', 'Gateway infra/api-gw', 'Gateway infra/edge', 'Gateway platform/shared', 'Gateway infra/nope2',
];

function findings(): Finding[] {
  return externalGatewayRef.run(fixture('external-gateway-ref.yaml'), { externals: ExternalObjects.parse(EXTERNALS) })
    .sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

function of(name: string): Finding {
  return findings().find((f) => f.object === `HTTPRoute shop/${name}`)!;
}

describe('IGW1024 route parentRef names a Gateway declared external', () => {
  test('reports forgotten namespaces and name typos as errors, Gateways outside the App as warnings', () => {
    expect(summary(findings())).toEqual([
      'error IGW1024 HTTPRoute shop/forgot-namespace spec.parentRefs[0].namespace',
      'warning IGW1024 HTTPRoute shop/in-cluster spec.parentRefs[0]',
      'error IGW1024 HTTPRoute shop/name-typo spec.parentRefs[0].name',
      'error IGW1024 HTTPRoute shop/unrelated-name spec.parentRefs[0].name',
    ]);
  });

  test('fails when the namespace is forgotten: did you mean namespace', () => {
    const f = of('forgot-namespace');
    expect(f.message).toBe('parentRef names Gateway shop/edge, declared external (fromGatewayName or externalObjects) but not in the manifests; '
      + 'they have a Gateway "edge" in namespace "infra": did you mean namespace "infra"?');
    expect(f.fix).toBe('pass the namespace "infra" to fromGatewayName (the parentRef namespace defaults to the route\'s, "shop")');
  });

  test('fails when the name has a typo: did you mean the nearest name', () => {
    const f = of('name-typo');
    expect(f.message).toBe('parentRef names Gateway infra/edeg, declared external (fromGatewayName or externalObjects) but not in the manifests; '
      + 'in namespace "infra" they have the Gateways "api", "edge": did you mean "edge"?');
    expect(f.fix).toBe('use the Gateway name "edge", or disable IGW1024 if Gateway infra/edeg really is managed outside this App');
  });

  test('fails when the namespace has other Gateways only, listing them without a guess when none is near', () => {
    const f = of('unrelated-name');
    expect(f.message).toBe('parentRef names Gateway infra/api-gw, declared external (fromGatewayName or externalObjects) but not in the manifests; '
      + 'in namespace "infra" they have the Gateways "api", "edge"');
    expect(f.fix).toBe('fix the Gateway name (one of "api", "edge"), or disable IGW1024 if Gateway infra/api-gw really is managed outside this App');
  });

  test('warns that a Gateway of a namespace the App does not manage must exist in the cluster, with its listener', () => {
    const f = of('in-cluster');
    expect(f.message).toBe('parentRef names Gateway platform/shared, which is declared external: it is not in this App and must exist in the cluster with a listener "https"');
    expect(f.fix).toBe('make sure Gateway platform/shared exists in the cluster with a listener "https" before the route is applied, or fix the reference');
  });

  test('leaves refs that are not declared external, and Gateways in the manifests, to IGW1001', () => {
    expect(findings().map((f) => f.object)).not.toContain('HTTPRoute shop/undeclared');
    expect(findings().map((f) => f.object)).not.toContain('HTTPRoute shop/section-typo');
    expect(findings().map((f) => f.object)).not.toContain('HTTPRoute shop/fine');
    expect(externalGatewayRef.run(fixture('external-gateway-ref.yaml'))).toEqual([]);
  });

  test('fails with IGW1001 and did you mean when the sectionName of an in-App Gateway imported by name has a typo', () => {
    const report = new Analyzer({ externalObjects: EXTERNALS, schemaValidation: false }).analyze(fixture('external-gateway-ref.yaml'));
    const f = report.findings.find((x) => x.object === 'HTTPRoute shop/section-typo')!;
    expect(f.id).toBe('IGW1001');
    expect(f.message).toBe('parentRef sectionName "htps" matches no listener of Gateway infra/edge; it has http (port 80), https (port 443)');
    expect(f.fix).toBe('did you mean "https"? set sectionName to one of "http", "https", or add a matching listener');
  });

  test('is registered with the Analyzer and can be disabled', () => {
    expect(Analyzer.checks().find((c) => c.id === 'IGW1024')?.title).toBe(externalGatewayRef.title);
    const report = new Analyzer({ externalObjects: EXTERNALS, schemaValidation: false, disabledChecks: ['IGW1024'] })
      .analyze(fixture('external-gateway-ref.yaml'));
    expect(report.findings.filter((f) => f.id === 'IGW1024')).toEqual([]);
  });
});

describe('IGW1001 did you mean', () => {
  test('names a near Gateway of the namespace, or the namespace of a Gateway of that name', () => {
    const f = run(routeParentNotFound, 'external-gateway-ref.yaml');
    const byObject = (o: string) => f.find((x) => x.object === o)!;
    expect(byObject('HTTPRoute shop/name-typo').fix).toBe('did you mean "edge"? fix the parentRef name or namespace, or add Gateway infra/edeg');
    expect(byObject('HTTPRoute shop/forgot-namespace').fix).toBe('did you mean namespace "infra"? make sure Gateway shop/edge exists in the cluster, or fix the parentRef');
    expect(byObject('HTTPRoute shop/unrelated-name').fix).toBe('fix the parentRef name or namespace, or add Gateway infra/api-gw');
  });
});

describe('nearestName', () => {
  test('counts insertions, deletions, substitutions and adjacent swaps as one edit', () => {
    expect(editDistance('htps', 'https')).toBe(1);
    expect(editDistance('edeg', 'edge')).toBe(1);
    expect(editDistance('edge', 'edge')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('picks the closest candidate within 2 edits or a third of the name, ties in sorted order', () => {
    expect(nearestName('htps', ['http', 'https'])).toBe('https');
    expect(nearestName('gateway-publc', ['gateway-public', 'gateway-private'])).toBe('gateway-public');
    expect(nearestName('ab', ['xy'])).toBe('xy');
    expect(nearestName('abc', ['xyz'])).toBeUndefined();
    expect(nearestName('edge', ['edge', 'edges'])).toBeUndefined();
    expect(nearestName('b', ['c', 'a'])).toBe('a');
  });
});
