import { JsonSchema } from './schema-types';

/** Appends a field name to a `spec.listeners[1].tls` style path; odd names as `["a.b/c"]`. */
export function joinPath(path: string, name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path ? `${path}.${name}` : name;
}

/** Appends a CEL rule's `fieldPath` (`.spec.x`, `[0]`) to a path. */
export function joinFieldPath(path: string, fieldPath: string): string {
  const rel = fieldPath.replace(/^\./, '');
  if (!rel) return path;
  if (rel.startsWith('[')) return `${path}${rel}`;
  return path ? `${path}.${rel}` : rel;
}

/** The schema at a concrete field path (`spec.rules[0].retry`), or undefined when it declares no such field. */
export function schemaAt(root: JsonSchema, path: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = root;
  for (const m of path.matchAll(/\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (!s) return undefined;
    if (m[2] !== undefined) {
      s = s.items;
    } else {
      const name: string = m[1] ?? JSON.parse(m[3]);
      s = s.properties?.[name] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    }
  }
  return s;
}
