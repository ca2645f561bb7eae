import { run, summary } from './helpers';
import { followsPortNaming, servicePortProtocol } from '../../../src/analysis/checks/service-port-protocol';

describe('IGW1016 Service port without appProtocol or Istio name', () => {
  test('warns on unnamed and unconventionally named ports without appProtocol', () => {
    const findings = run(servicePortProtocol, 'service-port-protocol.yaml');
    expect(summary(findings)).toEqual([
      'warning IGW1016 Service shop/api spec.ports[0]',
      'warning IGW1016 Service shop/api spec.ports[1]',
    ]);
    expect(findings[0].message).toBe('port "web" (80) has no appProtocol and its name does not start with a protocol istio knows, so istio has to detect the protocol');
    expect(findings[1].message).toContain('unnamed port 9090 has no appProtocol');
    expect(findings[0].fix).toBe('set appProtocol (e.g. http, http2, grpc, tcp) or name the port <protocol>[-<suffix>], e.g. http-web');
  });

  test('port naming convention', () => {
    expect(followsPortNaming('http')).toBe(true);
    expect(followsPortNaming('grpc-web')).toBe(true);
    expect(followsPortNaming('tcp-db')).toBe(true);
    expect(followsPortNaming('httpx')).toBe(false);
    expect(followsPortNaming('web')).toBe(false);
  });

  test('no finding on a correct app', () => {
    expect(run(servicePortProtocol, 'valid-app.yaml')).toEqual([]);
  });
});
