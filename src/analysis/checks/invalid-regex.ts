import { re2Problem } from '../../internal/re2';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { GATEWAY_GROUP } from './model';

const REGEX = 'RegularExpression';

/** One RegularExpression value of a route: where it is and what it says. */
interface RegexValue {
  readonly path: string;
  readonly what: string;
  readonly value: unknown;
}

/**
 * IGW1023: a RegularExpression match of an HTTPRoute or GRPCRoute that RE2,
 * Envoy's regex engine, rejects. Neither the CRD nor Istio checks these values:
 * the route is Accepted, and Envoy rejects (NACKs) the route configuration
 * that holds it, so later route changes on that gateway port do not apply.
 */
export const invalidRegex: Check = {
  id: 'IGW1023',
  title: 'RegularExpression match that RE2 (Envoy) rejects',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const routes = [...set.ofKind('HTTPRoute', GATEWAY_GROUP), ...set.ofKind('GRPCRoute', GATEWAY_GROUP)];
    for (const route of routes) {
      for (const r of regexValuesOf(route)) {
        const problem = typeof r.value === 'string' ? re2Problem(r.value) : undefined;
        if (!problem) continue;
        out.push(findingOf(this, route, {
          path: r.path,
          message: `${r.what} "${r.value}" ${problem}. Istio accepts the route, but Envoy rejects the gateway's `
            + 'route configuration that holds it, so no later route change on that gateway port takes effect',
          fix: 'write the expression in RE2 syntax: no lookarounds or backreferences, at most 1000 repetitions, '
            + '(?i) for case-insensitive matching',
        }));
      }
    }
    return out;
  },
};

/** Every RegularExpression value of a route's matches. */
function regexValuesOf(route: Manifest): RegexValue[] {
  const grpc = route.kind === 'GRPCRoute';
  const out: RegexValue[] = [];
  const rules: any[] = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
  rules.forEach((rule, i) => {
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
