import { Check, ExternalObjects } from '../../../src/analysis/checks/check';
import { ManifestSet } from '../../../src/manifests/manifest-set';

/** Builders of Istio networking objects (and a few core / Gateway API ones) for the Istio check tests. */
const ISTIO = 'networking.istio.io/v1';
const GW = 'gateway.networking.k8s.io/v1';

export function istioGateway(name: string, namespace: string, servers: any[], selector: any = { istio: 'ingressgateway' }): any {
  return { apiVersion: ISTIO, kind: 'Gateway', metadata: { name, namespace }, spec: { selector, servers } };
}

export function httpServer(hosts: string[] = ['*'], port = 80, extra: any = {}): any {
  return { port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts, ...extra };
}

export function httpsServer(hosts: string[], port = 443, mode = 'SIMPLE'): any {
  return { port: { number: port, name: `https-${port}`, protocol: 'HTTPS' }, hosts, tls: { mode, credentialName: 'cert' } };
}

export function virtualService(name: string, namespace: string, spec: any, metadata: any = {}): any {
  return { apiVersion: ISTIO, kind: 'VirtualService', metadata: { name, namespace, ...metadata }, spec };
}

export function destinationRule(name: string, namespace: string, spec: any): any {
  return { apiVersion: ISTIO, kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

export function service(name: string, namespace: string, selector: any = { app: name }, port = 9080): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ name: 'http', port }] } };
}

export function k8sGateway(name: string, namespace: string, listeners: any[], extra: any = {}): any {
  return { apiVersion: GW, kind: 'Gateway', metadata: { name, namespace }, spec: { gatewayClassName: 'istio', listeners, ...extra } };
}

export function httpRoute(name: string, namespace: string, spec: any): any {
  return { apiVersion: GW, kind: 'HTTPRoute', metadata: { name, namespace }, spec };
}

/** A route to `host` (optionally a subset). */
export function to(host: string, subset?: string, port = 9080): any {
  return { destination: { host, ...(subset ? { subset } : {}), port: { number: port } } };
}

/** Runs a check over objects: one `severity object path: message (fix: fix)` line per finding, sorted. */
export function runOn(check: Check, objects: any[], externals: string[] = []): string[] {
  return check.run(ManifestSet.fromObjects(objects, 'test'), { externals: ExternalObjects.parse(externals) })
    .map((f) => `${f.severity} ${f.id} ${f.object} ${f.path}: ${f.message} (fix: ${f.fix})`)
    .sort();
}

/** Like runOn, but only `severity id object path`. */
export function summaryOn(check: Check, objects: any[], externals: string[] = []): string[] {
  return check.run(ManifestSet.fromObjects(objects, 'test'), { externals: ExternalObjects.parse(externals) })
    .map((f) => `${f.severity} ${f.id} ${f.object} ${f.path}`)
    .sort();
}
