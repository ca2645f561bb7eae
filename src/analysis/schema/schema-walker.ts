import { CelInput } from '@bufbuild/cel';
import { celPropertyName } from './cel-names';
import { Issue, IssueKind } from './issue';
import { celRules } from './lazy-cel-rules';
import { joinFieldPath, joinPath } from './schema-path';
import { JsonSchema } from './schema-types';
import { TYPE_NOUNS, deepEqual, enumProblems, isPlainObject, jsonType, numberProblems, show, stringProblems } from './value-checks';

/** Counters kept across walks. */
export interface WalkCounters {
  celRulesEvaluated: number;
  transitionRulesSkipped: number;
  celRulesNotEvaluated: number;
}

/** Marks a subtree whose types are wrong: CEL rules above it are not evaluated. */
const BROKEN = Symbol('broken');
/** Stands for the CEL value of a subtree no rule reads (none at or above it): it is not built. */
const UNUSED = Symbol('unused');
type CelResult = CelInput | typeof BROKEN | typeof UNUSED;

/** Converts JSON without a schema to CEL input: integral numbers become ints. */
function genericCel(v: unknown): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(genericCel);
  if (typeof v === 'object') {
    const m = new Map<string, CelInput>();
    for (const [k, x] of Object.entries(v as object)) m.set(k, genericCel(x));
    return m;
  }
  return v as CelInput;
}

/** How a walk behaves. */
interface Mode {
  /** Inside allOf/anyOf/oneOf/not: value validations only. */
  readonly branch: boolean;
  /** A CEL rule at or above this node reads its value, so the CEL value is built. */
  readonly cel: boolean;
}

const FULL: Mode = { branch: false, cel: false };
const FULL_CEL: Mode = { branch: false, cel: true };
const BRANCH: Mode = { branch: true, cel: false };

/**
 * Validates a (defaulted) value against a structural schema and evaluates
 * every CEL rule at its schema location, bottom-up, so each node is turned
 * into a CEL value once.
 */
export class SchemaWalker {
  constructor(private readonly counters: WalkCounters) {}

  /** Every issue of `value` against `schema`. */
  public walk(value: unknown, schema: JsonSchema, path: string): Issue[] {
    const issues: Issue[] = [];
    this.node(value, schema, path, issues, FULL);
    return issues;
  }

