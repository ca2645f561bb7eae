import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, Yaml, YamlOutputType } from 'cdk8s';
import { AppIndex } from './app-index';
import { sortForApply } from './apply-order';
import { YamlWriter } from './yaml-writer';
import { takeJson, withRenderedJson } from '../manifests/rendered-json';

/** The name of the kustomization file written next to the manifests. */
const KUSTOMIZATION_FILE = 'kustomization.yaml';
const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * Options for `GitOpsSynth.synth()` and `GitOpsSynth.render()`.
 */
export interface GitOpsSynthOptions {
  /**
   * The directory the files are written to.
   * @default - the App's `outdir`
   */
  readonly outdir?: string;

  /**
   * How objects are divided into files, with cdk8s's file names:
   * `FILE_PER_CHART` writes `<chart>.k8s.yaml` (`0000-<chart>.k8s.yaml` when
   * charts depend on each other), `FOLDER_PER_CHART_FILE_PER_RESOURCE` writes
   * `<chart>/<Kind>.<name>.k8s.yaml`, `FILE_PER_RESOURCE` writes
   * `<Kind>.<name>.k8s.yaml` and `FILE_PER_APP` writes `app.k8s.yaml`.
   * @default - the App's `yamlOutputType`
   */
  readonly layout?: YamlOutputType;

  /**
   * The extension of manifest files.
   * @default - the App's `outputFileExtension` (`.k8s.yaml` by default)
   */
  readonly outputFileExtension?: string;

  /**
   * Also write a `kustomization.yaml` that lists every manifest file in
   * apply order: by the first kind in this list that the file holds
   * (Namespace, CustomResourceDefinition, ServiceAccount, ClusterRole,
   * ClusterRoleBinding, Role, RoleBinding, Secret, ConfigMap, Service,
   * Deployment, StatefulSet, DaemonSet, PodDisruptionBudget,
   * HorizontalPodAutoscaler, GatewayClass, Gateway, ReferenceGrant, HTTPRoute,
   * GRPCRoute, TLSRoute, TCPRoute, UDPRoute, DestinationRule, then every other
   * kind); files of equal rank keep synthesis order, which puts chart
   * dependencies first.
   * @default false
   */
  readonly kustomization?: boolean;
}

/**
 * A synthesized file.
 */
export interface GitOpsFile {
  /** Path relative to the output directory, with `/` separators. */
  readonly path: string;
  /** The file's content: YAML documents separated by `---`. */
  readonly content: string;
}

/**
 * What `GitOpsSynth.synth()` wrote.
 */
export interface GitOpsSynthResult {
  /** The output directory. */
  readonly outdir: string;
  /**
   * The manifest files, relative to `outdir` with `/` separators, in the
   * order they were written (charts in dependency order).
   */
  readonly files: string[];
  /**
   * The kustomization file, relative to `outdir`.
   * @default - none written
   */
  readonly kustomizationFile?: string;
  /** The number of charts synthesized. */
  readonly chartCount: number;
  /** The number of Kubernetes objects synthesized. */
  readonly objectCount: number;
}

/** A file on its way out: its path and its objects as JSON. */
interface PendingFile {
  readonly path: string;
  readonly docs: any[];
}

/**
 * Synthesis whose cost grows linearly with the number of charts, for
 * GitOps repositories with hundreds or thousands of services (one chart
 * each).
 *
 * cdk8s 2 synthesizes each chart through `chart.toJson()`, which resolves
 * dependencies and runs every validation of the whole App again, once per
 * chart: with one chart per service the time grows roughly as N^2.6 (about
 * 2 s for 1,000 charts, 150 s for 5,000). `GitOpsSynth` runs the validations
 * once, resolves dependencies once, then renders each chart on its own, and
 * writes the same bytes as `app.synth()` and `app.synthYaml()`: same files,
 * same names (including the `0000-` index when charts depend on each other),
 * same object order.
 *
 * Each construct validation (`node.addValidation`) runs exactly once per
 * synthesis. A chart class that overrides `toJson()` is rendered through
 * its own `toJson()`, as cdk8s does, which runs the App's validations again
 * for that chart.
 *
 * @example
 * const app = new App({ outdir: 'deploy' });
 * for (const svc of services) new ServiceChart(app, svc.name, svc);
 * GitOpsSynth.synth(app, { kustomization: true });
 */
