import { run, summary } from './helpers';
import { allBackendWeightsZero } from '../../../src/analysis/checks/all-backend-weights-zero';

describe('IGW1009 all backend weights 0', () => {
  test('reports a rule whose every backend has weight 0 only', () => {
    const findings = run(allBackendWeightsZero, 'all-backend-weights-zero.yaml');
    expect(summary(findings)).toEqual(['error IGW1009 HTTPRoute shop/drained spec.rules[0].backendRefs']);
    expect(findings[0].message).toBe('every backendRef of rule 0 has weight 0, so matching requests get 500');
    expect(findings[0].fix).toBe('give at least one backend a positive weight, or remove the rule');
  });

  test('no finding on a correct app (one zero weight among others)', () => {
    expect(run(allBackendWeightsZero, 'valid-app.yaml')).toEqual([]);
  });
});
