import { certificateYaml, docs, gatewayYaml, httpsListener } from './cert-manager-yaml';
import { summary } from './helpers';
import { ExternalObjects } from '../../../src/analysis/checks/check';
import { unmanagedCertificateSecret } from '../../../src/analysis/checks/unmanaged-certificate-secret';
import { ManifestSet } from '../../../src/manifests/manifest-set';

function run(yaml: string, externals: string[] = []) {
  return unmanagedCertificateSecret.run(ManifestSet.fromYaml(yaml), { externals: ExternalObjects.parse(externals) });
}

const SECRET = `apiVersion: v1
kind: Secret
metadata: { name: bought-tls, namespace: shop }
type: kubernetes.io/tls
data: { tls.crt: "", tls.key: "" }
`;

describe('IGW1032 listener Secret written by no Certificate where the manifests manage Certificates', () => {
  test('errors on the listener reference, with the nearest Certificate secretName', () => {
    const findings = run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['shop-tsl'])]), certificateYaml('shop', 'shop', 'shop-tls', ['shop.example.com'])));
    expect(summary(findings)).toEqual(['error IGW1032 Gateway shop/edge spec.listeners[0].tls.certificateRefs[0]']);
    expect(findings[0].message).toBe('listener "https" uses Secret shop/shop-tsl, which no Certificate writes, while the manifests manage Certificates in namespace "shop"; did you mean "shop-tls"?');
    expect(findings[0].fix).toBe('use "shop-tls", the secretName of a Certificate in "shop", or add a Certificate with secretName "shop-tsl"');
  });

  test('without a near name, the fix is to add a Certificate or declare the Secret external', () => {
    const findings = run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['legacy-cert'])]), certificateYaml('shop', 'shop', 'shop-tls', ['shop.example.com'])));
    expect(findings[0].message).toBe('listener "https" uses Secret shop/legacy-cert, which no Certificate writes, while the manifests manage Certificates in namespace "shop"');
    expect(findings[0].fix).toBe('add a Certificate with secretName "legacy-cert", or declare Secret shop/legacy-cert external if it is managed elsewhere');
  });

  test('no finding when a Certificate writes the Secret', () => {
    expect(run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['shop-tls'])]), certificateYaml('shop', 'shop', 'shop-tls', ['shop.example.com'])))).toEqual([]);
  });

  test('no finding when the Secret is in the manifests or declared external', () => {
    const yaml = docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['bought-tls'])]), certificateYaml('shop', 'shop', 'shop-tls', ['x.example.com']));
    expect(run(docs(yaml, SECRET))).toEqual([]);
    expect(run(yaml, ['Secret shop/bought-tls'])).toEqual([]);
    expect(run(yaml, ['Secret other/bought-tls'])).toHaveLength(1);
  });

  test('no finding in a namespace where the manifests have no Certificate (IGW1006 warns there)', () => {
    expect(run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['shop-tls'])]), certificateYaml('other', 'shop', 'shop-tls', ['shop.example.com'])))).toEqual([]);
    expect(run(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['shop-tls'])]))).toEqual([]);
  });

  test('the Secret\'s namespace decides, for a cross-namespace reference', () => {
    const findings = run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['certs/shop-tls'])]), certificateYaml('certs', 'other', 'other-tls', ['x.example.com'])));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('uses Secret certs/shop-tls, which no Certificate writes, while the manifests manage Certificates in namespace "certs"')]);
  });
});
