import { intersectHostnames } from './hostnames';
import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';

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
  const group = ref.group ?? GATEWAY_GROUP;
  const kind = ref.kind ?? 'Gateway';
  const namespace = ref.namespace ?? route.namespace;
  return group === GATEWAY_GROUP && kind === 'Gateway' && namespace === gw.namespace && ref.name === gw.name;
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
        for (const r of route.parentRefs) {
          const kind = r.kind ?? 'Gateway';
          const group = r.group ?? GATEWAY_GROUP;
          const key = `${r.namespace ?? route.namespace}/${r.name}`;
          if (group === GATEWAY_GROUP && kind === 'Gateway' && !gatewayKeys.has(key)) {
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
      const hostnames = intersect(route, listener);
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
  ref: any, route: RouteInfo, gw: GatewayInfo, listener: ListenerInfo, model: SimulationModel, notes: string[],
): string | undefined {
  if (ref.sectionName !== undefined && ref.sectionName !== listener.name) {
    const named = gw.listeners.find((l) => l.name === ref.sectionName);
    return named
      ? `parentRef sectionName ${ref.sectionName} selects listener ${named.name} (${named.protocol} ${named.port}), not ${listener.name}`
      : `parentRef sectionName ${ref.sectionName} names no listener of gateway ${gw.key} (listeners: ${gw.listeners.map((l) => l.name).join(', ')})`;
  }
  if (ref.port !== undefined && Number(ref.port) !== listener.port) {
    return `parentRef port ${ref.port} does not select listener ${listener.name} on port ${listener.port}`;
  }
  const allowed = listener.raw.allowedRoutes ?? {};
  const kinds: any[] = allowed.kinds ?? [];
  if (kinds.length > 0) {
    if (!kinds.some((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && k.kind === 'HTTPRoute')) {
      return `listener ${listener.name} allowedRoutes.kinds (${kinds.map((k) => k.kind).join(', ')}) does not include HTTPRoute (NotAllowedByListeners)`;
    }
  }
  const from = allowed.namespaces?.from ?? 'Same';
  if (from === 'Same') {
    if (route.namespace !== gw.namespace) {
      return `listener ${listener.name} allows routes only from namespace ${gw.namespace} (allowedRoutes.namespaces.from: Same), the route is in ${route.namespace} (NotAllowedByListeners)`;
    }
  } else if (from === 'Selector') {
    let labels = model.set.namespaceLabels(route.namespace);
    if (!labels) {
      labels = { 'kubernetes.io/metadata.name': route.namespace };
      notes.push(`Namespace ${route.namespace} is not in the input; only its kubernetes.io/metadata.name label is known to the allowedRoutes selector`);
    }
    if (!selectorMatches(allowed.namespaces.selector ?? {}, labels)) {
      return `listener ${listener.name} allowedRoutes selector ${JSON.stringify(allowed.namespaces.selector ?? {})} does not select namespace ${route.namespace} (labels ${JSON.stringify(labels)}) (NotAllowedByListeners)`;
    }
  } else if (from !== 'All') {
    return `listener ${listener.name} allowedRoutes.namespaces.from ${from} is not a known value`;
  }
  return undefined;
}

function intersect(route: RouteInfo, listener: ListenerInfo): string[] | undefined {
  if (route.hostnames.length === 0) return [];
  const out = new Set<string>();
  for (const h of route.hostnames) {
    const i = intersectHostnames(listener.hostname, h);
    if (i) out.add(i);
  }
  return out.size === 0 ? undefined : [...out];
}

/** A Kubernetes label selector (matchLabels AND matchExpressions) against labels. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
