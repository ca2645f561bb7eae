import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { AllowVerdict, listenerAllows, parentListenersOf, routesOf } from './model';

/**
 * IGW1002: every listener a parentRef selects forbids the route, by namespace
 * (`allowedRoutes.namespaces`: Same, All, Selector) or by kind
 * (`allowedRoutes.kinds`, else inferred from the protocol). The route is then
 * `Accepted=False/NotAllowedByListeners`. When a Selector depends on the
 * labels of a Namespace that is not in the set, the finding is a warning.
 */
export const routeNotAllowed: Check = {
  id: 'IGW1002',
  title: 'listener allowedRoutes forbids the route\'s namespace or kind',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const route of routesOf(set)) {
      for (const { parentRef: p, ownerRef: gwRef, listeners } of parentListenersOf(set, route)) {
        if (listeners.length === 0) continue;
        const verdicts: AllowVerdict[] = listeners.map((l) => listenerAllows(set, l, route));
        if (verdicts.some((v) => v.result === 'allowed')) continue;
        const unknown = verdicts.some((v) => v.result === 'unknown');
        const reasons = [...new Set(verdicts.map((v) => v.reason!))].join('; ');
        const routeNs = set.namespaceOf(route);
        out.push(findingOf(this, route, {
          path: p.path,
          severity: unknown ? Severity.WARNING : Severity.ERROR,
          message: unknown
            ? `attachment to ${gwRef} cannot be confirmed: ${reasons}`
            : `no listener of ${gwRef} selected by this parentRef allows the route: ${reasons}`,
          fix: unknown
            ? `include Namespace "${routeNs}" in the manifests so its labels can be checked, or make sure they match the listener's selector`
            : `widen the listener's allowedRoutes on ${gwRef} (namespaces from All or a Selector that matches "${routeNs}", or add ${route.kind} to kinds), or move the route`,
        }));
      }
    }
    return out;
  },
};
