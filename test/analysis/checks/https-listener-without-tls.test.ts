import { run, summary } from './helpers';
import { httpsListenerWithoutTls } from '../../../src/analysis/checks/https-listener-without-tls';

describe('IGW1007 HTTPS listener without tls', () => {
  test('reports a listener without tls and one without certificates', () => {
    const findings = run(httpsListenerWithoutTls, 'https-listener-without-tls.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1007 Gateway infra/edge spec.listeners[1]',
      'error IGW1007 Gateway infra/edge spec.listeners[2].tls',
    ]);
    expect(findings[0].message).toBe('HTTPS listener "https" has no tls, so it cannot terminate TLS '
      + '(the schema accepts this since Gateway API v1.6.0, the gateway does not)');
    expect(findings[0].fix).toBe('add tls.certificateRefs with a kubernetes.io/tls Secret to listener "https", or use protocol HTTP');
    expect(findings[1].message).toBe('HTTPS listener "options-only" terminates TLS but has no certificateRefs');
  });

  test('no finding on a correct app', () => {
    expect(run(httpsListenerWithoutTls, 'valid-app.yaml')).toEqual([]);
  });
});
