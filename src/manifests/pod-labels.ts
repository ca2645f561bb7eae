import { Manifest } from './manifest';

/**
 * The labels of the pods an object runs: a Pod's own labels, or the pod
 * template labels of a pod controller (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job); `{}` when it names none.
 */
export function podLabelsOf(m: Manifest): { [key: string]: string } {
  const labels = m.kind === 'Pod' ? m.object?.metadata?.labels : m.object?.spec?.template?.metadata?.labels;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? labels : {};
}

/** Whether every key/value of `selector` (a plain map, as in Service `spec.selector`) is in `labels`. */
export function mapSelects(selector: { [key: string]: string }, labels: { [key: string]: string }): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
