import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Manifest } from './manifest';
import { renderedJson } from './rendered-json';
import { compactChildTables } from '../internal/child-tables';
import { yamlLibrary } from '../internal/yaml-library';

/**
 * Options for reading manifests.
 */
export interface ManifestSetOptions {
  /**
   * The namespace assumed for namespaced objects that do not name one.
   * @default 'default'
   */
  readonly defaultNamespace?: string;

  /**
   * The largest file `fromPaths` reads, in bytes. A larger file is refused
   * with an error before it is read.
   * @default ManifestSet.DEFAULT_MAX_FILE_BYTES (64 MiB)
   */
  readonly maxFileBytes?: number;
}

/** Kinds that are cluster-scoped among those the library reads. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'GatewayClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'XMesh', 'PersistentVolume', 'StorageClass',
]);

/**
 * A file `ManifestSet.fromPaths` found in a directory and did not read.
 */
export interface SkippedFile {
  /** The file's path. */
  readonly path: string;
  /** Why it was skipped, e.g. `it is a Helm template, ...`. */
  readonly reason: string;
}

/**
 * The shared model of Kubernetes objects that analysis and simulation read:
 * loaded from a cdk8s App, from plain objects or from YAML files, and indexed
 * by kind, namespace and name. It never looks at construct internals, so it
 * behaves the same on an App and on any YAML in a GitOps repository.
 */
export class ManifestSet {
  /** The largest file `fromPaths` reads by default: 64 MiB. */
  public static readonly DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

  /**
   * Every ApiObject of an App (or of any construct tree), resolved, in
   * construct-tree order. Each manifest remembers its construct path.
   */
  public static fromApp(root: IConstruct, options: ManifestSetOptions = {}): ManifestSet {
    const manifests: Manifest[] = [];
    const constructs = root.node.findAll();
    compactChildTables(constructs); // keeps rendering linear in the number of charts
    for (const c of constructs) {
      if (ApiObject.isApiObject(c)) {
        manifests.push(Manifest.of(renderedJson(c), 'app', c.node.path));
      }
    }
    return new ManifestSet(manifests, options);
  }

  /**
   * Plain objects, e.g. parsed YAML. Nulls (empty YAML documents) are skipped.
   * @param source a label for messages, e.g. a file name
   */
  public static fromObjects(objects: any[], source: string = 'input', options: ManifestSetOptions = {}): ManifestSet {
    return new ManifestSet(objects.filter((o) => o != null).map((o) => Manifest.of(o, source)), options);
  }

  /**
   * A multi-document YAML string. `List` objects are flattened. Throws on
   * invalid YAML and on a document that is not a Kubernetes object, with
   * `source:line` in the message.
   * @param source a label for messages, e.g. a file name
   */
  public static fromYaml(text: string, source: string = 'input', options: ManifestSetOptions = {}): ManifestSet {
    const parsed = parseYaml(text, source);
    if (parsed.foreignLine !== undefined) throw notKubernetes(source, parsed.foreignLine);
    return new ManifestSet(parsed.manifests, options);
  }

