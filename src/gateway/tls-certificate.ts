import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager.io'; // only its types: the bindings load on first use (certManagerBindings)
import { declareExternalObject } from '../analysis/synth-validation';
import { dnsNamesCover } from '../gateway-api/certificate-hostnames';
import { durationProblem, formatDuration } from '../internal/duration';
import { checkFactoryValue, factoryProblem, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_SUBDOMAIN_RE, hostnameProblem } from '../internal/names';
import { onFirstUse } from '../internal/on-first-use';

/** The cert-manager API group. */
const CERT_MANAGER_GROUP = 'cert-manager.io';

/** cert-manager's bindings, loaded the first time a Certificate is written, not when the package is required (most Apps write none). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const certManagerBindings = onFirstUse(() => require('../../imports/cert-manager.io') as typeof cm);

/*
 * cert-manager's admission rules for a Certificate (its webhook, not the CRD
 * schema, which has no rules): internal/apis/certmanager/validation/certificate.go
 * `ValidateCertificateSpec`, `ValidateDuration`, `validateIssuerRef`; constants
 * from pkg/apis/certmanager/v1/const.go and pkg/util/pki.
 */
/** `MinimumCertificateDuration`. */
const MIN_DURATION_MS = 3_600_000;
/** `MinimumRenewBefore`. */
const MIN_RENEW_BEFORE_MS = 300_000;
/** `DefaultCertificateDuration` (90 days), what renewBefore is compared with when duration is unset. */
const DEFAULT_DURATION_MS = 90 * 24 * 3_600_000;
/** `pki.MinRSAKeySize` and `pki.MaxRSAKeySize`. */
const MIN_RSA_SIZE = 2048;
const MAX_RSA_SIZE = 8192;
/**
 * The ECDSA sizes cert-manager accepts (P-256, P-384, P-521). Envoy serves
 * all three since 1.33 (envoyproxy/envoy#36369, "tls: support for ECDSA
 * P-384 and P-521 certificates"); Istio 1.30 ships a later Envoy.
 */
const ECDSA_SIZES = [256, 384, 521];
/** A Kubernetes kind name, as external issuers use (`AWSPCAClusterIssuer`). */
const KIND_RE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The algorithm of a certificate's private key.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `algorithm`
 */
export enum PrivateKeyAlgorithm {
  /** RSA, 2048 bits unless `size` says otherwise (cert-manager's default). */
  RSA = 'RSA',
  /** ECDSA P-256: smaller and faster than RSA, accepted by every current client. */
  ECDSA = 'ECDSA',
  /** Ed25519: browsers do not accept Ed25519 server certificates; use it only for clients that do. */
  ED25519 = 'Ed25519',
}

/**
 * The PKCS encoding of the private key in the Secret's `tls.key`.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `encoding`
 */
export enum PrivateKeyEncoding {
  /** PKCS#1 (cert-manager's default). */
  PKCS1 = 'PKCS1',
  /** PKCS#8. */
  PKCS8 = 'PKCS8',
}

/**
 * Whether a re-issuance generates a new private key.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `rotationPolicy`
 */
export enum PrivateKeyRotationPolicy {
  /** A new key on every issuance (cert-manager's default since v1.18). */
  ALWAYS = 'Always',
  /** Keep the key in the Secret while it fits the requested algorithm and size (the default before v1.18). */
  NEVER = 'Never',
}

/**
 * The private key cert-manager generates for a Certificate. It lives only in
 * the Secret cert-manager writes, never in the synthesized YAML.
 */
export interface CertificatePrivateKeyOptions {
  /**
   * The key algorithm.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `algorithm`
   * @default PrivateKeyAlgorithm.RSA (cert-manager's default; not written)
   */
  readonly algorithm?: PrivateKeyAlgorithm;
  /**
   * The key size in bits: 2048 to 8192 for RSA; 256, 384 or 521 for ECDSA;
   * not for Ed25519.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `size`
   * @default - 2048 for RSA, 256 for ECDSA (cert-manager's defaults; not written)
   */
  readonly size?: number;
  /**
   * The key's encoding in the Secret.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `encoding`
   * @default PrivateKeyEncoding.PKCS1 (cert-manager's default; not written)
   */
  readonly encoding?: PrivateKeyEncoding;
  /**
   * Whether a re-issuance rotates the key. Always written, since
   * cert-manager's default changed from `Never` to `Always` in v1.18: the
   * output means the same whatever cert-manager version runs.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey `rotationPolicy`
   * @default PrivateKeyRotationPolicy.ALWAYS
   */
  readonly rotationPolicy?: PrivateKeyRotationPolicy;
}

