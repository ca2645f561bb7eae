import { catchAllPath, catchAllRule } from '../../istio-api/catch-all-routes';
import { IstioApiModel } from '../../istio-api/istio-model';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';

/** `spec.http[i]` named by its `name` when it has one. */
function ruleRef(rule: any, index: number): string {
  return typeof rule?.name === 'string' && rule.name !== '' ? `spec.http[${index}] ("${rule.name}")` : `spec.http[${index}]`;
}

/**
 * IGW1063: an `http` rule after an unconditional one in the same
 * VirtualService. Istio stops building routes at the first catch-all (a rule
 * without `match`, or a match of only `uri.prefix: /` or `uri.regex: .*`):
 * pilot/pkg/networking/core/route/route.go `BuildHTTPRoutesForVirtualService`
 * / `IsCatchAllRoute`; istioctl reports the no-match case as IST0130
 * VirtualServiceUnreachableRule. The later rules never reach Envoy, on
 * sidecars and gateways alike. (On a gateway the catch-all route itself is
 * moved after the other VirtualServices' routes for the host, see IGW1062.)
 * In a delegate VirtualService only rules without `match` count: the others
 * are merged with the root's match first.
 */
export const istioUnreachableRule: Check = {
  id: 'IGW1063',
  title: 'VirtualService http rule after an unconditional rule is unreachable',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const model = IstioApiModel.read(set);
    const out: Finding[] = [];
    for (const vs of model.virtualServices) {
      const first = vs.http.findIndex((r) => {
        const c = catchAllRule(r);
        return c !== undefined && (!vs.isDelegate || c.matchIndex === undefined);
      });
      if (first < 0 || first === vs.http.length - 1) continue;
      const c = catchAllRule(vs.http[first])!;
      const why = c.matchIndex === undefined ? 'has no match' : `matches every request (${c.reason})`;
      for (let i = first + 1; i < vs.http.length; i++) {
        out.push(findingOf(this, vs.manifest, {
          path: `spec.http[${i}]`,
          message: `${ruleRef(vs.http[i], i)} is unreachable: ${ruleRef(vs.http[first], first)} before it ${why}`
            + (vs.isDelegate ? ' of the requests delegated here' : '')
            + ', and Istio matches rules in order and builds no route after a catch-all',
          fix: `move spec.http[${first}] to the end of spec.http, or give ${catchAllPath(first, c)} a condition (e.g. a uri prefix) so later rules can match`,
        }));
      }
    }
    return out;
  },
};
