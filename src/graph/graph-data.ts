/**
 * What the builder hands to the renderers: the nodes, edges and notes of a
 * routing graph, and the legend text of the marks. Internal: the public
 * types are in `routing-graph-model.ts`.
 */
import { RoutingGraphEdge, RoutingGraphMark, RoutingGraphNode } from './routing-graph-model';

/** Nodes, edges and notes, as the renderers read them. @internal */
export interface RoutingGraphData {
  readonly nodes: RoutingGraphNode[];
  readonly edges: RoutingGraphEdge[];
  readonly notes: string[];
}

/** One line for each mark in the legend, in the order of the enum. @internal */
export const MARK_LEGEND: ReadonlyArray<[RoutingGraphMark, string]> = [
  [RoutingGraphMark.UNATTACHED, 'unattached: the route attaches to no listener'],
  [RoutingGraphMark.UNREACHABLE, 'unreachable: no request reaches the rule'],
  [RoutingGraphMark.BLOCKED, 'blocked: no ReferenceGrant permits the cross-namespace backendRef'],
  [RoutingGraphMark.NOT_PROGRAMMED, 'not programmed: Istio does not program it'],
  [RoutingGraphMark.BROKEN, 'broken: the backend cannot serve, or the weight is 0'],
];