  /**
   * YAML files, and every `.yaml`/`.yml` file below the given directories
   * (sorted, so the order is stable).
   *
   * A file found in a directory in which no document is a Kubernetes object
   * (a CI workflow, a Helm values file) is skipped and listed in
   * `skippedFiles`; a file named in `paths` must hold Kubernetes objects.
   * Throws, with one line naming the file, when a path cannot be read, is not
   * a regular file or directory (a FIFO, a device), is larger than
   * `maxFileBytes`, holds invalid YAML (with the line), or mixes Kubernetes
   * objects with other documents. Memory holds one file's text and the
   * objects read so far, never a whole syntax tree.
   */
  public static fromPaths(paths: string[], options: ManifestSetOptions = {}): ManifestSet {
    const maxFileBytes = options.maxFileBytes ?? ManifestSet.DEFAULT_MAX_FILE_BYTES;
    if (!(maxFileBytes > 0)) {
      throw new Error(`maxFileBytes must be a positive number of bytes, got ${maxFileBytes}`);
    }
    const manifests: Manifest[] = [];
    const files: string[] = [];
    const skipped: SkippedFile[] = [];
    for (const file of expandPaths(paths)) {
      files.push(file.path);
      if (!file.explicit) {
        const special = specialFileProblem(file.path);
        if (special) {
          skipped.push({ path: file.path, reason: special });
          continue;
        }
      }
      const text = readRegularFile(file.path, maxFileBytes);
      let parsed: ParsedYaml;
      try {
        parsed = parseYaml(text, file.path);
      } catch (e) {
        // a Helm chart's templates are not YAML until rendered
        if (file.explicit || !isHelmTemplate(file.path, text)) throw e;
        skipped.push({ path: file.path, reason: 'it is a Helm template, not YAML until rendered (run helm template and validate its output)' });
        continue;
      }
      if (parsed.foreignLine !== undefined) {
        if (file.explicit || parsed.manifests.length > 0) throw notKubernetes(file.path, parsed.foreignLine);
        skipped.push({ path: file.path, reason: 'no document in it is a Kubernetes object (apiVersion and kind missing)' });
        continue;
      }
      for (const m of parsed.manifests) manifests.push(m);
    }
    return new ManifestSet(manifests, options, files, skipped);
  }

  /** The namespace assumed for namespaced objects that do not name one. */
  public readonly defaultNamespace: string;
  /**
   * The files `fromPaths` read, skipped ones included, in reading order;
   * empty for sets not read from files.
   */
  public readonly files: string[];
  /**
   * Files `fromPaths` found in a directory and skipped, with the reason: no
   * document in them is a Kubernetes object (a CI workflow, a Helm values
   * file), a Helm template, or not a regular file (a FIFO, a socket).
   */
  public readonly skipped: SkippedFile[];
  private readonly _all: Manifest[];
  private readonly byKey = new Map<string, Manifest>();
  private readonly byKind = new Map<string, Manifest[]>();

