import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { ISTIO_NETWORKING_GROUP, destinationRuleTarget } from './destination-rule-host';
import { mapSelects, refOf } from './model';

/** Workload kinds whose pod template labels a subset can select. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * IGW1011: a DestinationRule subset whose labels select no pod of the
 * workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets) in the set
 * behind the host's Service (istioctl IST0173). Routes to the subset get 503.
 * Skipped when the set has no workload for the Service at all: its pods are
 * then managed elsewhere.
 */
export const destinationRuleSubset: Check = {
  id: 'IGW1011',
  title: 'DestinationRule subset selects no pods of the Service\'s workloads',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const dr of set.ofKind('DestinationRule', ISTIO_NETWORKING_GROUP)) {
      const subsets: any[] = Array.isArray(dr.object.spec?.subsets) ? dr.object.spec.subsets : [];
      if (subsets.length === 0) continue;
      const svcName = destinationRuleTarget(set, dr)?.service;
      if (!svcName) continue;
      const svc = set.find('Service', '', svcName.namespace, svcName.name);
      const selector = svc?.object.spec?.selector;
      if (!svc || !selector || Object.keys(selector).length === 0) continue;
      const podLabels = WORKLOAD_KINDS.flatMap((k) => set.ofKind(k))
        .filter((w) => set.namespaceOf(w) === svcName.namespace)
        .map((w) => (w.object.spec?.template?.metadata?.labels ?? {}) as { [key: string]: string })
        .filter((labels) => mapSelects(selector, labels));
      if (podLabels.length === 0) continue;
      subsets.forEach((s, i) => {
        const labels: { [key: string]: string } = s?.labels ?? {};
        if (podLabels.some((pl) => mapSelects(labels, pl))) return;
        const wanted = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
        const have = [...new Set(podLabels.map((pl) => Object.entries(pl).sort().map(([k, v]) => `${k}=${v}`).join(',')))]
          .sort().map((x) => `{${x}}`).join(' ');
        out.push(findingOf(this, dr, {
          path: `spec.subsets[${i}].labels`,
          message: `subset "${s?.name}" selects ${wanted || 'no labels'}, which no pod behind ${refOf('Service', svcName.namespace, svcName.name)} carries (pod labels: ${have})`,
          fix: 'set the subset labels to the version labels of an existing workload, or add that workload',
        }));
      });
    }
    return out;
  },
};
