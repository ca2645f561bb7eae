import { FIXTURES, run, summary } from './helpers';
import { duplicateObject } from '../../../src/analysis/checks/duplicate-object';

describe('IGW1017 the same object defined more than once', () => {
  test('reports each later copy with the location of the first', () => {
    const findings = run(duplicateObject, 'duplicate-object.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1017 ConfigMap default/settings metadata.name',
      'error IGW1017 Service shop/api metadata.name',
    ]);
    expect(findings[1].message).toBe(`Service "api" in namespace "shop" is also defined at ${FIXTURES}/duplicate-object.yaml:1; applying both keeps only the last one`);
    expect(findings[1].fix).toBe('rename one of them, or remove the duplicate');
  });

  test('no finding on a correct app', () => {
    expect(run(duplicateObject, 'valid-app.yaml')).toEqual([]);
  });
});
