import * as fc from 'fast-check';
import { ipOrCidrProblem } from '../../src/internal/cidr';

describe('ipOrCidrProblem (Istio ValidateIPs: netip.ParseAddr / netip.ParsePrefix)', () => {
  test.each(['10.1.2.3', '10.0.0.0/8', '10.1.2.3/16', '0.0.0.0/0', '::1', '2001:db8::/32', '::/0', '::ffff:10.0.0.1/128'])('accepts %s', (v) => {
    expect(ipOrCidrProblem(v)).toBeUndefined();
  });

  test.each([
    ['10.0.0.0/33', /invalid prefix length "33"/],
    ['2001:db8::/129', /from 0 to 128/],
    ['10.0.0.0/08', /invalid prefix length "08"/],
    ['10.0.0.0/', /invalid prefix length ""/],
    ['10.0.0', /is not an IP address or CIDR block/],
    ['fe80::1%eth0', /is not an IP address/],
    ['example.com', /is not an IP address/],
    ['', /must be an IP address/],
  ])('rejects %s', (v, message) => {
    expect(ipOrCidrProblem(v)).toMatch(message);
  });

  test('every generated IPv4 prefix is accepted, and every prefix length over 32 rejected', () => {
    const octet = fc.nat(255);
    fc.assert(fc.property(fc.tuple(octet, octet, octet, octet), fc.nat(40), ([a, b, c, d], bits) => {
      const problem = ipOrCidrProblem(`${a}.${b}.${c}.${d}/${bits}`);
      expect(problem === undefined).toBe(bits <= 32);
    }));
  });
});