/**
 * The issuer that signs a cert-manager Certificate (`spec.issuerRef`).
 *
 * The factories check their arguments; a bad value is reported, with the
 * construct path, by the listener that uses it.
 *
 * @see https://cert-manager.io/docs/reference/api-docs/#meta.cert-manager.io/v1.IssuerReference
 */
export class CertIssuer {
  /**
   * A namespaced cert-manager `Issuer`. It must be in the Certificate's
   * namespace, which is the Gateway's.
   * @param name the Issuer's name
   */
  public static issuer(name: string): CertIssuer {
    return new CertIssuer(name, 'Issuer', CERT_MANAGER_GROUP, factoryProblem('CertIssuer.issuer', [name], issuerNameProblem(name)));
  }

  /**
   * A cluster-scoped cert-manager `ClusterIssuer`, e.g. `letsencrypt-prod`.
   * @param name the ClusterIssuer's name
   */
  public static clusterIssuer(name: string): CertIssuer {
    return new CertIssuer(name, 'ClusterIssuer', CERT_MANAGER_GROUP, factoryProblem('CertIssuer.clusterIssuer', [name], issuerNameProblem(name)));
  }

  /**
   * An external issuer, e.g. `CertIssuer.external('pca', 'AWSPCAClusterIssuer', 'awspca.cert-manager.io')`.
   * @param name the issuer's name
   * @param kind the issuer's kind
   * @param group the issuer's API group (not `cert-manager.io`: use `issuer()` or `clusterIssuer()`)
   */
  public static external(name: string, kind: string, group: string): CertIssuer {
    let problem = issuerNameProblem(name);
    if (!problem && (typeof kind !== 'string' || !KIND_RE.test(kind))) {
      problem = `kind "${kind}" is not a Kubernetes kind; use the issuer's kind, e.g. "AWSPCAClusterIssuer"`;
    } else if (!problem && (typeof group !== 'string' || !DNS_SUBDOMAIN_RE.test(group) || group.length > 253)) {
      problem = `group "${group}" is not an API group; use the issuer's group, e.g. "awspca.cert-manager.io"`;
    } else if (!problem && group === CERT_MANAGER_GROUP) {
      problem = 'the cert-manager.io group has only Issuer and ClusterIssuer; use CertIssuer.issuer() or CertIssuer.clusterIssuer()';
    }
    return new CertIssuer(name, kind, group, factoryProblem('CertIssuer.external', [name, kind, group], problem));
  }

  /** The issuer's name. */
  public readonly name: string;
  /** The issuer's kind (`Issuer`, `ClusterIssuer` or an external issuer's). */
  public readonly kind: string;
  /** The issuer's API group. */
  public readonly group: string;

  private constructor(name: string, kind: string, group: string, private readonly problem: string | undefined) {
    this.name = name;
    this.kind = kind;
    this.group = group;
  }

  /** What the factory found wrong with its arguments, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }
}

function issuerNameProblem(name: string): string | undefined {
  return typeof name === 'string' && DNS_SUBDOMAIN_RE.test(name) && name.length <= 253 ? undefined
    : `issuer name "${name}" is not a valid Kubernetes name (lowercase letters, digits, "-" and ".")`;
}

/**
 * Options for `TlsCertificate.fromCertManager()`: the cert-manager
 * `Certificate` written for a listener.
 */
export interface CertManagerCertificateOptions {
  /**
   * The issuer that signs the certificate.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `issuerRef`
   */
  readonly issuer: CertIssuer;
  /**
   * The DNS names the certificate is for. They must cover the listener's
   * hostname; a wildcard `*.example.com` covers `a.example.com` but not
   * `example.com` nor `a.b.example.com`.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `dnsNames`
   * @default - the listener's hostname (a wildcard hostname stays a wildcard)
   */
  readonly dnsNames?: string[];
  /**
   * The requested lifetime, at least 1 hour. The issuer may ignore it
   * (Let's Encrypt issues 90-day certificates whatever is asked).
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `duration`
   * @default - the issuer's choice; cert-manager asks for 90 days
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews: at least 5 minutes and
   * shorter than `duration` (90 days when unset).
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `renewBefore`
   * @default - a third of the issued certificate's lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * The private key cert-manager generates.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `privateKey`
   * @default - RSA 2048, PKCS1, rotated on every issuance
   */
  readonly privateKey?: CertificatePrivateKeyOptions;
  /**
   * The Secret cert-manager writes and the listener reads, in the Gateway's namespace.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec `secretName`
   * @default - `<gateway>-<listener>-tls`
   */
  readonly secretName?: string;
  /**
   * The Certificate's name.
   * @default - the Secret's name
   */
  readonly certificateName?: string;
}

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

