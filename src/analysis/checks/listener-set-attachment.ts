import { Check, CheckContext, externalsOf, findingOf } from './check';
import {
  GATEWAY_GROUP, gatewayListeners, listenerOwnerRef, listenersOf, managedElsewhere, managesKindIn, parentRefsOf, quoteList, refOf, routesOf,
} from './model';
import { nearestName } from './near-names';
import { parentRefSelects } from '../../gateway-api/attachment';
import { allowedListeners, listenerSetParent } from '../../gateway-api/listener-sets';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';

/**
 * IGW1025: ListenerSets (Gateway API standard channel since v1.5) and the
 * routes that attach to them:
 * - a ListenerSet whose parent Gateway is not in the set, or does not admit
 *   it (`spec.allowedListeners`, `None` by default): its listeners are not
 *   programmed;
 * - a ListenerSet listener that conflicts with an earlier listener of the
 *   Gateway or of an older ListenerSet (same port and hostname, or TCP/UDP
 *   on a shared port): it is not programmed;
 * - a route parentRef to a ListenerSet that is not in the set, or whose
 *   `sectionName` or `port` names no listener of it.
 */
export const listenerSetAttachment: Check = {
  id: 'IGW1025',
  title: 'ListenerSet not admitted by its Gateway, a conflicted ListenerSet listener, or a route parentRef to no ListenerSet listener',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    const listenerSets = set.ofKind('ListenerSet', GATEWAY_GROUP);
    for (const ls of listenerSets) {
      const namespace = set.namespaceOf(ls);
      const parent = listenerSetParent(ls.object.spec?.parentRef, namespace);
      const gwRef = refOf('Gateway', parent.namespace, parent.name);
      const gateway = set.find('Gateway', GATEWAY_GROUP, parent.namespace, parent.name);
      if (!gateway) {
        if (externals.has('Gateway', parent.namespace, parent.name)) continue;
        const known = managesKindIn(set, GATEWAY_GROUP, 'Gateway', parent.namespace);
        out.push(findingOf(this, ls, {
          path: 'spec.parentRef',
          severity: known ? Severity.ERROR : Severity.WARNING,
          message: `parentRef names ${gwRef}, which is not in the manifests${known ? '' : ` (${managedElsewhere('Gateway', parent.namespace)})`}`,
          fix: known ? `fix the parentRef name or namespace, or add ${gwRef}` : `make sure ${gwRef} exists in the cluster and admits ListenerSets from "${namespace}"`,
        }));
        continue;
      }
      const verdict = allowedListeners(gateway.object.spec, parent.namespace, namespace, (ns) => set.namespaceLabels(ns));
      if (!verdict.allowed) {
        out.push(findingOf(this, ls, {
          path: 'spec.parentRef',
          message: `${gwRef} does not admit ListenerSets from namespace "${namespace}" (spec.allowedListeners.namespaces.from: ${verdict.from}`
            + `${verdict.from === 'None' ? ', the default' : ''}), so none of its listeners is programmed (NotAllowed)`,
          fix: verdict.from === 'Selector'
            ? `label namespace "${namespace}" so that the selector in spec.allowedListeners.namespaces of ${gwRef} matches it, or set from to "All"`
            : `on ${gwRef}, set spec.allowedListeners.namespaces.from to ${parent.namespace === namespace ? '"Same"' : '"Selector" (or "All")'}`,
        }));
      }
    }
    return [...out, ...conflicts(this, set), ...routeRefs(this, set, listenerSets)];
  },
};

/**
 * Conflicted ListenerSet listeners, per Gateway that admits ListenerSets:
 * its own listeners first, then its ListenerSets oldest first
 * (`composeListeners`).
 */
function conflicts(check: Check, set: ManifestSet): Finding[] {
  const out: Finding[] = [];
  const parents = new Set(set.ofKind('ListenerSet', GATEWAY_GROUP).map((ls) => {
    const p = listenerSetParent(ls.object.spec?.parentRef, set.namespaceOf(ls));
    return `${p.namespace}/${p.name}`;
  }));
  for (const key of [...parents].sort()) {
    const [gwNs, gwName] = key.split('/');
    const gateway = set.find('Gateway', GATEWAY_GROUP, gwNs, gwName);
    if (!gateway) continue;
    for (const x of gatewayListeners(set, gateway).excluded) {
      if (x.type !== 'Conflicted' || !x.listener.listenerSet) continue;
      const ls = set.find('ListenerSet', GATEWAY_GROUP, x.listener.listenerSet!.namespace, x.listener.listenerSet!.name)!;
      out.push(findingOf(check, ls, {
        path: x.listener.path,
        message: `listener "${x.listener.name}" conflicts with listener "${x.earlier.name}" of ${listenerOwnerRef(x.earlier)} on port ${x.listener.port} (${x.conflict.detail}), `
          + `which takes precedence, so it is not programmed (Conflicted, ${x.conflict.reason})`,
        fix: 'give the listener another hostname or port',
      }));
    }
  }
  return out;
}

/** Route parentRefs of kind ListenerSet that name no ListenerSet of the set, or no listener of it. */
function routeRefs(check: Check, set: ManifestSet, listenerSets: Manifest[]): Finding[] {
  const out: Finding[] = [];
  for (const route of routesOf(set)) {
    for (const p of parentRefsOf(set, route)) {
      if (p.group !== GATEWAY_GROUP || p.kind !== 'ListenerSet') continue;
      const lsRef = refOf('ListenerSet', p.namespace, p.name);
      const ls = set.find('ListenerSet', GATEWAY_GROUP, p.namespace, p.name);
      if (!ls) {
        const near = nearestName(p.name, listenerSets.filter((x) => set.namespaceOf(x) === p.namespace).map((x) => x.name));
        out.push(findingOf(check, route, {
          path: p.path,
          severity: managesKindIn(set, GATEWAY_GROUP, 'ListenerSet', p.namespace) ? Severity.ERROR : Severity.WARNING,
          message: `parentRef names ${lsRef}, which is not in the manifests`,
          fix: `${near ? `did you mean "${near}"? ` : ''}fix the parentRef, or make sure ${lsRef} exists`,
        }));
        continue;
      }
      const listeners = listenersOf(set, ls);
      if (listeners.some((l) => parentRefSelects(p, l))) continue;
      const near = p.sectionName !== undefined ? nearestName(p.sectionName, listeners.map((l) => l.name)) : undefined;
      out.push(findingOf(check, route, {
        path: p.sectionName !== undefined ? `${p.path}.sectionName` : `${p.path}.port`,
        message: `parentRef ${p.sectionName !== undefined ? `sectionName "${p.sectionName}"` : `port ${p.port}`} matches no listener of ${lsRef}; `
          + `it has ${listeners.map((l) => `${l.name} (port ${l.port})`).join(', ') || 'no listeners'}`,
        fix: `${near ? `did you mean "${near}"? ` : ''}set sectionName to one of ${quoteList(listeners.map((l) => l.name))}`,
      }));
    }
  }
  return out;
}
