import { certificateYaml, docs } from './cert-manager-yaml';
import { summary } from './helpers';
import { certificateDnsNames } from '../../../src/analysis/checks/certificate-dns-names';
import { certificateSecretConflict } from '../../../src/analysis/checks/certificate-secret-conflict';
import { unmanagedCertificateSecret } from '../../../src/analysis/checks/unmanaged-certificate-secret';
import { ManifestSet } from '../../../src/manifests/manifest-set';

function run(...parts: string[]) {
  return certificateSecretConflict.run(ManifestSet.fromYaml(docs(...parts)));
}

describe('IGW1031 two Certificates write the same Secret', () => {
  test('errors on every Certificate after the first that writes the Secret', () => {
    const findings = run(
      certificateYaml('shop', 'a', 'shop-tls', ['a.example.com']),
      certificateYaml('shop', 'b', 'shop-tls', ['b.example.com']),
      certificateYaml('shop', 'c', 'shop-tls', ['c.example.com']),
    );
    expect(summary(findings)).toEqual([
      'error IGW1031 Certificate shop/b spec.secretName',
      'error IGW1031 Certificate shop/c spec.secretName',
    ]);
    expect(findings[0].message).toBe('Certificate shop/b writes Secret shop/shop-tls, which Certificate shop/a also writes; cert-manager would re-issue them in turn and the Secret would hold either certificate');
    expect(findings[0].fix).toBe('give each Certificate its own secretName, or merge their dnsNames into one Certificate');
  });

  test('the same secretName in two namespaces is two Secrets', () => {
    expect(run(certificateYaml('shop', 'a', 'tls', ['a.example.com']), certificateYaml('blog', 'a', 'tls', ['a.example.com']))).toEqual([]);
  });

  test('Certificates without a secretName are left to the schema check', () => {
    expect(run(certificateYaml('shop', 'a', undefined, ['a.example.com']), certificateYaml('shop', 'b', undefined, ['b.example.com']))).toEqual([]);
  });

  test('one Certificate per Secret: no finding', () => {
    expect(run(certificateYaml('shop', 'a', 'a-tls', ['a.example.com']), certificateYaml('shop', 'b', 'b-tls', ['b.example.com']))).toEqual([]);
  });
});

describe('IGW1030..IGW1032 on malformed objects', () => {
  const malformed: any[] = [
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'a' } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'b' }, spec: null },
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { secretName: 5, dnsNames: 'x' } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'd' }, spec: { secretName: 'tls', dnsNames: [null, 3, 'a.example.com'] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { listeners: 'x' } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'h' },
      spec: { listeners: [null, 7, { tls: null }, { hostname: 5, protocol: 'HTTPS', tls: { certificateRefs: [null, 3, {}, { name: 'tls' }] } }] },
    },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'l' }, spec: { parentRef: null, listeners: [{ tls: { certificateRefs: 'x' } }] } },
  ];

  test.each([
    ['IGW1030', certificateDnsNames],
    ['IGW1031', certificateSecretConflict],
    ['IGW1032', unmanagedCertificateSecret],
  ])('%s does not throw', (_id, check) => {
    expect(() => check.run(ManifestSet.fromObjects(malformed))).not.toThrow();
  });
});