  /**
   * A certificate that cert-manager issues and renews: writes a cert-manager
   * `Certificate` (`cert-manager.io/v1`) in the Gateway's namespace, and the
   * listener reads the Secret it fills. Its DNS names default to the
   * listener's hostname. No private key is written: cert-manager generates
   * it into the Secret.
   *
   * Needs cert-manager in the cluster; not its Gateway API support
   * (`enableGatewayAPI`), which is for annotated Gateways.
   *
   * @see https://cert-manager.io/docs/usage/certificate/
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig `certificateRefs` (Core)
   */
  public static fromCertManager(options: CertManagerCertificateOptions): TlsCertificate {
    return new TlsCertificate(undefined, undefined, undefined, { ...options });
  }

  private constructor(
    private readonly secretName?: string,
    private readonly secretNamespace?: string,
    private readonly pem?: { cert: string; key: string },
    private readonly certManager?: CertManagerCertificateOptions,
  ) {}

  /**
   * Creates what the certificate needs (a Secret for PEM material, a
   * cert-manager Certificate) and returns the reference to write.
   * @param scope the listener (or a scope under it)
   * @param defaultSecretName the Secret name when the certificate names none
   * @param gatewayNamespace the Gateway's namespace
   * @param hostname the listener's hostname
   * @internal
   */
  public _bind(scope: Construct, defaultSecretName: string, gatewayNamespace: string | undefined, hostname?: string): CertificateReference {
    if (this.certManager) return bindCertManager(scope, this.certManager, defaultSecretName, gatewayNamespace, hostname);
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

/** Writes the cert-manager Certificate of `TlsCertificate.fromCertManager` and returns the listener's reference. */
function bindCertManager(
  scope: Construct, o: CertManagerCertificateOptions, defaultSecretName: string, namespace: string | undefined, hostname: string | undefined,
): CertificateReference {
  const what = 'cert-manager certificate';
  if (!(o.issuer instanceof CertIssuer)) {
    fail(scope, `${what} needs an issuer: pass issuer: CertIssuer.clusterIssuer("letsencrypt") or CertIssuer.issuer("my-issuer")`);
  }
  checkFactoryValue(scope, 'issuer', o.issuer._problem);
  const secretName = o.secretName ?? defaultSecretName;
  const name = o.certificateName ?? secretName;
  for (const [field, value] of [['secretName', secretName], ['certificateName', name]]) {
    if (!DNS_SUBDOMAIN_RE.test(value) || value.length > 253) {
      fail(scope, `${what} ${field} "${value}" is not a valid Kubernetes name; use lowercase letters, digits, "-" and "."`);
    }
  }
  const dnsNames = certificateDnsNames(scope, o.dnsNames, hostname);
  const duration = certificateDuration(scope, o.duration, o.renewBefore);
  const privateKey = certificatePrivateKey(scope, o.privateKey ?? {});
  claimName(scope, 'Certificate', namespace, name);
  // two Certificates writing one Secret overwrite each other's key and certificate (IGW1031)
  claimName(scope, 'Secret', namespace, secretName);
  new (certManagerBindings().Certificate)(scope, 'Certificate', {
    metadata: { name, namespace },
    spec: {
      secretName,
      issuerRef: { group: o.issuer.group, kind: o.issuer.kind, name: o.issuer.name },
      dnsNames,
      ...duration,
      privateKey,
    },
  });
  return { group: '', kind: 'Secret', name: secretName };
}

/** The Certificate's dnsNames: as given (they must cover the listener's hostname), else the hostname. */
function certificateDnsNames(scope: Construct, given: string[] | undefined, hostname: string | undefined): string[] {
  if (given === undefined) {
    if (hostname === undefined) {
      fail(scope, 'a cert-manager certificate needs dnsNames when the listener has no hostname: pass dnsNames, or set the listener\'s hostname');
    }
    return [hostname];
  }
  if (!Array.isArray(given) || given.length === 0) {
    fail(scope, 'cert-manager certificate dnsNames must not be empty; leave it unset to use the listener\'s hostname');
  }
  const seen = new Set<string>();
  for (const n of given) {
    const problem = typeof n === 'string' ? hostnameProblem(n) : 'it must be a string';
    if (problem) fail(scope, `cert-manager certificate dnsName "${n}" is not a DNS name: ${problem}`);
    if (seen.has(n)) fail(scope, `cert-manager certificate dnsName "${n}" is listed twice; list each name once`);
    seen.add(n);
  }
  if (hostname !== undefined && !dnsNamesCover(given, hostname)) {
    fail(scope, `cert-manager certificate dnsNames ${given.map((n) => `"${n}"`).join(', ')} do not cover the listener's hostname "${hostname}", so clients would reject the certificate; add "${hostname}" to dnsNames (a wildcard "*.a.com" covers only "x.a.com")`);
  }
  return [...given];
}

/** `spec.duration` and `spec.renewBefore` as written. */
interface CertificateDurations {
  duration?: string;
  renewBefore?: string;
}

/** `duration` and `renewBefore`, in Go form, after cert-manager's rules. */
function certificateDuration(scope: Construct, duration: Duration | undefined, renewBefore: Duration | undefined): CertificateDurations {
  for (const [field, value] of [['duration', duration], ['renewBefore', renewBefore]] as Array<[string, Duration | undefined]>) {
    const problem = durationProblem(`cert-manager certificate ${field}`, value, 1);
    if (problem) fail(scope, problem);
  }
  const out: CertificateDurations = {};
  const durationMs = duration?.toMilliseconds() ?? DEFAULT_DURATION_MS;
  if (duration) {
    out.duration = formatDuration(duration, 'duration');
    if (durationMs < MIN_DURATION_MS) {
      fail(scope, `cert-manager certificate duration must be at least 1h (cert-manager's minimum), got ${out.duration}`);
    }
  }
  if (renewBefore) {
    out.renewBefore = formatDuration(renewBefore, 'renewBefore');
    const renewMs = renewBefore.toMilliseconds();
    if (renewMs < MIN_RENEW_BEFORE_MS) {
      fail(scope, `cert-manager certificate renewBefore must be at least 5m (cert-manager's minimum), got ${out.renewBefore}`);
    }
    if (renewMs >= durationMs) {
      const shown = duration ? out.duration : '2160h, cert-manager\'s default';
      fail(scope, `cert-manager certificate renewBefore (${out.renewBefore}) must be shorter than duration (${shown}); shorten renewBefore or lengthen duration`);
    }
  }
  return out;
}

/** `spec.privateKey`, after cert-manager's size rules and Envoy's. */
function certificatePrivateKey(scope: Construct, k: CertificatePrivateKeyOptions): cm.CertificateSpecPrivateKey {
  const algorithm = k.algorithm ?? PrivateKeyAlgorithm.RSA;
  if (!Object.values(PrivateKeyAlgorithm).includes(algorithm)) {
    fail(scope, `cert-manager privateKey algorithm "${algorithm}" is not RSA, ECDSA or Ed25519; use PrivateKeyAlgorithm`);
  }
  if (k.encoding !== undefined && !Object.values(PrivateKeyEncoding).includes(k.encoding)) {
    fail(scope, `cert-manager privateKey encoding "${k.encoding}" is not PKCS1 or PKCS8; use PrivateKeyEncoding`);
  }
  if (k.rotationPolicy !== undefined && !Object.values(PrivateKeyRotationPolicy).includes(k.rotationPolicy)) {
    fail(scope, `cert-manager privateKey rotationPolicy "${k.rotationPolicy}" is not Always or Never; use PrivateKeyRotationPolicy`);
  }
  const size = k.size;
  if (size !== undefined) {
    if (algorithm === PrivateKeyAlgorithm.ED25519) {
      fail(scope, `cert-manager privateKey size ${size} does not apply to Ed25519 keys; leave size unset`);
    }
    if (algorithm === PrivateKeyAlgorithm.RSA && !(Number.isInteger(size) && size >= MIN_RSA_SIZE && size <= MAX_RSA_SIZE)) {
      fail(scope, `cert-manager privateKey size for RSA must be an integer between ${MIN_RSA_SIZE} and ${MAX_RSA_SIZE}, got ${size}; use 2048, 3072 or 4096`);
    }
    if (algorithm === PrivateKeyAlgorithm.ECDSA && !ECDSA_SIZES.includes(size)) {
      fail(scope, `cert-manager privateKey size for ECDSA must be 256, 384 or 521 (the curve), got ${size}; use 256`);
    }
  }
  return {
    ...(k.algorithm !== undefined ? { algorithm: k.algorithm as string as cm.CertificateSpecPrivateKeyAlgorithm } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(k.encoding !== undefined ? { encoding: k.encoding as string as cm.CertificateSpecPrivateKeyEncoding } : {}),
    rotationPolicy: (k.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS) as string as cm.CertificateSpecPrivateKeyRotationPolicy,
  };
}
