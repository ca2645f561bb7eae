import { regexValuesOf } from '../../gateway-api/regex-values';
import { re2Problem } from '../../internal/re2';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { GATEWAY_GROUP } from './model';

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
      for (const r of regexValuesOf(route.kind, route.object.spec?.rules)) {
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
