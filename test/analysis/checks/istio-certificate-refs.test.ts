import { run, summary } from './helpers';
import { istioNonSecretCertificateRef } from '../../../src/analysis/checks/istio-non-secret-certificate-ref';
import { istioTooManyCertificateRefs } from '../../../src/analysis/checks/istio-too-many-certificate-refs';

describe('IGW1013 more than 2 certificateRefs', () => {
  test('reports a listener with 3 certificates', () => {
    const findings = run(istioTooManyCertificateRefs, 'istio-certificate-refs.yaml');
    expect(summary(findings)).toEqual(['error IGW1013 Gateway infra/edge spec.listeners[0].tls.certificateRefs']);
    expect(findings[0].message).toBe('listener "three-certs" has 3 certificateRefs; istio supports at most 2 per listener');
  });

  test('no finding on a correct app', () => {
    expect(run(istioTooManyCertificateRefs, 'valid-app.yaml')).toEqual([]);
  });
});

describe('IGW1014 certificateRef that is not a Secret', () => {
  test('reports ConfigMap and cert-manager Certificate references', () => {
    const findings = run(istioNonSecretCertificateRef, 'istio-certificate-refs.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1014 Gateway infra/edge spec.listeners[1].tls.certificateRefs[0]',
      'error IGW1014 Gateway infra/edge spec.listeners[1].tls.certificateRefs[1]',
    ]);
    expect(findings[0].message).toBe('listener "configmap-cert" refers to a ConfigMap "b-cert"; istio only reads certificates from core Secrets');
    expect(findings[1].message).toContain('refers to a cert-manager.io/Certificate "b"');
    expect(findings[1].fix).toBe('refer to a Secret of type kubernetes.io/tls (group "", kind Secret)');
  });

  test('no finding on a correct app', () => {
    expect(run(istioNonSecretCertificateRef, 'valid-app.yaml')).toEqual([]);
  });
});
