import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { IngressGateway, ManifestSet, SynthValidation, TlsCertificate, TlsListener } from '../../src';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import {
  CertIssuer, CertManagerCertificateOptions, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy,
} from '../../src/gateway/tls-certificate';
import { dnsNameCovers } from '../../src/gateway-api/certificate-hostnames';
import { objectsOfKind, shopChart, single } from '../chart';

const LE = CertIssuer.clusterIssuer('letsencrypt');

/** A chart with Gateway `edge` (hostname `gatewayHostname`, none for `null`) and an HTTPS listener `https` with a cert-manager certificate. */
function certChart(options: Partial<CertManagerCertificateOptions> = {}, gatewayHostname: string | null = 'shop.example.com') {
  const chart = shopChart();
  const gw = new IngressGateway(chart, 'edge', { hostname: gatewayHostname ?? undefined });
  const https = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromCertManager({ issuer: LE, ...options }) });
  return { chart, gw, https };
}

describe('TlsCertificate.fromCertManager', () => {
  test('writes a Certificate in the gateway namespace whose Secret the listener references', () => {
    const { chart, https } = certChart();
    expect(single(chart, 'Certificate')).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'edge-https-tls', namespace: 'shop' },
      spec: {
        secretName: 'edge-https-tls',
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
        dnsNames: ['shop.example.com'],
        privateKey: { rotationPolicy: 'Always' },
      },
    });
    expect(https.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'edge-https-tls' }]);
    expect(single(chart, 'Gateway').spec.listeners[1].tls).toEqual({
      mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'edge-https-tls' }],
    });
  });

  test('writes no Secret, no private key, and no ReferenceGrant', () => {
    const { chart } = certChart();
    expect(objectsOfKind(chart, 'Secret')).toEqual([]);
    expect(objectsOfKind(chart, 'ReferenceGrant')).toEqual([]);
    expect(JSON.stringify(Testing.synth(chart))).not.toMatch(/PRIVATE KEY|tls\.key/);
  });

  test('the Secret is not declared external: the Certificate in the app provides it', () => {
    const { chart } = certChart();
    expect(SynthValidation.errors(chart)).toEqual([]);
    const set = ManifestSet.fromApp(chart.node.root);
    expect(set.find('Certificate', 'cert-manager.io', 'shop', 'edge-https-tls')).toBeDefined();
  });

  test('dnsNames default to the listener hostname, and a wildcard is kept', () => {
    const { chart } = certChart({}, '*.example.com');
    expect(single(chart, 'Certificate').spec.dnsNames).toEqual(['*.example.com']);
  });

  test('the listener\'s own hostname wins over the gateway\'s', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('api', { hostname: 'api.example.com', certificate: TlsCertificate.fromCertManager({ issuer: LE }) });
    expect(single(chart, 'Certificate').spec.dnsNames).toEqual(['api.example.com']);
  });

  test('explicit dnsNames that cover the hostname, an Issuer, secret and certificate names, durations and key options', () => {
    const { chart, https } = certChart({
      issuer: CertIssuer.issuer('shop-ca'),
      dnsNames: ['*.example.com', 'example.com'],
      secretName: 'wild-tls',
      certificateName: 'wild',
      duration: Duration.days(30),
      renewBefore: Duration.hours(36),
      privateKey: {
        algorithm: PrivateKeyAlgorithm.ECDSA, size: 256, encoding: PrivateKeyEncoding.PKCS8, rotationPolicy: PrivateKeyRotationPolicy.NEVER,
      },
    });
    expect(single(chart, 'Certificate')).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'wild', namespace: 'shop' },
      spec: {
        secretName: 'wild-tls',
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'shop-ca' },
        dnsNames: ['*.example.com', 'example.com'],
        duration: '720h',
        renewBefore: '36h',
        privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Never' },
      },
    });
    expect(https.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'wild-tls' }]);
  });

  test('durations are rendered in Go form, never ISO-8601', () => {
    const { chart } = certChart({ duration: Duration.minutes(90), renewBefore: Duration.minutes(30) });
    const spec = single(chart, 'Certificate').spec;
    expect(spec.duration).toBe('1h30m');
    expect(spec.renewBefore).toBe('30m');
  });

  test('the minimums are accepted: duration 1h, renewBefore 5m', () => {
    const { chart } = certChart({ duration: Duration.hours(1), renewBefore: Duration.minutes(5) });
    expect(single(chart, 'Certificate').spec).toMatchObject({ duration: '1h', renewBefore: '5m' });
  });

  test('renewBefore without duration is compared with cert-manager\'s 90-day default', () => {
    const { chart } = certChart({ renewBefore: Duration.days(89) });
    expect(single(chart, 'Certificate').spec.renewBefore).toBe('2136h');
    expect(single(chart, 'Certificate').spec.duration).toBeUndefined();
  });

  test('an external issuer keeps its group and kind', () => {
    const { chart } = certChart({ issuer: CertIssuer.external('pca', 'AWSPCAClusterIssuer', 'awspca.cert-manager.io') });
    expect(single(chart, 'Certificate').spec.issuerRef).toEqual({ group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'pca' });
  });

  test('RSA sizes between 2048 and 8192, and Ed25519 without a size', () => {
    expect(single(certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 4096 } }).chart, 'Certificate').spec.privateKey)
      .toEqual({ algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' });
    expect(single(certChart({ privateKey: { size: 3072 } }).chart, 'Certificate').spec.privateKey).toEqual({ size: 3072, rotationPolicy: 'Always' });
    expect(single(certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.ED25519 } }).chart, 'Certificate').spec.privateKey)
      .toEqual({ algorithm: 'Ed25519', rotationPolicy: 'Always' });
  });

  test('two certificates of one listener (RSA and ECDSA) get their own Certificates and Secrets', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    const https = gw.addTlsListener('https', {
      certificates: [
        TlsCertificate.fromCertManager({ issuer: LE }),
        TlsCertificate.fromCertManager({ issuer: LE, privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA } }),
      ],
    });
    expect(https.certificateRefs.map((r) => r.name)).toEqual(['edge-https-tls', 'edge-https-tls-1']);
    expect(objectsOfKind(chart, 'Certificate').map((c) => [c.metadata.name, c.spec.secretName, c.spec.privateKey.algorithm]))
      .toEqual([['edge-https-tls', 'edge-https-tls', undefined], ['edge-https-tls-1', 'edge-https-tls-1', 'ECDSA']]);
  });

  test('the Certificate is the listener\'s child "Certificate", so ApiObject.of() reaches it', () => {
    const { https } = certChart();
    expect(https.node.tryFindChild('Certificate')).toBeDefined();
    expect(https.node.defaultChild).toBeUndefined();
  });

  test('the synthesized Certificate passes the cert-manager CRD schema', () => {
    const { chart } = certChart({
      duration: Duration.days(10),
      renewBefore: Duration.days(2),
      privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 2048, encoding: PrivateKeyEncoding.PKCS1 },
    });
    const objects = Testing.synth(chart);
    expect(new SchemaValidator().validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('the cert-manager schema is loaded: a Certificate without issuerRef or with a bad rotationPolicy is rejected', () => {
    const bad = ManifestSet.fromObjects([{
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'c', namespace: 'shop' },
      spec: { secretName: 'c', privateKey: { rotationPolicy: 'Sometimes' } },
    }]);
    for (const experimental of [false, true]) {
      const errors = new SchemaValidator({ experimental }).validate(bad).filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.path)).toEqual(expect.arrayContaining(['spec.issuerRef', 'spec.privateKey.rotationPolicy']));
    }
  });
});

