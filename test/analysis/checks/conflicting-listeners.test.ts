import { run, summary } from './helpers';
import { conflictingListeners } from '../../../src/analysis/checks/conflicting-listeners';

describe('IGW1012 conflicting listeners', () => {
  const findings = run(conflictingListeners, 'conflicting-listeners.yaml');
  const at = (i: number) => findings.find((f) => f.path === `spec.listeners[${i}]`)!;

  test('reports hostname and protocol conflicts once per listener', () => {
    expect(summary(findings)).toEqual([
      'error IGW1012 Gateway infra/edge spec.listeners[11]',
      'error IGW1012 Gateway infra/edge spec.listeners[2]',
      'error IGW1012 Gateway infra/edge spec.listeners[3]',
      'error IGW1012 Gateway infra/edge spec.listeners[5]',
      'error IGW1012 Gateway infra/edge spec.listeners[8]',
      'error IGW1012 Gateway infra/edge spec.listeners[9]',
    ]);
  });

  test('messages name both listeners and the reason', () => {
    expect(at(2).message).toBe('listener "http-a-again" conflicts with listener "http" on port 80: both accept hostname "a.example.com"; '
      + 'Istio programs only "http" (HostnameConflict)');
    expect(at(2).fix).toBe('give them different hostnames or ports, or merge them');
    expect(at(3).message).toBe('listener "tcp-on-80" conflicts with listener "http" on port 80: protocols HTTP and TCP cannot share a port; '
      + 'Istio programs only "http" (ProtocolConflict)');
    expect(at(3).fix).toBe('move one of them to another port');
    expect(at(5).message).toContain('listener "tls-same-host" conflicts with listener "https" on port 443: both accept hostname "a.example.com"');
    expect(at(9).message).toContain('two TCP listeners cannot share a port');
    // the specification lets TCP and UDP share a port; Istio conflicts them (listener_conflict.go)
    expect(at(8).message).toContain('listener "udp" conflicts with listener "tcp" on port 5432: protocols TCP and UDP cannot share a port');
    expect(at(11).message).toContain('both accept every hostname (no hostname set)');
  });

  test('no finding on a correct app', () => {
    expect(run(conflictingListeners, 'valid-app.yaml')).toEqual([]);
  });
});
