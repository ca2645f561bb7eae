import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { GATEWAY_GROUP, gatewaysOf } from './model';

/** GatewayClasses Istio creates by itself. */
const ISTIO_CLASSES = ['istio', 'istio-remote', 'istio-waypoint', 'istio-east-west'];

/**
 * IGW1019: a Gateway's `gatewayClassName` is neither a class Istio creates
 * (istio, istio-remote, istio-waypoint, istio-east-west) nor a GatewayClass in
 * the set. Unless another controller provides it, the Gateway is never
 * accepted. A warning: the class may be installed separately.
 */
export const unknownGatewayClass: Check = {
  id: 'IGW1019',
  title: 'gatewayClassName is not an Istio class and not in the manifests',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      const cls = gateway.object.spec?.gatewayClassName;
      if (typeof cls !== 'string' || ISTIO_CLASSES.includes(cls)) continue;
      if (set.find('GatewayClass', GATEWAY_GROUP, '', cls)) continue;
      out.push(findingOf(this, gateway, {
        path: 'spec.gatewayClassName',
        message: `gatewayClassName "${cls}" is not a class istio creates (${ISTIO_CLASSES.join(', ')}) and no GatewayClass "${cls}" is in the manifests`,
        fix: 'use gatewayClassName "istio", or add the GatewayClass (or make sure its controller is installed)',
      }));
    }
    return out;
  },
};
