/**
 * The order in which `kustomization.yaml` lists files: kinds that others
 * need come first. Namespaces hold everything else; CRDs must exist before
 * their objects; ServiceAccounts, Secrets and ConfigMaps are mounted by pods;
 * Services before the workloads behind them; disruption budgets and
 * autoscalers target workloads; then the Gateway API objects in the order
 * they reference each other (GatewayClass, Gateway, ReferenceGrant, routes),
 * then Istio's DestinationRules for the Services the routes send to. Every
 * other kind comes after these, in synthesis order.
 *
 * Module-internal: documented in the README and in `GitOpsSynthOptions.kustomization`.
 */
export const APPLY_ORDER: readonly string[] = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Secret',
  'ConfigMap',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'GatewayClass',
  'Gateway',
  'ReferenceGrant',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
  'DestinationRule',
];

const RANK = new Map<string, number>(APPLY_ORDER.map((kind, i) => [kind, i]));

/** The apply rank of a kind: its index in `APPLY_ORDER`, else after all of them. */
export function applyRank(kind: string | undefined): number {
  return (kind !== undefined ? RANK.get(kind) : undefined) ?? APPLY_ORDER.length;
}

/** A synthesized file and the kinds of the objects in it. */
export interface RankedFile {
  /** Path relative to the output directory, with `/` separators. */
  readonly path: string;
  /** The kinds of the objects in the file. */
  readonly kinds: string[];
}

/**
 * Files in apply order: by the lowest apply rank of the kinds in each file
 * (so a chart file with a Namespace comes first); files of equal rank keep
 * their synthesis order, which already puts chart dependencies first.
 */
export function sortForApply(files: RankedFile[]): string[] {
  return files
    .map((f, index) => ({ path: f.path, index, rank: f.kinds.reduce((min, kind) => Math.min(min, applyRank(kind)), APPLY_ORDER.length) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((f) => f.path);
}
