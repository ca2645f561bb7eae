import * as fs from 'fs';
import * as yamlModule from 'yaml'; // only its types: the module loads on first use (yamlLibrary)
import { Manifest } from './manifest';
import { yamlLibrary } from '../internal/yaml-library';

/** A file's documents with the line of each offset, parsed once. */
interface ParsedFile {
  readonly docs: Array<yamlModule.Node | null>;
  readonly lineAt: (offset: number) => number;
}

/** The largest file re-read to find a field's line (the limit `ManifestSet.fromPaths` applies by default). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The line of a field inside an object read from a YAML file, e.g. the line
 * of `spec.http[0].match[1].uri.prefix`. Reading manifests keeps no syntax
 * tree (memory holds only objects), so the file is parsed again here, once
 * per file, when a message needs a field's line.
 */
export class FieldLines {
  private readonly files = new Map<string, ParsedFile | undefined>();

  /**
   * The 1-based line of `path` (dots and `[i]`, as findings write it) in the
   * object, or of the deepest part of it that is written; the object's own
   * line when the file cannot be read again or the object is not found.
   */
  public lineOf(m: Manifest, path: string): number | undefined {
    if (m.line === undefined) return undefined;
    const parsed = this.file(m.source);
    const root = parsed && findObject(parsed, m.line);
    if (!parsed || !root) return m.line;
    let node: yamlModule.Node = root;
    let line = m.line;
    for (const segment of segments(path)) {
      if (typeof segment === 'number' && yamlLibrary().isSeq(node)) {
        const item = node.items[segment];
        if (!item || typeof item !== 'object' || !('range' in item) || !(item as yamlModule.Node).range) break;
        node = item as yamlModule.Node;
        line = parsed.lineAt(node.range![0]);
      } else if (typeof segment === 'string' && yamlLibrary().isMap(node)) {
        const pair = node.items.find((p) => (p.key as any)?.value === segment);
        const key = pair?.key as yamlModule.Node | undefined;
        if (!pair || !key?.range) break;
        line = parsed.lineAt(key.range[0]);
        const value = pair.value as yamlModule.Node | null;
        if (!value || !value.range) break;
        node = value;
      } else {
        break;
      }
    }
    return line;
  }

  private file(source: string): ParsedFile | undefined {
    if (!this.files.has(source)) this.files.set(source, parseFile(source));
    return this.files.get(source);
  }
}

function parseFile(source: string): ParsedFile | undefined {
  const { Composer, LineCounter, Parser } = yamlLibrary(); // outside the try: a failure to load yaml is not a file problem
  try {
    const stat = fs.statSync(source);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    const text = fs.readFileSync(source, 'utf8');
    const lines = new LineCounter();
    const parsed = new Composer({ prettyErrors: false }).compose(new Parser(lines.addNewLine).parse(text));
    const docs = [...parsed].map((d) => d.contents as yamlModule.Node | null);
    return { docs, lineAt: (offset: number) => lines.linePos(offset).line };
  } catch {
    return undefined;
  }
}

/** The document (or `List` item) that starts at `line`. */
function findObject(parsed: ParsedFile, line: number): yamlModule.Node | undefined {
  for (const doc of parsed.docs) {
    if (!doc?.range) continue;
    if (parsed.lineAt(doc.range[0]) === line) return doc;
    const { isMap, isSeq } = yamlLibrary();
    const items = isMap(doc) ? doc.get('items', true) : undefined;
    if (isSeq(items)) {
      const item = items.items.find((i) => (i as yamlModule.Node)?.range && parsed.lineAt((i as yamlModule.Node).range![0]) === line);
      if (item) return item as yamlModule.Node;
    }
  }
  return undefined;
}

/** `spec.http[0].match` -> `['spec', 'http', 0, 'match']`. */
function segments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1] !== '') out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
