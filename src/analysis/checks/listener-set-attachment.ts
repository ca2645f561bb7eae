import { Check, CheckContext, externalsOf, findingOf } from './check';
import { GATEWAY_GROUP, Listener, listenersOf, managedElsewhere, managesKindIn, parentRefsOf, quoteList, refOf, routesOf } from './model';
import { nearestName } from './near-names';
import { allowedListeners, listenerConflict, listenerSetParent } from '../../gateway-api/listener-sets';
import { compareRouteOrder } from '../../gateway-api/match-precedence';
import { parentRefSelectsListener } from '../../gateway-api/parent-refs';
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
          fix: `on ${gwRef}, set spec.allowedListeners.namespaces.from to ${parent.namespace === namespace ? '"Same"' : '"Selector" (or "All")'}`,
        }));
      }
    }
    return [...out, ...conflicts(this, set), ...routeRefs(this, set, listenerSets)];
  },
};

/** The listeners of a ListenerSet, as the check model reads them. */
function listenerSetListeners(ls: Manifest): Listener[] {
  return listenersOf(ls);
}

/** Conflicted ListenerSet listeners, per Gateway: its own listeners first, then its ListenerSets oldest first. */
function conflicts(check: Check, set: ManifestSet): Finding[] {
  const out: Finding[] = [];
  const byGateway = new Map<string, Manifest[]>();
  for (const ls of set.ofKind('ListenerSet', GATEWAY_GROUP)) {
    const p = listenerSetParent(ls.object.spec?.parentRef, set.namespaceOf(ls));
    const gateway = set.find('Gateway', GATEWAY_GROUP, p.namespace, p.name);
    if (!gateway || !allowedListeners(gateway.object.spec, p.namespace, set.namespaceOf(ls), (ns) => set.namespaceLabels(ns)).allowed) continue;
    const key = `${p.namespace}/${p.name}`;
    byGateway.set(key, [...byGateway.get(key) ?? [], ls]);
  }
  for (const [key, sets] of [...byGateway].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [gwNs, gwName] = key.split('/');
    const gateway = set.find('Gateway', GATEWAY_GROUP, gwNs, gwName)!;
    const accepted: Array<{ l: Listener; owner: string }> = listenersOf(gateway).map((l) => ({ l: lower(l), owner: refOf('Gateway', gwNs, gwName) }));
    const ordered = sets.map((ls) => ({ ls, key: `${set.namespaceOf(ls)}/${ls.name}`, creationTimestamp: ls.object.metadata?.creationTimestamp }))
      .sort(compareRouteOrder).map((x) => x.ls);
    for (const ls of ordered) {
      for (const l of listenerSetListeners(ls).map(lower)) {
        const earlier = accepted.find((a) => listenerConflict(a.l, l));
        if (earlier) {
          out.push(findingOf(check, ls, {
            path: l.path,
            message: `listener "${l.name}" conflicts with listener "${earlier.l.name}" of ${earlier.owner} (${listenerConflict(earlier.l, l)}), `
              + 'which takes precedence, so it is not programmed (Conflicted)',
            fix: 'give the listener another hostname or port',
          }));
        } else {
          accepted.push({ l, owner: refOf('ListenerSet', set.namespaceOf(ls), ls.name) });
        }
      }
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
      const listeners = listenerSetListeners(ls);
      if (listeners.some((l) => parentRefSelectsListener(p, l))) continue;
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

function lower(l: Listener): Listener {
  return l.hostname ? { ...l, hostname: l.hostname.toLowerCase() } : l;
}
