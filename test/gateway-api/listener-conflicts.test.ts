import { firstConflict, listenerConflict } from '../../src/gateway-api/listener-conflicts';

// Istio: pilot/pkg/config/kube/gatewaycommon/listener_conflict.go (listenersDistinct) and
// pilot/pkg/model/gateway.go (canMergeProtocols)
describe('listenerConflict', () => {
  const l = (protocol: string, port = 80, hostname?: string) => ({ protocol, port, hostname });
  const reason = (a: any, b: any) => listenerConflict(a, b)?.reason ?? 'distinct';

  test.each([
    ['HTTP *', l('HTTP'), 'HTTP *', l('HTTP'), 'HostnameConflict'],
    ['HTTP a', l('HTTP', 80, 'a.org'), 'HTTP A', l('HTTP', 80, 'A.org'), 'HostnameConflict'],
    ['HTTP a', l('HTTP', 80, 'a.org'), 'HTTP b', l('HTTP', 80, 'b.org'), 'distinct'],
    ['HTTP a', l('HTTP', 80, 'a.org'), 'HTTPS b', l('HTTPS', 80, 'b.org'), 'ProtocolConflict'],
    ['HTTPS a', l('HTTPS', 80, 'a.org'), 'HTTP b', l('HTTP', 80, 'b.org'), 'ProtocolConflict'],
    ['HTTPS a', l('HTTPS', 443, 'a.org'), 'TLS b', l('TLS', 443, 'b.org'), 'distinct'],
    ['HTTPS a', l('HTTPS', 443, 'a.org'), 'TLS a', l('TLS', 443, 'a.org'), 'ProtocolConflict'],
    ['TCP', l('TCP'), 'HTTP a', l('HTTP', 80, 'a.org'), 'ProtocolConflict'],
    ['TCP', l('TCP'), 'UDP', l('UDP'), 'ProtocolConflict'],
    ['TCP', l('TCP'), 'TCP', l('TCP'), 'ProtocolConflict'],
    ['TCP', l('TCP'), 'example.com/Custom', l('example.com/Custom'), 'distinct'],
    ['example.com/Custom', l('example.com/Custom'), 'example.com/Custom', l('example.com/Custom'), 'ProtocolConflict'],
    ['HTTP 80', l('HTTP', 80), 'TCP 81', l('TCP', 81), 'distinct'],
  ])('%s then %s: %s', (_a, a, _b, b, expected) => {
    expect(reason(a, b)).toBe(expected);
  });

  test('says why in words', () => {
    expect(listenerConflict(l('HTTP'), l('HTTP'))?.detail).toBe('both accept every hostname (no hostname set)');
    expect(listenerConflict(l('HTTP', 80, 'a.org'), l('HTTP', 80, 'a.org'))?.detail).toBe('both accept hostname "a.org"');
    expect(listenerConflict(l('TCP'), l('UDP'))?.detail).toBe('protocols TCP and UDP cannot share a port');
    expect(listenerConflict(l('UDP'), l('UDP'))?.detail).toBe('two UDP listeners cannot share a port');
  });

  test('firstConflict returns the earliest accepted listener that conflicts', () => {
    const accepted = [l('HTTP', 80, 'a.org'), l('HTTP', 80, 'b.org')];
    expect(firstConflict(accepted, l('HTTP', 80, 'b.org'))?.earlier).toBe(accepted[1]);
    expect(firstConflict(accepted, l('HTTPS', 80, 'c.org'))?.earlier).toBe(accepted[0]);
    expect(firstConflict(accepted, l('HTTP', 80, 'c.org'))).toBeUndefined();
  });
});