  private node(value: unknown, schema: JsonSchema, path: string, issues: Issue[], outer: Mode): CelResult {
    // CEL values are built only where a rule (here or above) reads them: most of a Deployment has none
    const mode = !outer.branch && !outer.cel && schema['x-kubernetes-validations']?.length ? FULL_CEL : outer;
    const schemaIssue = (message: string, at: string = path) => issues.push({ kind: IssueKind.SCHEMA, path: at, message });

    if (value === null) {
      if (!schema.nullable && schema.type !== undefined) {
        schemaIssue(`must be ${TYPE_NOUNS[schema.type] ?? schema.type}, got null`);
        return BROKEN;
      }
      return null;
    }

    let cel: CelResult;
    const type = schema['x-kubernetes-int-or-string'] ? 'int-or-string' : schema.type;
    switch (type) {
      case 'int-or-string':
        if (typeof value === 'string') {
          stringProblems(value, schema).forEach((m) => schemaIssue(m));
          cel = value;
        } else if (typeof value === 'number' && Number.isInteger(value)) {
          numberProblems(value, schema).forEach((m) => schemaIssue(m));
          cel = mode.cel ? BigInt(value) : UNUSED;
        } else {
          schemaIssue(`must be an integer or a string, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        break;
      case 'string':
        if (typeof value !== 'string') {
          schemaIssue(`must be a string, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        stringProblems(value, schema).forEach((m) => schemaIssue(m));
        cel = value;
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          schemaIssue(`must be an integer, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        numberProblems(value, schema).forEach((m) => schemaIssue(m));
        cel = mode.cel ? BigInt(value) : UNUSED;
        break;
      case 'number':
        if (typeof value !== 'number') {
          schemaIssue(`must be a number, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        numberProblems(value, schema).forEach((m) => schemaIssue(m));
        cel = value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          schemaIssue(`must be a boolean, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        enumProblems(value, schema).forEach((m) => schemaIssue(m));
        cel = value;
        break;
      case 'array':
        if (!Array.isArray(value)) {
          schemaIssue(`must be a list, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        cel = this.array(value, schema, path, issues, mode);
        break;
      case 'object':
        if (!isPlainObject(value)) {
          schemaIssue(`must be an object, got ${jsonType(value)} ${show(value)}`);
          return BROKEN;
        }
        cel = this.object(value, schema, path, issues, mode);
        break;
      default:
        // no type: preserved unknown fields, or value validations inside allOf/anyOf/oneOf/not
        if (isPlainObject(value) && (schema.properties || schema.required)) {
          cel = this.object(value, schema, path, issues, mode);
        } else {
          if (typeof value === 'string') stringProblems(value, schema).forEach((m) => schemaIssue(m));
          else if (typeof value === 'number') numberProblems(value, schema).forEach((m) => schemaIssue(m));
          else enumProblems(value, schema).forEach((m) => schemaIssue(m));
          cel = mode.cel ? genericCel(value) : UNUSED;
        }
    }

    this.combinators(value, schema, path, issues);
    if (!mode.branch) this.rules(cel, schema, path, issues);
    return cel;
  }

  private array(value: unknown[], schema: JsonSchema, path: string, issues: Issue[], mode: Mode): CelResult {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got ${value.length}` });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must have at most ${schema.maxItems} items, got ${value.length}` });
    }
    this.uniqueness(value, schema, path, issues);
    const out: CelInput[] = [];
    let broken = false;
    value.forEach((item, i) => {
      const c = schema.items ? this.node(item, schema.items, `${path}[${i}]`, issues, mode) : mode.cel ? genericCel(item) : UNUSED;
      if (c === BROKEN) broken = true;
      else if (mode.cel) out.push(c as CelInput);
    });
    return broken ? BROKEN : mode.cel ? out : UNUSED;
  }

  private uniqueness(value: unknown[], schema: JsonSchema, path: string, issues: Issue[]): void {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      value.forEach((item, i) => {
        if (value.findIndex((other) => deepEqual(other, item)) < i) {
          issues.push({ kind: IssueKind.SCHEMA, path: `${path}[${i}]`, message: `duplicate value ${show(item)} in a set list` });
        }
      });
    } else if (listType === 'map') {
      const keys = schema['x-kubernetes-list-map-keys'] ?? [];
      const seen = new Map<string, number>();
      value.forEach((item, i) => {
        if (!isPlainObject(item)) return;
        const k = JSON.stringify(keys.map((name) => item[name] ?? null));
        if (seen.has(k)) {
          const desc = keys.map((name) => `${name}=${show(item[name])}`).join(', ');
          issues.push({ kind: IssueKind.SCHEMA, path: `${path}[${i}]`, message: `duplicate entry for key ${desc} (same as item ${seen.get(k)})` });
        } else {
          seen.set(k, i);
        }
      });
    }
  }