  private constructor(manifests: Manifest[], options: ManifestSetOptions, files: string[] = [], skipped: SkippedFile[] = []) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.files = files;
    this.skipped = skipped;
    this._all = manifests;
    for (const m of manifests) {
      this.byKey.set(this.key(m.kind, m.group, this.namespaceOf(m), m.name), m);
      const list = this.byKind.get(m.kind) ?? [];
      list.push(m);
      this.byKind.set(m.kind, list);
    }
  }

  /**
   * The same set without the manifests `exclude` selects (same files and
   * options).
   * @internal
   */
  public _without(exclude: (m: Manifest) => boolean): ManifestSet {
    return new ManifestSet(this._all.filter((m) => !exclude(m)), { defaultNamespace: this.defaultNamespace }, this.files, this.skipped);
  }

  /** The paths of the `skipped` files. */
  public get skippedFiles(): string[] {
    return this.skipped.map((f) => f.path);
  }

  /** Every manifest, in input order. */
  public get all(): Manifest[] {
    return [...this._all];
  }

  /**
   * Manifests of one kind, in input order.
   * @param group only this API group
   * @default - any group
   */
  public ofKind(kind: string, group?: string): Manifest[] {
    const list = this.byKind.get(kind) ?? [];
    return group === undefined ? [...list] : list.filter((m) => m.group === group);
  }

  /**
   * One object by kind, group, namespace and name.
   * @param namespace ignored for cluster-scoped kinds
   * @returns undefined when absent
   */
  public find(kind: string, group: string, namespace: string, name: string): Manifest | undefined {
    return this.byKey.get(this.key(kind, group, CLUSTER_SCOPED.has(kind) ? '' : namespace, name));
  }

  /**
   * The namespace an object lives in: its own, the default namespace when it
   * names none, `''` for cluster-scoped kinds.
   */
  public namespaceOf(m: Manifest): string {
    if (CLUSTER_SCOPED.has(m.kind)) return '';
    return m.namespaceOr(this.defaultNamespace);
  }

  /** The labels of a Namespace found in the set (plus `kubernetes.io/metadata.name`), or undefined. */
  public namespaceLabels(namespace: string): Record<string, string> | undefined {
    const ns = this.find('Namespace', '', '', namespace);
    if (!ns) return undefined;
    return { ...(ns.object.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': namespace };
  }

  private key(kind: string, group: string, namespace: string, name: string): string {
    return `${group}|${kind}|${namespace}|${name}`;
  }
}


/** One YAML text read into manifests. */
interface ParsedYaml {
  /** The Kubernetes objects, `List` items flattened. */
  readonly manifests: Manifest[];
  /** The line of the first document (or List item) that is not a Kubernetes object, if any. */
  readonly foreignLine?: number;
}

/**
 * Parses a multi-document YAML text one document at a time: each document is
 * converted to plain JavaScript and its syntax tree dropped before the next
 * one is read, so memory holds the text and the objects, never the whole
 * tree. Loops only (no recursion, no spread of large arrays), so a file of
 * hundreds of thousands of documents does not exhaust the call stack.
 */
function parseYaml(text: string, source: string): ParsedYaml {
  const manifests: Manifest[] = [];
  let foreignLine: number | undefined;
  const { Composer, isMap, isSeq, LineCounter, Parser } = yamlLibrary();
  const lines = new LineCounter();
  // an error at the end of the input points at the last line with content, not the empty line after it
  const lastContent = Math.max(text.trimEnd().length - 1, 0);
  const lineAt = (offset: number) => lines.linePos(Math.min(offset, lastContent)).line;
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined, fallback: number) =>
    (node?.range ? lineAt(node.range[0]) : fallback);
  const add = (obj: any, line: number) => {
    if (isKubernetesObject(obj)) {
      manifests.push(Manifest.of(obj, source, undefined, line));
    } else if (foreignLine === undefined) {
      foreignLine = line;
    }
  };
  const docs = new Composer({ prettyErrors: false }).compose(new Parser(lines.addNewLine).parse(text));
  for (const doc of iterate(docs, source, lineAt)) {
    const start = doc.range ? lineAt(doc.range[0]) : 1;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const what = /call stack/i.test(err.message) ? 'nested too deeply to parse' : oneLine(err.message);
      throw new Error(`${source}:${lineAt(err.pos[0])}: invalid YAML: ${what}`);
    }
    let obj: any;
    try {
      obj = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new Error(`${source}:${lineOf(doc.contents, start)}: invalid YAML: ${describeParseFailure(e)}`);
    }
    if (obj == null) continue;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      const itemNodes = isSeq(items) ? items.items : [];
      for (let i = 0; i < obj.items.length; i++) {
        add(obj.items[i], lineOf(itemNodes[i] as any, lineOf(doc.contents, start)));
      }
    } else {
      add(obj, lineOf(doc.contents, start));
    }
  }
  return { manifests, foreignLine };
}

/**
 * The documents of a stream; a failure of the parser itself (e.g. nesting so
 * deep that it exhausts the stack) becomes one error line.
 */
function* iterate<T>(docs: Iterator<T>, source: string, lineAt: (offset: number) => number): Generator<T> {
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = docs.next();
    } catch (e) {
      throw new Error(`${source}:${lineAt(Number.MAX_SAFE_INTEGER)}: invalid YAML: ${describeParseFailure(e)}`);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** A failure of the YAML library itself, in one line. */
function describeParseFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'nested too deeply to parse';
  return oneLine(e instanceof Error ? e.message : String(e));
}

function isKubernetesObject(obj: any): boolean {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj)
    && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string';
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function notKubernetes(source: string, line: number): Error {
  return new Error(`${source}:${line}: not a Kubernetes object (apiVersion and kind are required)`);
}

/** A file to read, and whether it was named on the command line (strict) or found in a directory (skippable). */
interface InputFile {
  readonly path: string;
  readonly explicit: boolean;
}

/**
 * The files to read: each path that is a file, and every `.yaml`/`.yml`
 * file below each directory, in sorted depth-first order. Walks with an
 * explicit stack (deep trees do not exhaust the call stack) and enters each
 * directory once (symbolic link loops do not hang). Never opens anything:
 * special files are refused when read.
 */
