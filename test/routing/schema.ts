import * as fs from 'fs';
import * as path from 'path';
import { celEnv, parse, plan } from '@bufbuild/cel';
import Ajv from 'ajv';

const schemas: Array<{ kind: string; version: string; schema: any }> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../imports/schemas/gateway-standard.json'), 'utf8'),
);

/* Checks of synthesized objects against the CRDs' openAPIV3Schema and their
 * CEL rules (x-kubernetes-validations), for the routing tests. */

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ReturnType<Ajv['compile']>>();

function validatorFor(kind: string, version: string) {
  const key = `${kind}/${version}`;
  let v = validators.get(key);
  if (!v) {
    const entry = schemas.find(s => s.kind === kind && s.version === version);
    if (!entry) throw new Error(`no schema for ${key}`);
    v = ajv.compile(entry.schema);
    validators.set(key, v);
  }
  return v;
}

/** Schema errors of a Gateway API object, as readable lines (empty when valid). */
export function schemaErrors(obj: any): string[] {
  const version = String(obj.apiVersion).split('/')[1];
  const validate = validatorFor(obj.kind, version);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(e => `${obj.kind} ${obj.metadata?.name}: ${e.instancePath} ${e.message}`);
}

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** JSON to CEL input, the way the API server sees it: ints are ints, reserved names are escaped. */
function toCel(v: any): any {
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') {
    return new Map(Object.entries(v).map(([k, x]) => [CEL_RESERVED.has(k) ? `__${k}__` : k, toCel(x)]));
  }
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

const PROGRAMS = new Map<string, (bindings: any) => unknown>();
function run(rule: string, bindings: any): unknown {
  let program = PROGRAMS.get(rule);
  if (!program) {
    program = plan(celEnv(), parse(rule)) as (bindings: any) => unknown;
    PROGRAMS.set(rule, program);
  }
  return program(bindings);
}

function walkCel(schema: any, value: any, at: string, out: string[]): void {
  if (value === undefined || value === null || !schema) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (String(rule.rule).includes('oldSelf')) continue;
    let ok: unknown;
    try {
      ok = run(rule.rule, { self: toCel(value) });
    } catch (e) {
      ok = `error: ${(e as Error).message}`;
    }
    if (ok !== true) out.push(`${at || '/'}: ${rule.message ?? rule.rule} (${String(ok)})`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkCel(schema.items, item, `${at}/${i}`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      walkCel(sub, v, `${at}/${k}`, out);
    }
  }
}

/** CEL (x-kubernetes-validations) errors of a Gateway API object, as readable lines. */
export function celErrors(obj: any): string[] {
  const version = String(obj.apiVersion).split('/')[1];
  const entry = schemas.find(s => s.kind === obj.kind && s.version === version);
  if (!entry) throw new Error(`no schema for ${obj.kind}/${version}`);
  const out: string[] = [];
  walkCel(entry.schema, obj, '', out);
  return out.map(e => `${obj.kind} ${obj.metadata?.name}: ${e}`);
}
