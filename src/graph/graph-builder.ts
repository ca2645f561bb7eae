/**
 * Builds a routing graph from manifests, through the simulator's read model:
 * the listeners and attachment the simulator computes (the kernel's
 * `gateway-api/attachment.ts`), its backend resolution (Services, ports,
 * ReferenceGrants) and its DestinationRule lookup. Nothing here decides
 * attachment, hostnames or precedence itself.
 */
import { RoutingGraphData } from './graph-data';
import {
  describeFilters, describeMatches, describePolicy, describeRedirect, describeTimeouts, redirectStatus, shareLabel, shortList, shortValue,
} from './labels';
import {
  RoutingGraphEdge, RoutingGraphEdgeKind, RoutingGraphMark, RoutingGraphNode, RoutingGraphNodeKind,
} from './routing-graph-model';
import { shadowedRules } from './unreachable-rules';
import { ExternalObjects } from '../gateway-api/external-objects';
import { resolveObjectRef } from '../gateway-api/object-refs';
import { pushTo } from '../internal/map-lists';
import { attachRoutes, Rejection } from '../simulation/attachment';
import { resolveBackend, ResolvedBackend } from '../simulation/backends';
import { findPolicy } from '../simulation/destination-rules';
import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from '../simulation/model';
import { referencePermitted } from '../simulation/reference-permission';

/** How backends are resolved. @internal */
export interface GraphBuildOptions {
  readonly assumeServicesExist: boolean;
  readonly externals: ExternalObjects;
}

/** The order in which node kinds are listed, and the prefix of their ids. */
const KINDS: ReadonlyArray<[RoutingGraphNodeKind, string]> = [
  [RoutingGraphNodeKind.GATEWAY, 'gw'],
  [RoutingGraphNodeKind.LISTENER, 'ls'],
  [RoutingGraphNodeKind.ROUTE, 'rt'],
  [RoutingGraphNodeKind.RULE, 'ru'],
  [RoutingGraphNodeKind.REDIRECT, 'rd'],
  [RoutingGraphNodeKind.BACKEND, 'be'],
  [RoutingGraphNodeKind.POLICY, 'dr'],
];

/** A node before ids are given: `sortKey` orders it within its kind. */
interface Draft {
  readonly kind: RoutingGraphNodeKind;
  readonly key: string;
  readonly sortKey: string;
  readonly label: string[];
  readonly marks: Set<RoutingGraphMark>;
  reason?: string;
}

interface DraftEdge {
  readonly from: Draft;
  readonly to: Draft;
  readonly kind: RoutingGraphEdgeKind;
  readonly label?: string;
  readonly marks: RoutingGraphMark[];
}

