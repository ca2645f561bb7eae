import { CelEnv, CelInput, CelValue, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { K8S_CEL_FUNCS } from './k8s-cel-library';

/** The result of one rule on one value. */
export interface RuleOutcome {
  /** true: passed; false: violated; a string: could not be evaluated, and why. */
  readonly result: boolean | string;
}

type Program = (ctx: { [name: string]: CelInput }) => unknown;

let env: CelEnv | undefined;
const programs = new Map<string, Program | string>();

/** Compiles a CEL expression once; returns the program, or the reason it does not compile. */
export function compileCel(expression: string): Program | string {
  let p = programs.get(expression);
  if (p === undefined) {
    try {
      env = env ?? celEnv({ funcs: K8S_CEL_FUNCS });
      p = plan(env, parse(expression)) as unknown as Program;
    } catch (e) {
      p = `does not compile: ${e instanceof Error ? e.message : String(e)}`;
    }
    programs.set(expression, p);
  }
  return p;
}

/** Evaluates a compiled expression; returns the value, or an error message. */
export function runCel(expression: string, self: CelInput): { value?: CelValue; error?: string } {
  const program = compileCel(expression);
  if (typeof program === 'string') return { error: program };
  try {
    const r = program({ self });
    if (isCelError(r)) return { error: r.message };
    return { value: r as CelValue };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Evaluates a validation rule: it must return a bool. */
export function evaluateRule(rule: string, self: CelInput): RuleOutcome {
  const { value, error } = runCel(rule, self);
  if (error !== undefined) return { result: error };
  if (typeof value !== 'boolean') return { result: `the rule returned ${celTypeName(value)}, not bool` };
  return { result: value };
}

function celTypeName(value: unknown): string {
  switch (typeof value) {
    case 'bigint': return 'int';
    case 'number': return 'double';
    case 'string': return 'string';
    default: return value === null ? 'null' : 'a list, map or object';
  }
}

/** Whether a rule compares with the old object (a transition rule), which create-time validation skips. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}
