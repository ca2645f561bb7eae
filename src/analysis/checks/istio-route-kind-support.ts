import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';

/** The rule filter types Istio 1.30 converts on a GRPCRoute (conversion.go `convertGRPCRoute`). */
const GRPC_RULE_FILTERS = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror'];
/** The backendRef filter types Istio 1.30 converts on a GRPCRoute (conversion.go `buildGRPCDestination`). */
const GRPC_BACKEND_FILTERS = ['RequestHeaderModifier', 'ResponseHeaderModifier'];

/**
 * IGW1052: parts of GRPCRoute, TCPRoute and UDPRoute that Istio 1.30 does
 * not implement (istio/istio pilot/pkg/config/kube/gateway/conversion.go):
 * - a GRPCRoute rule filter other than RequestHeaderModifier,
 *   ResponseHeaderModifier and RequestMirror (ExtensionRef), or a
 *   backendRef filter other than the header modifiers: `convertGRPCRoute`
 *   returns InvalidFilter ("unsupported filter type") and the whole route
 *   is not programmed;
 * - TCPRoute: Istio 1.30 watches it only as v1alpha2 and only with
 *   `PILOT_ENABLE_ALPHA_GATEWAY_API=true` in istiod
 *   (pkg/config/schema/gvr/resources.gen.go), so a v1 TCPRoute of the
 *   standard channel is not programmed by default;
 * - UDPRoute: not implemented at all.
 */
export const istioRouteKindSupport: Check = {
  id: 'IGW1052',
  title: 'route kind or field that Istio 1.30 does not implement',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const route of set.ofKind('GRPCRoute', GATEWAY_GROUP)) {
      const rules: any[] = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
      rules.forEach((rule, i) => {
        (Array.isArray(rule?.filters) ? rule.filters : []).forEach((f: any, j: number) => {
          if (GRPC_RULE_FILTERS.includes(f?.type)) return;
          out.push(findingOf(this, route, {
            path: `spec.rules[${i}].filters[${j}]`,
            severity: Severity.ERROR,
            message: `Istio 1.30 does not implement the ${f?.type} filter on GRPCRoute (only ${GRPC_RULE_FILTERS.join(', ')}); `
              + 'it rejects the whole route (InvalidFilter: unsupported filter type) and none of its rules is programmed',
            fix: `remove the ${f?.type} filter, or apply the behaviour with an Istio policy (EnvoyFilter, WasmPlugin) instead`,
          }));
        });
        (Array.isArray(rule?.backendRefs) ? rule.backendRefs : []).forEach((ref: any, k: number) => {
          (Array.isArray(ref?.filters) ? ref.filters : []).forEach((f: any, j: number) => {
            if (GRPC_BACKEND_FILTERS.includes(f?.type)) return;
            out.push(findingOf(this, route, {
              path: `spec.rules[${i}].backendRefs[${k}].filters[${j}]`,
              severity: Severity.ERROR,
              message: `Istio 1.30 does not implement the ${f?.type} filter on a GRPCRoute backendRef (only ${GRPC_BACKEND_FILTERS.join(', ')}); `
                + 'it rejects the whole route (InvalidFilter: unsupported filter type)',
              fix: `move the ${f?.type} filter to the rule's filters, or remove it`,
            }));
          });
        });
      });
    }
    for (const route of set.ofKind('TCPRoute', GATEWAY_GROUP)) {
      out.push(findingOf(this, route, {
        message: `Istio 1.30 watches TCPRoute only as ${GATEWAY_GROUP}/v1alpha2 and only with PILOT_ENABLE_ALPHA_GATEWAY_API=true in istiod; `
          + `this ${route.object.apiVersion} TCPRoute is not programmed without that flag and the experimental-channel CRDs`,
        fix: 'set PILOT_ENABLE_ALPHA_GATEWAY_API=true on istiod and install the experimental-channel CRDs (which serve TCPRoute v1alpha2), '
          + 'or use a TLS Passthrough listener with a TLSRoute where the traffic is TLS',
      }));
    }
    for (const route of set.ofKind('UDPRoute', GATEWAY_GROUP)) {
      out.push(findingOf(this, route, {
        severity: Severity.ERROR,
        message: 'Istio does not implement UDPRoute; the route is never programmed',
        fix: 'expose the UDP service another way (a LoadBalancer Service), Istio gateways do not proxy UDP',
      }));
    }
    return out;
  },
};
