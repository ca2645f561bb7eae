import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import {
  gatewayParentRefsOf, listenersOf, managedElsewhere, managesKindIn, quoteList, refOf, routesOf, selectedListeners,
} from './model';

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
          out.push(findingOf(this, route, {
            path: p.path,
            severity: known ? Severity.ERROR : Severity.WARNING,
            message: known
              ? `parentRef names ${gwRef}, which is not in the manifests`
              : `parentRef names ${gwRef}, which is not in the manifests (${managedElsewhere('Gateway', p.namespace)})`,
            fix: known
              ? `fix the parentRef name or namespace, or add ${gwRef}`
              : `make sure ${gwRef} exists in the cluster, or fix the parentRef`,
          }));
          continue;
        }
        if (selectedListeners(gateway, p).length > 0) continue;
        const listeners = listenersOf(gateway);
        const parts: string[] = [];
        if (p.sectionName !== undefined) parts.push(`sectionName "${p.sectionName}"`);
        if (p.port !== undefined) parts.push(`port ${p.port}`);
        const field = p.sectionName !== undefined ? `${p.path}.sectionName` : `${p.path}.port`;
        const names = listeners.map((l) => `${l.name} (port ${l.port})`).join(', ');
        out.push(findingOf(this, route, {
          path: field,
          message: `parentRef ${parts.join(' and ')} matches no listener of ${gwRef}; it has ${names || 'no listeners'}`,
          fix: listeners.length > 0
            ? `set sectionName to one of ${quoteList(listeners.map((l) => l.name))}${p.port !== undefined ? ' and port to that listener\'s port' : ''}, or add a matching listener`
            : `add a listener to ${gwRef}`,
        }));
      }
    }
    return out;
  },
};
