import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppProtocol, portNameOf } from './app-protocol';
import { DestinationPolicy } from './destination-policy';
import * as istio from '../../imports/networking.istio.io';

// Module-internal helpers of the backend module; not exported from the package.

/**
 * What every Service of a backend and its DestinationRule share.
 * @internal
 */
export interface ServiceDefaults {
  readonly namespace: string;
  /** The Service port entry (named after the protocol, with `appProtocol`). */
  readonly servicePort: kplus.k8s.ServicePort;
  readonly clusterDomain: string;
  /** The DestinationRules' `exportTo`, undefined for the mesh default. */
  readonly exportTo?: string[];
}

/**
 * One Service of a backend (a version's, or the shared one) and what its
 * DestinationRule needs.
 * @internal
 */
export interface ServiceTarget extends ServiceDefaults {
  readonly name: string;
  /** The labels of the objects, which are also the Service's selector. */
  readonly labels: { [key: string]: string };
}

/**
 * The Service port of a backend: named after the protocol (the
 * `<protocol>` prefix Istio reads) and with `appProtocol` set (which Istio
 * reads first), TCP, targeting the container port.
 * @internal
 */
export function servicePortOf(protocol: AppProtocol, port: number, containerPort: number): kplus.k8s.ServicePort {
  return {
    name: portNameOf(protocol),
    appProtocol: protocol,
    port,
    targetPort: kplus.k8s.IntOrString.fromNumber(containerPort),
    protocol: 'TCP',
  };
}

/**
 * The Service `name` with these labels, under the backend's shared defaults.
 * @internal
 */
export function serviceTarget(defaults: ServiceDefaults, name: string, labels: { [key: string]: string }): ServiceTarget {
  const { namespace, servicePort, clusterDomain, exportTo } = defaults;
  return { namespace, servicePort, clusterDomain, exportTo, name, labels };
}

/**
 * The fully qualified Service host: `<name>.<namespace>.svc.<clusterDomain>`.
 * @internal
 */
export function serviceHost(t: ServiceTarget): string {
  return `${t.name}.${t.namespace}.svc.${t.clusterDomain}`;
}

/**
 * Adds the ClusterIP Service, child `Service`, selecting the pods with the target's labels.
 * @internal
 */
export function addService(scope: Construct, t: ServiceTarget): ApiObject {
  return new kplus.k8s.KubeService(scope, 'Service', {
    metadata: { name: t.name, namespace: t.namespace, labels: t.labels },
    spec: { type: 'ClusterIP', selector: t.labels, ports: [{ ...t.servicePort }] },
  });
}

/**
 * Adds the DestinationRule for the Service, child `DestinationRule`, or
 * nothing when the policy sets no field: a DestinationRule with only a host
 * would shadow a mesh-wide one without adding anything. The policy must have
 * been checked where the scope is known.
 * @internal
 */
export function addDestinationRule(scope: Construct, t: ServiceTarget, policy: DestinationPolicy): ApiObject | undefined {
  const trafficPolicy = policy._toIstio();
  if (!trafficPolicy) return undefined;
  return new istio.DestinationRule(scope, 'DestinationRule', {
    metadata: { name: t.name, namespace: t.namespace, labels: t.labels },
    spec: { host: serviceHost(t), exportTo: t.exportTo ? [...t.exportTo] : undefined, trafficPolicy },
  });
}
