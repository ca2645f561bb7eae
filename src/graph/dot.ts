/**
 * Renders a routing graph in Graphviz DOT (`dot -Tsvg routing.dot`).
 *
 * Escaping: every id and label is a double-quoted string. In a quoted DOT
 * string `"` must be escaped; labels are escString, where `\` starts an
 * escape (`\n`, `\l`, `\N`, ...), so a backslash is doubled; Graphviz
 * decodes HTML entities in labels, so `&` is written `&amp;`. Control
 * characters were made visible before (`labels.ts printable`).
 * @see https://graphviz.org/doc/info/lang.html
 * @see https://graphviz.org/docs/attr-types/escString/
 */
import { MARK_LEGEND, RoutingGraphData } from './graph-data';
import { printable } from './labels';
import { RoutingGraphEdge, RoutingGraphEdgeKind, RoutingGraphMark, RoutingGraphNode, RoutingGraphNodeKind } from './routing-graph-model';

/** A quoted DOT string; line breaks become `\n` (centred lines). */
function quote(label: string): string {
  const lines = label.split('\n').map((l) => printable(l).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;'));
  return `"${lines.join('\\n')}"`;
}

/** Node shapes by kind. */
const SHAPES: { readonly [kind: string]: string } = {
  [RoutingGraphNodeKind.GATEWAY]: 'hexagon',
  [RoutingGraphNodeKind.LISTENER]: 'box, style="rounded"',
  [RoutingGraphNodeKind.ROUTE]: 'box',
  [RoutingGraphNodeKind.RULE]: 'box, style="rounded"',
  [RoutingGraphNodeKind.REDIRECT]: 'cds',
  [RoutingGraphNodeKind.BACKEND]: 'component',
  [RoutingGraphNodeKind.POLICY]: 'parallelogram',
};

/** Colours of marks, the first mark of a node or edge deciding. */
const MARK_COLOURS: { readonly [mark: string]: string } = {
  [RoutingGraphMark.UNATTACHED]: '#c62828',
  [RoutingGraphMark.UNREACHABLE]: '#8e8e8e',
  [RoutingGraphMark.BLOCKED]: '#c62828',
  [RoutingGraphMark.NOT_PROGRAMMED]: '#ef6c00',
  [RoutingGraphMark.BROKEN]: '#c62828',
};

function nodeLine(n: RoutingGraphNode): string {
  let attrs = `label=${quote(n.label)}, shape=${SHAPES[n.kind]}`;
  if (n.marks.length > 0) {
    const rounded = SHAPES[n.kind].includes('rounded') ? 'rounded,' : '';
    // a node attribute list may name style once: the last one wins, so the dashed one comes last
    attrs = `label=${quote(n.label)}, shape=${SHAPES[n.kind].replace(/, style="rounded"/, '')}, style="${rounded}dashed", `
      + `color="${MARK_COLOURS[n.marks[0]]}", class=${quote(n.marks.join(' '))}`;
  }
  if (n.reason !== undefined) attrs += `, tooltip=${quote(n.reason)}`;
  return `  ${quote(n.id)} [${attrs}];`;
}

function edgeLine(e: RoutingGraphEdge): string {
  const attrs: string[] = [];
  if (e.label !== undefined) attrs.push(`label=${quote(e.label)}`);
  if (e.kind === RoutingGraphEdgeKind.POLICY) attrs.push('arrowhead=none', 'style="dotted"', 'color="#616161"');
  if (e.marks.length > 0) attrs.push('style="dashed"', `color="${MARK_COLOURS[e.marks[0]]}"`, `class=${quote(e.marks.join(' '))}`);
  return `  ${quote(e.from)} -> ${quote(e.to)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`;
}

/**
 * The DOT text: a `digraph` laid out left to right, the nodes, the edges,
 * and, when anything is marked, a legend note. Notes of the simulator's
 * read model are comments.
 * @internal
 */
export function renderDot(g: RoutingGraphData): string {
  const lines: string[] = [
    'digraph routing {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const note of g.notes) lines.push(`  // note: ${printable(note)}`);
  for (const n of g.nodes) lines.push(nodeLine(n));
  for (const e of g.edges) lines.push(edgeLine(e));
  const used = new Set<RoutingGraphMark>([...g.nodes.flatMap((n) => n.marks), ...g.edges.flatMap((e) => e.marks)]);
  if (used.size > 0) {
    const legend = MARK_LEGEND.filter(([m]) => used.has(m)).map(([, line]) => line);
    lines.push(`  "legend" [label=${quote(['Legend: dashed = not taken by traffic', ...legend].join('\n'))}, shape=note, color="#bdbdbd"];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
