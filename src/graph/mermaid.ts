/**
 * Renders a routing graph as a Mermaid flowchart (`flowchart LR`), which
 * GitHub, GitLab and most Markdown viewers draw from a fenced `mermaid`
 * block.
 *
 * Escaping: ids are the graph's own (letters and digits). Every label is
 * quoted, and every character that Mermaid or the HTML it renders to could
 * read as syntax (`"`, `#`, `&`, `<`, `>`, `|`, brackets, braces, `;`,
 * `` ` ``, `$`, `\`) is written as a Mermaid entity code (`#34;`); control
 * characters were made visible before (`labels.ts printable`). Line breaks
 * are `<br/>`, the one HTML the renderer writes.
 * @see https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
import { MARK_LEGEND, RoutingGraphData } from './graph-data';
import { printable } from './labels';
import { RoutingGraphEdge, RoutingGraphEdgeKind, RoutingGraphMark, RoutingGraphNode, RoutingGraphNodeKind } from './routing-graph-model';

/** Characters written as they are; anything else ASCII is an entity code. Non-ASCII text is kept. */
const SAFE = /^[A-Za-z0-9 .,:/_\-()*?=+@!'~^%]$/;

/** Label text for a quoted Mermaid string: entity codes for syntax characters, `<br/>` for line breaks. */
function text(label: string): string {
  return label.split('\n').map((line) => [...printable(line)].map((c) => {
    const code = c.codePointAt(0)!;
    return code >= 0xa0 || SAFE.test(c) ? c : `#${code};`;
  }).join('')).join('<br/>');
}

/** Node shapes by kind: [open, close] around the quoted label. */
const SHAPES: { readonly [kind: string]: [string, string] } = {
  [RoutingGraphNodeKind.GATEWAY]: ['{{', '}}'],
  [RoutingGraphNodeKind.LISTENER]: ['([', '])'],
  [RoutingGraphNodeKind.ROUTE]: ['[', ']'],
  [RoutingGraphNodeKind.RULE]: ['(', ')'],
  [RoutingGraphNodeKind.REDIRECT]: ['>', ']'],
  [RoutingGraphNodeKind.BACKEND]: ['[[', ']]'],
  [RoutingGraphNodeKind.POLICY]: ['[/', '/]'],
};

/** Style classes of the marks (dashed, coloured borders). */
/** Edge colours of the marks (`linkStyle`), by the first mark of an edge. */
const LINK_COLOURS: { readonly [mark: string]: string } = {
  [RoutingGraphMark.UNATTACHED]: '#c62828',
  [RoutingGraphMark.UNREACHABLE]: '#8e8e8e',
  [RoutingGraphMark.BLOCKED]: '#c62828',
  [RoutingGraphMark.NOT_PROGRAMMED]: '#ef6c00',
  [RoutingGraphMark.BROKEN]: '#c62828',
};

const CLASS_STYLES: ReadonlyArray<[RoutingGraphMark, string]> = [
  [RoutingGraphMark.UNATTACHED, 'stroke:#c62828,stroke-width:2px,stroke-dasharray:5 5'],
  [RoutingGraphMark.UNREACHABLE, 'stroke:#8e8e8e,color:#6b6b6b,stroke-dasharray:5 5'],
  [RoutingGraphMark.BLOCKED, 'stroke:#c62828,stroke-width:2px,stroke-dasharray:5 5'],
  [RoutingGraphMark.NOT_PROGRAMMED, 'stroke:#ef6c00,stroke-width:2px,stroke-dasharray:5 5'],
  [RoutingGraphMark.BROKEN, 'stroke:#c62828,stroke-width:2px,stroke-dasharray:5 5'],
];

/** The class name of a mark: Mermaid class names are identifiers. */
function className(mark: RoutingGraphMark): string {
  return mark.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function nodeLine(n: RoutingGraphNode): string {
  const [open, close] = SHAPES[n.kind];
  return `  ${n.id}${open}"${text(n.label)}"${close}`;
}

/**
 * An edge: `-->` for traffic that flows, `-.->` (dashed) for a marked edge,
 * `---` for a policy that applies (no traffic direction).
 */
function edgeLine(e: RoutingGraphEdge): string {
  let arrow = e.marks.length > 0 ? '-.->' : '-->';
  if (e.kind === RoutingGraphEdgeKind.POLICY) arrow = '---';
  const label = e.label !== undefined ? `|"${text(e.label)}"|` : '';
  return `  ${e.from} ${arrow}${label} ${e.to}`;
}

/**
 * The Mermaid text: the nodes, the edges, one `class` line per mark, the
 * class definitions, `linkStyle` colours of marked edges and, when anything
 * is marked, a legend node. Notes of
 * the simulator's read model (objects ignored, duplicates) are comments.
 * @internal
 */
export function renderMermaid(g: RoutingGraphData): string {
  const lines: string[] = ['flowchart LR'];
  // a comment is a whole line starting with %% (not %%{, a directive): the note is one printable line, without
  // backticks, so that it cannot close the Markdown fence of toMarkdown()
  for (const note of g.notes) lines.push(`  %% note: ${printable(note).replace(/`/g, "'")}`);
  for (const n of g.nodes) lines.push(nodeLine(n));
  for (const e of g.edges) lines.push(edgeLine(e));
  const used = new Set<RoutingGraphMark>([...g.nodes.flatMap((n) => n.marks), ...g.edges.flatMap((e) => e.marks)]);
  if (used.size > 0) {
    const legend = MARK_LEGEND.filter(([m]) => used.has(m)).map(([, line]) => line);
    lines.push(`  legend["${text(['Legend: dashed = not taken by traffic', ...legend].join('\n'))}"]`);
  }
  for (const [mark, style] of CLASS_STYLES) {
    if (!used.has(mark)) continue;
    lines.push(`  classDef ${className(mark)} ${style}`);
    const ids = g.nodes.filter((n) => n.marks.includes(mark)).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${className(mark)}`);
  }
  // links are numbered in the order they are written, from 0
  const byColour = new Map<string, number[]>();
  g.edges.forEach((e, i) => {
    if (e.marks.length === 0) return;
    const colour = LINK_COLOURS[e.marks[0]];
    byColour.set(colour, [...byColour.get(colour) ?? [], i]);
  });
  for (const [colour, indexes] of [...byColour].sort((a, b) => a[1][0] - b[1][0])) {
    lines.push(`  linkStyle ${indexes.join(',')} stroke:${colour},color:${colour}`);
  }
  if (used.size > 0) {
    lines.push('  classDef legendBox fill:#fafafa,stroke:#bdbdbd,color:#424242');
    lines.push('  class legend legendBox');
  }
  return `${lines.join('\n')}\n`;
}
