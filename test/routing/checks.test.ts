import { describeBackend, optionalPortProblem, sameBackend } from '../../src/routing/checks';

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

describe('optionalPortProblem', () => {
  test('accepts no port and a port in range', () => {
    expect(optionalPortProblem(undefined)).toBeUndefined();
    expect(optionalPortProblem(443)).toBeUndefined();
  });

  test('fails when the port is out of range, with the shared port wording', () => {
    expect(optionalPortProblem(0)).toBe('has port 0, which must be an integer between 1 and 65535, got 0');
  });
});
