import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';
import { AllowedRoutesVerdict, istioSupportedRouteKinds } from '../gateway-api/allowed-routes';
import { AttachmentVerdict, evaluateAttachment, parentRefNamesOwner, parentRefSelects } from '../gateway-api/attachment';
import { isGatewayParentRef, parentRefNamesGateway, ResolvedParentRef, resolveParentRef } from '../gateway-api/parent-refs';

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
 * - `unattached`: the route names no Gateway of the input;
 * - `invalid`: Istio cannot convert the route at all.
 */
export type RejectionKind = 'notAllowed' | 'hostname' | 'elsewhere' | 'unattached' | 'invalid';

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

/**
 * Whether a parentRef refers to the Gateway or to one of the ListenerSets
 * it admits (group/kind defaults, namespace default = route namespace).
 */
export function refersToGateway(ref: any, route: RouteInfo, gw: GatewayInfo): boolean {
  const p = resolveParentRef(ref, route.namespace);
  return parentRefNamesGateway(p, gw.namespace, gw.name) || gw.listeners.some((l) => parentRefNamesOwner(p, l));
}

/** The listeners of the Gateway (or of one of its ListenerSets) a parentRef can select. */
function ownerListeners(p: ResolvedParentRef, gw: GatewayInfo): ListenerInfo[] {
  return gw.listeners.filter((l) => parentRefNamesOwner(p, l));
}

function ownerName(p: ResolvedParentRef): string {
  return `${p.kind === 'ListenerSet' ? 'ListenerSet' : 'gateway'} ${p.namespace}/${p.name}`;
}

/**
 * Evaluates every route of a kind (HTTPRoutes by default) against one
 * listener: parentRef (name, namespace, sectionName, port), allowedRoutes
 * (namespaces and kinds), the kinds Istio serves on the listener's protocol
 * (`istioSupportedRouteKinds`) and hostname intersection.
 */
export function attachRoutes(
  model: SimulationModel, gw: GatewayInfo, listener: ListenerInfo, routes: RouteInfo[] = model.routes, routeKind = 'HTTPRoute',
): Attachment {
  const attached: AttachedRoute[] = [];
  const rejected: Rejection[] = [];
  const notes: string[] = [];
  const reject = (route: RouteInfo, kind: RejectionKind, message: string, specific = false, otherListeners: ListenerInfo[] = []) =>
    rejected.push({ route, kind, message, specific, otherListeners });
  const gatewayKeys = new Set(model.gateways.map((g) => g.key));
  const listenerSetKeys = new Set(model.gateways.flatMap((g) => g.listeners.map((l) => l.listenerSet?.key)).filter((k) => k));
  const supported = istioSupportedRouteKinds(listener);
  const K = routeKind;
  for (const route of routes) {
    const refs = route.parentRefs.filter((r) => refersToGateway(r, route, gw));
    if (refs.length === 0) {
      if (route.parentRefs.length === 0) {
        reject(route, 'unattached', `${K} ${route.key} has no parentRefs, so it attaches to no Gateway`);
      } else {
        for (const r of route.parentRefs.map((raw) => resolveParentRef(raw, route.namespace))) {
          const key = `${r.namespace}/${r.name}`;
          if (isGatewayParentRef(r) && !gatewayKeys.has(key)) {
            reject(route, 'unattached', `${K} ${route.key}: parentRef names Gateway ${key}, which is not in the input`);
          } else if (r.group === GATEWAY_GROUP && r.kind === 'ListenerSet' && !listenerSetKeys.has(key)) {
            reject(route, 'unattached', `${K} ${route.key}: parentRef names ListenerSet ${key}, which is not in the input or not attached to a Gateway of the input`);
          }
        }
      }
      continue;
    }
    if (route.invalid) {
      reject(route, 'invalid', `${K} ${route.key} is not programmed: ${route.invalid}`);
      continue;
    }
    const problems: string[] = [];
    let kind: RejectionKind = 'elsewhere';
    let specific = false;
    let result: AttachedRoute | undefined;
    for (const ref of refs) {
      const p = resolveParentRef(ref, route.namespace);
      const v = evaluateAttachment(p, listener, { group: GATEWAY_GROUP, kind: K, namespace: route.namespace, hostnames: route.hostnames },
        (ns) => model.set.namespaceLabels(ns));
      if (v.failure === undefined && !supported.includes(K)) {
        // Istio intersects allowedRoutes.kinds with the kinds it serves on the protocol (conditions.go generateSupportedKinds)
        const mode = listener.protocol === 'TLS' ? ` ${listener.raw?.tls?.mode ?? 'Terminate'}` : '';
        problems.push(`listener ${listener.name} (${listener.protocol}${mode}) serves ${supported.join(', ') || 'no route kind'} in Istio, `
          + `not ${K} (NotAllowedByListeners)`);
        kind = 'notAllowed';
        continue;
      }
      if (v.allowedRoutes?.labelsKnown === false) {
        notes.push(`Namespace ${route.namespace} is not in the input; only its kubernetes.io/metadata.name label is known to the allowedRoutes selector`);
      }
      if (v.failure === undefined) {
        result = { route, hostnames: v.hostnames! };
        break;
      }
      problems.push(problemMessage(v, p, route, gw, listener, K));
      if (v.failure === 'notAllowed') kind = 'notAllowed';
      if (v.failure === 'hostname') {
        if (kind === 'elsewhere') kind = 'hostname';
        if (p.sectionName !== undefined || p.port !== undefined) specific = true;
      }
    }
    if (result) {
      attached.push(result);
    } else {
      const others = kind === 'elsewhere'
        ? gw.listeners.filter((l) => refs.some((r) => {
          const p = resolveParentRef(r, route.namespace);
          return parentRefSelects(p, l);
        }))
        : [];
      reject(route, kind, `${K} ${route.key} is not attached to listener ${listener.name}: ${[...new Set(problems)].join('; ')}`, specific, others);
    }
  }
  return { attached, rejected, notes: [...new Set(notes)] };
}

