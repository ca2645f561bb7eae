import { JsonSchema } from './schema-types';

/**
 * The value with the structural defaults the API server applies before it
 * validates: `null` in a non-nullable field is dropped, then every absent
 * property with a `default` gets a copy of it, recursively (also inside
 * defaulted values, list items and map values).
 *
 * `value` is never changed: where nothing is defaulted the result shares it,
 * and only the objects and lists on the path to a change are copied. (A
 * whole deep copy of every manifest was a tenth of validation's time.)
 */
export function withDefaults(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!schema.items) return value;
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const d = withDefaults(item, schema.items);
      if (d !== item) {
        copy ??= value.slice();
        copy[i] = d;
      }
    });
    return copy ?? value;
  }
  const obj = value as { [key: string]: unknown };
  let copy: { [key: string]: unknown } | undefined;
  const set = (name: string, v: unknown) => {
    copy ??= { ...obj };
    copy[name] = v;
  };
  const props = schema.properties ?? {};
  for (const [name, propSchema] of Object.entries(props)) {
    let v = (copy ?? obj)[name];
    if (v === null && !propSchema.nullable) {
      copy ??= { ...obj };
      delete copy[name];
      v = undefined;
    }
    if (v === undefined && propSchema.default !== undefined) {
      v = cloneJson(propSchema.default);
      set(name, v);
    }
    if (v !== undefined) {
      const d = withDefaults(v, propSchema);
      if (d !== v) set(name, d);
    }
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    for (const [name, v] of Object.entries(copy ?? obj)) {
      if (name in props) continue;
      const d = withDefaults(v, additional);
      if (d !== v) set(name, d);
    }
  }
  return copy ?? obj;
}

/** A deep copy of plain JSON data (a schema default). */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as unknown as T;
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value as { [key: string]: unknown })) out[k] = cloneJson(v);
  return out as T;
}
