import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { compactChildTables } from '../internal/child-tables';
import { validatesLast } from '../internal/validation-order';

/**
 * A one-pass index of an App for synthesis: every construct in pre-order,
 * the closest Chart of each construct, and memoized subtree queries.
 *
 * cdk8s recomputes these for every chart it synthesizes (one `findAll()` of
 * the whole App per chart, twice), which makes synthesis quadratic in the
 * number of charts. This index computes them once, so one synthesis costs a
 * constant number of passes over the tree.
 *
 * Module-internal: not exported from the package.
 */
export class AppIndex {
  /** Every construct of the App, the App first, in `findAll()` pre-order. */
  public readonly all: IConstruct[];
  private readonly closest = new Map<IConstruct, Chart | undefined>();
  private readonly subtrees = new Map<Node, IConstruct[]>();
  private readonly ownObjects = new Map<IConstruct, ApiObject[]>();

  public constructor(public readonly app: App) {
    this.all = app.node.findAll();
    compactChildTables(this.all);
    this.subtrees.set(app.node, this.all);
    for (const c of this.all) {
      const parent = c.node.scope;
      this.closest.set(c, Chart.isChart(c) ? c : parent ? this.closest.get(parent) : undefined);
    }
  }

  /**
   * The closest Chart of a construct (itself if it is one), like `Chart.of()`,
   * which throws the same error for a construct outside any chart.
   */
  public chartOf(c: IConstruct): Chart {
    return this.closest.get(c) ?? Chart.of(c);
  }

  /** `node.findAll()`, memoized per node. */
  public findAll(node: Node): IConstruct[] {
    let found = this.subtrees.get(node);
    if (!found) {
      found = node.findAll();
      this.subtrees.set(node, found);
    }
    return found;
  }

  /**
   * The ApiObjects in the subtree of `c` whose closest chart is the closest
   * chart of `c`, memoized per construct.
   */
  public ownApiObjects(c: IConstruct): ApiObject[] {
    let found = this.ownObjects.get(c);
    if (!found) {
      const chart = this.chartOf(c);
      found = this.findAll(c.node).filter((x): x is ApiObject => ApiObject.isApiObject(x) && this.chartOf(x) === chart);
      this.ownObjects.set(c, found);
    }
    return found;
  }

  /** Every construct dependency as `(source, target)`, in pre-order of the source. */
  public dependencies(): Array<[IConstruct, IConstruct]> {
    const deps: Array<[IConstruct, IConstruct]> = [];
    for (const source of this.all) {
      for (const target of source.node.dependencies) {
        deps.push([source, target]);
      }
    }
    return deps;
  }

  /**
   * Runs every construct's validations once, in pre-order except that the
   * App-wide analysis runs last (`validatesLast`), and throws the
   * same error as cdk8s: `Validation failed with the following errors:`
   * followed by one `[path] message` line per error.
   */
  public validate(): void {
    // the App-wide analysis runs last, so the JSON it renders (and GitOpsSynth then writes) follows every other
    // validation; errors keep construct-tree order
    const results = new Map<IConstruct, string[]>();
    for (const child of this.all) {
      if (!validatesLast(child)) results.set(child, child.node.validate());
    }
    for (const child of this.all) {
      if (validatesLast(child)) results.set(child, child.node.validate());
    }
    const errors: string[] = [];
    for (const child of this.all) {
      for (const error of results.get(child)!) {
        errors.push(`[${child.node.path}] ${error}`);
      }
    }
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
  }

  /**
   * Turns nested charts and cross-chart construct dependencies into chart
   * dependencies, and construct dependencies into ApiObject dependencies,
   * with the same semantics and insertion order as cdk8s (so the topological
   * order of charts and objects is the same).
   *
   * @returns whether any chart depends on another chart (cdk8s then prefixes
   * chart file names with an index, `0000-<name>`)
   */
  public resolveDependencies(): boolean {
    let hasDependentCharts = false;

    // nested charts: the parent depends on each child chart
    for (const parent of this.all) {
      if (!Chart.isChart(parent)) continue;
      for (const child of parent.node.children) {
        if (Chart.isChart(child)) {
          parent.node.addDependency(child);
          hasDependentCharts = true;
        }
      }
    }

    // construct dependencies across charts become chart dependencies
    for (const [source, target] of this.dependencies()) {
      const sourceChart = this.chartOf(source);
      const targetChart = this.chartOf(target);
      if (sourceChart !== targetChart) {
        sourceChart.node.addDependency(targetChart);
        hasDependentCharts = true;
      }
    }

    // construct dependencies become dependencies between their ApiObjects
    for (const [source, target] of this.dependencies()) {
      const targets = this.ownApiObjects(target);
      if (targets.length === 0) continue;
      const sources = this.ownApiObjects(source);
      for (const t of targets) {
        for (const s of sources) {
          if (t !== s) s.node.addDependency(t);
        }
      }
    }
    return hasDependentCharts;
  }

  /** The charts in dependency order (dependencies first), as `app.charts`. */
  public charts(): Chart[] {
    return new DependencyGraph(this.app.node).topology().filter((c): c is Chart => Chart.isChart(c));
  }

  /**
   * The ApiObjects a chart renders, in dependency order: those whose closest
   * chart is this chart (objects of nested charts are rendered by those).
   */
  public chartObjects(chart: Chart): ApiObject[] {
    return new DependencyGraph(chart.node).topology()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && this.chartOf(c) === chart);
  }
}
