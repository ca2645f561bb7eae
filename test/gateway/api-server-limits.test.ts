import { Testing } from 'cdk8s';
import { CERT, KEY } from './helpers';
import { HttpsRedirect, IngressGateway, MeshNamespace, TlsCertificate } from '../../src';
import { objectsOfKind, shopChart } from '../chart';

const huge = { 'example.com/blob': 'x'.repeat(256 * 1024) };

describe('annotations over 256 KiB in total', () => {
  test('fails when a gateway\'s annotations are over 256 KiB', () => {
    expect(() => new IngressGateway(shopChart(), 'edge', { metadata: { annotations: huge } }))
      .toThrow('[shop/edge] metadata.annotations take 262160 bytes, over the API server\'s limit of 262144 bytes (256 KiB) for all annotations of an object; '
        + 'keep large data in a ConfigMap and reference it from an annotation');
  });

  test('fails when an infrastructure annotation is over 4096 characters', () => {
    expect(() => new IngressGateway(shopChart(), 'edge', { infrastructureAnnotations: { 'example.com/a': 'x'.repeat(4097) } }))
      .toThrow('[shop/edge] infrastructure annotation "example.com/a" has a value of 4097 characters; at most 4096 are allowed, keep large data in a ConfigMap');
  });

  test('fails when an HttpsRedirect\'s annotations are over 256 KiB', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => new HttpsRedirect(gw, 'r', { metadata: { annotations: huge } })).toThrow('[shop/edge/r] metadata.annotations take 262160 bytes');
  });

  test('fails when a MeshNamespace\'s annotations are over 256 KiB, counting bytes, not characters', () => {
    expect(() => new MeshNamespace(shopChart(), 'ns', { metadata: { annotations: { a: 'é'.repeat(131072) } } }))
      .toThrow('[shop/ns] metadata.annotations take 262145 bytes');
  });

  test('annotations of exactly 256 KiB are written', () => {
    const chart = shopChart();
    const annotations = { a: 'x'.repeat(256 * 1024 - 1) };
    new IngressGateway(chart, 'edge', { metadata: { annotations } });
    expect(objectsOfKind(chart, 'Gateway')[0].metadata.annotations).toEqual(annotations);
  });
});

describe('Secrets written from PEM', () => {
  test('carry the PEM in stringData (the API server encodes it), never unencoded data', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    gw.addTlsListener('https', { certificate: TlsCertificate.fromPem(CERT, KEY) });
    const [secret] = Testing.synth(chart).filter((o: any) => o.kind === 'Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toEqual({ 'tls.crt': CERT, 'tls.key': KEY });
  });
});
