/** CEL reserved words: Kubernetes exposes properties named like these as `__word__`. */
const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** Escaped names by name; bounded, since map keys of objects (labels, annotations) are names too. */
const NAMES = new Map<string, string | undefined>();
const MAX_CACHED = 10_000;

/**
 * The name under which Kubernetes exposes an object property to CEL
 * (`namespace` is `__namespace__`, `a.b` is `a__dot__b`, ...).
 * Returns undefined for names CEL cannot reach.
 */
export function celPropertyName(name: string): string | undefined {
  // the same few hundred property names recur in every object: escape each once
  if (NAMES.has(name)) return NAMES.get(name);
  const escaped = escape(name);
  if (NAMES.size < MAX_CACHED) NAMES.set(name, escaped);
  return escaped;
}

function escape(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
}