export class GitOpsSynth {
  /**
   * Validates the App once, then writes its manifests (and optionally a
   * `kustomization.yaml`) to the output directory. Throws
   * `Validation failed with the following errors:` and one `[path] message`
   * line per error, like cdk8s, when a validation fails; no file is written
   * then.
   */
  public static synth(app: App, options: GitOpsSynthOptions = {}): GitOpsSynthResult {
    const outdir = options.outdir ?? app.outdir;
    const written: string[] = [];
    const kinds = new Map<string, string[]>();
    const yaml = new YamlWriter();
    fs.mkdirSync(outdir, { recursive: true });
    const dirs = new Set<string>([outdir]);
    const stats = GitOpsSynth.generate(app, options, true, (file) => {
      const target = path.join(outdir, ...file.path.split('/'));
      const dir = path.dirname(target);
      if (!dirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        dirs.add(dir);
      }
      fs.writeFileSync(target, yaml.stringify(file.docs), { encoding: 'utf8' });
      if (!kinds.has(file.path)) written.push(file.path);
      kinds.set(file.path, file.docs.map((d) => d?.kind));
    });

    let kustomizationFile: string | undefined;
    if (options.kustomization) {
      if (kinds.has(KUSTOMIZATION_FILE)) {
        throw new Error(`a manifest file is named ${KUSTOMIZATION_FILE}; rename that chart or change outputFileExtension, or disable kustomization`);
      }
      const content = GitOpsSynth.kustomization(written.map((p) => ({ path: p, kinds: kinds.get(p)! })));
      fs.writeFileSync(path.join(outdir, KUSTOMIZATION_FILE), content, { encoding: 'utf8' });
      kustomizationFile = KUSTOMIZATION_FILE;
    }
    return { outdir, files: written, kustomizationFile, chartCount: stats.charts, objectCount: stats.objects };
  }

  /**
   * The files `synth()` would write, without writing them (construct
   * metadata is not included). Validates the App once, like `synth()`.
   */
  public static render(app: App, options: GitOpsSynthOptions = {}): GitOpsFile[] {
    const files = new Map<string, PendingFile>();
    GitOpsSynth.generate(app, options, false, (file) => files.set(file.path, file));
    const yaml = new YamlWriter();
    const result: GitOpsFile[] = [...files.values()].map((f) => ({ path: f.path, content: yaml.stringify(f.docs) }));
    if (options.kustomization) {
      if (files.has(KUSTOMIZATION_FILE)) {
        throw new Error(`a manifest file is named ${KUSTOMIZATION_FILE}; rename that chart or change outputFileExtension, or disable kustomization`);
      }
      const ranked = [...files.values()].map((f) => ({ path: f.path, kinds: f.docs.map((d) => d?.kind) }));
      result.push({ path: KUSTOMIZATION_FILE, content: GitOpsSynth.kustomization(ranked) });
    }
    return result;
  }

  /**
   * Every object of the App as one YAML string, the same bytes as
   * `app.synthYaml()`, with the validations run once.
   */
  public static synthYaml(app: App): string {
    return withRenderedJson(app, () => GitOpsSynth.yamlOf(app));
  }

  /**
   * Every object of the App as JSON, charts in dependency order, with the
   * validations run once: what `chart.toJson()` of each chart returns,
   * concatenated.
   */
  public static synthObjects(app: App): any[] {
    return withRenderedJson(app, () => GitOpsSynth.objectsOf(app));
  }

  private static yamlOf(app: App): string {
    const index = new AppIndex(app);
    // same order as cdk8s's synthYaml(): dependencies first, then validation
    index.resolveDependencies();
    index.validate();
    const yaml = new YamlWriter();
    const parts: string[] = [];
    for (const chart of index.charts()) {
      const docs = renderChart(index, chart);
      if (docs.length > 0) parts.push(yaml.stringify(docs));
    }
    return parts.join('---\n');
  }

  private static objectsOf(app: App): any[] {
    const index = new AppIndex(app);
    index.resolveDependencies();
    index.validate();
    const docs: any[] = [];
    for (const chart of index.charts()) {
      for (const doc of renderChart(index, chart)) docs.push(doc);
    }
    return docs;
  }

