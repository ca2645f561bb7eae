import { JsonSchema } from './schema-types';

/**
 * Applies structural defaults the way the API server does before it
 * validates: `null` in a non-nullable field is dropped, then every absent
 * property with a `default` gets a copy of it, recursively (also inside
 * defaulted values, list items and map values). Mutates `value`.
 */
export function applyDefaults(value: unknown, schema: JsonSchema | undefined): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item) => applyDefaults(item, schema.items));
    return;
  }
  const obj = value as { [key: string]: unknown };
  const props = schema.properties ?? {};
  for (const [name, propSchema] of Object.entries(props)) {
    if (obj[name] === null && !propSchema.nullable) delete obj[name];
    if (obj[name] === undefined && propSchema.default !== undefined) {
      obj[name] = structuredCloneJson(propSchema.default);
    }
    if (obj[name] !== undefined) applyDefaults(obj[name], propSchema);
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    for (const [name, v] of Object.entries(obj)) {
      if (!(name in props)) applyDefaults(v, additional);
    }
  }
}

/** A deep copy of plain JSON data. */
export function structuredCloneJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
