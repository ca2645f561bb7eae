import { run, summary } from './helpers';
import { backendServiceNotFound } from '../../../src/analysis/checks/backend-service-not-found';

describe('IGW1004 backend Service missing or port not exposed', () => {
  const findings = run(backendServiceNotFound, 'backend-service-not-found.yaml');
  const at = (path: string) => findings.find((f) => f.path === path)!;

  test('reports missing Services, wrong ports and mirror backends; warns for a namespace outside the set', () => {
    expect(summary(findings)).toEqual([
      'error IGW1004 HTTPRoute shop/api spec.rules[0].backendRefs[0].port',
      'error IGW1004 HTTPRoute shop/api spec.rules[0].backendRefs[1].port',
      'error IGW1004 HTTPRoute shop/api spec.rules[0].backendRefs[3]',
      'warning IGW1004 HTTPRoute shop/api spec.rules[0].backendRefs[4]',
      'error IGW1004 HTTPRoute shop/api spec.rules[0].filters[0].requestMirror.backendRef',
    ]);
  });

  test('a container port gets a fix naming the Service port', () => {
    expect(at('spec.rules[0].backendRefs[0].port').message).toBe('backendRef port 8080 is not exposed by Service shop/api (ports: 80, 9000)');
    expect(at('spec.rules[0].backendRefs[0].port').fix).toBe('use the Service port 80, not the container port 8080');
    expect(at('spec.rules[0].backendRefs[1].port').fix).toBe('use one of the Service ports (80, 9000) or add port 81 to Service shop/api');
  });

  test('messages name the missing Service', () => {
    expect(at('spec.rules[0].backendRefs[3]').message).toBe('backendRef names Service shop/api-typo, which is not in the manifests');
    expect(at('spec.rules[0].backendRefs[4]').message).toContain('Service payments/billing, which is not in the manifests (the manifests contain no Service in namespace "payments", so it may be managed elsewhere)');
    expect(at('spec.rules[0].filters[0].requestMirror.backendRef').message).toBe('mirror backend names Service shop/shadow, which is not in the manifests');
  });

  test('no finding on a correct app', () => {
    expect(run(backendServiceNotFound, 'valid-app.yaml')).toEqual([]);
  });
});
