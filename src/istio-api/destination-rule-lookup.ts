import { fqdnOf } from './istio-hosts';
import { pushTo } from '../internal/map-lists';

/** Istio's default mesh root namespace (meshConfig.rootNamespace). */
export const ROOT_NAMESPACE = 'istio-system';

/** A DestinationRule as the lookup reads it. */
export interface DestinationRuleLike {
  readonly namespace: string;
  readonly name: string;
  /** `spec` of the DestinationRule. */
  readonly spec: any;
}

/** The DestinationRule that applies, with the others of the same host. */
export interface DestinationRuleMatch<T extends DestinationRuleLike> {
  /** The rule Istio applies. */
  readonly rule: T;
  /** Rules of the same namespace and host that Istio merges into it (sorted by name, the chosen one first). */
  readonly sameHost: T[];
}

/**
 * The DestinationRule that applies to traffic from a client (a gateway) in
 * `clientNamespace` to the host `fqdn`, the way Istio looks one up
 * (pilot/pkg/model/push_context.go `destinationRule`): rules in the client's
 * namespace first, then those exported from the host's (Service's)
 * namespace, then from the root namespace; within a namespace the most
 * specific host wins. A short `host` resolves in the rule's namespace.
 * Rules with a workloadSelector do not apply to gateway traffic: each one
 * met on the way is passed to `skipped`.
 */
export function destinationRuleFor<T extends DestinationRuleLike>(
  rules: readonly T[] | DestinationRuleIndex<T>, fqdn: string, clientNamespace: string, serviceNamespace?: string,
  skipped: (rule: T) => void = () => undefined,
): DestinationRuleMatch<T> | undefined {
  const index = rules instanceof DestinationRuleIndex ? rules : new DestinationRuleIndex(rules);
  const namespaces = [...new Set([clientNamespace, ...(serviceNamespace ? [serviceNamespace] : []), ROOT_NAMESPACE])];
  for (const ns of namespaces) {
    const candidates = index.candidates(ns, fqdn)
      .filter((dr) => visible(dr, clientNamespace))
      .map((dr) => ({ dr, score: hostScore(fqdnOf(String(dr.spec?.host ?? ''), ns), fqdn) }))
      .filter((c) => c.score >= 0);
    if (candidates.length === 0) continue;
    candidates.filter((c) => c.dr.spec?.workloadSelector).forEach((c) => skipped(c.dr));
    const usable = candidates.filter((c) => !c.dr.spec?.workloadSelector)
      .sort((a, b) => b.score - a.score || a.dr.name.localeCompare(b.dr.name));
    if (usable.length === 0) continue;
    const best = usable[0];
    return { rule: best.dr, sameHost: usable.filter((c) => c.score === best.score).map((c) => c.dr) };
  }
  return undefined;
}

/**
 * DestinationRules by namespace and by the FQDN of their host, so that a
 * lookup reads the rules that can apply to one host (its exact host, and
 * the wildcard ones) instead of every rule.
 */
export class DestinationRuleIndex<T extends DestinationRuleLike> {
  private readonly byNamespace = new Map<string, { exact: Map<string, T[]>; wildcard: T[] }>();
  private readonly order = new Map<T, number>();

  public constructor(rules: readonly T[]) {
    for (const dr of rules) {
      this.order.set(dr, this.order.size);
      let ns = this.byNamespace.get(dr.namespace);
      if (!ns) {
        ns = { exact: new Map(), wildcard: [] };
        this.byNamespace.set(dr.namespace, ns);
      }
      const host = fqdnOf(String(dr.spec?.host ?? ''), dr.namespace);
      if (host.startsWith('*')) {
        ns.wildcard.push(dr);
      } else {
        pushTo(ns.exact, host, dr);
      }
    }
  }

  /** The rules of `namespace` whose host is `fqdn` or a wildcard, in input order. */
  public candidates(namespace: string, fqdn: string): T[] {
    const ns = this.byNamespace.get(namespace);
    if (!ns) return [];
    const exact = ns.exact.get(fqdn) ?? [];
    if (ns.wildcard.length === 0) return exact;
    return [...exact, ...ns.wildcard].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/** Whether a DestinationRule is visible to clients in `clientNamespace` (`exportTo`: `.`/`~`/`*`/namespaces). */
function visible(dr: DestinationRuleLike, clientNamespace: string): boolean {
  const exportTo: unknown = dr.spec?.exportTo;
  const list = Array.isArray(exportTo) ? exportTo.map(String) : [];
  if (dr.namespace === clientNamespace) return !(list.length > 0 && list.every((e) => e === '~'));
  if (list.length === 0) return true;
  return list.includes('*') || list.includes(clientNamespace);
}

/** -1 when the DestinationRule host does not cover the FQDN; higher is more specific. */
function hostScore(drHost: string, fqdn: string): number {
  if (drHost === fqdn) return 10000;
  if (drHost === '*') return 0;
  if (drHost.startsWith('*.') && fqdn.endsWith(drHost.slice(1))) return drHost.length;
  return -1;
}
