import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import {
  gatewayParentRefsOf, gatewaysOf, listenersOf, managedElsewhere, managesKindIn, quoteList, refOf, routesOf, selectedListeners,
} from './model';
import { nearestName } from './near-names';

/**
 * IGW1001: a route's parentRef names a Gateway that is not in the set, or a
 * sectionName / port that no listener of that Gateway has. The route is then
 * not accepted (`NoMatchingParent`).
 */
export const routeParentNotFound: Check = {
  id: 'IGW1001',
  title: 'route parentRef matches no Gateway or no listener',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    for (const route of routesOf(set)) {
      for (const p of gatewayParentRefsOf(set, route)) {
        const gateway = set.find('Gateway', p.group, p.namespace, p.name);
        const gwRef = refOf('Gateway', p.namespace, p.name);
        if (!gateway) {
          if (externals.has('Gateway', p.namespace, p.name)) continue;
          const known = managesKindIn(set, p.group, 'Gateway', p.namespace);
          const hint = didYouMeanGateway(set, p.namespace, p.name);
          out.push(findingOf(this, route, {
            path: p.path,
            severity: known ? Severity.ERROR : Severity.WARNING,
            message: known
              ? `parentRef names ${gwRef}, which is not in the manifests`
              : `parentRef names ${gwRef}, which is not in the manifests (${managedElsewhere('Gateway', p.namespace)})`,
            fix: `${hint}${known
              ? `fix the parentRef name or namespace, or add ${gwRef}`
              : `make sure ${gwRef} exists in the cluster, or fix the parentRef`}`,
          }));
          continue;
        }
        if (selectedListeners(set, gateway, p).length > 0) continue;
        const listeners = listenersOf(set, gateway);
        const parts: string[] = [];
        if (p.sectionName !== undefined) parts.push(`sectionName "${p.sectionName}"`);
        if (p.port !== undefined) parts.push(`port ${p.port}`);
        const field = p.sectionName !== undefined ? `${p.path}.sectionName` : `${p.path}.port`;
        const names = listeners.map((l) => `${l.name} (port ${l.port})`).join(', ');
        const near = p.sectionName !== undefined ? nearestName(p.sectionName, listeners.map((l) => l.name)) : undefined;
        out.push(findingOf(this, route, {
          path: field,
          message: `parentRef ${parts.join(' and ')} matches no listener of ${gwRef}; it has ${names || 'no listeners'}`,
          fix: listeners.length > 0
            ? `${near ? `did you mean "${near}"? ` : ''}set sectionName to one of ${quoteList(listeners.map((l) => l.name))}${p.port !== undefined ? ' and port to that listener\'s port' : ''}, or add a matching listener`
            : `add a listener to ${gwRef}`,
        }));
      }
    }
    return out;
  },
};

/**
 * `did you mean ...? ` for a Gateway name that is not in the set: a near
 * name in the same namespace, else the namespace of a Gateway with exactly
 * that name; empty when there is none.
 */
function didYouMeanGateway(set: ManifestSet, namespace: string, name: string): string {
  const gateways = gatewaysOf(set);
  const near = nearestName(name, gateways.filter((g) => set.namespaceOf(g) === namespace).map((g) => g.name));
  if (near) return `did you mean "${near}"? `;
  const elsewhere = gateways.filter((g) => g.name === name).map((g) => set.namespaceOf(g)).sort();
  return elsewhere.length > 0 ? `did you mean namespace "${elsewhere[0]}"? ` : '';
}
