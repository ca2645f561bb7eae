import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';
import { evaluateAllowedRoutes } from '../manifests/semantics/allowed-routes';
import { intersectRouteHostnames } from '../manifests/semantics/hostnames';
import {
  isGatewayParentRef, parentRefListenerMismatch, parentRefNamesGateway, parentRefSelectsListener, resolveParentRef,
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

/**
 * Why a route is not attached to the chosen listener:
 * - `notAllowed`: a parentRef selects the listener, which does not admit the
 *   route (allowedRoutes namespaces or kinds);
 * - `hostname`: a parentRef selects the listener, but the route hostnames do
 *   not intersect the listener hostname;
 * - `elsewhere`: the parentRefs select only other listeners of the Gateway;
 * - `unattached`: the route names no Gateway of the input.
 */
export type RejectionKind = 'notAllowed' | 'hostname' | 'elsewhere' | 'unattached';

/** A route that is not attached to the chosen listener, and why. */
export interface Rejection {
  readonly route: RouteInfo;
  readonly kind: RejectionKind;
  readonly message: string;
  /** `hostname`: whether a parentRef names the listener by sectionName or port (not the whole Gateway). */
  readonly specific: boolean;
  /** `elsewhere`: the listeners of the Gateway the route's parentRefs select. */
  readonly otherListeners: ListenerInfo[];
}

/** Routes attached to a listener, and why the other routes that name the Gateway are not. */
export interface Attachment {
  readonly attached: AttachedRoute[];
  readonly rejected: Rejection[];
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
  const rejected: Rejection[] = [];
  const notes: string[] = [];
  const reject = (route: RouteInfo, kind: RejectionKind, message: string, specific = false, otherListeners: ListenerInfo[] = []) =>
    rejected.push({ route, kind, message, specific, otherListeners });
  const gatewayKeys = new Set(model.gateways.map((g) => g.key));
  for (const route of model.routes) {
    const refs = route.parentRefs.filter((r) => refersToGateway(r, route, gw));
    if (refs.length === 0) {
      if (route.parentRefs.length === 0) {
        reject(route, 'unattached', `HTTPRoute ${route.key} has no parentRefs, so it attaches to no Gateway`);
      } else {
        for (const r of route.parentRefs.map((raw) => resolveParentRef(raw, route.namespace))) {
          const key = `${r.namespace}/${r.name}`;
          if (isGatewayParentRef(r) && !gatewayKeys.has(key)) {
            reject(route, 'unattached', `HTTPRoute ${route.key}: parentRef names Gateway ${key}, which is not in the input`);
          }
        }
      }
      continue;
    }
    const problems: string[] = [];
    let kind: RejectionKind = 'elsewhere';
    let specific = false;
    let result: AttachedRoute | undefined;
    for (const ref of refs) {
      const problem = refProblem(ref, route, gw, listener, model, notes);
      if (problem) {
        problems.push(problem.message);
        if (!problem.mismatch) kind = 'notAllowed';
        continue;
      }
      const hostnames = intersectRouteHostnames(listener.hostname, route.hostnames);
      if (hostnames === undefined) {
        problems.push(`hostnames ${route.hostnames.join(', ')} do not intersect listener ${listener.name}'s hostname ${listener.hostname} (NoMatchingListenerHostname)`);
        if (kind === 'elsewhere') kind = 'hostname';
        const resolved = resolveParentRef(ref, route.namespace);
        if (resolved.sectionName !== undefined || resolved.port !== undefined) specific = true;
        continue;
      }
      result = { route, hostnames };
      break;
    }
    if (result) {
      attached.push(result);
    } else {
      const others = kind === 'elsewhere'
        ? gw.listeners.filter((l) => refs.some((r) => parentRefSelectsListener(resolveParentRef(r, route.namespace), l)))
        : [];
      reject(route, kind, `HTTPRoute ${route.key} is not attached to listener ${listener.name}: ${[...new Set(problems)].join('; ')}`, specific, others);
    }
  }
  return { attached, rejected, notes: [...new Set(notes)] };
}

function refProblem(
  raw: any, route: RouteInfo, gw: GatewayInfo, listener: ListenerInfo, model: SimulationModel, notes: string[],
): { message: string; mismatch: boolean } | undefined {
  const ref = resolveParentRef(raw, route.namespace);
  const mismatch = parentRefListenerMismatch(ref, listener);
  if (mismatch === 'sectionName') {
    const named = gw.listeners.find((l) => l.name === ref.sectionName);
    return {
      mismatch: true,
      message: named
        ? `parentRef sectionName ${ref.sectionName} selects listener ${named.name} (${named.protocol} ${named.port}), not ${listener.name}`
        : `parentRef sectionName ${ref.sectionName} names no listener of gateway ${gw.key} (listeners: ${gw.listeners.map((l) => l.name).join(', ')})`,
    };
  }
  if (mismatch === 'port') {
    return { mismatch: true, message: `parentRef port ${ref.port} does not select listener ${listener.name} on port ${listener.port}` };
  }
  const problem = allowedRoutesProblem(route, gw, listener, model, notes);
  return problem === undefined ? undefined : { mismatch: false, message: problem };
}

function allowedRoutesProblem(
  route: RouteInfo, gw: GatewayInfo, listener: ListenerInfo, model: SimulationModel, notes: string[],
): string | undefined {
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
