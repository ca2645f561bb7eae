import { IConstruct } from 'constructs';
import { renderDot } from './dot';
import { buildRoutingGraph } from './graph-builder';
import { RoutingGraphData } from './graph-data';
import { renderMermaid } from './mermaid';
import { RoutingGraphEdge, RoutingGraphNode, RoutingGraphNodeKind } from './routing-graph-model';
import { isExperimentalChannel } from '../gateway-api/channel';
import { declaredExternalObjects, ExternalObjects } from '../gateway-api/external-objects';
import { ManifestSet } from '../manifests/manifest-set';
import { istioBehaviour } from '../simulation/istio-behaviour';
import { SimulationModel } from '../simulation/model';

/** The text formats a routing graph renders to. */
export enum RoutingGraphFormat {
  /**
   * A Mermaid flowchart (`flowchart LR`), drawn by GitHub and GitLab from a fenced `mermaid` block.
   * @see https://mermaid.js.org/syntax/flowchart.html
   */
  MERMAID = 'mermaid',
  /**
   * Graphviz DOT (`dot -Tsvg`).
   * @see https://graphviz.org/doc/info/lang.html
   */
  DOT = 'dot',
}

/**
 * Options of a routing graph: the same as the traffic simulator's, since
 * the graph shows what the simulator decides.
 */
export interface RoutingGraphOptions {
  /**
   * Treat backend Services that are not in the manifests as existing. When
   * false, a backend whose Service is not in the manifests is marked broken.
   * @default false
   */
  readonly assumeServicesExist?: boolean;

  /**
   * Objects that exist in the cluster but not in the manifests, as
   * `Kind namespace/name` (e.g. `Service shop/api`,
   * `ReferenceGrant payments/shop-to-api`). `fromApp` adds the objects the
   * App declared external.
   * @default - none
   */
  readonly externalObjects?: string[];

  /**
   * The Istio release whose behaviour decides (`1.30` or `1.31`), e.g.
   * whether an HTTPS listener without `tls` is programmed.
   * @default '1.30'
   */
  readonly istioVersion?: string;

  /**
   * Whether the cluster runs the experimental-channel Gateway API CRDs, so
   * experimental fields (HTTPRoute `rules[].retry`) are accepted.
   * @default - `fromApp`: true when the App's context key
   * `cdk8s-istio-gateway:gatewayApiChannel` is `experimental`; otherwise false
   */
  readonly experimental?: boolean;
}

/**
 * A picture of the routing: Gateways, their listeners, the HTTPRoutes
 * attached to each listener, the routes' rules (matches and filters), the
 * backends with their share of the traffic, redirects, mirrors and the
 * DestinationRule that applies to each backend. Routes attached to no
 * listener, rules no request reaches, backendRefs no ReferenceGrant permits,
 * listeners Istio does not program and backends that cannot serve are
 * marked (dashed, a style class, a legend).
 *
 * It reads manifests only, through the traffic simulator's model, so it
 * shows what the simulator decides: the same attachment, hostname and
 * precedence rules. Output is deterministic: the same objects in any order
 * give the same text.
 *
 * @example
 * const graph = RoutingGraph.fromApp(app);
 * fs.writeFileSync('dist/routing.md', graph.toMarkdown());
 */
export class RoutingGraph {
  /** The routing of the objects of a cdk8s App (or any construct tree). */
  public static fromApp(app: IConstruct, options: RoutingGraphOptions = {}): RoutingGraph {
    const externalObjects = [...new Set([...options.externalObjects ?? [], ...declaredExternalObjects(app)])].sort();
    const experimental = options.experimental ?? isExperimentalChannel(app.node.root);
    return new RoutingGraph(ManifestSet.fromApp(app), { ...options, externalObjects, experimental });
  }

  /** The routing of a set of manifests, e.g. `ManifestSet.fromPaths(['dist/'])`. */
  public static fromManifests(manifests: ManifestSet, options: RoutingGraphOptions = {}): RoutingGraph {
    return new RoutingGraph(manifests, options);
  }

  /** The routing of the objects of a multi-document YAML string. */
  public static fromYaml(yaml: string, options: RoutingGraphOptions = {}): RoutingGraph {
    return new RoutingGraph(ManifestSet.fromYaml(yaml, 'yaml'), options);
  }

  private readonly data: RoutingGraphData;

  private constructor(manifests: ManifestSet, options: RoutingGraphOptions) {
    const externals = ExternalObjects.parse(options.externalObjects ?? []);
    const model = new SimulationModel(manifests, {
      assumeSecretsExist: true,
      behaviour: istioBehaviour(options.istioVersion),
      externals,
      experimental: options.experimental ?? false,
    });
    this.data = buildRoutingGraph(model, { assumeServicesExist: options.assumeServicesExist ?? false, externals });
  }

  /** The nodes: Gateways, listeners, routes, rules, redirects, backends, DestinationRules, in that order, each sorted. */
  public get nodes(): RoutingGraphNode[] {
    return [...this.data.nodes];
  }

  /** The edges, sorted by the nodes they join. */
  public get edges(): RoutingGraphEdge[] {
    return [...this.data.edges];
  }

  /**
   * What the simulator's model noted while reading the manifests: objects
   * the API server rejects (ignored), duplicates, listeners left out.
   */
  public get notes(): string[] {
    return [...this.data.notes];
  }

  /**
   * The node of an object, by kind and key (`shop/api` for a route,
   * `shop/api#0` for its first rule, `shop/api-v1:80` for a Service backend).
   * @returns undefined when the graph has no such node
   */
  public findNode(kind: RoutingGraphNodeKind, key: string): RoutingGraphNode | undefined {
    return this.data.nodes.find((n) => n.kind === kind && n.key === key);
  }

  /** The graph as a Mermaid flowchart (`flowchart LR`). */
  public toMermaid(): string {
    return renderMermaid(this.data);
  }

  /** The graph in Graphviz DOT. */
  public toDot(): string {
    return renderDot(this.data);
  }

  /** The graph in a format. */
  public render(format: RoutingGraphFormat): string {
    switch (format) {
      case RoutingGraphFormat.DOT:
        return this.toDot();
      case RoutingGraphFormat.MERMAID:
        return this.toMermaid();
      default:
        throw new Error(`format must be mermaid or dot, got ${String(format)}`);
    }
  }

  /**
   * A Markdown document with the Mermaid flowchart in a fenced `mermaid`
   * block, to commit next to the YAML (e.g. `dist/routing.md`).
   * @param title the heading
   * @default 'Routing'
   */
  public toMarkdown(title: string = 'Routing'): string {
    return `# ${title.replace(/[\r\n]+/g, ' ')}\n\n\`\`\`mermaid\n${this.toMermaid()}\`\`\`\n`;
  }
}
