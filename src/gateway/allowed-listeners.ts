import { namespaceLabelsProblem, namespaceNamesProblem, sortedLabels } from './labels';
import { NAMESPACE_NAME_LABEL } from '../gateway-api/allowed-routes';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * Which namespaces may attach `ListenerSet`s to a Gateway
 * (`spec.allowedListeners`): team-owned listeners and certificates on a
 * platform Gateway. The Gateway API default is `none()`.
 *
 * Gateway API v1.6.1 standard channel (ListenerSet v1 is GA since v1.5).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedlisteners
 */
export class AllowedListeners {
  /** No ListenerSet may attach (the Gateway API default, written out). */
  public static none(): AllowedListeners {
    return new AllowedListeners('None');
  }

  /** ListenerSets in the Gateway's own namespace. */
  public static sameNamespace(): AllowedListeners {
    return new AllowedListeners('Same');
  }

  /** ListenerSets from every namespace. Opt in deliberately: any team can then add listeners to the Gateway. */
  public static allNamespaces(): AllowedListeners {
    return new AllowedListeners('All');
  }

  /**
   * ListenerSets from namespaces whose labels match all of `labels`.
   * @param labels namespace label key/value pairs, at least one
   */
  public static fromNamespacesWithLabels(labels: { [key: string]: string }): AllowedListeners {
    const problem = factoryProblem('AllowedListeners.fromNamespacesWithLabels', [labels], namespaceLabelsProblem(labels, 'AllowedListeners.allNamespaces()'));
    return new AllowedListeners('Selector', problem ? undefined : { matchLabels: sortedLabels(labels) }, problem);
  }

  /**
   * ListenerSets from the named namespaces (a selector on `kubernetes.io/metadata.name`).
   * @param namespaces namespace names, at least one
   */
  public static fromNamespaces(namespaces: string[]): AllowedListeners {
    const problem = factoryProblem('AllowedListeners.fromNamespaces', [namespaces], namespaceNamesProblem(namespaces, 'AllowedListeners.sameNamespace()'));
    return new AllowedListeners('Selector', problem ? undefined : {
      matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...new Set(namespaces)].sort() }],
    }, problem);
  }

  /** `None`, `Same`, `All` or `Selector`. */
  public readonly from: string;
  private readonly selector?: any;
  private readonly problem?: string;

  private constructor(from: string, selector?: any, problem?: string) {
    this.from = from;
    this.selector = selector;
    this.problem = problem;
  }

  /** What the factory found wrong with its argument, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** @internal */
  public _toKube(): any {
    assertFactoryValue(this.problem);
    return { namespaces: { from: this.from, selector: this.selector } };
  }
}
