import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { CERT, KEY } from './helpers';
import { IngressGateway, ListenerProtocol, ReferenceGrantPolicy, SynthValidation, TlsCertificate, TlsListener } from '../../src';
import { objectsOfKind, shopChart, single } from '../chart';

describe('TlsListener', () => {
  test('an HTTPS listener on 443 terminating TLS with an existing Secret', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    const https = new TlsListener(gw, 'https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    expect(https.protocol).toBe(ListenerProtocol.HTTPS);
    expect(https.port).toBe(443);
    expect(https.hostname).toBe('shop.example.com');
    expect(https.parentReference()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'https' });
    expect(single(chart, 'Gateway').spec.listeners[1]).toEqual({
      name: 'https',
      hostname: 'shop.example.com',
      port: 443,
      protocol: 'HTTPS',
      allowedRoutes: { namespaces: { from: 'Same' } },
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
    });
    expect(objectsOfKind(chart, 'Secret')).toEqual([]);
    expect(objectsOfKind(chart, 'ReferenceGrant')).toEqual([]);
  });

  test('has no L1 of its own: ApiObject.of(gateway) is the escape hatch, and a JSON patch on its entry shows in the output', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    const https = gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('shop-tls') });
    expect(https.node.defaultChild).toBeUndefined();
    expect(https.gateway).toBe(gw);
    ApiObject.of(gw).addJsonPatch(JsonPatch.add('/spec/listeners/1/tls/options', { 'gateway.istio.io/tls-terminate-mode': 'MUTUAL' }));
    expect(single(chart, 'Gateway').spec.listeners[1].tls.options).toEqual({ 'gateway.istio.io/tls-terminate-mode': 'MUTUAL' });
  });

  test('fromPem writes a kubernetes.io/tls Secret in the gateway namespace and references it', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromPem(CERT, KEY), port: 8443, hostname: 'a.example.com' });
    const secret = single(chart, 'Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.metadata).toEqual({ name: 'edge-https-tls', namespace: 'shop' });
    expect(secret.stringData).toEqual({ 'tls.crt': CERT, 'tls.key': KEY });
    const listener = single(chart, 'Gateway').spec.listeners[1];
    expect(listener.port).toBe(8443);
    expect(listener.tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'edge-https-tls' }]);
  });

  test('a Secret in the gateway namespace written explicitly needs no namespace nor grant', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls', 'shop') });
    expect(single(chart, 'Gateway').spec.listeners[1].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'tls' }]);
    expect(objectsOfKind(chart, 'ReferenceGrant')).toEqual([]);
  });

  test('two certificates (e.g. RSA and ECDSA) are allowed', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    const l = gw.addTlsListener('https', { certificates: [TlsCertificate.fromSecretName('rsa'), TlsCertificate.fromPem(CERT, KEY)] });
    expect(l.certificateRefs.map((r) => r.name)).toEqual(['rsa', 'edge-https-tls-1']);
    expect(single(chart, 'Secret').metadata.name).toBe('edge-https-tls-1');
  });

  describe('errors', () => {
    test('fails when there is no certificate', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => new TlsListener(gw, 'https', {})).toThrow(/\[shop\/edge\/https\] a TLS listener needs a certificate: pass certificate: TlsCertificate.fromSecretName/);
    });
    test('fails when there are more than two certificates (istio limit)', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      const c = ['a', 'b', 'c'].map((n) => TlsCertificate.fromSecretName(n));
      expect(() => gw.addTlsListener('https', { certificates: c })).toThrow(/istio accepts at most 2 certificates per listener, got 3/);
    });
    test('fails when the same secret is listed twice', () => {
      const gw = new IngressGateway(shopChart(), 'edge');
      expect(() => gw.addTlsListener('https', { certificates: [TlsCertificate.fromSecretName('a'), TlsCertificate.fromSecretName('a')] }))
        .toThrow(/certificate secret "\/a" is listed twice/);
    });
    test('fails when the secret name or the PEM is bad', () => {
      expect(() => TlsCertificate.fromSecretName('Bad_Name')).toThrow(/certificate secret name "Bad_Name" is not a valid Kubernetes name/);
      expect(() => TlsCertificate.fromPem('nope', KEY)).toThrow(/certificatePem must be a PEM certificate/);
      expect(() => TlsCertificate.fromPem(CERT, 'nope')).toThrow(/privateKeyPem must be a PEM private key/);
    });
    test('fails when two HTTPS listeners share host and port', () => {
      const gw = new IngressGateway(shopChart(), 'edge', { hostname: 'a.example.com' });
      gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('a') });
      expect(() => gw.addTlsListener('https2', { certificate: TlsCertificate.fromSecretName('b') }))
        .toThrow(/listener "https2" \(HTTPS\) conflicts with "https" \(HTTPS\) on port 443: both accept hostname "a.example.com"/);
    });
  });

  test('synth is deterministic', () => {
    const build = () => {
      const chart = shopChart();
      const gw = new IngressGateway(chart, 'edge');
      gw.addTlsListener('https', { certificate: TlsCertificate.fromPem(CERT, KEY) });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(build()).toBe(build());
  });
});

