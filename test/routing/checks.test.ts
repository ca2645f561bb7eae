import { describeBackend, hostnamesIntersect, pathValueProblem, sameBackend } from '../../src/routing/checks';
import { PathMatchType } from '../../src/routing/path-match';

describe('hostnamesIntersect', () => {
  test.each([
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', '*.example.com', true],
    ['*.example.com', 'foo.shop.example.com', true],
    ['*.example.com', '*.shop.example.com', true],
    ['*.example.com', 'example.com', false],
    ['shop.example.com', 'api.example.com', false],
    ['*.example.com', '*.example.org', false],
    ['xexample.com', '*.example.com', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
    expect(hostnamesIntersect(b, a)).toBe(expected);
  });
});

describe('backend helpers', () => {
  test('describeBackend names group, namespace and port', () => {
    expect(describeBackend({ group: 'networking.istio.io', kind: 'Hostname', name: 'ext.example.com', port: 443 }))
      .toBe('Hostname.networking.istio.io ext.example.com:443');
    expect(describeBackend({ group: '', kind: 'Service', name: 'api', namespace: 'shop', port: 80 })).toBe('Service shop/api:80');
  });

  test('sameBackend treats a missing namespace as the route namespace', () => {
    const a = { group: '', kind: 'Service', name: 'api', port: 80 };
    expect(sameBackend(a, { ...a, namespace: 'shop' }, 'shop')).toBe(true);
    expect(sameBackend(a, { ...a, namespace: 'other' }, 'shop')).toBe(false);
    expect(sameBackend(a, { ...a, port: 81 }, 'shop')).toBe(false);
  });
});

describe('pathValueProblem', () => {
  test.each(['/', '/api', '/api/', '/a-b_c~d/%20x', "/a!$&'()*+,;=:@"])('accepts %s', (value) => {
    expect(pathValueProblem(PathMatchType.PATH_PREFIX, value)).toBeUndefined();
    expect(pathValueProblem(PathMatchType.EXACT, value)).toBeUndefined();
  });

  test('regular expressions are not held to the path rules', () => {
    expect(pathValueProblem(PathMatchType.REGULAR_EXPRESSION, '.*//#')).toBeUndefined();
  });
});
