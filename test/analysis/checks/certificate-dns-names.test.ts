import { certificateYaml, docs, gatewayYaml, httpsListener } from './cert-manager-yaml';
import { listenerSetYaml, summary } from './helpers';
import { CertIssuer, IngressGateway, TlsCertificate } from '../../../src';
import { certificateDnsNames } from '../../../src/analysis/checks/certificate-dns-names';
import { ManifestSet } from '../../../src/manifests/manifest-set';
import { shopChart } from '../../chart';

function run(yaml: string) {
  return certificateDnsNames.run(ManifestSet.fromYaml(yaml));
}

/** One Gateway in `shop` whose listener `https` (hostname `hostname`) serves Secret `tls`, written by a Certificate with `dnsNames`. */
function single(hostname: string | undefined, dnsNames: string[]) {
  return run(docs(gatewayYaml('shop', [httpsListener('https', hostname, ['tls'])]), certificateYaml('shop', 'tls', 'tls', dnsNames)));
}

describe('IGW1030 certificate dnsNames do not cover the listener hostname', () => {
  test('errors on the Certificate when its dnsNames miss the hostname, naming the listener and the Secret', () => {
    const findings = single('shop.example.com', ['www.example.com']);
    expect(summary(findings)).toEqual(['error IGW1030 Certificate shop/tls spec.dnsNames']);
    expect(findings[0].message).toBe('Certificate shop/tls has dnsNames "www.example.com", which do not cover hostname "shop.example.com" of listener "https" of Gateway shop/edge, which serves its Secret shop/tls; clients would reject the certificate');
    expect(findings[0].fix).toBe('add "shop.example.com" to spec.dnsNames (a wildcard "*.a.com" covers only "x.a.com"), or point the listener at a certificate for that hostname');
  });

  test('a Certificate without dnsNames covers nothing', () => {
    expect(single('shop.example.com', [])[0].message).toMatch(/^Certificate shop\/tls has no dnsNames, which do not cover hostname "shop.example.com"/);
  });

  test.each([
    ['shop.example.com', ['shop.example.com'], 0],
    ['Shop.Example.com', ['shop.example.com'], 0],
    ['a.example.com', ['*.example.com'], 0],
    ['example.com', ['*.example.com'], 1],
    ['a.b.example.com', ['*.example.com'], 1],
    ['*.example.com', ['*.example.com'], 0],
    ['*.example.com', ['a.example.com'], 1],
    ['*.a.example.com', ['*.example.com'], 1],
    ['example.com', ['*.example.com', 'example.com'], 0],
  ])('listener hostname %s with dnsNames %j: %d finding(s)', (hostname, dnsNames, count) => {
    expect(single(hostname, dnsNames)).toHaveLength(count);
  });

  test('a listener without a hostname is not checked', () => {
    expect(single(undefined, ['www.example.com'])).toEqual([]);
  });

  test('only Certificates of the Secret\'s namespace count, and a cross-namespace Secret is followed', () => {
    expect(run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['tls'])]), certificateYaml('other', 'tls', 'tls', ['x.example.com'])))).toEqual([]);
    const findings = run(docs(gatewayYaml('shop', [httpsListener('https', 'shop.example.com', ['certs/tls'])]), certificateYaml('certs', 'tls', 'tls', ['x.example.com'])));
    expect(summary(findings)).toEqual(['error IGW1030 Certificate certs/tls spec.dnsNames']);
  });

  test('each listener that serves the Secret is checked', () => {
    const findings = run(docs(
      gatewayYaml('shop', [httpsListener('a', 'a.example.com', ['tls']), httpsListener('b', 'b.example.com', ['tls'], 8443)]),
      certificateYaml('shop', 'tls', 'tls', ['a.example.com']),
    ));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('hostname "b.example.com" of listener "b"')]);
  });

  test('a ListenerSet listener is checked and named', () => {
    const yaml = listenerSetYaml({
      gatewayNamespace: 'infra',
      from: 'All',
      listenerSetNamespace: 'team',
      listener: httpsListener('https', 'team.example.com', ['tls']),
      routes: [],
    });
    const findings = run(docs(yaml, certificateYaml('team', 'tls', 'tls', ['other.example.com'])));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('of listener "https" of ListenerSet team/team, which serves its Secret team/tls')]);
  });

  test('no finding on what TlsCertificate.fromCertManager writes', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: '*.example.com' });
    gw.addTlsListener('https', { certificate: TlsCertificate.fromCertManager({ issuer: CertIssuer.clusterIssuer('letsencrypt') }) });
    expect(certificateDnsNames.run(ManifestSet.fromApp(chart.node.root))).toEqual([]);
  });
});
