import { IConstruct } from 'constructs';
import { assertFactoryValue, fail, factoryProblem } from '../internal/errors';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE } from '../internal/names';
import { ReferenceGrants } from '../routing/reference-grant';
import { ReferenceGrantPolicy } from '../routing/reference-grant-policy';

/** CRD: `caCertificateRefs` holds 1 to 16 references. */
const MAX_CA_REFS = 16;

/**
 * A CA bundle that signs the client certificates a gateway accepts: a
 * ConfigMap or a Secret with the PEM bundle under `ca.crt`.
 *
 * Istio 1.30 reads ConfigMaps only: a Secret CA makes the listener's TLS
 * handshakes fail until Istio 1.31 (istio/istio#60277).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsvalidation `caCertificateRefs` (Core: ConfigMap; Implementation-specific: other kinds)
 */
export class ClientCaCertificate {
  /**
   * A ConfigMap with the PEM CA bundle under `ca.crt` (Core).
   * @param name the ConfigMap's name
   * @param namespace its namespace, when not the Gateway's (a ReferenceGrant is written)
   */
  public static fromConfigMap(name: string, namespace?: string): ClientCaCertificate {
    return new ClientCaCertificate('ConfigMap', name, namespace, 'fromConfigMap');
  }

  /**
   * A Secret with the PEM CA bundle under `ca.crt`. Istio 1.30 fails the
   * handshakes with a Secret CA; it works from Istio 1.31.
   * @param name the Secret's name
   * @param namespace its namespace, when not the Gateway's (a ReferenceGrant is written)
   */
  public static fromSecret(name: string, namespace?: string): ClientCaCertificate {
    return new ClientCaCertificate('Secret', name, namespace, 'fromSecret');
  }

  /** `ConfigMap` or `Secret`. */
  public readonly kind: string;
  /** The object's name. */
  public readonly name: string;
  /**
   * The object's namespace.
   * @default - the Gateway's namespace
   */
  public readonly namespace?: string;
  private readonly problem?: string;

  private constructor(kind: string, name: string, namespace: string | undefined, factory: string) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
    let problem: string | undefined;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN_RE.test(name)) {
      problem = `${kind} name "${name}" is invalid; use the ${kind}'s metadata.name (lowercase letters, digits, "-" and ".")`;
    } else if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL_RE.test(namespace))) {
      problem = `namespace "${namespace}" is not a DNS label; use the ${kind}'s namespace, or leave it out for the Gateway's`;
    }
    this.problem = factoryProblem(`ClientCaCertificate.${factory}`, [name, ...(namespace !== undefined ? [namespace] : [])], problem);
  }

  /** What the factory found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }
}

/**
 * Client-certificate validation (mutual TLS with external clients, Istio's
 * `MUTUAL`): the gateway asks clients for a certificate signed by one of
 * the CAs.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsvalidation (standard channel since v1.5)
 */
export interface ClientCertificateValidation {
  /**
   * The CA bundles that sign acceptable client certificates, 1 to 16.
   */
  readonly caCertificates: ClientCaCertificate[];
  /**
   * Accept clients without a valid certificate too (`mode:
   * AllowInsecureFallback`); the backends then decide. Istio honours it
   * from 1.31 (istio/istio#60018); Istio 1.30 requires a valid certificate.
   * @default false - `AllowValidOnly`: a client without a valid certificate fails the handshake
   */
  readonly allowInsecureFallback?: boolean;
}

/**
 * The `validation` object of `spec.tls.frontend` (default or perPort),
 * with the ReferenceGrants that CA bundles in other namespaces need.
 * Fails at `scope` when the options are invalid.
 *
 * @internal
 */
export function renderClientValidation(
  scope: IConstruct, what: string, v: ClientCertificateValidation, gatewayNamespace: string | undefined, policy?: ReferenceGrantPolicy,
): any {
  const cas = Array.isArray(v?.caCertificates) ? v.caCertificates : [];
  if (cas.length === 0 || cas.length > MAX_CA_REFS) {
    fail(scope, `${what}.caCertificates must hold 1 to ${MAX_CA_REFS} CA bundles, got ${cas.length}; pass e.g. [ClientCaCertificate.fromConfigMap("client-ca")]`);
  }
  const seen = new Set<string>();
  const refs = cas.map((ca, i) => {
    if (!(ca instanceof ClientCaCertificate)) fail(scope, `${what}.caCertificates[${i}] must be ClientCaCertificate.fromConfigMap() or .fromSecret()`);
    if (ca._problem) fail(scope, `${what}.caCertificates[${i}]: ${ca._problem}`);
    assertFactoryValue(ca._problem);
    const key = `${ca.kind} ${ca.namespace ?? ''}/${ca.name}`;
    if (seen.has(key)) fail(scope, `${what}.caCertificates lists ${ca.kind} ${ca.name} twice; list each CA bundle once`);
    seen.add(key);
    const namespace = ca.namespace !== undefined && ca.namespace !== gatewayNamespace ? ca.namespace : undefined;
    if (namespace !== undefined) {
      if (!gatewayNamespace) {
        fail(scope, `${what}: ${ca.kind} ${namespace}/${ca.name} is in another namespace, but the gateway has none: set namespace on the gateway or its chart so a ReferenceGrant can be written`);
      }
      ReferenceGrants.ensure(scope, {
        fromGroup: 'gateway.networking.k8s.io',
        fromKind: 'Gateway',
        fromNamespace: gatewayNamespace!,
        toGroup: '',
        toKind: ca.kind,
        toNamespace: namespace,
        toName: ca.name,
      }, policy);
    }
    return { group: '', kind: ca.kind, name: ca.name, namespace };
  });
  if (v.allowInsecureFallback !== undefined && typeof v.allowInsecureFallback !== 'boolean') {
    fail(scope, `${what}.allowInsecureFallback must be true or false, got ${JSON.stringify(v.allowInsecureFallback)}`);
  }
  return { caCertificateRefs: refs, mode: v.allowInsecureFallback ? 'AllowInsecureFallback' : undefined };
}