  private object(value: { [key: string]: unknown }, schema: JsonSchema, path: string, issues: Issue[], mode: Mode): CelResult {
    const props = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      if (value[name] === undefined) {
        issues.push({ kind: IssueKind.SCHEMA, path: joinPath(path, name), message: `${name} is required` });
      }
    }
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must have at least ${schema.minProperties} properties, got ${count}` });
    }
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must have at most ${schema.maxProperties} properties, got ${count}` });
    }
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-embedded-resource'] === true;
    const out = new Map<string, CelInput>();
    let broken = false;
    for (const name of Object.keys(value)) {
      const v = value[name];
      if (v === undefined) continue;
      const childPath = joinPath(path, name);
      let c: CelResult;
      let celName: string | undefined = name;
      if (props[name]) {
        c = this.node(v, props[name], childPath, issues, mode);
        celName = celPropertyName(name);
      } else if (additional && typeof additional === 'object') {
        c = this.node(v, additional, childPath, issues, mode);
      } else if (additional === true || preserve || mode.branch) {
        c = mode.cel ? genericCel(v) : UNUSED;
      } else {
        issues.push({
          kind: IssueKind.SCHEMA,
          path: childPath,
          unknownField: true,
          message: `unknown field "${name}": the API server drops it (or rejects the object under strict field validation); check its spelling and indentation`,
        });
        continue;
      }
      if (c === BROKEN) broken = true;
      else if (mode.cel && celName !== undefined) out.set(celName, c as CelInput);
    }
    return broken ? BROKEN : mode.cel ? out : UNUSED;
  }

  /** allOf, anyOf, oneOf and not: value validations only, as in structural schemas. */
  private combinators(value: unknown, schema: JsonSchema, path: string, issues: Issue[]): void {
    const branchIssues = (s: JsonSchema): Issue[] => {
      const found: Issue[] = [];
      this.node(value, s, path, found, BRANCH);
      return found;
    };
    for (const s of schema.allOf ?? []) issues.push(...branchIssues(s));
    if (schema.anyOf && !schema.anyOf.some((s) => branchIssues(s).length === 0)) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must match at least one of ${describeBranches(schema.anyOf)}` });
    }
    if (schema.oneOf) {
      const matching = schema.oneOf.filter((s) => branchIssues(s).length === 0).length;
      if (matching !== 1) {
        const fields = exclusiveFields(schema.oneOf);
        const present = fields && isPlainObject(value) ? fields.filter((f) => value[f] !== undefined) : [];
        issues.push({
          kind: IssueKind.SCHEMA,
          path,
          message: fields && present.length > 1
            ? `only one of ${fields.join(', ')} may be set, got ${present.join(' and ')}`
            : `must match exactly one of ${describeBranches(schema.oneOf)}, matches ${matching}`,
        });
      }
    }
    if (schema.not && branchIssues(schema.not).length === 0) {
      issues.push({ kind: IssueKind.SCHEMA, path, message: `must not match ${describeBranches([schema.not])}` });
    }
  }

  private rules(self: CelResult, schema: JsonSchema, path: string, issues: Issue[]): void {
    const rules = schema['x-kubernetes-validations'];
    if (!rules) return;
    for (const r of rules) {
      if (celRules().isTransitionRule(r.rule)) {
        this.counters.transitionRulesSkipped++;
        continue;
      }
      if (self === BROKEN || self === UNUSED) {
        this.counters.celRulesNotEvaluated++;
        continue;
      }
      this.counters.celRulesEvaluated++;
      const at = r.fieldPath ? joinFieldPath(path, r.fieldPath) : path;
      const { result } = celRules().evaluateRule(r.rule, self);
      if (result === true) continue;
      if (result === false) {
        const message = this.ruleMessage(r.rule, r.message, r.messageExpression, self);
        issues.push({ kind: IssueKind.CEL_VIOLATED, path: at, message, rule: r.rule });
      } else {
        issues.push({ kind: IssueKind.CEL_ERROR, path: at, message: `the rule \`${r.rule}\` could not be evaluated: ${result}`, rule: r.rule });
      }
    }
  }

  private ruleMessage(rule: string, message: string | undefined, messageExpression: string | undefined, self: CelInput): string {
    if (messageExpression) {
      const { value } = celRules().runCel(messageExpression, self);
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
    return message ?? `failed rule: ${rule}`;
  }
}

/**
 * The field names of a "at most one of these fields" oneOf, as Istio writes
 * it: `[{not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]}]`.
 */
function exclusiveFields(branches: JsonSchema[]): string[] | undefined {
  const fields: string[] = [];
  for (const b of branches) {
    if (b.not) continue;
    if (b.required?.length !== 1 || Object.keys(b).length !== 1) return undefined;
    fields.push(b.required[0]);
  }
  return fields.length > 1 ? fields : undefined;
}

/** `{a}, {b}` from the `required` lists of combinator branches, e.g. Istio's one-of fields. */
function describeBranches(branches: JsonSchema[]): string {
  return branches.map((b) => describeBranch(b)).join(' | ');
}

function describeBranch(b: JsonSchema): string {
  if (b.required) return `{${b.required.join(', ')} set}`;
  if (b.not) return `not ${describeBranch(b.not)}`;
  const nested = b.anyOf ?? b.oneOf ?? b.allOf;
  if (nested) return `(${nested.map(describeBranch).join(b.allOf ? ' and ' : ' or ')})`;
  return 'a schema';
}
