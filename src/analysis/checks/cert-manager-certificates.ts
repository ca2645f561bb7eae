import { CertificateRef, certificateRefsOf, GATEWAY_GROUP, gatewaysOf } from './model';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';

/** The cert-manager API group. */
export const CERT_MANAGER_GROUP = 'cert-manager.io';

/** A cert-manager `Certificate` of the set, as the certificate checks read it. */
export interface CertManagerCertificate {
  readonly manifest: Manifest;
  /** The Certificate's namespace: the Secret it writes is in the same one. */
  readonly namespace: string;
  /** `spec.secretName`; undefined when unset or not a string. */
  readonly secretName?: string;
  /** `spec.dnsNames` (strings only), empty when unset. */
  readonly dnsNames: string[];
}

/** Every cert-manager Certificate of the set. */
export function certManagerCertificatesOf(set: ManifestSet): CertManagerCertificate[] {
  return set.ofKind('Certificate', CERT_MANAGER_GROUP).map((manifest) => {
    const spec = manifest.object.spec;
    const secretName = typeof spec?.secretName === 'string' && spec.secretName ? spec.secretName : undefined;
    const dnsNames = Array.isArray(spec?.dnsNames) ? spec.dnsNames.filter((n: unknown) => typeof n === 'string') : [];
    return { manifest, namespace: set.namespaceOf(manifest), secretName, dnsNames };
  });
}

/** The Certificates of the set by the Secret they write (`namespace/secretName`). */
export function certificatesBySecret(set: ManifestSet): Map<string, CertManagerCertificate[]> {
  const out = new Map<string, CertManagerCertificate[]>();
  for (const c of certManagerCertificatesOf(set)) {
    if (c.secretName === undefined) continue;
    const key = `${c.namespace}/${c.secretName}`;
    out.set(key, [...out.get(key) ?? [], c]);
  }
  return out;
}

/** A listener's reference to a core Secret, with the Gateway or ListenerSet that declares the listener. */
export interface ListenerSecretRef extends CertificateRef {
  /** The Gateway or ListenerSet whose `spec.listeners` holds the reference. */
  readonly owner: Manifest;
}

/**
 * Every `tls.certificateRefs` entry that names a core Secret, of the
 * listeners of every Gateway and ListenerSet of the set (through the listener
 * read-model, `certificateRefsOf`).
 */
export function listenerSecretRefsOf(set: ManifestSet): ListenerSecretRef[] {
  const owners = [...gatewaysOf(set), ...set.ofKind('ListenerSet', GATEWAY_GROUP)];
  return owners.flatMap((owner) => certificateRefsOf(set, owner)
    .filter((c) => c.group === '' && c.kind === 'Secret' && c.name !== '')
    .map((c) => ({ ...c, owner })));
}