  /** Renders a kustomization listing files in apply order. */
  private static kustomization(files: Array<{ path: string; kinds: string[] }>): string {
    return Yaml.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: sortForApply(files),
    });
  }

  /**
   * Validates, resolves dependencies and emits each file once, with the
   * layout and names of cdk8s's `App.synth()`.
   */
  private static generate(
    app: App, options: GitOpsSynthOptions, withMetadata: boolean, emit: (file: PendingFile) => void,
  ): { charts: number; objects: number } {
    // the analysis renders each object's JSON once; the files are written from that same JSON
    return withRenderedJson(app, () => GitOpsSynth.emitFiles(app, options, withMetadata, emit));
  }

  private static emitFiles(
    app: App, options: GitOpsSynthOptions, withMetadata: boolean, emit: (file: PendingFile) => void,
  ): { charts: number; objects: number } {
    const layout = options.layout ?? app.yamlOutputType;
    const ext = options.outputFileExtension ?? app.outputFileExtension;
    const index = new AppIndex(app);
    // same order as cdk8s's synth(): validation first, then dependencies
    index.validate();
    const indexed = index.resolveDependencies();
    const charts = index.charts();
    let objects = 0;
    const chartName = (chart: Chart, i: number) => indexed
      ? `${i.toString().padStart(4, '0')}-${Names.toDnsLabel(chart)}`
      : Names.toDnsLabel(chart);

    switch (layout) {
      case YamlOutputType.FILE_PER_APP: {
        const docs: any[] = [];
        for (const chart of charts) {
          for (const doc of renderChart(index, chart)) docs.push(doc);
        }
        objects = docs.length;
        if (charts.length > 0) emit({ path: `app${ext}`, docs });
        break;
      }
      case YamlOutputType.FILE_PER_CHART:
        charts.forEach((chart, i) => {
          const docs = renderChart(index, chart);
          objects += docs.length;
          emit({ path: chartName(chart, i) + ext, docs });
        });
        break;
      case YamlOutputType.FILE_PER_RESOURCE:
        for (const chart of charts) {
          for (const doc of renderChart(index, chart)) {
            if (doc === undefined) continue;
            objects++;
            emit({ path: resourceFileName(doc.kind, doc.metadata.name) + ext, docs: [doc] });
          }
        }
        break;
      case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
        charts.forEach((chart, i) => {
          const folder = chartName(chart, i);
          for (const obj of index.chartObjects(chart)) {
            objects++;
            emit({ path: `${folder}/${resourceFileName(obj.kind, obj.metadata.name)}${ext}`, docs: [takeJson(obj)] });
          }
        });
        break;
      default:
        throw new Error(`unknown layout ${layout}; use a YamlOutputType`);
    }

    if (withMetadata && (app as any).recordConstructMetadata === true) {
      writeConstructMetadata(options.outdir ?? app.outdir, charts.flatMap((c) => index.chartObjects(c)));
    }
    return { charts: charts.length, objects };
  }

  private constructor() {}
}

/** cdk8s's per-resource file name: `<Kind>.<name>` without unsafe characters. */
function resourceFileName(kind: string, name: string | undefined): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/**
 * A chart's objects as JSON, like `chart.toJson()` but without validating
 * and resolving the whole App again. A chart class that overrides `toJson()`
 * is asked directly, as cdk8s does.
 */
function renderChart(index: AppIndex, chart: Chart): any[] {
  if (overridesToJson(chart)) {
    return Object.values(chart.toJson());
  }
  return index.chartObjects(chart).map(takeJson);
}

/** Whether the chart's class (or a base below cdk8s's Chart) defines its own `toJson`. */
function overridesToJson(chart: Chart): boolean {
  let proto = Object.getPrototypeOf(chart);
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'toJson')) {
    proto = Object.getPrototypeOf(proto);
  }
  if (!proto) return false;
  const ctor = proto.constructor;
  const own = ctor && Object.prototype.hasOwnProperty.call(ctor, JSII_RTTI) ? ctor[JSII_RTTI] : undefined;
  return own?.fqn !== 'cdk8s.Chart';
}

/** cdk8s's `construct-metadata.json`: each object's name and construct path. */
function writeConstructMetadata(outdir: string, objects: ApiObject[]): void {
  const resources: { [name: string]: { path: string } } = {};
  for (const o of objects) {
    resources[o.name] = { path: o.node.path };
  }
  fs.writeFileSync(path.join(outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
}
