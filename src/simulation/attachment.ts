import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';
import { evaluateAllowedRoutes } from '../manifests/semantics/allowed-routes';
import { intersectRouteHostnames } from '../manifests/semantics/hostnames';
import {
  isGatewayParentRef, parentRefListenerMismatch, parentRefNamesGateway, resolveParentRef,
} from '../manifests/semantics/parent-refs';

/** A route attached to the chosen listener. */
export interface AttachedRoute {
  readonly route: RouteInfo;
  /**
   * The route hostnames that intersect the listener hostname (the more
   * specific side of each intersection); empty means any host the listener
   * accepts.
   */
  readonly hostnames: string[];
}

/** Routes attached to a listener, and why the other routes that name the Gateway are not. */
export interface Attachment {
  readonly attached: AttachedRoute[];
  readonly rejected: string[];
  readonly notes: string[];
}

/** Whether a parentRef refers to the Gateway (group/kind defaults, namespace default = route namespace). */
export function refersToGateway(ref: any, route: RouteInfo, gw: GatewayInfo): boolean {
  return parentRefNamesGateway(resolveParentRef(ref, route.namespace), gw.namespace, gw.name);
}

/**
 * Evaluates every HTTPRoute against one listener: parentRef (name,
 * namespace, sectionName, port), allowedRoutes (namespaces and kinds) and
 * hostname intersection.
 */
export function attachRoutes(model: SimulationModel, gw: GatewayInfo, listener: ListenerInfo): Attachment {
  const attached: AttachedRoute[] = [];
  const rejected: string[] = [];
  const notes: string[] = [];
  const gatewayKeys = new Set(model.gateways.map((g) => g.key));
  for (const route of model.routes) {
    const refs = route.parentRefs.filter((r) => refersToGateway(r, route, gw));
    if (refs.length === 0) {
      if (route.parentRefs.length === 0) {
        rejected.push(`HTTPRoute ${route.key} has no parentRefs, so it attaches to no Gateway`);
      } else {
        for (const r of route.parentRefs.map((raw) => resolveParentRef(raw, route.namespace))) {
          const key = `${r.namespace}/${r.name}`;
          if (isGatewayParentRef(r) && !gatewayKeys.has(key)) {
            rejected.push(`HTTPRoute ${route.key}: parentRef names Gateway ${key}, which is not in the input`);
          }
        }
      }
      continue;
    }
    const problems: string[] = [];
    let result: AttachedRoute | undefined;
    for (const ref of refs) {
      const problem = refProblem(ref, route, gw, listener, model, notes);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const hostnames = intersectRouteHostnames(listener.hostname, route.hostnames);
      if (hostnames === undefined) {
        problems.push(`hostnames ${route.hostnames.join(', ')} do not intersect listener ${listener.name}'s hostname ${listener.hostname} (NoMatchingListenerHostname)`);
        continue;
      }
      result = { route, hostnames };
      break;
    }
    if (result) {
      attached.push(result);
    } else {
      rejected.push(`HTTPRoute ${route.key} is not attached to listener ${listener.name}: ${[...new Set(problems)].join('; ')}`);
    }
  }
  return { attached, rejected, notes: [...new Set(notes)] };
}

function refProblem(
  raw: any, route: RouteInfo, gw: GatewayInfo, listener: ListenerInfo, model: SimulationModel, notes: string[],
): string | undefined {
  const ref = resolveParentRef(raw, route.namespace);
  const mismatch = parentRefListenerMismatch(ref, listener);
  if (mismatch === 'sectionName') {
    const named = gw.listeners.find((l) => l.name === ref.sectionName);
    return named
      ? `parentRef sectionName ${ref.sectionName} selects listener ${named.name} (${named.protocol} ${named.port}), not ${listener.name}`
      : `parentRef sectionName ${ref.sectionName} names no listener of gateway ${gw.key} (listeners: ${gw.listeners.map((l) => l.name).join(', ')})`;
  }
  if (mismatch === 'port') {
    return `parentRef port ${ref.port} does not select listener ${listener.name} on port ${listener.port}`;
  }
  const v = evaluateAllowedRoutes(
    listener, gw.namespace, { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: route.namespace }, (ns) => model.set.namespaceLabels(ns));
  if (v.deniedBy === 'kinds') {
    return `listener ${listener.name} allowedRoutes.kinds (${v.kinds!.map((k) => k.kind).join(', ')}) does not include HTTPRoute (NotAllowedByListeners)`;
  }
  if (v.labelsKnown === false) {
    notes.push(`Namespace ${route.namespace} is not in the input; only its kubernetes.io/metadata.name label is known to the allowedRoutes selector`);
  }
  if (v.allowed) return undefined;
  switch (v.from) {
    case 'Same':
      return `listener ${listener.name} allows routes only from namespace ${gw.namespace} (allowedRoutes.namespaces.from: Same), the route is in ${route.namespace} (NotAllowedByListeners)`;
    case 'Selector':
      return `listener ${listener.name} allowedRoutes selector ${JSON.stringify(v.selector)} does not select namespace ${route.namespace} (labels ${JSON.stringify(v.labels)}) (NotAllowedByListeners)`;
    default:
      return `listener ${listener.name} allowedRoutes.namespaces.from ${v.from} is not a known value`;
  }
}
