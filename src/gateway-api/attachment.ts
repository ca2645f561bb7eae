/**
 * The one route attachment rule of the Gateway API: a route attaches to a
 * listener through a parentRef that names the listener's owner (the Gateway
 * for its own listeners, the ListenerSet for its listeners) and selects the
 * listener (`sectionName`, `port`, or neither), when the listener's
 * `allowedRoutes` admits the route and their hostnames intersect.
 */
import { AllowedRoutesVerdict, evaluateAllowedRoutes } from './allowed-routes';
import { GATEWAY_GROUP } from './gateway-api';
import { intersectRouteHostnames } from './hostnames';
import { Labels } from './label-selector';
import { GatewayListener } from './listeners';
import { isGatewayParentRef, parentRefListenerMismatch, ResolvedParentRef } from './parent-refs';

/** Listener protocols that match on hostnames. */
const HOSTNAME_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS']);

/**
 * Whether a parentRef names the object that declares a listener: the
 * Gateway for its own listeners, the ListenerSet for its listeners. A
 * Gateway parentRef never reaches a ListenerSet's listeners, even by
 * sectionName.
 */
export function parentRefNamesOwner(p: ResolvedParentRef, l: GatewayListener): boolean {
  if (!l.listenerSet) return isGatewayParentRef(p) && p.namespace === l.namespace && p.name === l.gatewayName;
  return p.group === GATEWAY_GROUP && p.kind === 'ListenerSet' && p.namespace === l.listenerSet.namespace && p.name === l.listenerSet.name;
}

/** Whether a parentRef selects a listener: it names its owner, and its sectionName and port (when set) fit. */
export function parentRefSelects(p: ResolvedParentRef, l: GatewayListener): boolean {
  return parentRefNamesOwner(p, l) && parentRefListenerMismatch(p, l) === undefined;
}

/**
 * The route hostnames a listener serves (lower case; the more specific side
 * of each intersection), empty for any host the listener accepts, or
 * undefined when none intersects (`NoMatchingListenerHostname`). Listeners
 * of protocols that do not match on hostnames (TCP, UDP) accept every route.
 */
export function listenerRouteHostnames(l: GatewayListener, routeHostnames: readonly string[]): string[] | undefined {
  if (!HOSTNAME_PROTOCOLS.has(l.protocol)) return [];
  return intersectRouteHostnames(l.hostname, routeHostnames.map((h) => h.toLowerCase()));
}

/** The route whose attachment is evaluated. */
export interface AttachingRoute {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  /** `spec.hostnames`; empty when unset. */
  readonly hostnames: readonly string[];
}

/** How a route whose labels-dependent `allowedRoutes` outcome is uncertain is treated. */
export enum UncertainNamespace {
  /** As the name label alone decides (the simulator's best guess). */
  NAME_LABEL_ONLY = 'name-label-only',
  /** As admitted (checks that must not report what may be fine). */
  ADMITTED = 'admitted',
}

/** Why a parentRef does not attach a route to a listener. */
export type AttachmentFailure = 'owner' | 'sectionName' | 'port' | 'notAllowed' | 'hostname';

/** Whether and how one parentRef attaches a route to one listener. */
export interface AttachmentVerdict {
  /** Undefined when the route attaches. */
  readonly failure?: AttachmentFailure;
  /** The listener's `allowedRoutes` verdict, once the parentRef selects it. */
  readonly allowedRoutes?: AllowedRoutesVerdict;
  /** When attached: the hostnames served there (`listenerRouteHostnames`). */
  readonly hostnames?: string[];
}

/**
 * Evaluates one parentRef of a route against one listener, in the order
 * the Gateway API states the conditions: the owner, `sectionName`, `port`,
 * `allowedRoutes` (kinds, then namespaces), then hostname intersection.
 */
export function evaluateAttachment(
  p: ResolvedParentRef,
  l: GatewayListener,
  route: AttachingRoute,
  namespaceLabels: (namespace: string) => Labels | undefined,
  uncertain: UncertainNamespace = UncertainNamespace.NAME_LABEL_ONLY,
): AttachmentVerdict {
  if (!parentRefNamesOwner(p, l)) return { failure: 'owner' };
  const mismatch = parentRefListenerMismatch(p, l);
  if (mismatch) return { failure: mismatch };
  const allowedRoutes = evaluateAllowedRoutes(l, l.namespace, route, namespaceLabels);
  const admitted = allowedRoutes.allowed
    || (uncertain === UncertainNamespace.ADMITTED && allowedRoutes.deniedBy !== 'kinds' && !allowedRoutes.certain);
  if (!admitted) return { failure: 'notAllowed', allowedRoutes };
  const hostnames = listenerRouteHostnames(l, route.hostnames);
  return hostnames === undefined ? { failure: 'hostname', allowedRoutes } : { allowedRoutes, hostnames };
}
