import { createHash } from 'crypto';
import { GATEWAY_GROUP } from './gateway-api';
import { ReferenceFrom, ReferenceTo } from './reference-grants';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

/** One permission of a ReferenceGrant, as the library writes it. */
export interface GrantPermission {
  readonly fromGroup: string;
  readonly fromKind: string;
  readonly fromNamespace: string;
  readonly toGroup: string;
  readonly toKind: string;
  readonly toNamespace: string;
  /** Without a name, the grant covers every object of `toKind`. */
  readonly toName?: string;
}

/** What `expectedReferenceGrant` needs of the registry of external objects. */
export interface ExternalObjectLookup {
  /** Whether `kind namespace/name` was declared external. */
  has(kind: string, namespace: string, name: string): boolean;
}

/** The identity of a permission: equal keys, equal grants. */
export function grantPermissionKey(p: GrantPermission): string {
  return [p.fromGroup, p.fromKind, p.fromNamespace, p.toGroup, p.toKind, p.toNamespace, p.toName ?? ''].join('|');
}

/**
 * The `metadata.name` the library gives the ReferenceGrant of a permission:
 * `<fromNamespace>-<fromkind>-to-<tokind>[-<toName>]`, kinds lowercase and
 * qualified by their group unless core or Gateway API (e.g.
 * `shop-httproute-to-service-api`). A name that is too long or not a DNS
 * subdomain is cut and ends with 8 hex digits of a hash of the permission.
 *
 * The same name is what a construct declares external (`ReferenceGrant
 * <toNamespace>/<name>`) when it expects the grant to exist, so analysis
 * and simulation can tell an expected grant from a forgotten one.
 */
export function referenceGrantName(p: GrantPermission): string {
  let name = `${p.fromNamespace}-${kindPart(p.fromGroup, p.fromKind)}-to-${kindPart(p.toGroup, p.toKind)}`;
  if (p.toName) name += `-${p.toName}`;
  if (name.length > 253 || !DNS_SUBDOMAIN_RE.test(name)) {
    const hash = createHash('sha256').update(grantPermissionKey(p)).digest('hex').slice(0, 8);
    name = `${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 244).replace(/[-.]+$/, '')}-${hash}`;
  }
  return name;
}

/**
 * The permission of the ReferenceGrant that a construct declared as expected
 * to exist (managed by the target namespace's owner) for `from` referring to
 * `to` in `toNamespace`, or undefined when none was declared. A construct
 * declares one as `ReferenceGrant <toNamespace>/<name>` in the registry of
 * external objects, with the name `referenceGrantName` gives the permission
 * for that object (or for every object of its kind).
 */
export function expectedReferenceGrant(
  externals: ExternalObjectLookup,
  from: ReferenceFrom,
  toNamespace: string,
  to: ReferenceTo,
): GrantPermission | undefined {
  const kindWide: GrantPermission = {
    fromGroup: from.group,
    fromKind: from.kind,
    fromNamespace: from.namespace,
    toGroup: to.group,
    toKind: to.kind,
    toNamespace,
  };
  return [{ ...kindWide, toName: to.name }, kindWide]
    .find((p) => externals.has('ReferenceGrant', toNamespace, referenceGrantName(p)));
}

function kindPart(group: string, kind: string): string {
  const k = kind.toLowerCase();
  return group === '' || group === GATEWAY_GROUP ? k : `${k}.${group}`;
}
