import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { hostnamesIntersect } from '../../gateway-api/hostnames';
import { compareRouteOrder } from '../../gateway-api/match-precedence';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { attachmentTo, gatewayListeners, gatewaysOf, ListenerAttachment, listenerOwnerRef, objectRef } from './model';

/** A hostname both attachments serve (`any host` when both take the listener's), or undefined. */
function sharedHostname(a: ListenerAttachment, b: ListenerAttachment): string | undefined {
  if (a.hostnames.length === 0 && b.hostnames.length === 0) return 'any host';
  if (a.hostnames.length === 0) return b.hostnames[0];
  if (b.hostnames.length === 0) return a.hostnames[0];
  for (const x of a.hostnames) {
    for (const y of b.hostnames) if (hostnamesIntersect(x, y)) return x.length >= y.length ? x : y;
  }
  return undefined;
}

/**
 * IGW1051: a GRPCRoute and an HTTPRoute attached to the same listener with
 * intersecting hostnames. The Gateway API (`GRPCRouteSpec.Hostnames`) says
 * the implementation MUST accept exactly one of the two routes (the older,
 * then the first by `namespace/name`) and "Merging MUST not be done between
 * GRPCRoutes and HTTPRoutes"; Istio instead merges the rules of both into
 * one virtual host per hostname and ranks them together (conversion.go
 * `convertGRPCRoute`), so which one serves a call depends on the paths and
 * method matches, and other implementations drop one route entirely.
 * Reported once per pair, on the route the specification would reject.
 */
export const grpcHttpHostnameConflict: Check = {
  id: 'IGW1051',
  title: 'GRPCRoute and HTTPRoute claim the same hostname on one listener',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const grpc = set.ofKind('GRPCRoute', GATEWAY_GROUP);
    const http = set.ofKind('HTTPRoute', GATEWAY_GROUP);
    if (grpc.length === 0 || http.length === 0) return out;
    const seen = new Set<string>();
    for (const gw of gatewaysOf(set)) {
      for (const l of gatewayListeners(set, gw).listeners) {
        if (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS') continue;
        const g = grpc.map((r) => attachmentTo(set, l, r)).filter((a): a is ListenerAttachment => a !== undefined);
        const h = http.map((r) => attachmentTo(set, l, r)).filter((a): a is ListenerAttachment => a !== undefined);
        for (const a of g) {
          for (const b of h) {
            const host = sharedHostname(a, b);
            if (host === undefined) continue;
            const key = `${objectRef(set, a.route)}|${objectRef(set, b.route)}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const order = (m: typeof a.route) => ({ creationTimestamp: m.object.metadata?.creationTimestamp, key: `${set.namespaceOf(m)}/${m.name}` });
            const [kept, loser] = compareRouteOrder(order(a.route), order(b.route)) <= 0 ? [a, b] : [b, a];
            out.push(findingOf(this, loser.route, {
              path: loser.parentRef.path,
              message: `${objectRef(set, a.route)} and ${objectRef(set, b.route)} both claim ${host === 'any host' ? 'any host' : `hostname ${host}`} `
                + `on listener "${l.name}" of ${listenerOwnerRef(l)}: the Gateway API accepts only ${objectRef(set, kept.route)} (the older route, `
                + 'then by namespace/name) and forbids merging them; Istio merges both into one virtual host and ranks their rules together',
              fix: 'give the GRPCRoute and the HTTPRoute distinct hostnames (e.g. grpc.example.com), or attach them to different listeners',
            }));
          }
        }
      }
    }
    return out;
  },
};
