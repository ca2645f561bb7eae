import { run, summary } from './helpers';
import { certificateSecret } from '../../../src/analysis/checks/certificate-secret';

describe('IGW1006 certificate Secret missing or of the wrong type', () => {
  const findings = run(certificateSecret, 'certificate-secret.yaml');

  test('errors on a non-TLS Secret, warns on a missing one, accepts a cert-manager Certificate', () => {
    expect(summary(findings)).toEqual([
      'error IGW1006 Gateway infra/edge spec.listeners[0].tls.certificateRefs[0]',
      'warning IGW1006 Gateway other/edge spec.listeners[0].tls.certificateRefs[0]',
    ]);
    expect(findings[0].message).toBe('listener "https" uses Secret infra/opaque-cert of type "Opaque"; certificate Secrets must be of type "kubernetes.io/tls"');
    expect(findings[0].fix).toBe('recreate Secret infra/opaque-cert with type kubernetes.io/tls and the keys tls.crt and tls.key');
    expect(findings[1].message).toBe('listener "https" uses Secret other/missing-cert, which is not in the manifests');
    expect(findings[1].fix).toContain('e.g. issued by cert-manager');
  });

  test('leaves a missing Secret in a namespace whose Certificates the manifests manage to IGW1032 (one finding per problem)', () => {
    expect(findings.some((f) => f.message.includes('infra/missing-cert'))).toBe(false);
  });

  test('no finding on a correct app', () => {
    expect(run(certificateSecret, 'valid-app.yaml')).toEqual([]);
  });
});
