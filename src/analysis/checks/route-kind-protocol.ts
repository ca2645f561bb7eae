import { istioSupportedRouteKinds } from '../../gateway-api/allowed-routes';
import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewaysOf, listenerAllows, Listener, listenersOf, parentListenersOf, routesOf } from './model';

/** A listener's protocol as Istio reads it for route kinds (a TLS listener with its mode). */
function describeProtocol(l: Listener): string {
  return l.protocol === 'TLS' ? `TLS ${l.raw?.tls?.mode ?? 'Terminate'}` : l.protocol;
}

/**
 * IGW1050: a route kind that the listener's protocol does not carry in
 * Istio. Istio serves HTTPRoute and GRPCRoute on HTTP and HTTPS listeners,
 * TLSRoute on TLS listeners in mode Passthrough, and TCPRoute on TCP
 * listeners and TLS listeners in mode Terminate (istio/istio
 * pilot/pkg/config/kube/gateway/conditions.go `generateSupportedKinds`,
 * `istioSupportedRouteKinds`). Two findings:
 * - an `allowedRoutes.kinds` entry the protocol cannot carry (the listener
 *   reports `ResolvedRefs=False/InvalidRouteKinds` and drops it);
 * - a route whose parentRef selects only listeners that admit it by
 *   `allowedRoutes` (IGW1002 reports the others) yet cannot carry its kind,
 *   e.g. a TLSRoute on a TLS Terminate listener: it is not attached.
 */
export const routeKindProtocol: Check = {
  id: 'IGW1050',
  title: 'route kind that the listener protocol does not carry in Istio',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const owner of [...gatewaysOf(set), ...set.ofKind('ListenerSet', GATEWAY_GROUP)]) {
      for (const l of listenersOf(set, owner)) {
        const kinds = l.raw?.allowedRoutes?.kinds;
        if (!Array.isArray(kinds)) continue;
        const supported = istioSupportedRouteKinds(l);
        kinds.forEach((k: any, i: number) => {
          const group = k?.group ?? GATEWAY_GROUP;
          if (group === GATEWAY_GROUP && supported.includes(String(k?.kind))) return;
          out.push(findingOf(this, owner, {
            path: `${l.path}.allowedRoutes.kinds[${i}]`,
            severity: Severity.WARNING,
            message: `listener "${l.name}" (${describeProtocol(l)}) lists ${group === GATEWAY_GROUP ? '' : `${group}/`}${k?.kind} in allowedRoutes.kinds, `
              + `which Istio does not serve on that protocol (it serves ${supported.join(', ') || 'no route kind'}); the listener reports `
              + 'ResolvedRefs=False (InvalidRouteKinds)',
            fix: kindFix(l, String(k?.kind)),
          }));
        });
      }
    }
    for (const route of routesOf(set)) {
      for (const { parentRef: p, ownerRef, listeners } of parentListenersOf(set, route)) {
        const admitted = listeners.filter((l) => listenerAllows(set, l, route).result !== 'denied');
        if (admitted.length === 0 || admitted.some((l) => istioSupportedRouteKinds(l).includes(route.kind))) continue;
        const names = admitted.map((l) => `"${l.name}" (${describeProtocol(l)})`).join(', ');
        out.push(findingOf(this, route, {
          path: p.path,
          message: `no listener of ${ownerRef} selected by this parentRef carries ${route.kind} in Istio: ${names}; the route is not attached`,
          fix: kindFix(admitted[0], route.kind),
        }));
      }
    }
    return out;
  },
};

function kindFix(l: Listener, kind: string): string {
  switch (kind) {
    case 'HTTPRoute':
    case 'GRPCRoute':
      return `attach the ${kind} to an HTTP or HTTPS listener`;
    case 'TLSRoute':
      return l.protocol === 'TLS' ? 'set tls.mode: Passthrough on the listener, or use a TCPRoute to forward the terminated TLS stream'
        : 'attach the TLSRoute to a TLS listener with tls.mode: Passthrough';
    case 'TCPRoute':
      return 'attach the TCPRoute to a TCP listener or a TLS listener with tls.mode: Terminate';
    default:
      return `Istio does not implement ${kind}; use a kind it serves on the listener`;
  }
}
