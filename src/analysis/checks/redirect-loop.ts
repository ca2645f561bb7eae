import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { GATEWAY_GROUP, listenerAcceptsHostnames, listenerAllows, parentListenersOf, routeHostnames } from './model';

/**
 * IGW1008: an HTTPRoute whose rule redirects to `https` (RequestRedirect
 * scheme https) attaches to an HTTPS listener: either by sectionName, or
 * without sectionName to a Gateway whose HTTPS listener accepts the route's
 * hostnames. Requests that arrive over HTTPS are redirected to HTTPS again:
 * a redirect loop.
 */
export const redirectLoop: Check = {
  id: 'IGW1008',
  title: 'HTTP to HTTPS redirect route attached to an HTTPS listener (loop)',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const route of set.ofKind('HTTPRoute', GATEWAY_GROUP)) {
      const rules: any[] = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
      const redirecting = rules.findIndex((r) => Array.isArray(r?.filters)
        && r.filters.some((f: any) => f?.type === 'RequestRedirect' && f.requestRedirect?.scheme === 'https'));
      if (redirecting < 0) continue;
      const hostnames = routeHostnames(route);
      for (const { parentRef: p, ownerRef: gwRef, listeners } of parentListenersOf(set, route)) {
        const looping = listeners.filter((l) => l.protocol === 'HTTPS'
          && listenerAllows(set, l, route).result !== 'denied'
          && listenerAcceptsHostnames(l, hostnames));
        if (looping.length === 0) continue;
        const names = looping.map((l) => `"${l.name}"`).join(', ');
        out.push(findingOf(this, route, {
          path: p.sectionName === undefined ? p.path : `${p.path}.sectionName`,
          message: `rule ${redirecting} redirects to https and ${how(p.sectionName, p.port)} HTTPS listener ${names} of ${gwRef}: `
            + 'requests over https are redirected again (loop)',
          fix: 'attach the redirect route only to the HTTP listener (sectionName of the port 80 listener), and the application routes to the HTTPS listener',
        }));
      }
    }
    return out;
  },
};

function how(sectionName: string | undefined, port: number | undefined): string {
  if (sectionName !== undefined) return 'the parentRef attaches it to';
  if (port !== undefined) return `the parentRef selects port ${port}, so the route attaches to`;
  return 'the parentRef has no sectionName, so the route also attaches to';
}
