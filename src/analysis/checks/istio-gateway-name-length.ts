import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewaysOf } from './model';

/** GatewayClasses for which Istio deploys a Deployment and Service per Gateway. */
const DEPLOYING_CLASSES = ['istio', 'istio-waypoint', 'istio-east-west', 'istio-agentgateway'];
const NAME_OVERRIDE = 'gateway.istio.io/name-override';

/**
 * IGW1015: Istio deploys a Gateway as a Deployment, Service and ServiceAccount
 * named `<gateway name>-<gatewayClassName>` (or the
 * `gateway.istio.io/name-override` annotation). Over 63 characters, the
 * Service cannot be created and the Gateway is never programmed. Applies to
 * the Istio classes that deploy (istio, istio-waypoint, istio-east-west,
 * istio-agentgateway) and to GatewayClasses in the set whose controllerName is
 * an `istio.io/` controller, except manual mode (one Hostname address).
 */
export const istioGatewayNameLength: Check = {
  id: 'IGW1015',
  title: 'Istio deployment name {gateway}-{gatewayClassName} longer than 63 characters',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const gateway of gatewaysOf(set)) {
      const cls = gateway.object.spec?.gatewayClassName;
      if (typeof cls !== 'string' || !deploys(set, cls)) continue;
      const addresses = gateway.object.spec?.addresses;
      if (Array.isArray(addresses) && addresses.length > 0 && addresses.every((a: any) => a?.type === 'Hostname')) continue;
      const override = gateway.object.metadata?.annotations?.[NAME_OVERRIDE];
      const deployed = typeof override === 'string' && override !== '' ? override : `${gateway.name}-${cls}`;
      if (deployed.length <= 63) continue;
      out.push(findingOf(this, gateway, {
        path: override ? `metadata.annotations["${NAME_OVERRIDE}"]` : 'metadata.name',
        message: `istio would deploy this Gateway as "${deployed}" (${deployed.length} characters); Service names are limited to 63, so the gateway is never programmed`,
        fix: `shorten the Gateway name to at most ${Math.max(1, 62 - cls.length)} characters, or set the ${NAME_OVERRIDE} annotation to a shorter name`,
      }));
    }
    return out;
  },
};

function deploys(set: ManifestSet, cls: string): boolean {
  const gc = set.find('GatewayClass', 'gateway.networking.k8s.io', '', cls);
  const controller = gc?.object.spec?.controllerName;
  if (typeof controller === 'string') return controller.startsWith('istio.io/') && controller !== 'istio.io/unmanaged-gateway';
  return DEPLOYING_CLASSES.includes(cls);
}
