import { run, summary } from './helpers';
import { destinationRuleHost } from '../../../src/analysis/checks/destination-rule-host';

describe('IGW1010 DestinationRule host matches no Service', () => {
  const findings = run(destinationRuleHost, 'destination-rule-host.yaml');
  const of = (obj: string) => findings.find((f) => f.object === obj)!;

  test('reports short names, FQDNs and half-qualified names that match no Service; warns on unknown external hosts', () => {
    expect(summary(findings)).toEqual([
      'error IGW1010 DestinationRule istio-system/wrong-namespace spec.host',
      'warning IGW1010 DestinationRule shop/external spec.host',
      'error IGW1010 DestinationRule shop/fqdn-typo spec.host',
      'error IGW1010 DestinationRule shop/half-qualified spec.host',
      'error IGW1010 DestinationRule shop/short-typo spec.host',
    ]);
  });

  test('messages say how the host resolved', () => {
    expect(of('DestinationRule shop/short-typo').message).toBe('host "apii" resolves to Service shop/apii, which is not in the manifests');
    expect(of('DestinationRule istio-system/wrong-namespace').message).toBe('host "api" resolves to Service istio-system/api, which is not in the manifests');
    expect(of('DestinationRule istio-system/wrong-namespace').fix).toBe(
      'a short host resolves in the DestinationRule\'s namespace; write the full name "api.shop.svc.cluster.local"');
    expect(of('DestinationRule shop/short-typo').fix).toBe('set host to an existing Service as <name>.<namespace>.svc.cluster.local, or add Service shop/apii');
    expect(of('DestinationRule shop/half-qualified').message).toBe('host "api.shop" is neither a short Service name nor a full one; istio does not expand it, so it matches no Service');
    expect(of('DestinationRule shop/half-qualified').fix).toBe('write the full name "api.shop.svc.cluster.local"');
    expect(of('DestinationRule shop/external').message).toBe('host "payments.example.org" matches no Service and no ServiceEntry in the manifests');
  });

  test('no finding on a correct app', () => {
    expect(run(destinationRuleHost, 'valid-app.yaml')).toEqual([]);
  });
});
