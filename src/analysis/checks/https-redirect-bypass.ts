import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import {
  attachmentTo, GATEWAY_GROUP, gatewayListeners, gatewaysOf, hostnamesIntersect, ListenerAttachment, listenerOwnerRef, objectRef,
} from './model';

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
      for (const l of gatewayListeners(set, gateway).listeners.filter((x) => x.protocol === 'HTTP')) {
        const gwRef = listenerOwnerRef(l);
        const attached = routes.map((r) => attachmentTo(set, l, r)).filter((a): a is ListenerAttachment => a !== undefined);
        const redirects = attached.filter((a) => redirectsToHttps(a.route))
          .sort((a, b) => objectRef(set, a.route).localeCompare(objectRef(set, b.route)));
        if (redirects.length === 0) continue;
        for (const a of attached) {
          const serving = servingRules(a.route);
          if (serving.length === 0) continue;
          const r0 = redirects.find((r) => r.route !== a.route && overlap(r.hostnames, a.hostnames));
          if (!r0) continue;
          const rules = serving.length === 1 ? `rule ${serving[0]} forwards` : `rules ${serving.join(', ')} forward`;
          out.push(findingOf(this, a.route, {
            path: a.parentRef.sectionName !== undefined ? `${a.parentRef.path}.sectionName` : a.parentRef.path,
            message: `${objectRef(set, a.route)} attaches to HTTP listener "${l.name}" of ${gwRef}, where ${objectRef(set, r0.route)} redirects to https; `
              + `its ${rules} to backends, so requests it matches (a more specific match beats the redirect) are served over plain HTTP`,
            fix: 'attach the route to the HTTPS listener only (parentRef sectionName: https), or keep it on HTTP deliberately',
          }));
        }
      }
    }
    return out;
  },
};

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
