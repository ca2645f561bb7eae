import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import {
  GATEWAY_GROUP, HOSTNAME_ROUTE_KINDS, listenerAcceptsHostnames, listenerAllows, parentListenersOf, quoteList, routeHostnames,
} from './model';

/**
 * IGW1003: none of a route's hostnames intersects the hostname of any listener
 * the route may attach to through a parentRef, so the route is
 * `Accepted=False/NoMatchingListenerHostname` on that parent.
 */
export const noMatchingListenerHostname: Check = {
  id: 'IGW1003',
  title: 'route hostnames intersect no listener hostname',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const kind of HOSTNAME_ROUTE_KINDS) {
      for (const route of set.ofKind(kind, GATEWAY_GROUP)) {
        const hostnames = routeHostnames(route);
        if (hostnames.length === 0) continue;
        for (const parent of parentListenersOf(set, route)) {
          const p = parent.parentRef;
          // Only listeners that admit the route: other reasons are reported by IGW1001/IGW1002.
          const listeners = parent.listeners.filter((l) => listenerAllows(set, l, route).result !== 'denied');
          if (listeners.length === 0) continue;
          if (listeners.some((l) => listenerAcceptsHostnames(l, hostnames))) continue;
          const listenerHosts = [...new Set(listeners.map((l) => l.hostname!))];
          out.push(findingOf(this, route, {
            path: 'spec.hostnames',
            message: `hostnames ${quoteList(hostnames)} intersect no listener hostname of ${parent.ownerRef} `
              + `selected by ${p.path} (listener hostnames: ${quoteList(listenerHosts)})`,
            fix: `use a hostname the listener accepts (e.g. "${listenerHosts[0]}" or a host under a wildcard listener), or attach the route to a listener for ${quoteList(hostnames)}`,
          }));
        }
      }
    }
    return out;
  },
};
