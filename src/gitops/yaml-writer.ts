import { Yaml } from 'cdk8s';

/**
 * Plain scalars that need no quoting under YAML 1.1: a letter, then letters,
 * digits and `_ . / -`, except the words YAML 1.1 reads as booleans or null
 * and exponents (`e5`: yaml's 1.1 float `[eE][-+]?[0-9]+` with no mantissa).
 * Anything else is asked of cdk8s's `Yaml.stringify()` (and remembered).
 */
const SAFE_PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const EXPONENT = /^[eE][-+]?[0-9]+$/;
const YAML_11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);

/** How many distinct scalars a writer remembers before it starts over. */
const CACHE_LIMIT = 200_000;

/** Thrown inside a document the fast path does not render; that document goes through `yaml`. */
const UNSUPPORTED = Symbol('unsupported');

/**
 * Writes JSON values as YAML, byte for byte what cdk8s's `Yaml.stringify()`
 * writes, without building a `yaml` Document per object.
 *
 * `Yaml.stringify()` builds a node tree for every object and walks it again
 * to print; for a GitOps synth of thousands of charts that allocation is
 * most of the synth's time and its garbage. This writer prints block maps
 * and sequences directly, and takes the text of each distinct scalar from
 * `yaml` itself (so quoting follows `yaml`'s YAML 1.1 rules exactly, once
 * per distinct string), except for plain words that need no quoting. A
 * document it does not render identically (a multi-line string, an object
 * that appears twice and would get an anchor, a value that is not plain
 * JSON, a key `yaml` writes in explicit `? ` form) is handed to
 * `Yaml.stringify()` whole.
 *
 * Module-internal: not exported from the package.
 */
export class YamlWriter {
  private readonly values = new Map<unknown, string | null>();
  private readonly keys = new Map<string, string | null>();
  private readonly indentedKeys = new Map<string, string | null>();
  private seen = new Set<object>();

  /** The documents as `Yaml.stringify(...docs)` writes them. */
  public stringify(docs: readonly any[]): string {
    return docs.map((doc) => this.document(doc)).join('---\n');
  }

  private document(doc: any): string {
    if (doc === undefined) return '\n';
    this.seen = new Set();
    try {
      const out: string[] = [];
      // a scalar document may need quotes it does not need as a value (`---`)
      if (!isContainer(doc)) return Yaml.stringify(doc);
      if (isEmpty(doc)) return Array.isArray(doc) ? '[]\n' : '{}\n';
      this.block(doc, '', out, false);
      return out.join('');
    } catch (e) {
      if (e !== UNSUPPORTED) throw e;
      return Yaml.stringify(doc);
    }
  }

  /**
   * A non-empty map or sequence, each line starting with `indent`, except
   * the first when it continues a sequence item's `- `.
   */
  private block(value: object, indent: string, out: string[], continued: boolean): void {
    if (this.seen.has(value)) throw UNSUPPORTED; // yaml writes an anchor and an alias
    this.seen.add(value);
    let first = continued;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!first) out.push(indent);
        first = false;
        out.push('- ');
        this.item(value[i], indent, out);
      }
      return;
    }
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      // a key at the start of a line may need quotes it does not need indented or after "- " (`---`)
      const atLineStart = !first && indent === '';
      if (!first) out.push(indent);
      first = false;
      out.push(this.key(key, atLineStart), ':');
      const item = map[key];
      if (isContainer(item) && !isEmpty(item)) {
        out.push('\n');
        this.block(item, indent + '  ', out, false);
      } else {
        out.push(' ');
        this.inline(item, out);
      }
    }
  }

  /**
   * A sequence item after `- `: a scalar or empty collection on the line, a
   * map or sequence with its first entry on the line and the rest indented.
   */
  private item(item: unknown, indent: string, out: string[]): void {
    if (isContainer(item) && !isEmpty(item)) this.block(item, indent + '  ', out, true);
    else this.inline(item, out);
  }

  /** A scalar or an empty collection, then the end of the line. */
  private inline(item: unknown, out: string[]): void {
    if (!isContainer(item)) {
      out.push(this.scalar(item), '\n');
      return;
    }
    if (this.seen.has(item)) throw UNSUPPORTED;
    this.seen.add(item);
    out.push(Array.isArray(item) ? '[]\n' : '{}\n');
  }

  private scalar(value: unknown): string {
    if (value === null || value === undefined) return 'null';
    switch (typeof value) {
      case 'boolean': return value ? 'true' : 'false';
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
        return this.asked(value);
      case 'string':
        if (isSafePlain(value)) return value;
        return this.asked(value);
      default: throw UNSUPPORTED;
    }
  }

  /** The text `yaml` writes for a scalar as a block map value, if it fits on one line. */
  private asked(value: number | string): string {
    let text = this.values.get(value);
    if (text === undefined) {
      const line = Yaml.stringify({ a: value });
      text = line.startsWith('a: ') && line.indexOf('\n') === line.length - 1 ? line.slice(3, -1) : null;
      remember(this.values, value, text);
    }
    if (text === null) throw UNSUPPORTED;
    return text;
  }

  /** The text `yaml` writes for a map key, at the start of a line or indented. */
  private key(key: string, atLineStart: boolean): string {
    if (isSafePlain(key)) return key;
    const cache = atLineStart ? this.keys : this.indentedKeys;
    let text = cache.get(key);
    if (text === undefined) {
      const prefix = atLineStart ? '' : 'x:\n  ';
      const lines = Yaml.stringify(atLineStart ? { [key]: 1 } : { x: { [key]: 1 } });
      const line = lines.startsWith(prefix) ? lines.slice(prefix.length) : '';
      text = !line.startsWith('? ') && line.endsWith(': 1\n') && line.indexOf('\n') === line.length - 1 ? line.slice(0, -4) : null;
      remember(cache, key, text);
    }
    if (text === null) throw UNSUPPORTED;
    return text;
  }
}

/** yaml writes a key longer than 1024 characters as an explicit `? key`. */
const MAX_PLAIN_LENGTH = 1000;

function isSafePlain(s: string): boolean {
  return s.length <= MAX_PLAIN_LENGTH && SAFE_PLAIN.test(s) && !YAML_11_WORDS.has(s) && !EXPONENT.test(s);
}

function remember<K>(cache: Map<K, string | null>, key: K, text: string | null): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, text);
}

/** A plain JSON object or array; anything else with `typeof` object is not plain JSON. */
function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  throw UNSUPPORTED;
}

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  }
  return true;
}
