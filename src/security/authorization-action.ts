import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * What an AuthorizationPolicy does with the requests its rules match
 * (`spec.action`, `spec.provider`).
 *
 * Istio evaluates CUSTOM policies first, then DENY, then ALLOW: a request
 * matched by a DENY policy is denied; when ALLOW policies exist on the
 * target, a request none of them matches is denied. AUDIT only marks
 * requests for an audit plugin.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
 */
export class AuthorizationAction {
  /** Allow the requests the rules match (`ALLOW`); with any ALLOW policy on the gateway, everything else is denied. */
  public static allow(): AuthorizationAction {
    return new AuthorizationAction('ALLOW');
  }

  /** Deny the requests the rules match (`DENY`), whatever ALLOW policies say. */
  public static deny(): AuthorizationAction {
    return new AuthorizationAction('DENY');
  }

  /** Mark the requests the rules match for auditing (`AUDIT`); does not allow or deny. */
  public static audit(): AuthorizationAction {
    return new AuthorizationAction('AUDIT');
  }

  /**
   * Delegate the requests the rules match to an external authorizer
   * (`CUSTOM`, e.g. oauth2-proxy or OPA). The provider is declared by name in
   * the mesh config, `meshConfig.extensionProviders[].name` (an
   * `envoyExtAuthzHttp` or `envoyExtAuthzGrpc` entry), not in this chart;
   * Istio allows at most one provider per workload.
   * @param providerName the `extensionProviders[].name`, e.g. `oauth2-proxy`
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-custom/
   */
  public static custom(providerName: string): AuthorizationAction {
    const ok = typeof providerName === 'string' && providerName.trim() !== '';
    return new AuthorizationAction('CUSTOM', providerName, factoryProblem('AuthorizationAction.custom', [providerName], ok ? undefined
      : 'a CUSTOM action needs the name of an extension provider from meshConfig.extensionProviders, e.g. "oauth2-proxy"'));
  }

  /** `ALLOW`, `DENY`, `AUDIT` or `CUSTOM`. */
  public readonly action: string;
  /**
   * The extension provider of a CUSTOM action.
   * @default - none (not CUSTOM)
   */
  public readonly providerName?: string;

  private constructor(action: string, providerName?: string, private readonly problem?: string) {
    this.action = action;
    this.providerName = providerName;
  }

  /** What the factory found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** `spec.action` and `spec.provider`. @internal */
  public _toKube(): { action: string; provider?: { name: string } } {
    assertFactoryValue(this.problem);
    return this.providerName !== undefined ? { action: this.action, provider: { name: this.providerName } } : { action: this.action };
  }
}