describe('TlsCertificate.fromCertManager fails', () => {
  test('fails when the listener has no hostname and no dnsNames are given', () => {
    expect(() => certChart({}, null)).toThrow('[shop/edge/https] a cert-manager certificate needs dnsNames when the listener has no hostname: pass dnsNames, or set the listener\'s hostname');
  });

  test('fails when dnsNames do not cover the listener hostname', () => {
    expect(() => certChart({ dnsNames: ['www.example.com'] })).toThrow(
      '[shop/edge/https] cert-manager certificate dnsNames "www.example.com" do not cover the listener\'s hostname "shop.example.com", so clients would reject the certificate; add "shop.example.com" to dnsNames (a wildcard "*.a.com" covers only "x.a.com")');
  });

  test('fails when a wildcard dnsName is asked to cover the bare domain or a deeper subdomain', () => {
    expect(() => certChart({ dnsNames: ['*.example.com'] }, 'example.com')).toThrow(/do not cover the listener's hostname "example.com"/);
    expect(() => certChart({ dnsNames: ['*.example.com'] }, 'a.b.example.com')).toThrow(/do not cover the listener's hostname "a.b.example.com"/);
  });

  test('fails when a wildcard listener hostname gets a narrower dnsName', () => {
    expect(() => certChart({ dnsNames: ['a.example.com'] }, '*.example.com')).toThrow(/do not cover the listener's hostname "\*.example.com"/);
  });

  test('fails when dnsNames is empty', () => {
    expect(() => certChart({ dnsNames: [] })).toThrow('[shop/edge/https] cert-manager certificate dnsNames must not be empty; leave it unset to use the listener\'s hostname');
  });

  test('fails when a dnsName is not a DNS name', () => {
    expect(() => certChart({ dnsNames: ['Shop.example.com'] })).toThrow(/\[shop\/edge\/https\] cert-manager certificate dnsName "Shop.example.com" is not a DNS name: it must be lowercase/);
    expect(() => certChart({ dnsNames: ['10.0.0.1'] })).toThrow(/dnsName "10.0.0.1" is not a DNS name: IP addresses are not allowed/);
  });

  test('fails when a dnsName is listed twice', () => {
    expect(() => certChart({ dnsNames: ['shop.example.com', 'shop.example.com'] })).toThrow('cert-manager certificate dnsName "shop.example.com" is listed twice; list each name once');
  });

  test('fails when the issuer is missing', () => {
    expect(() => certChart({ issuer: undefined as any })).toThrow('[shop/edge/https] cert-manager certificate needs an issuer: pass issuer: CertIssuer.clusterIssuer("letsencrypt") or CertIssuer.issuer("my-issuer")');
  });

  test('fails when the issuer name is invalid', () => {
    expect(() => certChart({ issuer: CertIssuer.issuer('My_CA') })).toThrow(
      '[shop/edge/https] issuer CertIssuer.issuer("My_CA"): issuer name "My_CA" is not a valid Kubernetes name (lowercase letters, digits, "-" and ".")');
    expect(() => certChart({ issuer: CertIssuer.clusterIssuer('') })).toThrow(/issuer CertIssuer.clusterIssuer\(""\): issuer name "" is not a valid/);
  });

  test('fails when an external issuer has a bad kind or group, or uses the cert-manager.io group', () => {
    expect(() => certChart({ issuer: CertIssuer.external('pca', 'awspca', 'awspca.cert-manager.io') })).toThrow(/kind "awspca" is not a Kubernetes kind/);
    expect(() => certChart({ issuer: CertIssuer.external('pca', 'AWSPCAIssuer', 'Bad Group') })).toThrow(/group "Bad Group" is not an API group/);
    expect(() => certChart({ issuer: CertIssuer.external('ca', 'Issuer', 'cert-manager.io') })).toThrow(/use CertIssuer.issuer\(\) or CertIssuer.clusterIssuer\(\)/);
  });

  test('fails when secretName or certificateName is not a Kubernetes name', () => {
    expect(() => certChart({ secretName: 'Shop_TLS' })).toThrow('[shop/edge/https] cert-manager certificate secretName "Shop_TLS" is not a valid Kubernetes name; use lowercase letters, digits, "-" and "."');
    expect(() => certChart({ certificateName: 'x'.repeat(254) })).toThrow(/certificateName "x+" is not a valid Kubernetes name/);
  });

  test('fails when duration is shorter than 1h', () => {
    expect(() => certChart({ duration: Duration.minutes(59) })).toThrow('[shop/edge/https] cert-manager certificate duration must be at least 1h (cert-manager\'s minimum), got 59m');
  });

  test('fails when renewBefore is shorter than 5m', () => {
    expect(() => certChart({ renewBefore: Duration.minutes(4) })).toThrow('[shop/edge/https] cert-manager certificate renewBefore must be at least 5m (cert-manager\'s minimum), got 4m');
  });

  test('fails when renewBefore is not shorter than duration', () => {
    expect(() => certChart({ duration: Duration.hours(24), renewBefore: Duration.hours(24) })).toThrow(
      '[shop/edge/https] cert-manager certificate renewBefore (24h) must be shorter than duration (24h); shorten renewBefore or lengthen duration');
    expect(() => certChart({ renewBefore: Duration.days(90) })).toThrow(/renewBefore \(2160h\) must be shorter than duration \(2160h, cert-manager's default\)/);
  });

  test('fails when a duration has a sub-millisecond part or is zero', () => {
    expect(() => certChart({ duration: Duration.millis(3_600_000.5) })).toThrow(/cert-manager certificate duration must be a whole number of milliseconds, at least 1ms/);
    expect(() => certChart({ renewBefore: Duration.seconds(0) })).toThrow(/cert-manager certificate renewBefore must be a whole number of milliseconds, at least 1ms, got 0ms/);
  });

  test('fails when an RSA size is out of range', () => {
    expect(() => certChart({ privateKey: { size: 1024 } })).toThrow('[shop/edge/https] cert-manager privateKey size for RSA must be an integer between 2048 and 8192, got 1024; use 2048, 3072 or 4096');
    expect(() => certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.RSA, size: 16384 } })).toThrow(/between 2048 and 8192, got 16384/);
  });

  test('fails when an ECDSA size is not a curve size; P-384 and P-521 are fine (Envoy 1.33+, envoyproxy/envoy#36369)', () => {
    expect(() => certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 2048 } })).toThrow(
      '[shop/edge/https] cert-manager privateKey size for ECDSA must be 256, 384 or 521 (the curve), got 2048; use 256');
    expect(() => certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 384 } })).not.toThrow();
    expect(() => certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.ECDSA, size: 521 } })).not.toThrow();
  });

  test('fails when Ed25519 gets a size', () => {
    expect(() => certChart({ privateKey: { algorithm: PrivateKeyAlgorithm.ED25519, size: 256 } })).toThrow(
      '[shop/edge/https] cert-manager privateKey size 256 does not apply to Ed25519 keys; leave size unset');
  });

  test('fails when an algorithm, encoding or rotation policy is not one of the enum values', () => {
    expect(() => certChart({ privateKey: { algorithm: 'DSA' as any } })).toThrow('cert-manager privateKey algorithm "DSA" is not RSA, ECDSA or Ed25519; use PrivateKeyAlgorithm');
    expect(() => certChart({ privateKey: { encoding: 'PEM' as any } })).toThrow('cert-manager privateKey encoding "PEM" is not PKCS1 or PKCS8; use PrivateKeyEncoding');
    expect(() => certChart({ privateKey: { rotationPolicy: 'always' as any } })).toThrow('cert-manager privateKey rotationPolicy "always" is not Always or Never; use PrivateKeyRotationPolicy');
  });

  test('fails when two listeners\' Certificates would write the same Secret', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('a', { port: 443, certificate: TlsCertificate.fromCertManager({ issuer: LE, secretName: 'shared-tls', certificateName: 'a' }) });
    expect(() => gw.addTlsListener('b', { port: 8443, certificate: TlsCertificate.fromCertManager({ issuer: LE, secretName: 'shared-tls', certificateName: 'b' }) }))
      .toThrow('[shop/edge/b] Secret name "shared-tls" in namespace "shop" is already used by shop/edge/a; pass a different name');
  });

  test('fails when two Certificates would have the same name', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    gw.addTlsListener('a', { port: 443, certificate: TlsCertificate.fromCertManager({ issuer: LE, certificateName: 'shop' }) });
    expect(() => gw.addTlsListener('b', { port: 8443, certificate: TlsCertificate.fromCertManager({ issuer: LE, certificateName: 'shop' }) }))
      .toThrow('[shop/edge/b] Certificate name "shop" in namespace "shop" is already used by shop/edge/a; pass a different name');
  });
});