describe('TlsListener certificate in another namespace', () => {
  test('gets exactly one ReferenceGrant in the secret namespace, from the gateway namespace', () => {
    const chart = shopChart('istio-ingress');
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('wildcard-tls', 'certs') });
    gw.addTlsListener('https2', { hostname: 'b.example.com', certificate: TlsCertificate.fromSecretName('wildcard-tls', 'certs') });
    const listeners = single(chart, 'Gateway').spec.listeners;
    expect(listeners[1].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'wildcard-tls', namespace: 'certs' }]);
    const grant = single(chart, 'ReferenceGrant');
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(grant.metadata).toEqual({ name: 'istio-ingress-gateway-to-secret-wildcard-tls', namespace: 'certs' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'istio-ingress' }],
      to: [{ group: '', kind: 'Secret', name: 'wildcard-tls' }],
    });
  });

  test('with EXPECT_EXISTING, writes no grant and synth warns that the secret namespace\'s owner must create it', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const app = Testing.app();
      const chart = new Chart(app, 'infra', { namespace: 'istio-ingress' });
      const gw = new IngressGateway(chart, 'edge');
      const https = gw.addTlsListener('https', {
        hostname: 'a.example.com',
        certificate: TlsCertificate.fromSecretName('wildcard-tls', 'kube-system'),
        referenceGrants: ReferenceGrantPolicy.EXPECT_EXISTING,
      });
      expect(https.referenceGrants).toBe(ReferenceGrantPolicy.EXPECT_EXISTING);
      expect(single(chart, 'Gateway').spec.listeners[1].tls.certificateRefs)
        .toEqual([{ group: '', kind: 'Secret', name: 'wildcard-tls', namespace: 'kube-system' }]);
      expect(objectsOfKind(chart, 'ReferenceGrant')).toEqual([]);
      SynthValidation.enable(app, { printWarnings: true });
      app.synthYaml();
      const printed = stderr.mock.calls.map((c) => String(c[0])).join('').split('\n').filter((l) => l.includes('IGW1005'));
      expect(printed).toEqual([
        '  warning IGW1005 [infra/edge/Resource] Gateway istio-ingress/edge spec.listeners[1].tls.certificateRefs[0].namespace: '
        + 'listener "https" refers to Secret kube-system/wildcard-tls; the ReferenceGrant that allows it is expected to exist '
        + 'but is not in the manifests: the owner of namespace "kube-system" must create it (fix: the owner of namespace "kube-system" applies '
        + 'apiVersion: gateway.networking.k8s.io/v1, kind: ReferenceGrant, '
        + 'metadata: {name: istio-ingress-gateway-to-secret-wildcard-tls, namespace: kube-system}, '
        + 'spec: {from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: istio-ingress}], to: [{group: "", kind: Secret, name: wildcard-tls}]})',
      ]);
    } finally {
      stderr.mockRestore();
    }
  });

  test('the context default applies, and referenceGrants overrides it', () => {
    const app = Testing.app();
    app.node.setContext(ReferenceGrantPolicy.CONTEXT_KEY, 'expect-existing');
    const chart = new Chart(app, 'infra', { namespace: 'istio-ingress' });
    const gw = new IngressGateway(chart, 'edge');
    const a = gw.addTlsListener('a', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a-tls', 'certs') });
    const b = gw.addTlsListener('b', {
      hostname: 'b.example.com', certificate: TlsCertificate.fromSecretName('b-tls', 'certs'), referenceGrants: ReferenceGrantPolicy.CREATE,
    });
    expect([a.referenceGrants, b.referenceGrants]).toEqual([ReferenceGrantPolicy.EXPECT_EXISTING, ReferenceGrantPolicy.CREATE]);
    expect(objectsOfKind(chart, 'ReferenceGrant').map((g) => g.metadata.name)).toEqual(['istio-ingress-gateway-to-secret-b-tls']);
  });

  test('fails when the context value of the policy is bad', () => {
    const app = Testing.app();
    app.node.setContext(ReferenceGrantPolicy.CONTEXT_KEY, 'owner');
    const gw = new IngressGateway(new Chart(app, 'infra', { namespace: 'istio-ingress' }), 'edge');
    expect(() => gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls') }))
      .toThrow('[infra/edge/https] context "cdk8s-istio-gateway:referenceGrants" is "owner"; allowed values are "create"');
  });

  test('fails when the gateway namespace is unknown', () => {
    const gw = new IngressGateway(new Chart(Testing.app(), 'c'), 'edge');
    expect(() => gw.addTlsListener('https', { certificate: TlsCertificate.fromSecretName('tls', 'certs') }))
      .toThrow(/certificate secret "certs\/tls" is in another namespace, but the gateway has none: set namespace on the gateway or its chart/);
  });
});