/** Zero-padded, so that indexes sort as numbers inside string keys. */
function pad(i: number): string {
  return String(i).padStart(6, '0');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A listener of a Gateway the route attaches to. */
interface Attached {
  readonly gateway: GatewayInfo;
  readonly listener: ListenerInfo;
}

/**
 * Builds the graph. Ids are given after every node is known, in the order
 * of kind then key, and edges are sorted, so the output does not depend on
 * the order of the input.
 * @internal
 */
export function buildRoutingGraph(model: SimulationModel, options: GraphBuildOptions): RoutingGraphData {
  const drafts = new Map<string, Draft>();
  const edges = new Map<string, DraftEdge>();
  const notes = new Set<string>();
  const node = (kind: RoutingGraphNodeKind, key: string, sortKey: string, label: () => string[]): Draft => {
    const id = `${kind} ${key}`;
    let d = drafts.get(id);
    if (!d) {
      d = { kind, key, sortKey, label: label(), marks: new Set() };
      drafts.set(id, d);
    }
    return d;
  };
  const edge = (from: Draft, to: Draft, kind: RoutingGraphEdgeKind, label?: string, marks: RoutingGraphMark[] = []) => {
    const id = `${from.kind} ${from.key}|${to.kind} ${to.key}|${kind}|${label ?? ''}`;
    if (!edges.has(id)) edges.set(id, { from, to, kind, label, marks: [...new Set(marks)].sort() });
  };

  // Gateways and listeners; the routes attached to each listener
  const attachedTo = new Map<string, Attached[]>();
  const rejections = new Map<string, Array<Attached & { rejection: Rejection }>>();
  const listenerNodes = new Map<ListenerInfo, Draft>();
  const gatewayNodes = new Map<string, Draft>();
  // every route kind the simulator reads, each attached by the simulator's rules (HTTPRoute ids stay as they were)
  const routeKinds: Array<[string, RouteInfo[]]> = [
    ['HTTPRoute', model.routes], ['GRPCRoute', model.grpcRoutes], ['TLSRoute', model.tlsRoutes], ['TCPRoute', model.tcpRoutes],
  ];
  for (const gw of model.gateways) {
    const g = node(RoutingGraphNodeKind.GATEWAY, gw.key, gw.key, () => [
      `Gateway ${shortValue(gw.key)}`,
      `class ${shortValue(gw.manifest.object.spec?.gatewayClassName ?? '')}`,
    ]);
    gatewayNodes.set(gw.key, g);
    gw.listeners.forEach((l, i) => {
      const owner = l.listenerSet ? `ListenerSet ${shortValue(l.listenerSet.key)}` : undefined;
      const ln = node(RoutingGraphNodeKind.LISTENER, `${gw.key}/${l.listenerSet ? `${l.listenerSet.key}/` : ''}${l.name}`, `${gw.key} ${pad(i)}`, () => [
        `listener ${shortValue(l.name)}`,
        `${shortValue(l.protocol)} :${shortValue(l.port)}${l.hostname ? ` ${shortValue(l.hostname)}` : ''}`,
        ...(owner ? [owner] : []),
      ]);
      listenerNodes.set(l, ln);
      if (l.notProgrammed && !ln.marks.has(RoutingGraphMark.NOT_PROGRAMMED)) {
        ln.marks.add(RoutingGraphMark.NOT_PROGRAMMED);
        ln.reason = l.notProgrammed;
        ln.label.push('not programmed');
      }
      edge(g, ln, RoutingGraphEdgeKind.LISTENER);
      for (const [kind, routes] of routeKinds) {
        const attachment = attachRoutes(model, gw, l, routes, kind);
        for (const n of attachment.notes) notes.add(n);
        for (const a of attachment.attached) pushTo(attachedTo, routeId(a.route), { gateway: gw, listener: l });
        for (const r of attachment.rejected) pushTo(rejections, routeId(r.route), { gateway: gw, listener: l, rejection: r });
      }
    });
  }

  for (const route of routeKinds.flatMap(([, routes]) => routes)) {
    const K = kindOf(route);
    const attached = attachedTo.get(routeId(route)) ?? [];
    const hostnames = route.hostnames.length > 0 ? shortList(route.hostnames.map(shortValue)).join(', ') : K === 'TCPRoute' ? 'any connection' : 'any host';
    const rt = node(RoutingGraphNodeKind.ROUTE, routeId(route), route.key, () => [`${K} ${shortValue(route.key)}`, hostnames]);
    for (const a of attached) edge(listenerNodes.get(a.listener)!, rt, RoutingGraphEdgeKind.ATTACHMENT);
    const reachable = attached.length > 0;
    if (!reachable) markUnattached(route, rt, rejections.get(routeId(route)) ?? [], listenerNodes, gatewayNodes, edge);
    const shadowed = shadowedRules(route.rules);
    route.rules.forEach((rule: any, i: number) => {
      const name = typeof rule?.name === 'string' && rule.name ? ` ${shortValue(rule.name)}` : '';
      const ru = node(RoutingGraphNodeKind.RULE, `${routeId(route)}#${i}`, `${route.key} ${pad(i)}`, () => [
        // TLS and TCP rules have no matches: the listener (SNI, port) chose the route
        `rule ${i}${name}`, ...(K === 'TLSRoute' || K === 'TCPRoute' ? [] : describeMatches(rule)), ...describeFilters(rule), ...describeTimeouts(rule),
      ]);
      const by = shadowed.get(i);
      if (!reachable) {
        ru.marks.add(RoutingGraphMark.UNREACHABLE);
        ru.reason = `${K} ${route.key} attaches to no listener`;
      } else if (by !== undefined) {
        ru.marks.add(RoutingGraphMark.UNREACHABLE);
        ru.reason = `rule ${by} of ${K} ${route.key} has the same matches and comes first, so it takes every request of rule ${i}`;
      }
      const ruleMarks = ru.marks.has(RoutingGraphMark.UNREACHABLE) ? [RoutingGraphMark.UNREACHABLE] : [];
      edge(rt, ru, RoutingGraphEdgeKind.RULE, undefined, ruleMarks);
      addFilters(model, options, route, rule, ru, ruleMarks, node, edge, notes);
      addBackends(model, options, route, rule, ru, ruleMarks, attached, node, edge, notes);
    });
  }
  // the model reads some kinds lazily (Services, DestinationRules, ReferenceGrants) and notes what it ignores then
  for (const n of model.notes) notes.add(n);
  return finish(drafts, edges, notes);
}

/** A route's kind (HTTPRoute when the model does not say). */
function kindOf(route: RouteInfo): string {
  return route.kind ?? 'HTTPRoute';
}

/** A route's node key: `namespace/name` for an HTTPRoute, `Kind namespace/name` for the other kinds. */
function routeId(route: RouteInfo): string {
  const kind = kindOf(route);
  return kind === 'HTTPRoute' ? route.key : `${kind} ${route.key}`;
}

type NodeFn = (kind: RoutingGraphNodeKind, key: string, sortKey: string, label: () => string[]) => Draft;
type EdgeFn = (from: Draft, to: Draft, kind: RoutingGraphEdgeKind, label?: string, marks?: RoutingGraphMark[]) => void;

/** Short labels for the edge of a parentRef that does not attach the route. */
const REJECTION_LABELS: { readonly [kind: string]: string } = {
  notAllowed: 'not allowed (allowedRoutes)',
  hostname: 'no matching hostname',
  elsewhere: 'parentRef selects no listener',
};

/**
 * Marks a route attached to no listener, with the simulator's reasons, and
 * draws a dashed edge from each listener (or Gateway) its parentRefs name
 * but that does not take it.
 */
function markUnattached(
  route: RouteInfo, rt: Draft, rejected: Array<Attached & { rejection: Rejection }>,
  listenerNodes: Map<ListenerInfo, Draft>, gatewayNodes: Map<string, Draft>, edge: EdgeFn,
): void {
  const invalid = rejected.find((r) => r.rejection.kind === 'invalid');
  rt.marks.add(invalid ? RoutingGraphMark.NOT_PROGRAMMED : RoutingGraphMark.UNATTACHED);
  const reasons = new Set<string>();
  for (const r of rejected) {
    const { kind, message, otherListeners } = r.rejection;
    reasons.add(message);
    if (kind === 'notAllowed' || kind === 'hostname') {
      edge(listenerNodes.get(r.listener)!, rt, RoutingGraphEdgeKind.REJECTED_ATTACHMENT, REJECTION_LABELS[kind], [RoutingGraphMark.UNATTACHED]);
    } else if (kind === 'elsewhere' && otherListeners.length === 0) {
      edge(gatewayNodes.get(r.gateway.key)!, rt, RoutingGraphEdgeKind.REJECTED_ATTACHMENT, REJECTION_LABELS[kind], [RoutingGraphMark.UNATTACHED]);
    }
  }
  const K = kindOf(route);
  if (route.invalid) reasons.add(`${K} ${route.key} is not programmed: ${route.invalid}`);
  if (reasons.size === 0) {
    reasons.add(route.parentRefs.length === 0
      ? `${K} ${route.key} has no parentRefs, so it attaches to no Gateway`
      : `${K} ${route.key} names no Gateway of the input`);
  }
  rt.reason = [...reasons].sort(compareStrings).join('; ');
  rt.label.push(invalid || route.invalid ? 'not programmed' : 'not attached');
}

/** RequestRedirect filters (a redirect node) and RequestMirror filters (an edge to the mirror backend). */
function addFilters(
  model: SimulationModel, options: GraphBuildOptions, route: RouteInfo, rule: any, ru: Draft, ruleMarks: RoutingGraphMark[],
  node: NodeFn, edge: EdgeFn, notes: Set<string>,
): void {
  const filters: any[] = Array.isArray(rule?.filters) ? rule.filters : [];
  filters.forEach((f, j) => {
    if (f?.type === 'RequestRedirect') {
      const r = f.requestRedirect ?? {};
      const status = redirectStatus(r);
      const rd = node(RoutingGraphNodeKind.REDIRECT, `${ru.key}/filters[${j}]`, `${ru.sortKey} ${pad(j)}`, () => [
        `redirect ${status}`, describeRedirect(r),
      ]);
      edge(ru, rd, RoutingGraphEdgeKind.REDIRECT, status, ruleMarks);
    } else if (f?.type === 'RequestMirror') {
      const m = f.requestMirror ?? {};
      const b = resolveBackend(model, route, { ...(m.backendRef ?? {}), weight: 1 }, options, notes);
      let pct = 100;
      if (m.percent !== undefined) pct = Number(m.percent);
      else if (m.fraction) pct = (Number(m.fraction.numerator) / Number(m.fraction.denominator ?? 100)) * 100;
      const be = backendNode(b, node);
      edge(ru, be, RoutingGraphEdgeKind.MIRROR, `mirror ${Math.round(pct * 100) / 100}%`, ruleMarks);
    }
  });
}

/** The node of a backend, marked `BROKEN` when it cannot serve for a reason of its own (not a missing ReferenceGrant). */
function backendNode(b: ResolvedBackend, node: NodeFn): Draft {
  const groupKind = b.group ? `${b.group}/${b.kind}` : b.kind;
  const key = `${b.kind === 'Service' && b.group === '' ? '' : `${groupKind} `}${b.namespace}/${b.name}${b.port !== undefined ? `:${b.port}` : ''}`;
  const be = node(RoutingGraphNodeKind.BACKEND, key, key, () => [
    `${shortValue(groupKind)} ${shortValue(`${b.namespace}/${b.name}`)}${b.port !== undefined ? ` :${b.port}` : ''}`,
    ...(b.workloads ? [`workloads ${shortList(b.workloads.map(shortValue)).join(', ')}`] : []),
  ]);
  return be;
}

/**
 * The backendRefs of a rule: an edge to each backend with its share, marked
 * when the rule is unreachable, the reference is blocked (no
 * ReferenceGrant) or the weight is 0; the DestinationRule that applies to
 * the backend for each Gateway the route attaches to.
 */
function addBackends(
  model: SimulationModel, options: GraphBuildOptions, route: RouteInfo, rule: any, ru: Draft, ruleMarks: RoutingGraphMark[],
  attached: Attached[], node: NodeFn, edge: EdgeFn, notes: Set<string>,
): void {
  const refs: any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
  const resolved = refs.map((r) => resolveBackend(model, route, r, options, notes));
  const total = resolved.reduce((s, b) => s + (Number.isFinite(b.weight) ? b.weight : 0), 0);
  const gatewayNamespaces = [...new Set(attached.map((a) => a.gateway.namespace))].sort(compareStrings);
  resolved.forEach((b, i) => {
    const be = backendNode(b, node);
    const marks = [...ruleMarks];
    const lines = [shareLabel(b.weight, total, resolved.length)];
    if (blocked(model, options, route, refs[i])) {
      marks.push(RoutingGraphMark.BLOCKED);
      lines.push('blocked: no ReferenceGrant');
    } else if (b.status !== 200) {
      if (!be.marks.has(RoutingGraphMark.BROKEN)) {
        be.marks.add(RoutingGraphMark.BROKEN);
        be.reason = b.problem;
        if (b.problem) be.label.push(shortValue(b.problem));
      }
      marks.push(RoutingGraphMark.BROKEN);
    }
    if (!(b.weight > 0)) marks.push(RoutingGraphMark.BROKEN);
    edge(ru, be, RoutingGraphEdgeKind.BACKEND, lines.join('\n'), marks);
    if (b.status !== 200 || !(b.kind === 'Service' || b.kind === 'Hostname')) return;
    for (const ns of gatewayNamespaces) {
      const policy = findPolicy(model, b, ns, notes);
      if (!policy) continue;
      const dr = node(RoutingGraphNodeKind.POLICY, policy.destinationRule, policy.destinationRule, () => [
        `DestinationRule ${shortValue(policy.destinationRule)}`, describePolicy(policy.trafficPolicy),
      ]);
      edge(be, dr, RoutingGraphEdgeKind.POLICY, gatewayNamespaces.length > 1 ? `from gateways in ${shortValue(ns)}` : 'policy');
    }
  });
}

/**
 * Whether a cross-namespace backendRef to a Service is refused for want of
 * a ReferenceGrant (RefNotPermitted), decided by the simulator's rule.
 */
function blocked(model: SimulationModel, options: GraphBuildOptions, route: RouteInfo, ref: any): boolean {
  const { group, kind, namespace, name } = resolveObjectRef(ref, 'Service', route.namespace);
  if (!(group === '' && kind === 'Service') || namespace === route.namespace) return false;
  return !referencePermitted(model.set, model.objects('ReferenceGrant', GATEWAY_GROUP), options.externals,
    { group: GATEWAY_GROUP, kind: kindOf(route), namespace: route.namespace }, namespace, { group: '', kind: 'Service', name }, () => undefined);
}

/** Gives ids (kind prefix and position) and sorts nodes and edges. */
function finish(drafts: Map<string, Draft>, edges: Map<string, DraftEdge>, notes: Set<string>): RoutingGraphData {
  const ids = new Map<Draft, string>();
  const order = new Map<Draft, number>();
  const nodes: RoutingGraphNode[] = [];
  for (const [kind, prefix] of KINDS) {
    const list = [...drafts.values()].filter((d) => d.kind === kind)
      .sort((a, b) => compareStrings(a.sortKey, b.sortKey) || compareStrings(a.key, b.key));
    list.forEach((d, i) => {
      const id = `${prefix}${i + 1}`;
      ids.set(d, id);
      order.set(d, order.size);
      nodes.push({
        id,
        kind: d.kind,
        key: d.key,
        label: d.label.join('\n'),
        marks: [...d.marks].sort(),
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
      });
    });
  }
  const sorted = [...edges.values()].sort((a, b) => (order.get(a.from)! - order.get(b.from)!)
    || (order.get(a.to)! - order.get(b.to)!)
    || compareStrings(a.kind, b.kind)
    || compareStrings(a.label ?? '', b.label ?? ''));
  const out: RoutingGraphEdge[] = sorted.map((e) => ({
    from: ids.get(e.from)!,
    to: ids.get(e.to)!,
    kind: e.kind,
    ...(e.label !== undefined ? { label: e.label } : {}),
    marks: e.marks,
  }));
  return { nodes, edges: out, notes: [...notes].sort(compareStrings) };
}
