import { celEngine } from './lazy-cel';

const MAX_CACHED = 1000;
const problems = new Map<string, string | undefined>();

/**
 * Whether a CEL expression parses; returns the parser's message when it does
 * not, else undefined. Syntax only, no type check: Istio does the same for
 * Telemetry access-log filters (`celEnv.Parse(filter.Expression)` in
 * istio/istio pkg/config/validation/telemetry_filter.go), since the
 * attributes (`request.*`, `response.*`, `connection.*`) are Envoy's and only
 * known to the proxy.
 *
 * @internal
 */
export function celSyntaxProblem(expression: string): string | undefined {
  if (problems.has(expression)) return problems.get(expression);
  let problem: string | undefined;
  try {
    celEngine().parse(expression);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    problem = message.split('\n')[0].replace(/^<input>:/, 'at ');
  }
  if (problems.size >= MAX_CACHED) problems.clear();
  problems.set(expression, problem);
  return problem;
}