function expandPaths(paths: string[]): InputFile[] {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const st = statOf(p);
    if (!st.isDirectory()) {
      files.push({ path: p, explicit: true });
      continue;
    }
    const stack: string[] = [p];
    while (stack.length > 0) {
      const current = stack.pop()!;
      const cst = statOf(current);
      if (!cst.isDirectory()) {
        files.push({ path: current, explicit: false });
        continue;
      }
      const id = `${cst.dev}:${cst.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const entries = readDir(current).sort();
      for (let i = entries.length - 1; i >= 0; i--) {
        const full = path.join(current, entries[i]);
        const est = tryStat(full);
        if (!est && /\.ya?ml$/.test(entries[i])) {
          statOf(full); // a YAML file that cannot be read: say why
        }
        if (est?.isDirectory()) {
          stack.push(full);
        } else if (/\.ya?ml$/.test(entries[i])) {
          stack.push(full);
        }
      }
    }
  }
  return files;
}

function statOf(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e) {
    throw new Error(`cannot read ${shortPath(p)}: ${describeFsError(e)}`);
  }
}

/** The stats of a directory entry; undefined for a dangling link. Any other error is reported. */
function tryStat(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    if ((e as { code?: string })?.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${shortPath(p)}: ${describeFsError(e)}`);
  }
}

/** Why a file found in a directory is not a regular file, or undefined when it is one. */
function specialFileProblem(p: string): string | undefined {
  const st = statOf(p);
  return st.isFile() ? undefined : `it is ${describeFileType(st)}, not a regular file`;
}

/** Whether a file that is not valid YAML is a Helm template: `{{ ... }}` actions, or a `templates/` file of a chart. */
function isHelmTemplate(p: string, text: string): boolean {
  if (/\{\{-?\s/.test(text)) return true;
  const parts = path.resolve(p).split(path.sep);
  const t = parts.lastIndexOf('templates');
  return t > 0 && fs.existsSync(path.join(parts.slice(0, t).join(path.sep) || path.sep, 'Chart.yaml'));
}

/** A path short enough for a one-line message: very long ones keep their start and end. */
function shortPath(p: string): string {
  return p.length <= 240 ? p : `${p.slice(0, 100)}...${p.slice(-100)}`;
}

function readDir(p: string): string[] {
  try {
    return fs.readdirSync(p);
  } catch (e) {
    throw new Error(`cannot read ${shortPath(p)}: ${describeFsError(e)}`);
  }
}

/**
 * Reads a regular file of at most `maxBytes` bytes as UTF-8. Opens without
 * blocking and checks the opened file, so a FIFO, a device such as
 * `/dev/zero` or an oversized file is refused at once instead of hanging or
 * filling memory.
 */
function readRegularFile(p: string, maxBytes: number): string {
  checkRegularFile(p, statOf(p), maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new Error(`cannot read ${shortPath(p)}: ${describeFsError(e)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    checkRegularFile(p, st, maxBytes);
    // read at most maxBytes + 1 bytes: a file that grows, or reports a size of 0 like /proc files, is still capped
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 65536, maxBytes + 1 - total));
      const n = chunk.length === 0 ? 0 : fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new Error(`cannot read ${shortPath(p)}: it has more than the limit of ${maxBytes} bytes per file; split it or raise the limit`);
      }
    }
    return (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function checkRegularFile(p: string, st: fs.Stats, maxBytes: number): void {
  if (!st.isFile()) {
    throw new Error(`cannot read ${shortPath(p)}: it is ${describeFileType(st)}, not a regular file; pass YAML files or directories`);
  }
  if (st.size > maxBytes) {
    throw new Error(`cannot read ${shortPath(p)}: it has ${st.size} bytes, more than the limit of ${maxBytes} bytes per file; split it or raise the limit`);
  }
}

function describeFileType(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'a special file';
}

function describeFsError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  switch (err?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENOTDIR': return 'a path component is not a directory';
    case 'EISDIR': return 'it is a directory';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'ENAMETOOLONG': return 'the path is too long';
    default: return oneLine(err?.code ? `${err.code}` : err?.message ?? String(e));
  }
}
