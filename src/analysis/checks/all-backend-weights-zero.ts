import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { routesOf } from './model';

/**
 * IGW1009: every backendRef of a rule has weight 0. The rule matches, but no
 * backend gets traffic and the gateway answers 500.
 */
export const allBackendWeightsZero: Check = {
  id: 'IGW1009',
  title: 'all backend weights of a rule are 0',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const route of routesOf(set)) {
      const rules: any[] = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
      rules.forEach((rule, i) => {
        const refs: any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
        if (refs.length === 0) return;
        if (!refs.every((b) => b?.weight !== undefined && Number(b.weight) === 0)) return;
        out.push(findingOf(this, route, {
          path: `spec.rules[${i}].backendRefs`,
          message: `every backendRef of rule ${i} has weight 0, so matching requests get 500`,
          fix: 'give at least one backend a positive weight, or remove the rule',
        }));
      });
    }
    return out;
  },
};
