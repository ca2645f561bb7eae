import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { declareExternalObject } from '../analysis/synth-validation';
import { DNS_SUBDOMAIN_RE } from '../internal/names';

/**
 * A `certificateRefs[]` entry, with the API server's defaults spelled out.
 */
export interface CertificateReference {
  /** `""` for a core Secret. */
  readonly group: string;
  /** `Secret`: the only kind Istio accepts. */
  readonly kind: string;
  /** The Secret's name. */
  readonly name: string;
  /**
   * The Secret's namespace.
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;
}

/**
 * The certificate a TLS listener presents. Private keys are written into
 * YAML only when passed explicitly through `fromPem`.
 */
export class TlsCertificate {
  /**
   * An existing `kubernetes.io/tls` Secret, e.g. one that cert-manager
   * maintains. A Secret in another namespace than the Gateway's gets a
   * ReferenceGrant in that namespace automatically, unless the listener's
   * `referenceGrants` policy is `ReferenceGrantPolicy.EXPECT_EXISTING`
   * (the Secret namespace's owner writes it).
   *
   * @param secretName the Secret's name
   * @param namespace the Secret's namespace
   * @default namespace - the Gateway's namespace
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig `certificateRefs` (Core support; Istio reads only Secrets)
   */
  public static fromSecretName(secretName: string, namespace?: string): TlsCertificate {
    if (!DNS_SUBDOMAIN_RE.test(secretName) || secretName.length > 253) {
      throw new Error(`certificate secret name "${secretName}" is not a valid Kubernetes name (lowercase letters, digits, "-" and ".")`);
    }
    return new TlsCertificate(secretName, namespace);
  }

  /**
   * Writes a `kubernetes.io/tls` Secret with this certificate and key into
   * the Gateway's namespace. The key ends up in the synthesized YAML: prefer
   * `fromSecretName` with a Secret managed outside git (cert-manager,
   * sealed-secrets, external-secrets).
   *
   * @param certificatePem PEM certificate chain
   * @param privateKeyPem PEM private key
   */
  public static fromPem(certificatePem: string, privateKeyPem: string): TlsCertificate {
    if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(certificatePem)) {
      throw new Error('certificatePem must be a PEM certificate ("-----BEGIN CERTIFICATE-----")');
    }
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKeyPem)) {
      throw new Error('privateKeyPem must be a PEM private key ("-----BEGIN PRIVATE KEY-----")');
    }
    return new TlsCertificate(undefined, undefined, { cert: certificatePem, key: privateKeyPem });
  }

  private constructor(
    private readonly secretName?: string,
    private readonly secretNamespace?: string,
    private readonly pem?: { cert: string; key: string },
  ) {}

  /**
   * Creates what the certificate needs (a Secret for PEM material) and returns
   * the reference to write.
   * @internal
   */
  public _bind(scope: Construct, defaultSecretName: string, gatewayNamespace: string | undefined): CertificateReference {
    if (this.pem) {
      new kplus.TlsSecret(scope, 'Secret', {
        metadata: { name: defaultSecretName, namespace: gatewayNamespace },
        tlsCert: this.pem.cert,
        tlsKey: this.pem.key,
      });
      return { group: '', kind: 'Secret', name: defaultSecretName };
    }
    const namespace = this.secretNamespace && this.secretNamespace !== gatewayNamespace ? this.secretNamespace : undefined;
    // a Secret named here is managed outside the app (kubectl, cert-manager, external-secrets)
    declareExternalObject(scope, 'Secret', this.secretNamespace ?? gatewayNamespace, this.secretName!);
    return { group: '', kind: 'Secret', name: this.secretName!, namespace };
  }
}
