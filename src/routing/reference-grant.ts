import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { groupKindProblem } from './checks';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE } from '../internal/names';

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
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * ReferenceGrants created on demand, one per permission and app.
 *
 * Routes call this for backends in other namespaces, and gateways for
 * certificate Secrets in other namespaces. A grant is created only when the
 * namespaces differ, once per (from group, kind, namespace; to group, kind,
 * namespace, name) in the whole app, named
 * `<fromNamespace>-<fromkind>-to-<tokind>[-<toName>]`
 * (e.g. `shop-httproute-to-service-api`). It is placed in the chart of the
 * first construct that needs it, with `metadata.namespace` set to the target
 * namespace.
 */
export class ReferenceGrants {
  /**
   * Returns the ReferenceGrant that allows the reference, creating it when
   * needed; returns undefined when both namespaces are the same (no grant
   * is needed).
   *
   * @param scope a construct of the referencing side; the grant is created in its chart
   * @param options the permission
   */
  public static ensure(scope: IConstruct, options: ReferenceGrantOptions): ApiObject | undefined {
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

    const key = [options.fromGroup, options.fromKind, options.fromNamespace,
      options.toGroup, options.toKind, options.toNamespace, options.toName ?? ''].join('|');
    const root = scope.node.root;
    let grants = GRANTS.get(root);
    if (!grants) {
      grants = new Map();
      GRANTS.set(root, grants);
    }
    const existing = grants.get(key);
    if (existing) return existing;

    const name = grantName(options, key);
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

function kindPart(group: string, kind: string): string {
  const k = kind.toLowerCase();
  return group === '' || group === GATEWAY_GROUP ? k : `${k}.${group}`;
}

function grantName(o: ReferenceGrantOptions, key: string): string {
  let name = `${o.fromNamespace}-${kindPart(o.fromGroup, o.fromKind)}-to-${kindPart(o.toGroup, o.toKind)}`;
  if (o.toName) name += `-${o.toName}`;
  if (name.length > 253 || !DNS_SUBDOMAIN_RE.test(name)) {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
    name = `${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 244).replace(/[-.]+$/, '')}-${hash}`;
  }
  return name;
}
