import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationAction } from './authorization-action';
import { Condition } from './condition';
import { Operation } from './operation';
import { Source } from './source';
import * as istio from '../../imports/security.istio.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { IGateway } from '../gateway/gateway-ref';
import { checkPolicyName, placeGatewayPolicy } from '../gateway/policy-target';
import { lookUpAuthzKey } from '../internal/authz-attributes';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { nameFromId } from '../internal/names';

/** Set by `denyAll()` for the one constructor call it makes: an ALLOW policy without rules is then intended. */
let denyAllNext = false;
/** CRD `maxItems` of `spec.rules` and of `rules[].from`. */
const MAX_RULES = 512;
/** Source fields that Istio rejects with `action: CUSTOM` (`ValidateAuthorizationPolicy`). */
const NOT_WITH_CUSTOM = ['requestPrincipals', 'notRequestPrincipals', 'principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'];

/**
 * One rule of an AuthorizationPolicy: it matches a request when at least one
 * Source, at least one Operation and every Condition match. A rule with no
 * fields (`{}`) matches every request.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule
 */
export interface AuthorizationRule {
  /**
   * Where the request comes from (ORed).
   * @default - any source
   */
  readonly from?: Source[];
  /**
   * What the request asks for (ORed).
   * @default - any operation
   */
  readonly to?: Operation[];
  /**
   * Extra conditions (ANDed).
   * @default - none
   */
  readonly when?: Condition[];
}

/**
 * Options for `GatewayAuthorization` (and `IngressGateway.addAuthorization()`).
 */
export interface GatewayAuthorizationOptions {
  /**
   * The AuthorizationPolicy name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * What to do with the requests the rules match.
   * @default AuthorizationAction.allow()
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
   */
  readonly action?: AuthorizationAction;
  /**
   * The rules; a request matches the policy when it matches one of them.
   * Required: an ALLOW policy without rules denies everything (use
   * `GatewayAuthorization.denyAll()` for that), and Istio rejects DENY and
   * CUSTOM policies without rules.
   * @default - none, which is an error
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy `rules`
   */
  readonly rules?: AuthorizationRule[];
  /**
   * Dry run: Istio evaluates the policy and logs and counts the result
   * (`istio.io/dry-run: "true"`) without enforcing it.
   * @default false
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-dry-run/
   */
  readonly dryRun?: boolean;
}

/**
 * Props for `GatewayAuthorization`.
 */
export interface GatewayAuthorizationProps extends GatewayAuthorizationOptions {
  /** The Gateway the policy applies to; the policy is written into its namespace. */
  readonly gateway: IGateway;
}

/**
 * Props for `GatewayAuthorization.denyAll()`.
 */
export interface GatewayDenyAllProps {
  /** The Gateway that should accept no request. */
  readonly gateway: IGateway;
  /**
   * The AuthorizationPolicy name.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * An Istio AuthorizationPolicy (`security.istio.io/v1`) attached to a
 * Gateway with `targetRefs`, so it applies to the gateway's Envoy only.
 * The policy is the child `Resource`.
 *
 * ```ts
 * new GatewayAuthorization(chart, 'office-only', {
 *   gateway: gw,
 *   action: AuthorizationAction.deny(),
 *   rules: [{ from: [Source.notRemoteIpBlocks(['203.0.113.0/24'])], to: [Operation.paths(['/admin/*'])] }],
 * });
 * ```
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class GatewayAuthorization extends Construct {
  /**
   * The documented allow-nothing policy: an ALLOW policy without rules,
   * which denies every request to the gateway (`403 RBAC: access denied`).
   * Other ALLOW policies on the gateway can still allow requests.
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/ "allow-nothing"
   */
  public static denyAll(scope: Construct, id: string, props: GatewayDenyAllProps): GatewayAuthorization {
    denyAllNext = true;
    try {
      return new GatewayAuthorization(scope, id, { gateway: props?.gateway, name: props?.name });
    } finally {
      denyAllNext = false;
    }
  }

