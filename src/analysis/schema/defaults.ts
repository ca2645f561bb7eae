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
  const props = schema.properties;
  const additional = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  // the keys the object has (a few), not every property the schema knows (dozens in a pod spec)
  for (const name of Object.keys(obj)) {
    const prop = props && Object.prototype.hasOwnProperty.call(props, name) ? props[name] : undefined;
    const v = obj[name];
    if (prop && v === null && !prop.nullable) {
      copy ??= { ...obj };
      delete copy[name];
      continue;
    }
    const d = withDefaults(v, prop ?? (props && name in props ? undefined : additional));
    if (d !== v) {
      copy ??= { ...obj };
      copy[name] = d;
    }
  }
  for (const [name, prop] of defaultedProperties(schema)) {
    if ((copy ?? obj)[name] !== undefined) continue;
    copy ??= { ...obj };
    copy[name] = withDefaults(cloneJson(prop.default), prop);
  }
  return copy ?? obj;
}

/** The properties of a schema that have a `default`, in schema order; computed once per schema. */
function defaultedProperties(schema: JsonSchema): Array<[string, JsonSchema]> {
  let found = DEFAULTED.get(schema);
  if (!found) {
    found = Object.entries(schema.properties ?? {}).filter(([, p]) => p.default !== undefined);
    DEFAULTED.set(schema, found);
  }
  return found;
}

const DEFAULTED = new WeakMap<JsonSchema, Array<[string, JsonSchema]>>();

/** A deep copy of plain JSON data (a schema default). */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as unknown as T;
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value as { [key: string]: unknown })) out[k] = cloneJson(v);
  return out as T;
}
