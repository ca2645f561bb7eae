import * as fs from 'fs';
import * as path from 'path';
import { RoutingGraph, RoutingGraphOptions } from '../../src/graph/routing-graph';
import { RoutingGraphEdge, RoutingGraphNode, RoutingGraphNodeKind } from '../../src/graph/routing-graph-model';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { experimentalChannel } from '../examples/helpers';

/** The dist/ directory of a seed example. */
export function seedDist(seed: string): string {
  return path.resolve(__dirname, '../../examples', seed, 'dist');
}

/** The four seed examples. */
export const SEEDS = fs.readdirSync(path.resolve(__dirname, '../../examples')).filter((d) => /^seed-00\d/.test(d)).sort();

/** The routing graph of a seed example's dist/ YAML, read with the ManifestSet loader (on the example's Gateway API channel). */
export function seedGraph(seed: string, options: RoutingGraphOptions = {}): RoutingGraph {
  return RoutingGraph.fromManifests(ManifestSet.fromPaths([seedDist(seed)]), { experimental: experimentalChannel(seed), ...options });
}

/** The routing graph of plain objects. */
export function graphOf(objects: any[], options: RoutingGraphOptions = {}): RoutingGraph {
  return RoutingGraph.fromManifests(ManifestSet.fromObjects(objects), options);
}

/** The node of a kind and key; fails the test when absent. */
export function nodeOf(g: RoutingGraph, kind: RoutingGraphNodeKind, key: string): RoutingGraphNode {
  const n = g.findNode(kind, key);
  if (!n) throw new Error(`no ${kind} node ${key}; nodes: ${g.nodes.map((x) => `${x.kind} ${x.key}`).join(', ')}`);
  return n;
}

/** The edges between two nodes. */
export function edgesBetween(g: RoutingGraph, from: RoutingGraphNode, to: RoutingGraphNode): RoutingGraphEdge[] {
  return g.edges.filter((e) => e.from === from.id && e.to === to.id);
}

/** A Gateway `infra/gw` (or as named) with the given listeners. */
export function gateway(listeners: any[], name = 'gw', ns = 'infra'): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { gatewayClassName: 'istio', listeners },
  };
}

/** An HTTP listener on port 80 that admits routes from all namespaces. */
export function httpListener(extra: any = {}): any {
  return { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } }, ...extra };
}

/** An HTTPRoute `namespace/name` attached to infra/gw unless spec.parentRefs says otherwise. */
export function route(name: string, spec: any, ns = 'app'): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns },
    spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], ...spec },
  };
}

/** A Service `namespace/name` with port 80. */
export function service(name: string, ns = 'app'): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] } };
}

/** A backendRef to a Service on port 80. */
export function backend(name: string, weight?: number, namespace?: string): any {
  return { name, port: 80, ...(weight !== undefined ? { weight } : {}), ...(namespace ? { namespace } : {}) };
}

/** Node ids declared in Mermaid text (`id[`, `id(`, `id{`, `id>`), and the endpoints of its edges. */
export function mermaidIds(text: string): { declared: Set<string>; endpoints: string[] } {
  const declared = new Set<string>();
  const endpoints: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const t = line.trim();
    if (t === '' || t.startsWith('%%') || /^(classDef|class|linkStyle) /.test(t)) continue;
    const edge = /^([A-Za-z0-9]+) (-->|-\.->|---)(\|"[^"]*"\|)? ([A-Za-z0-9]+)$/.exec(t);
    if (edge) {
      endpoints.push(edge[1], edge[4]);
      continue;
    }
    const decl = /^([A-Za-z0-9]+)(\{\{|\(\[|\[\[|\[\/|\[|\(|>)"[^"]*"(\}\}|\]\)|\]\]|\/\]|\]|\))$/.exec(t);
    if (!decl) throw new Error(`not a node, edge, class or comment line: ${line}`);
    declared.add(decl[1]);
  }
  return { declared, endpoints };
}

/**
 * The statements of DOT text outside quoted strings, checking that quotes
 * and braces balance; returns declared node ids and edge endpoints.
 */
export function dotIds(text: string): { declared: Set<string>; endpoints: string[] } {
  let depth = 0;
  const declared = new Set<string>();
  const endpoints: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  for (const line of lines) {
    // quoted strings: `\` escapes the next character
    const tokens: string[] = [];
    let outside = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') {
        let s = '';
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\') i++;
          s += line[i];
          i++;
        }
        if (i >= line.length) throw new Error(`unterminated string: ${line}`);
        tokens.push(s);
        outside += '"S"';
      } else {
        outside += c;
      }
    }
    for (const c of outside) {
      if (c === '{') depth++;
      if (c === '}') depth--;
    }
    if ((outside.match(/\[/g) ?? []).length !== (outside.match(/\]/g) ?? []).length) throw new Error(`unbalanced brackets: ${line}`);
    if (/^\s*"S" -> "S"/.test(outside)) endpoints.push(tokens[0], tokens[1]);
    else if (/^\s*"S" \[/.test(outside)) declared.add(tokens[0]);
  }
  if (depth !== 0) throw new Error(`unbalanced braces (${depth})`);
  return { declared, endpoints };
}
