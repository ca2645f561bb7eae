import * as kplus from 'cdk8s-plus-28';
import { Backend } from '../../src/routing/backend';
import { RouteParent } from '../../src/routing/route-parent';
import { shopChart } from '../chart';

describe('Backend', () => {
  test('fromServiceName', () => {
    expect(Backend.fromServiceName('api', 80).backendReference()).toEqual({ group: '', kind: 'Service', name: 'api', port: 80, namespace: undefined });
    expect(Backend.fromServiceName('api', 80, 'backend').backendReference().namespace).toBe('backend');
  });

  test('fromService takes the only port and the chart namespace', () => {
    const chart = shopChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
    expect(Backend.fromService(svc).backendReference()).toEqual({ group: '', kind: 'Service', name: 'web', namespace: 'shop', port: 8080 });
  });

  test('fromService takes the given port of a Service with several', () => {
    const svc = new kplus.Service(shopChart(), 'svc', { metadata: { name: 'web' }, ports: [{ port: 80 }, { port: 443 }] });
    expect(Backend.fromService(svc, 443).backendReference().port).toBe(443);
  });

  test('fails when fromService gets no port, a port the Service lacks or an invalid port', () => {
    const svc = new kplus.Service(shopChart(), 'svc', { metadata: { name: 'web' }, ports: [{ port: 80 }, { port: 443 }] });
    expect(() => Backend.fromService(svc, 8080).backendReference())
      .toThrow('Backend.fromService(service "web", 8080): service "web" has no port 8080; pass one of its ports (80, 443)');
    expect(() => Backend.fromService(svc).backendReference())
      .toThrow('Backend.fromService(service "web"): service "web" has ports 80, 443; pass the port to send traffic to');
    expect(() => Backend.fromService(svc, 0).backendReference())
      .toThrow('Backend.fromService(service "web", 0): port must be an integer between 1 and 65535, got 0; pass one of the Service\'s ports (80, 443)');
  });

  test('fails when fromService gets a Service without ports', () => {
    const chart = shopChart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'web' } });
    expect(() => Backend.fromService(svc).backendReference()).toThrow('Backend.fromService(service "web"): service "web" has no ports; add a port to the Service');
  });

  test.each([
    ['an invalid name', () => Backend.fromServiceName('Api', 80), 'Backend.fromServiceName("Api", 80): service name "Api" must be a DNS label'],
    ['an invalid port', () => Backend.fromServiceName('api', 70000),
      'Backend.fromServiceName("api", 70000): port must be an integer between 1 and 65535, got 70000; pass the Service port to send traffic to, e.g. 80'],
    ['an invalid namespace', () => Backend.fromServiceName('api', 80, 'Shop'), 'Backend.fromServiceName("api", 80, "Shop"): namespace "Shop" must be a DNS label'],
  ])('fails when fromServiceName gets %s, once the reference is read', (_name, fn, message) => {
    expect(() => fn().backendReference()).toThrow(message);
  });
});

describe('RouteParent', () => {
  test('fromGatewayName', () => {
    const parent = RouteParent.fromGatewayName('edge', { namespace: 'infra', sectionName: 'https', port: 443, hostname: '*.example.com' });
    expect(parent.gatewayName).toBe('edge');
    expect(parent.gatewayNamespace).toBe('infra');
    expect(parent.hostname).toBe('*.example.com');
    expect(parent.parentReference()).toEqual({
      group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'infra', sectionName: 'https', port: 443,
    });
  });

  test('fails when fromGatewayName gets an empty name', () => {
    expect(() => RouteParent.fromGatewayName('').parentReference()).toThrow('gateway name "" must be 1 to 253 characters long');
  });
});
