import * as fs from 'fs';
import * as path from 'path';

/** One `x-kubernetes-validations` rule with its place in a kind's schema. */
export interface RuleAt {
  readonly kind: string;
  readonly version: string;
  /** `.spec.rules[].filters` style: `[]` for list items, `{}` for map values. */
  readonly at: string;
  readonly rule: string;
  readonly message?: string;
}

const SCHEMAS = path.resolve(__dirname, '../../../imports/schemas');

/** Every rule of the given kinds (version `version`) in one schema file, in schema order. */
export function rulesOf(file: string, version: string, kinds: string[]): RuleAt[] {
  const entries: any[] = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
  const out: RuleAt[] = [];
  for (const e of entries) {
    if (e.version !== version || !kinds.includes(e.kind)) continue;
    const walk = (s: any, at: string) => {
      if (!s || typeof s !== 'object') return;
      for (const r of s['x-kubernetes-validations'] ?? []) {
        out.push({ kind: e.kind, version: e.version, at, rule: r.rule, message: r.message });
      }
      for (const [name, p] of Object.entries(s.properties ?? {})) walk(p, `${at}.${name}`);
      if (s.items) walk(s.items, `${at}[]`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}{}`);
    };
    walk(e.schema, '');
  }
  return out;
}

/** A regular expression for the concrete field paths of a schema place. */
export function concretePathPattern(at: string): RegExp {
  const body = at.replace(/^\./, '')
    .split(/(\[\]|\{\})/)
    .map((part) => {
      if (part === '[]') return '\\[\\d+\\]';
      if (part === '{}') return '(\\.[^.\\[]+|\\["[^"]*"\\])';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`);
}