describe('dnsNameCovers (the rule shared with IGW1030)', () => {
  test.each([
    ['a.com', 'a.com', true],
    ['A.com', 'a.COM', true],
    ['*.a.com', 'x.a.com', true],
    ['*.a.com', 'a.com', false],
    ['*.a.com', 'x.y.a.com', false],
    ['*.a.com', '*.a.com', true],
    ['*.a.com', '*.x.a.com', false],
    ['x.a.com', '*.a.com', false],
    ['b.com', 'a.com', false],
    ['*.a.com', '.a.com', false],
  ])('%s covers %s: %s', (name, host, covered) => {
    expect(dnsNameCovers(name, host)).toBe(covered);
  });
});

describe('TlsCertificate.fromCertManager property', () => {
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const host = fc.tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 2 })).map(([wild, labels]) => `${wild ? '*.' : ''}${labels.join('.')}.example.com`);
  const minutes = fc.oneof(
    { arbitrary: fc.integer({ min: 60, max: 200_000 }), weight: 10 },
    { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 3 },
  );
  const options = fc.record({
    hostname: fc.option(host, { nil: undefined }),
    dnsNames: fc.option(fc.array(host, { minLength: 0, maxLength: 3 }), { nil: undefined }),
    includeHostname: fc.boolean(),
    issuer: fc.constantFrom('issuer', 'cluster', 'external'),
    duration: fc.option(minutes, { nil: undefined }),
    renewBefore: fc.option(minutes, { nil: undefined }),
    algorithm: fc.option(fc.constantFrom(...Object.values(PrivateKeyAlgorithm)), { nil: undefined }),
    size: fc.option(fc.constantFrom(256, 384, 521, 1024, 2048, 3072, 4096, 8192, 9000), { nil: undefined }),
    encoding: fc.option(fc.constantFrom(...Object.values(PrivateKeyEncoding)), { nil: undefined }),
    rotationPolicy: fc.option(fc.constantFrom(...Object.values(PrivateKeyRotationPolicy)), { nil: undefined }),
  });
  const validator = new SchemaValidator();

  test('generated options are rejected at construct time with the listener path, or give a valid Certificate the listener reads', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(options, (o) => {
      const issuer = o.issuer === 'issuer' ? CertIssuer.issuer('ca') : o.issuer === 'cluster' ? LE : CertIssuer.external('pca', 'AWSPCAClusterIssuer', 'awspca.cert-manager.io');
      const dnsNames = o.dnsNames && o.includeHostname && o.hostname && !o.dnsNames.includes(o.hostname) ? [o.hostname, ...o.dnsNames] : o.dnsNames;
      const certificate = TlsCertificate.fromCertManager({
        issuer,
        dnsNames,
        duration: o.duration === undefined ? undefined : Duration.minutes(o.duration),
        renewBefore: o.renewBefore === undefined ? undefined : Duration.minutes(o.renewBefore),
        privateKey: { algorithm: o.algorithm, size: o.size, encoding: o.encoding, rotationPolicy: o.rotationPolicy },
      });
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge');
      let listener: TlsListener;
      try {
        listener = gw.addTlsListener('https', { hostname: o.hostname, certificate });
      } catch (e) {
        rejected++;
        expect((e as Error).message).toMatch(/^\[shop\/edge\/https\] /);
        return;
      }
      accepted++;
      const objects = Testing.synth(chart);
      expect(validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error')).toEqual([]);
      const cert = objects.find((x: any) => x.kind === 'Certificate');
      expect(listener.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: cert.spec.secretName }]);
      expect(cert.metadata.namespace).toBe('shop');
      // the rules cert-manager's webhook applies
      const ms = (s: string | undefined) => (s === undefined ? undefined : Duration.minutes(Number(/^(\d+)h/.exec(s)?.[1] ?? 0) * 60 + Number(/(\d+)m/.exec(s)?.[1] ?? 0)).toMilliseconds());
      const duration = ms(cert.spec.duration) ?? 90 * 24 * 3_600_000;
      expect(duration).toBeGreaterThanOrEqual(3_600_000);
      const renewBefore = ms(cert.spec.renewBefore);
      if (renewBefore !== undefined) {
        expect(renewBefore).toBeGreaterThanOrEqual(300_000);
        expect(renewBefore).toBeLessThan(duration);
      }
      // the names cover the hostname, and the hostname is the default
      if (o.hostname) expect(cert.spec.dnsNames.some((n: string) => dnsNameCovers(n, o.hostname!))).toBe(true);
      if (!o.dnsNames) expect(cert.spec.dnsNames).toEqual([o.hostname]);
      expect(cert.spec.privateKey.rotationPolicy).toBe(o.rotationPolicy ?? 'Always');
      expect(JSON.stringify(objects)).not.toMatch(/PRIVATE KEY/);
    }), { numRuns: 300, seed: 1030 });
    expect(accepted).toBeGreaterThan(30);
    expect(rejected).toBeGreaterThan(30);
  });
});
