import { IConstruct } from 'constructs';
import { fail } from '../internal/errors';

/** The cdk8s context key of the project-wide default (see `ReferenceGrantPolicy.CONTEXT_KEY`). */
const CONTEXT_KEY = 'cdk8s-istio-gateway:referenceGrants';

/**
 * Who writes the ReferenceGrant that a cross-namespace reference needs: a
 * route's backend in another namespace, or a listener's certificate Secret
 * in another namespace.
 *
 * In Gateway API's role model the grant is the target's half of a
 * handshake: it lives in the target namespace, and the owner of the
 * referenced object creates it. A chart that writes a grant into someone
 * else's namespace (`payments`, `kube-system`) grants itself access.
 *
 * - `CREATE` (the default): the library writes the grant into the target
 *   namespace, for charts that own both sides.
 * - `EXPECT_EXISTING`: the library writes no grant. It declares the grant it
 *   would have written (`ReferenceGrant <namespace>/<name>`) as managed
 *   outside the App, and synth prints a warning while no ReferenceGrant in
 *   the App allows the reference, naming the namespace whose owner must
 *   create it and the fields it needs.
 *
 * Set a default for a whole App (or a Chart) through the context key
 * `cdk8s-istio-gateway:referenceGrants` (`create` or `expect-existing`),
 * before any construct is added; the `referenceGrants` prop of `HttpRoute`,
 * `CanaryRoute` and `TlsListener` overrides it.
 *
 * @example
 * const app = new App();
 * app.node.setContext(ReferenceGrantPolicy.CONTEXT_KEY, 'expect-existing');
 */
export class ReferenceGrantPolicy {
  /**
   * The context key of the default policy: `cdk8s-istio-gateway:referenceGrants`,
   * with the value `create` or `expect-existing`. Set it on the App or a Chart
   * before adding constructs (`node.setContext`).
   */
  public static readonly CONTEXT_KEY = CONTEXT_KEY;

  /** The library writes the ReferenceGrant into the target namespace (the default). */
  public static readonly CREATE = new ReferenceGrantPolicy('create');

  /**
   * The target namespace's owner writes the ReferenceGrant: the library writes
   * none, declares it external, and synth warns while the App has no grant
   * that allows the reference.
   */
  public static readonly EXPECT_EXISTING = new ReferenceGrantPolicy('expect-existing');

  /**
   * The default policy for constructs under `scope`: the value of the context
   * key `cdk8s-istio-gateway:referenceGrants`, else `CREATE`.
   * @throws when the context value is neither `create` nor `expect-existing`
   */
  public static of(scope: IConstruct): ReferenceGrantPolicy {
    const value = scope.node.tryGetContext(CONTEXT_KEY);
    if (value === undefined) return ReferenceGrantPolicy.CREATE;
    const policy = [ReferenceGrantPolicy.CREATE, ReferenceGrantPolicy.EXPECT_EXISTING].find((p) => p.value === value);
    if (!policy) {
      fail(scope, `context "${CONTEXT_KEY}" is ${JSON.stringify(value)}; allowed values are "create" `
        + '(the library writes ReferenceGrants) and "expect-existing" (the target namespace\'s owner writes them)');
    }
    return policy;
  }

  /** The context value: `create` or `expect-existing`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  /** Whether the library writes the ReferenceGrant. */
  public get createsGrants(): boolean {
    return this === ReferenceGrantPolicy.CREATE;
  }

  /** The context value: `create` or `expect-existing`. */
  public toString(): string {
    return this.value;
  }
}
