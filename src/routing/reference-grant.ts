import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { groupKindProblem } from './checks';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { declareExternalObject } from '../analysis/synth-validation';
import { grantPermissionKey, referenceGrantName } from '../gateway-api/reference-grant-name';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE } from '../internal/names';

/**
 * One permission of a ReferenceGrant: objects of `fromKind` in
 * `fromNamespace` may reference the object `toName` (or every object) of
 * `toKind` in `toNamespace`.
 */
export interface ReferenceGrantOptions {
  /** API group of the referencing kind, e.g. `gateway.networking.k8s.io`. */
  readonly fromGroup: string;
  /** The referencing kind, e.g. `HTTPRoute` or `Gateway`. */
  readonly fromKind: string;
  /** Namespace of the referencing objects. */
  readonly fromNamespace: string;
  /** API group of the referenced kind, `""` for core kinds. */
  readonly toGroup: string;
  /** The referenced kind, e.g. `Service` or `Secret`. */
  readonly toKind: string;
  /** Namespace of the referenced object; the grant is created there. */
  readonly toNamespace: string;
  /**
   * Name of the referenced object.
   * @default - every object of `toKind` in `toNamespace`
   */
  readonly toName?: string;
}

const GRANTS = new WeakMap<IConstruct, Map<string, ApiObject>>();

/**
 * ReferenceGrants created on demand, one per permission and app.
 *
 * Routes call this for backends in other namespaces, and gateways for
 * certificate Secrets in other namespaces. A grant is needed only when the
 * namespaces differ. Its name is
 * `<fromNamespace>-<fromkind>-to-<tokind>[-<toName>]`
 * (e.g. `shop-httproute-to-service-api`).
 *
 * With `ReferenceGrantPolicy.CREATE` (the default), the grant is written
 * once per (from group, kind, namespace; to group, kind, namespace, name) in
 * the whole app, in the chart of the first construct that needs it, with
 * `metadata.namespace` set to the target namespace.
 *
 * With `ReferenceGrantPolicy.EXPECT_EXISTING`, none is written: the grant
 * belongs to the target namespace's owner. `ReferenceGrant
 * <toNamespace>/<name>` is declared external instead, so synth-time analysis
 * knows the grant is intended and warns, naming that owner, while no
 * ReferenceGrant in the App allows the reference.
 */
export class ReferenceGrants {
  /**
   * Returns the ReferenceGrant that allows the reference, creating it when
   * needed; returns undefined when both namespaces are the same (no grant
   * is needed) or when the policy expects the grant to exist and no
   * construct of the App created it.
   *
   * @param scope a construct of the referencing side; the grant is created in its chart
   * @param options the permission
   * @param policy who writes the grant
   * @default policy - `ReferenceGrantPolicy.of(scope)`: the context key
   * `cdk8s-istio-gateway:referenceGrants`, else `CREATE`
   */
  public static ensure(scope: IConstruct, options: ReferenceGrantOptions, policy?: ReferenceGrantPolicy): ApiObject | undefined {
    const effective = policy ?? ReferenceGrantPolicy.of(scope);
    for (const [field, value] of [['fromNamespace', options.fromNamespace], ['toNamespace', options.toNamespace]]) {
      if (typeof value !== 'string' || !DNS_LABEL_RE.test(value) || value.length > 63) {
        fail(scope, `referenceGrant ${field} "${value}" must be a DNS label (lowercase letters, digits, "-")`);
      }
    }
    const gk = groupKindProblem(options.fromGroup, options.fromKind) ?? groupKindProblem(options.toGroup, options.toKind);
    if (gk) fail(scope, `referenceGrant ${gk}`);
    if (options.toName !== undefined && (options.toName.length < 1 || options.toName.length > 253)) {
      fail(scope, `referenceGrant toName "${options.toName}" must be 1 to 253 characters long`);
    }
    if (options.fromNamespace === options.toNamespace) return undefined;

    const key = grantPermissionKey(options);
    const name = referenceGrantName(options);
    const root = scope.node.root;
    let grants = GRANTS.get(root);
    if (!grants) {
      grants = new Map();
      GRANTS.set(root, grants);
    }
    const existing = grants.get(key);
    if (existing) return existing;
    if (!effective.createsGrants) {
      declareExternalObject(scope, 'ReferenceGrant', options.toNamespace, name);
      return undefined;
    }

    const clash = [...grants.entries()].find(([, g]) => g.name === name && g.metadata.namespace === options.toNamespace);
    if (clash) {
      fail(scope, `referenceGrant "${options.toNamespace}/${name}" would be written for two different permissions `
        + `(${clash[0]} and ${key}); use distinct groups or kinds`);
    }
    const chart = Chart.of(scope);
    const grant = new gwapi.ReferenceGrant(chart, `ReferenceGrant-${options.toNamespace}-${name}`, {
      metadata: { name, namespace: options.toNamespace },
      spec: {
        from: [{ group: options.fromGroup, kind: options.fromKind, namespace: options.fromNamespace }],
        to: [{ group: options.toGroup, kind: options.toKind, name: options.toName }],
      },
    });
    claimName(grant, 'ReferenceGrant', options.toNamespace, name);
    grants.set(key, grant);
    return grant;
  }

  private constructor() {}
}
