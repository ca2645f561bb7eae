import { run, summary } from './helpers';
import { destinationRuleExport } from '../../../src/analysis/checks/destination-rule-export';

describe('IGW1020 DestinationRule not exported to the Gateway namespace', () => {
  test('warns when exportTo hides the DestinationRule from a Gateway that routes to its Service', () => {
    const findings = run(destinationRuleExport, 'destination-rule-export.yaml');
    expect(summary(findings)).toEqual(['warning IGW1020 DestinationRule shop/api spec.exportTo']);
    expect(findings[0].message).toBe('exportTo ["."] hides this DestinationRule from namespace "infra", where a Gateway routes to Service shop/api; '
      + 'its traffic policy does not apply to that ingress traffic');
    expect(findings[0].fix).toBe('add "infra" to exportTo (or remove exportTo to export it everywhere)');
  });

  test('no finding on a correct app', () => {
    expect(run(destinationRuleExport, 'valid-app.yaml')).toEqual([]);
  });
});
