import { IngressGateway, TlsCertificate } from '../../src';
import { ListenerProtocol } from '../../src/gateway/listener-protocol';
import { TcpListener } from '../../src/gateway/tcp-listener';
import { shopChart, single } from '../chart';

describe('TcpListener', () => {
  test('addTcpListener writes a TCP listener without hostname, even when the gateway has one', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    const pg = gw.addTcpListener('postgres', { port: 5432 });
    expect(pg).toBeInstanceOf(TcpListener);
    expect(pg.protocol).toBe(ListenerProtocol.TCP);
    expect(pg.port).toBe(5432);
    expect(pg.hostname).toBeUndefined();
    expect(pg.parentReference()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'shop', sectionName: 'postgres' });
    expect(single(chart, 'Gateway').spec.listeners[1]).toEqual({
      name: 'postgres',
      port: 5432,
      protocol: 'TCP',
      allowedRoutes: { namespaces: { from: 'Same' } },
    });
  });

  test('takes its own name and allowedRoutes', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge');
    new TcpListener(gw, 'Redis', { port: 6379, name: 'redis-main' });
    expect(single(chart, 'Gateway').spec.listeners[1]).toMatchObject({ name: 'redis-main', port: 6379, protocol: 'TCP' });
  });

  test('fails when it shares port 80 with the HTTP listener, with the kernel conflict reason', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTcpListener('raw', { port: 80 })).toThrow(
      '[shop/edge/raw] listener "raw" (TCP) conflicts with "http" (HTTP) on port 80: protocols HTTP and TCP cannot share a port; '
      + 'Istio would program only "http". Use another port or hostname');
  });

  test('fails when an HTTPS listener of another hostname uses the port later (a TCP listener owns its port)', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    gw.addTcpListener('raw', { port: 443 });
    expect(() => gw.addTlsListener('https', { hostname: 'a.example.com', certificate: TlsCertificate.fromSecretName('a') })).toThrow(
      'listener "https" (HTTPS) conflicts with "raw" (TCP) on port 443: protocols TCP and HTTPS cannot share a port');
  });

  test('fails when two TCP listeners share a port', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    gw.addTcpListener('a', { port: 9000 });
    expect(() => gw.addTcpListener('b', { port: 9000 })).toThrow('two TCP listeners cannot share a port');
  });

  test('fails when the port is missing or out of range', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTcpListener('a', {} as any)).toThrow('[shop/edge/a] listener port must be an integer between 1 and 65535, got undefined');
    expect(() => gw.addTcpListener('b', { port: 70000 })).toThrow('[shop/edge/b] listener port must be an integer between 1 and 65535, got 70000');
  });

  test('fails when a hostname is passed anyway (the API forbids one for TCP)', () => {
    const gw = new IngressGateway(shopChart(), 'edge');
    expect(() => gw.addTcpListener('a', { port: 9000, hostname: 'db.example.com' } as any)).toThrow(
      '[shop/edge/a] a TCP listener cannot have a hostname (got "db.example.com"): TCP carries no host name; drop hostname, or use addTlsPassthroughListener() to route TLS by SNI');
  });
});
