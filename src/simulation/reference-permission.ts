/**
 * Whether a cross-namespace reference is permitted, as the simulator decides
 * it: a ReferenceGrant in the input allows it, or a construct declared the
 * grant as expected to exist (`ReferenceGrantPolicy.EXPECT_EXISTING`, in the
 * registry of external objects), which is assumed to allow it and noted.
 */
import { ExternalObjects } from '../gateway-api/external-objects';
import { expectedReferenceGrant, referenceGrantName } from '../gateway-api/reference-grant-name';
import { ReferenceFrom, referenceGranted, ReferenceTo } from '../gateway-api/reference-grants';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/**
 * Whether `from` may refer to `to` in `toNamespace`; a same-namespace
 * reference always may. `note` receives the assumption made for an expected grant.
 */
export function referencePermitted(
  set: ManifestSet, grants: readonly Manifest[], externals: ExternalObjects,
  from: ReferenceFrom, toNamespace: string, to: ReferenceTo, note: (text: string) => void,
): boolean {
  if (toNamespace === from.namespace || referenceGranted(set, from, toNamespace, to, grants)) return true;
  const expected = expectedReferenceGrant(externals, from, toNamespace, to);
  if (!expected) return false;
  note(`ReferenceGrant ${toNamespace}/${referenceGrantName(expected)} is not in the input; it is expected to exist `
    + `(the owner of namespace ${toNamespace} creates it) and is assumed to allow the reference`);
  return true;
}
