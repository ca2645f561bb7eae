/*
 * Printing helpers of the TypeScript emitter (`migrate --emit typescript`):
 * JavaScript literals, raw code fragments, identifiers and the import list.
 */

/** A code fragment printed as is inside a literal. */
export class Code {
  constructor(public readonly text: string) {}
}

/** A code fragment. */
export function code(text: string): Code {
  return new Code(text);
}

const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'app', 'undefined', 'require',
  'module', 'exports', 'process', 'console',
]);
const MAX_INLINE = 100;

/** A single-quoted TypeScript string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** An object key: bare when it is an identifier. */
function key(k: string): string {
  return IDENTIFIER_RE.test(k) ? k : str(k);
}

/**
 * A value as TypeScript source: `undefined` entries of objects are left
 * out, keys keep their order, short values stay on one line.
 * @param indent the indentation of the line the value starts on
 */
export function lit(value: any, indent = ''): string {
  if (value instanceof Code) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => lit(v, inner));
    const oneLine = `[${items.join(', ')}]`;
    if (oneLine.length + indent.length <= MAX_INLINE && !oneLine.includes('\n')) return oneLine;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${key(k)}: ${lit(v, inner)}`);
    const oneLine = `{ ${items.join(', ')} }`;
    if (oneLine.length + indent.length <= MAX_INLINE && !oneLine.includes('\n')) return oneLine;
    return `{\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`cannot print ${typeof value} as TypeScript`);
}

/** A camelCase identifier for a Kubernetes name, e.g. `bookinfo-gateway` -> `bookinfoGateway`. */
export function camel(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0);
  let id = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  if (id === '') id = 'x';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return id;
}

/** Hands out unique identifiers (variables), avoiding reserved words and the imported names. */
export class Identifiers {
  private readonly taken = new Set<string>(RESERVED);

  /** Reserves names that must not be used for variables (imports). */
  public reserve(...names: string[]): void {
    for (const n of names) this.taken.add(n);
  }

  /** The first free name among the candidates, else the last one with a number. */
  public claim(...candidates: string[]): string {
    for (const c of candidates) {
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
    const base = candidates[candidates.length - 1];
    for (let n = 2; ; n++) {
      if (!this.taken.has(`${base}${n}`)) {
        this.taken.add(`${base}${n}`);
        return `${base}${n}`;
      }
    }
  }
}

/** Unique construct ids within one scope. */
export class ConstructIds {
  private readonly taken = new Map<string, Set<string>>();

  /** A free id in `scope`: `wanted`, else `<fallback>`, else numbered. */
  public claim(scope: string, wanted: string, fallback: string): string {
    let set = this.taken.get(scope);
    if (!set) {
      set = new Set();
      this.taken.set(scope, set);
    }
    for (const c of [wanted, fallback]) {
      if (!set.has(c)) {
        set.add(c);
        return c;
      }
    }
    for (let n = 2; ; n++) {
      if (!set.has(`${fallback}-${n}`)) {
        set.add(`${fallback}-${n}`);
        return `${fallback}-${n}`;
      }
    }
  }
}

/** The names imported from each module, printed sorted. */
export class Imports {
  private readonly modules = new Map<string, Set<string>>();

  /** Records that `name` is imported from `module`; returns `name`. */
  public use(module: string, name: string): string {
    let set = this.modules.get(module);
    if (!set) {
      set = new Set();
      this.modules.set(module, set);
    }
    set.add(name);
    return name;
  }

  /** The import statements, in the order `modules` lists them. */
  public render(modules: string[]): string[] {
    const lines: string[] = [];
    for (const m of modules) {
      const names = [...this.modules.get(m) ?? []].sort();
      if (names.length === 0) continue;
      const one = `import { ${names.join(', ')} } from ${str(m)};`;
      lines.push(one.length <= 120 ? one : `import {\n  ${wrap(`${names.join(', ')},`, 116).join('\n  ')}\n} from ${str(m)};`);
    }
    return lines;
  }
}

function wrap(text: string, width: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A GEP-2257 / Go duration (`1h30m`, `500ms`, `2.5s`) in milliseconds, or undefined when not one. */
export function durationMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const re = /([0-9]+(?:\.[0-9]+)?)(h|ms|m|s)/gy;
  const unit: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    total += parseFloat(m[1]) * unit[m[2]];
    end = re.lastIndex;
  }
  if (end !== value.length) return undefined;
  const rounded = Math.round(total);
  return Math.abs(rounded - total) < 1e-6 ? rounded : undefined;
}
