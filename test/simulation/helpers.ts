import { ManifestSet } from '../../src/manifests/manifest-set';
import { TrafficMatchers, trafficMatchers } from '../../src/simulation/jest-matchers';
import { TrafficSimulator, TrafficSimulatorOptions } from '../../src/simulation/traffic-simulator';

expect.extend(trafficMatchers);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends TrafficMatchers<R> {}
  }
}

/** A Gateway `infra/gw` (or as named) with the given listeners. */
export function gateway(listeners: any[], name = 'gw', ns = 'infra'): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { gatewayClassName: 'istio', listeners },
  };
}

/** An HTTP listener on port 80 that admits routes from all namespaces. */
export function httpListener(extra: any = {}): any {
  return { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } }, ...extra };
}

/** An HTTPRoute `namespace/name` attached to infra/gw unless spec.parentRefs says otherwise. */
export function route(name: string, spec: any, ns = 'app', metadata: any = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns, ...metadata },
    spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], ...spec },
  };
}

/** A rule forwarding to one Service on port 80. */
export function to(serviceName: string, extra: any = {}): any {
  return { backendRefs: [{ name: serviceName, port: 80 }], ...extra };
}

/** A Service with the given ports. */
export function service(name: string, ns = 'app', ports: number[] = [80]): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector: { app: name }, ports: ports.map((p) => ({ name: `http-${p}`, port: p })) },
  };
}

/** A Namespace with labels. */
export function namespace(name: string, labels: Record<string, string> = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A simulator over plain objects. */
export function simulate(objects: any[], options: TrafficSimulatorOptions = {}): TrafficSimulator {
  return TrafficSimulator.fromManifests(ManifestSet.fromObjects(objects, 'test'), options);
}

/** A Gateway with one HTTP listener, Services for every name, and the given routes. */
export function world(routes: any[], services: string[] = []): TrafficSimulator {
  return simulate([gateway([httpListener()]), ...services.map((s) => service(s)), ...routes]);
}
