import { run, summary } from './helpers';
import { destinationRuleSubset } from '../../../src/analysis/checks/destination-rule-subset';

describe('IGW1011 DestinationRule subset selects no pods', () => {
  test('reports subsets whose labels match no pod behind the Service', () => {
    const findings = run(destinationRuleSubset, 'destination-rule-subset.yaml');
    expect(summary(findings)).toEqual([
      'warning IGW1011 DestinationRule shop/api spec.subsets[1].labels',
      'warning IGW1011 DestinationRule shop/api spec.subsets[2].labels',
    ]);
    expect(findings[0].message).toBe('subset "v2" selects version=v2, which no pod behind Service shop/api carries (pod labels: {app=api,version=v1})');
    // v3 pods exist, but not behind Service api
    expect(findings[1].message).toContain('subset "v3" selects version=v3');
  });

  test('no finding on a correct app', () => {
    expect(run(destinationRuleSubset, 'valid-app.yaml')).toEqual([]);
  });
});
