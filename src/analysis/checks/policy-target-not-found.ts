import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { GATEWAY_GROUP, managedElsewhere, managesKindIn, refOf } from './model';
import { nearestName } from './near-names';
import { policySelector, policyTargets, ROOT_NAMESPACE, SECURITY_GROUP, selectorMatchesPods, TELEMETRY_GROUP } from './security-model';

/** The policy kinds whose targets the check resolves. */
const POLICY_KINDS: Array<[string, string]> = [
  ['RequestAuthentication', SECURITY_GROUP],
  ['AuthorizationPolicy', SECURITY_GROUP],
  ['PeerAuthentication', SECURITY_GROUP],
  ['Telemetry', TELEMETRY_GROUP],
];

/**
 * IGW1040: an Istio policy (RequestAuthentication, AuthorizationPolicy,
 * PeerAuthentication, Telemetry) whose `targetRefs` name a Gateway or
 * Service that is not in the set (and not declared external), or whose
 * `selector` selects no workload of the set. The policy then applies to
 * nothing, silently: a JWT rule or a deny rule that protects nothing
 * (in the spirit of istioctl IST0166).
 */
export const policyTargetNotFound: Check = {
  id: 'IGW1040',
  title: 'security policy targets no Gateway or workload',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    for (const [kind, group] of POLICY_KINDS) {
      for (const policy of set.ofKind(kind, group)) {
        const ns = set.namespaceOf(policy);
        for (const t of policyTargets(policy)) {
          const isGateway = t.kind === 'Gateway' && t.group === GATEWAY_GROUP;
          const isService = t.kind === 'Service' && t.group === '';
          if (!isGateway && !isService) continue;
          if (set.find(t.kind, t.group, ns, t.name) || externals.has(t.kind, ns, t.name)) continue;
          const ref = refOf(t.kind, ns, t.name);
          const known = managesKindIn(set, t.group, t.kind, ns);
          const near = nearestName(t.name, set.ofKind(t.kind, t.group).filter((g) => set.namespaceOf(g) === ns).map((g) => g.name));
          const elsewhere = set.ofKind(t.kind, t.group).filter((g) => g.name === t.name).map((g) => set.namespaceOf(g)).sort();
          out.push(findingOf(this, policy, {
            path: t.path,
            severity: known ? Severity.ERROR : Severity.WARNING,
            message: `${kind} targets ${ref}, which is not in the manifests, so the policy applies to nothing`
              + (known ? '' : ` (${managedElsewhere(t.kind, ns)})`),
            fix: near ? `did you mean "${near}"? fix targetRefs[].name`
              : elsewhere.length > 0 ? `${t.kind} "${t.name}" is in namespace "${elsewhere[0]}"; a policy must be in its target's namespace, so move the policy there`
                : known ? `fix the target name, or add ${ref}` : `make sure ${ref} exists in the cluster, or fix the target`,
          }));
        }
        const selector = policySelector(policy);
        if (selector && !selectorMatchesPods(set, ns, selector)) {
          const shown = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
          out.push(findingOf(this, policy, {
            path: 'spec.selector.matchLabels',
            severity: Severity.WARNING,
            message: `${kind} selects pods with ${shown}, and no workload in the manifests${ns === ROOT_NAMESPACE ? '' : ` of namespace "${ns}"`} has those labels`,
            fix: 'fix the labels to match the pod template labels (for a Gateway API Gateway, '
              + '"gateway.networking.k8s.io/gateway-name: <gateway>"), or use targetRefs to the Gateway; ignore this if the workload is deployed elsewhere',
          }));
        }
      }
    }
    return out;
  },
};
