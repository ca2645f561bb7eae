/**
 * Which namespaces may attach routes to a listener (`allowedRoutes`).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes
 */
export class AllowedRoutes {
  /** Only routes in the Gateway's own namespace (the Gateway API default). */
  public static sameNamespace(): AllowedRoutes {
    return new AllowedRoutes('Same');
  }

  /** Routes from every namespace. Opt in deliberately: any team can then claim the listener's hosts. */
  public static allNamespaces(): AllowedRoutes {
    return new AllowedRoutes('All');
  }

  /**
   * Routes from namespaces whose labels match all of `labels`.
   * @param labels namespace label key/value pairs, at least one
   */
  public static fromNamespacesWithLabels(labels: { [key: string]: string }): AllowedRoutes {
    if (Object.keys(labels).length === 0) {
      throw new Error('allowedRoutes namespace selector needs at least one label; use AllowedRoutes.allNamespaces() to allow every namespace');
    }
    return new AllowedRoutes('Selector', { matchLabels: sortKeys(labels) });
  }

  /**
   * Routes from the named namespaces (a selector on `kubernetes.io/metadata.name`).
   * @param namespaces namespace names, at least one
   */
  public static fromNamespaces(namespaces: string[]): AllowedRoutes {
    if (namespaces.length === 0) {
      throw new Error('allowedRoutes needs at least one namespace name; use AllowedRoutes.sameNamespace() for the Gateway\'s own');
    }
    return new AllowedRoutes('Selector', {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set(namespaces)].sort() }],
    });
  }

  /** `Same`, `All` or `Selector`. */
  public readonly from: string;
  private readonly selector?: any;

  private constructor(from: string, selector?: any) {
    this.from = from;
    this.selector = selector;
  }

  /**
   * Whether routes in `namespace` may attach to a listener of a Gateway in
   * `gatewayNamespace`; undefined when it depends on namespace labels.
   * @internal
   */
  public _admits(namespace: string | undefined, gatewayNamespace: string | undefined): boolean | undefined {
    if (this.from === 'All') return true;
    if (this.from === 'Same') return namespace === gatewayNamespace;
    const names: string[] | undefined = this.selector?.matchExpressions?.[0]?.values;
    if (!names || namespace === undefined) return undefined;
    return names.includes(namespace);
  }

  /** @internal */
  public _toKube(): any {
    return { namespaces: { from: this.from, selector: this.selector } };
  }
}

function sortKeys(labels: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}
