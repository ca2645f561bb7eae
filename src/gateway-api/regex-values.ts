/**
 * Where the RegularExpression values of an HTTPRoute or GRPCRoute are
 * (path, header, query parameter and gRPC method matches). Envoy compiles
 * each with RE2; the analysis (IGW1023) and the simulator (a rejected
 * expression takes down its port's route table) both read them from here.
 */

const REGEX = 'RegularExpression';

/** One RegularExpression value of a route: where it is and what it says. */
export interface RegexValue {
  /** Field path, e.g. `spec.rules[0].matches[1].path.value`. */
  readonly path: string;
  /** What it is, e.g. `path expression`, `header "x-user" expression`. */
  readonly what: string;
  readonly value: unknown;
}

/** Every RegularExpression value of a route's matches, in order. */
export function regexValuesOf(kind: string, rules: unknown): RegexValue[] {
  const grpc = kind === 'GRPCRoute';
  const out: RegexValue[] = [];
  (Array.isArray(rules) ? rules : []).forEach((rule: any, i: number) => {
    const matches: any[] = Array.isArray(rule?.matches) ? rule.matches : [];
    matches.forEach((m, j) => {
      const at = `spec.rules[${i}].matches[${j}]`;
      if (!grpc && m?.path?.type === REGEX) out.push({ path: `${at}.path.value`, what: 'path expression', value: m.path.value });
      if (grpc && m?.method?.type === REGEX) {
        for (const part of ['service', 'method']) {
          if (m.method[part] !== undefined) out.push({ path: `${at}.method.${part}`, what: `method ${part} expression`, value: m.method[part] });
        }
      }
      for (const field of grpc ? ['headers'] : ['headers', 'queryParams']) {
        const list: any[] = Array.isArray(m?.[field]) ? m[field] : [];
        list.forEach((h, k) => {
          if (h?.type !== REGEX) return;
          const noun = field === 'headers' ? 'header' : 'query parameter';
          out.push({ path: `${at}.${field}[${k}].value`, what: `${noun} "${h.name}" expression`, value: h.value });
        });
      }
    });
  });
  return out;
}
