import { run, summary } from './helpers';
import { hostnamesIntersect } from '../../../src/analysis/checks/model';
import { noMatchingListenerHostname } from '../../../src/analysis/checks/no-matching-listener-hostname';

describe('IGW1003 route hostnames intersect no listener hostname', () => {
  test('reports exact mismatch, apex against a wildcard, and a port selection', () => {
    const findings = run(noMatchingListenerHostname, 'no-matching-listener-hostname.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1003 HTTPRoute infra/apex-vs-wildcard spec.hostnames',
      'error IGW1003 HTTPRoute infra/port-8080 spec.hostnames',
      'error IGW1003 HTTPRoute infra/wrong-host spec.hostnames',
    ]);
    expect(findings[2].message).toBe('hostnames "shop.example.org" intersect no listener hostname of Gateway infra/edge '
      + 'selected by spec.parentRefs[0] (listener hostnames: "shop.example.com")');
    expect(findings[0].message).toContain('"example.com" intersect no listener hostname');
  });

  test('hostname intersection follows the Gateway API rules', () => {
    expect(hostnamesIntersect('test.example.com', 'test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'foo.test.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.com', 'example.com')).toBe(false);
    expect(hostnamesIntersect('test.example.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('*.com', '*.example.com')).toBe(true);
    expect(hostnamesIntersect('a.example.com', 'b.example.com')).toBe(false);
  });

  test('no finding on a correct app', () => {
    expect(run(noMatchingListenerHostname, 'valid-app.yaml')).toEqual([]);
  });
});
