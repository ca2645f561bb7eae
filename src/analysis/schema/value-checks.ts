import * as net from 'net';
import { JsonSchema } from './schema-types';

/**
 * The value validations of an OpenAPI schema on scalars (enum, lengths,
 * pattern, format, bounds), each returning the problems found as
 * lowercase messages.
 */

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (!r) {
    r = new RegExp(pattern, 'u');
    regexCache.set(pattern, r);
  }
  return r;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** String formats that the API server checks (others, like int32, are informational). */
const FORMAT_CHECKS: { [format: string]: (s: string) => boolean } = {
  'date-time': (s) => RFC3339.test(s),
  'datetime': (s) => RFC3339.test(s),
  'ipv4': (s) => net.isIPv4(s),
  'ipv6': (s) => net.isIPv6(s),
  'byte': (s) => BASE64.test(s),
};

/** `an object`, `a list`, ... for a schema type. */
export const TYPE_NOUNS: { [type: string]: string } = {
  object: 'an object', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean',
};

/** The JSON type of a value, for messages. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A value as JSON, shortened for messages. */
export function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s !== undefined && s.length > 60 ? `${s.slice(0, 57)}...` : String(s);
}

/** Whether a value is a JSON object (not null, not a list). */
export function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isPlainObject(v)) {
    const out: { [k: string]: unknown } = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

/** JSON equality, ignoring object key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** `enum`. */
export function enumProblems(value: unknown, schema: JsonSchema): string[] {
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
    return [`unsupported value ${show(value)}: must be one of ${schema.enum.map(show).join(', ')}`];
  }
  return [];
}

/** `enum`, `minLength`, `maxLength` (in characters), `pattern` and checked `format`s. */
export function stringProblems(value: string, schema: JsonSchema): string[] {
  const out = enumProblems(value, schema);
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long, got ${length}`);
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push(`must be at most ${schema.maxLength} characters long, got ${length}`);
  }
  if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) {
    out.push(`${show(value)} does not match the pattern ${schema.pattern}`);
  }
  const check = schema.format ? FORMAT_CHECKS[schema.format] : undefined;
  if (check && !check(value)) {
    out.push(`${show(value)} is not a valid ${schema.format}`);
  }
  return out;
}

/** `enum`, `minimum`, `maximum` and their exclusive forms. */
export function numberProblems(value: number, schema: JsonSchema): string[] {
  const out = enumProblems(value, schema);
  if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
    out.push(`must be ${schema.exclusiveMinimum ? 'greater than' : 'at least'} ${schema.minimum}, got ${value}`);
  }
  if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
    out.push(`must be ${schema.exclusiveMaximum ? 'less than' : 'at most'} ${schema.maximum}, got ${value}`);
  }
  return out;
}
