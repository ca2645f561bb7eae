import { namespaceLabelsProblem, namespaceNamesProblem, sortedLabels } from './labels';
import { evaluateAllowedRoutes, NAMESPACE_NAME_LABEL } from '../gateway-api/allowed-routes';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * Which namespaces may attach routes to a listener (`allowedRoutes`).
 *
 * The factories check their argument; an invalid value is reported, with the
 * construct path, by the gateway or listener that uses it.
 *
 * A listener that an `HttpsRedirect` attaches to always admits the gateway's
 * own namespace, where the redirect route lives: `sameNamespace()` and
 * `allNamespaces()` do; `fromNamespaces()` gets the gateway's namespace
 * added; a label selector, which cannot name one more namespace, is replaced
 * by `sameNamespace()` on that listener unless the listener was given it
 * explicitly.
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
    const problem = factoryProblem('AllowedRoutes.fromNamespacesWithLabels', [labels], namespaceLabelsProblem(labels, 'AllowedRoutes.allNamespaces()'));
    return new AllowedRoutes('Selector', problem ? undefined : { matchLabels: sortedLabels(labels) }, problem);
  }

  /**
   * Routes from the named namespaces (a selector on `kubernetes.io/metadata.name`).
   * @param namespaces namespace names, at least one
   */
  public static fromNamespaces(namespaces: string[]): AllowedRoutes {
    const problem = factoryProblem('AllowedRoutes.fromNamespaces', [namespaces], namespaceNamesProblem(namespaces, 'AllowedRoutes.sameNamespace()'));
    return problem ? new AllowedRoutes('Selector', undefined, problem) : AllowedRoutes.ofNames(namespaces);
  }

  private static ofNames(namespaces: string[]): AllowedRoutes {
    return new AllowedRoutes('Selector', {
      matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...new Set(namespaces)].sort() }],
    });
  }

  /** `Same`, `All` or `Selector`. */
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

  /** The namespace names of a `fromNamespaces()` selector; undefined for other kinds. @internal */
  public get _names(): string[] | undefined {
    return this.selector?.matchExpressions?.[0]?.values;
  }

  /**
   * Whether routes in `namespace` may attach to a listener of a Gateway in
   * `gatewayNamespace`; undefined when it depends on namespace labels.
   * @internal
   */
  public _admits(namespace: string | undefined, gatewayNamespace: string | undefined): boolean | undefined {
    if (namespace === undefined || gatewayNamespace === undefined) return this.from === 'All' ? true : undefined;
    // the kernel's allowedRoutes rule, with only the namespace's name label known
    const v = evaluateAllowedRoutes({ protocol: 'HTTP', raw: { allowedRoutes: this._toKube() } }, gatewayNamespace,
      { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace }, () => undefined);
    return v.certain ? v.allowed : undefined;
  }

  /**
   * These allowedRoutes, widened so that routes of the gateway's own
   * namespace attach (for a listener an `HttpsRedirect` uses). A name list
   * gets the namespace added; a label selector becomes `Same` unless
   * `explicit` (the user chose it for this listener), when it is kept.
   * @internal
   */
  public _admittingGatewayNamespace(gatewayNamespace: string | undefined, explicit: boolean): AllowedRoutes {
    if (this.problem || this.from === 'All' || this.from === 'Same') return this;
    const names = this._names;
    if (names && gatewayNamespace !== undefined) {
      return names.includes(gatewayNamespace) ? this : AllowedRoutes.ofNames([...names, gatewayNamespace]);
    }
    return explicit ? this : AllowedRoutes.sameNamespace();
  }

  /** @internal */
  public _toKube(): any {
    assertFactoryValue(this.problem);
    return { namespaces: { from: this.from, selector: this.selector } };
  }
}
