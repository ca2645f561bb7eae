import { GATEWAY_GROUP } from './gateway-api';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/** The referring side of a cross-namespace reference. */
export interface ReferenceFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** The referred object of a cross-namespace reference. */
export interface ReferenceTo {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * Whether a ReferenceGrant in `toNamespace` lets `from` (group, kind,
 * namespace) refer to `to` (group, kind, name). Grants are OR-ed; a grant
 * `to` entry without a name covers every object of its kind.
 *
 * @param grants the ReferenceGrants to consider (default: every one of the set)
 */
export function referenceGranted(
  set: ManifestSet,
  from: ReferenceFrom,
  toNamespace: string,
  to: ReferenceTo,
  grants: readonly Manifest[] = set.ofKind('ReferenceGrant', GATEWAY_GROUP),
): boolean {
  return grants
    .filter((g) => set.namespaceOf(g) === toNamespace)
    .some((g) => {
      const froms = Array.isArray(g.object.spec?.from) ? g.object.spec.from : [];
      const tos = Array.isArray(g.object.spec?.to) ? g.object.spec.to : [];
      const fromOk = froms.some((f: any) => (f?.group ?? '') === from.group && f?.kind === from.kind && f?.namespace === from.namespace);
      const toOk = tos.some((t: any) => (t?.group ?? '') === to.group && t?.kind === to.kind && (t?.name === undefined || t?.name === '' || t?.name === to.name));
      return fromOk && toOk;
    });
}
