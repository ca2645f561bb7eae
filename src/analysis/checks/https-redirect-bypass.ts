import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { intersectRouteHostnames } from '../../manifests/semantics/hostnames';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import {
  GATEWAY_GROUP, Listener, ParentRef, gatewaysOf, gatewayParentRefsOf, hostnamesIntersect, listenerAllows, listenersOf,
  refOf, routeHostnames, selectedListeners,
} from './model';

/** A route attached to one listener, with the hostnames it serves there. */
interface Attachment {
  readonly route: Manifest;
  readonly parentRef: ParentRef;
  /** Hostnames on the listener; empty means every host the listener accepts. */
  readonly hostnames: string[];
}

/**
 * IGW1021: a Gateway's HTTP listener has an HTTPRoute that redirects to `https`
 * (RequestRedirect `scheme: https`), and another HTTPRoute attached to the same
 * listener, for an intersecting hostname, forwards requests to backends.
 * Route matching picks the most specific match across all routes of the
 * listener, so e.g. `Exact /health` beats the redirect's `PathPrefix /`: those
 * requests are served over plain HTTP instead of being redirected. A warning,
 * since plain-HTTP health checks can be deliberate.
 */
export const httpsRedirectBypass: Check = {
  id: 'IGW1021',
  title: 'route served over plain HTTP on a listener that redirects to https',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const routes = set.ofKind('HTTPRoute', GATEWAY_GROUP);
    for (const gateway of gatewaysOf(set)) {
      const gwRef = refOf('Gateway', set.namespaceOf(gateway), gateway.name);
      for (const l of listenersOf(gateway).filter((x) => x.protocol === 'HTTP')) {
        const attached = routes.map((r) => attachment(set, gateway, l, r)).filter((a): a is Attachment => a !== undefined);
        const redirects = attached.filter((a) => redirectsToHttps(a.route))
          .sort((a, b) => routeRef(set, a.route).localeCompare(routeRef(set, b.route)));
        if (redirects.length === 0) continue;
        for (const a of attached) {
          const serving = servingRules(a.route);
          if (serving.length === 0) continue;
          const r0 = redirects.find((r) => r.route !== a.route && overlap(r.hostnames, a.hostnames));
          if (!r0) continue;
          const rules = serving.length === 1 ? `rule ${serving[0]} forwards` : `rules ${serving.join(', ')} forward`;
          out.push(findingOf(this, a.route, {
            path: a.parentRef.sectionName !== undefined ? `${a.parentRef.path}.sectionName` : a.parentRef.path,
            message: `${routeRef(set, a.route)} attaches to HTTP listener "${l.name}" of ${gwRef}, where ${routeRef(set, r0.route)} redirects to https; `
              + `its ${rules} to backends, so requests it matches (a more specific match beats the redirect) are served over plain HTTP`,
            fix: 'attach the route to the HTTPS listener only (parentRef sectionName: https), or keep it on HTTP deliberately',
          }));
        }
      }
    }
    return out;
  },
};

/** `HTTPRoute namespace/name`, with the namespace resolved. */
function routeRef(set: ManifestSet, route: Manifest): string {
  return refOf(route.kind, set.namespaceOf(route), route.name);
}

/** How `route` attaches to listener `l` of `gateway`, or undefined when it does not. */
function attachment(set: ManifestSet, gateway: Manifest, l: Listener, route: Manifest): Attachment | undefined {
  const gwNs = set.namespaceOf(gateway);
  const p = gatewayParentRefsOf(set, route).find((x) => x.namespace === gwNs && x.name === gateway.name
    && x.group === GATEWAY_GROUP && selectedListeners(gateway, x).some((s) => s.index === l.index));
  if (!p) return undefined;
  if (listenerAllows(set, gateway, l, route).result === 'denied') return undefined;
  const hostnames = intersectRouteHostnames(l.hostname, routeHostnames(route));
  if (hostnames === undefined) return undefined;
  return { route, parentRef: p, hostnames };
}

/** Whether a rule of the route redirects to https. */
function redirectsToHttps(route: Manifest): boolean {
  return rulesOf(route).some((r) => filtersOf(r).some((f) => f?.type === 'RequestRedirect' && f.requestRedirect?.scheme === 'https'));
}

/** Indexes of the rules that forward to backends rather than redirect. */
function servingRules(route: Manifest): number[] {
  const out: number[] = [];
  rulesOf(route).forEach((r, i) => {
    const forwards = Array.isArray(r?.backendRefs) && r.backendRefs.length > 0;
    const redirects = filtersOf(r).some((f) => f?.type === 'RequestRedirect');
    if (forwards && !redirects) out.push(i);
  });
  return out;
}

function rulesOf(route: Manifest): any[] {
  return Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
}

function filtersOf(rule: any): any[] {
  return Array.isArray(rule?.filters) ? rule.filters : [];
}

/** Whether two hostname lists on the same listener share a host (empty: every host of the listener). */
function overlap(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((x) => b.some((y) => hostnamesIntersect(x, y)));
}
