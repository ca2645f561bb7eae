import { Chart, Testing } from 'cdk8s';
import { celErrors, schemaErrors } from './schema';
import { BackendReference, IBackend } from '../../src/routing/backend';
import { IRouteParent, ParentReference } from '../../src/routing/route-parent';

/** A listener-like parent, as an IngressGateway listener would be. */
export class FakeListener implements IRouteParent {
  constructor(
    public readonly gatewayName: string,
    public readonly sectionName?: string,
    public readonly gatewayNamespace?: string,
    public readonly hostname?: string,
  ) {}
  public parentReference(): ParentReference {
    return {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
      sectionName: this.sectionName,
    };
  }
}

/** A backend, as a ResilientBackend version would be. */
export class FakeBackend implements IBackend {
  constructor(public readonly name: string, public readonly port?: number, public readonly namespace?: string) {}
  public backendReference(): BackendReference {
    return { group: '', kind: 'Service', name: this.name, namespace: this.namespace, port: this.port as number };
  }
}

/**
 * The synthesized objects of a chart, checked by the app-wide validations
 * and against the CRD schemas.
 */
export function synth(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  const errors = objects.filter(o => String(o.apiVersion).startsWith('gateway.networking.k8s.io/')).flatMap(o => [...schemaErrors(o), ...celErrors(o)]);
  if (errors.length) throw new Error(`schema errors:\n${errors.join('\n')}`);
  return objects;
}

/** The spec of the only HTTPRoute in a chart. */
export function routeSpec(chart: Chart): any {
  const routes = synth(chart).filter(o => o.kind === 'HTTPRoute');
  if (routes.length !== 1) throw new Error(`expected one HTTPRoute, got ${routes.length}`);
  return routes[0].spec;
}

/** The ReferenceGrants of a chart. */
export function grants(chart: Chart): any[] {
  return synth(chart).filter(o => o.kind === 'ReferenceGrant');
}

export const edge = () => new FakeListener('edge', 'https');
export const api = (ns?: string) => new FakeBackend('api', 80, ns);