  /** The AuthorizationPolicy name. */
  public readonly policyName: string;
  /**
   * The namespace of the policy (the Gateway's).
   * @default - the namespace of the apply context
   */
  public readonly policyNamespace?: string;
  /** What the policy does with the requests its rules match. */
  public readonly action: AuthorizationAction;
  /** The AuthorizationPolicy (also `node.defaultChild`). */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: GatewayAuthorizationProps) {
    super(scope, id);
    const denyAll = denyAllNext;
    denyAllNext = false;
    enableSynthValidation(this);
    const placement = placeGatewayPolicy(this, props?.gateway);
    this.policyName = props.name ?? nameFromId(id, this);
    checkPolicyName(this, 'AuthorizationPolicy', this.policyName);
    this.policyNamespace = placement.namespace;
    this.action = props.action ?? AuthorizationAction.allow();
    checkFactoryValue(this, 'action', this.action._problem);
    const rules = props.rules;
    if (!denyAll) this.checkRules(rules);
    claimName(this, 'AuthorizationPolicy', this.policyNamespace, this.policyName);

    this.resource = new istio.AuthorizationPolicy(this, 'Resource', {
      metadata: {
        name: this.policyName,
        namespace: placement.metadataNamespace,
        annotations: props.dryRun ? { 'istio.io/dry-run': 'true' } : undefined,
      },
      spec: Lazy.any({
        produce: () => ({
          targetRefs: placement.targetRefs,
          ...this.action._toKube(),
          rules: denyAll ? undefined : rules!.map(renderRule),
        }),
      }) as any,
    });
  }

  private checkRules(rules: AuthorizationRule[] | undefined): void {
    const action = this.action.action;
    if (rules === undefined || (Array.isArray(rules) && rules.length === 0)) {
      if (action === 'ALLOW') {
        fail(this, 'an ALLOW policy with no rules denies every request to the gateway; add rules that say what to allow, '
          + 'or use GatewayAuthorization.denyAll() if denying everything is intended');
      }
      fail(this, `a ${action} policy needs rules (istio rejects or never triggers it without); add rules, e.g. [{ to: [Operation.paths(["/admin/*"])] }], `
        + 'or a rule {} to match every request');
    }
    if (!Array.isArray(rules)) fail(this, 'rules must be a list of rules');
    if (rules.length > MAX_RULES) fail(this, `an AuthorizationPolicy has at most ${MAX_RULES} rules, got ${rules.length}; split them over several policies`);
    rules.forEach((rule, i) => {
      const at = `rules[${i}]`;
      if (rule === null || typeof rule !== 'object') fail(this, `${at} must be a rule object, e.g. { to: [Operation.paths(["/api/*"])] }`);
      for (const field of ['from', 'to', 'when'] as const) {
        const list = (rule as any)[field];
        if (list === undefined) continue;
        // istio: "`from` must not be empty" (and `to`)
        if (!Array.isArray(list) || list.length === 0) fail(this, `${at}.${field} must be a non-empty list; leave it out to match anything`);
        if (list.length > MAX_RULES) fail(this, `${at}.${field} has ${list.length} entries; at most ${MAX_RULES} are allowed`);
      }
      (rule.from ?? []).forEach((s, j) => {
        if (!(s instanceof Source)) fail(this, `${at}.from[${j}] must be a Source, e.g. Source.remoteIpBlocks(["203.0.113.0/24"])`);
        checkFactoryValue(this, `${at}.from[${j}]`, s._problem);
        if (action === 'CUSTOM') {
          const bad = s._fields.filter((f) => NOT_WITH_CUSTOM.includes(f));
          if (bad.length) {
            fail(this, `${at}.from[${j}] uses ${bad.join(', ')}, which istio does not support with a CUSTOM action; `
              + 'match on ipBlocks or remoteIpBlocks, or move the identity check into a DENY or ALLOW policy');
          }
        }
      });
      (rule.to ?? []).forEach((o, j) => {
        if (!(o instanceof Operation)) fail(this, `${at}.to[${j}] must be an Operation, e.g. Operation.paths(["/api/*"])`);
        checkFactoryValue(this, `${at}.to[${j}]`, o._problem);
      });
      (rule.when ?? []).forEach((c, j) => {
        if (!(c instanceof Condition)) fail(this, `${at}.when[${j}] must be a Condition, e.g. Condition.header("x-env", ["prod"])`);
        checkFactoryValue(this, `${at}.when[${j}]`, c._problem);
        const attribute = lookUpAuthzKey(c.key).attribute;
        if (action === 'CUSTOM' && attribute?.notWithCustom) {
          fail(this, `${at}.when[${j}] uses "${c.key}", which istio does not support with a CUSTOM action; move that condition into a DENY or ALLOW policy`);
        }
      });
    });
  }
}

function renderRule(rule: AuthorizationRule): istio.AuthorizationPolicySpecRules {
  return {
    from: rule.from?.map((s) => ({ source: s._toKube() })),
    to: rule.to?.map((o) => ({ operation: o._toKube() })),
    when: rule.when?.map((c) => c._toKube()),
  };
}