/** Why a parentRef does not attach the route to the listener, for the decision's reason. */
function problemMessage(
  v: AttachmentVerdict, p: ResolvedParentRef, route: RouteInfo, gw: GatewayInfo, listener: ListenerInfo, routeKind: string,
): string {
  switch (v.failure) {
    case 'owner':
      return p.sectionName !== undefined && !ownerListeners(p, gw).some((l) => l.name === p.sectionName)
        ? sectionNotFound(p, gw)
        : `parentRef names ${ownerName(p)}, which does not declare listener ${listener.name}`;
    case 'sectionName': {
      const named = ownerListeners(p, gw).find((l) => l.name === p.sectionName);
      return named
        ? `parentRef sectionName ${p.sectionName} selects listener ${named.name} (${named.protocol} ${named.port}), not ${listener.name}`
        : sectionNotFound(p, gw);
    }
    case 'port':
      return `parentRef port ${p.port} does not select listener ${listener.name} on port ${listener.port}`;
    case 'notAllowed':
      return notAllowedMessage(v.allowedRoutes!, route, listener, routeKind);
    default:
      return `hostnames ${route.hostnames.join(', ')} do not intersect listener ${listener.name}'s hostname ${listener.hostname} (NoMatchingListenerHostname)`;
  }
}

function sectionNotFound(p: ResolvedParentRef, gw: GatewayInfo): string {
  const names = ownerListeners(p, gw).map((l) => l.name);
  const elsewhere = gw.listeners.find((l) => l.name === p.sectionName && !parentRefNamesOwner(p, l));
  return `parentRef sectionName ${p.sectionName} names no listener of ${ownerName(p)} (listeners: ${names.join(', ') || 'none'})`
    + (elsewhere ? `; listener ${p.sectionName} belongs to ${elsewhere.listenerSet ? `ListenerSet ${elsewhere.listenerSet.key}` : `gateway ${gw.key}`}, so the parentRef must name that` : '');
}

function notAllowedMessage(v: AllowedRoutesVerdict, route: RouteInfo, listener: ListenerInfo, routeKind: string): string {
  if (v.deniedBy === 'kinds') {
    return `listener ${listener.name} allowedRoutes.kinds (${v.kinds!.map((k) => k.kind).join(', ')}) does not include ${routeKind} (NotAllowedByListeners)`;
  }
  switch (v.from) {
    case 'Same':
      return `listener ${listener.name} allows routes only from namespace ${listener.namespace} (allowedRoutes.namespaces.from: Same), the route is in ${route.namespace} (NotAllowedByListeners)`;
    case 'Selector':
      return `listener ${listener.name} allowedRoutes selector ${JSON.stringify(v.selector)} does not select namespace ${route.namespace} (labels ${JSON.stringify(v.labels)}) (NotAllowedByListeners)`;
    default:
      return `listener ${listener.name} allowedRoutes.namespaces.from ${v.from} is not a known value`;
  }
}
