import { Construct } from 'constructs';
import { ClientCertificateValidation, renderClientValidation } from './client-certificates';
import { ListenerOptions, GatewayListener } from './listener';
import { IListenerGateway } from './listener-gateway';
import { ListenerProtocol } from './listener-protocol';
import { CertificateReference, TlsCertificate } from './tls-certificate';
import { fail } from '../internal/errors';
import { ReferenceGrants } from '../routing/reference-grant';
import { ReferenceGrantPolicy } from '../routing/reference-grant-policy';

/** Istio accepts at most this many certificateRefs per listener. */
const ISTIO_MAX_CERTIFICATES = 2;

/**
 * Options for a TLS listener (`IngressGateway.addTlsListener()`).
 */
export interface TlsListenerOptions extends ListenerOptions {
  /**
   * The certificate to present: an existing Secret
   * (`TlsCertificate.fromSecretName`), one that cert-manager issues and
   * renews (`TlsCertificate.fromCertManager`), or PEM material (`fromPem`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig `tls.certificateRefs` (Core: one Secret of type kubernetes.io/tls)
   * @default - `certificates` must be given
   */
  readonly certificate?: TlsCertificate;
  /**
   * Several certificates, e.g. an RSA and an ECDSA one. Istio accepts at most 2.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig `tls.certificateRefs` (Implementation-specific: more than one reference)
   * @default - `certificate` must be given
   */
  readonly certificates?: TlsCertificate[];
  /**
   * The port.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `port` (Core)
   * @default 443
   */
  readonly port?: number;
  /**
   * Who writes the ReferenceGrant that a certificate Secret in another
   * namespace needs: this library (`CREATE`), or the Secret namespace's
   * owner (`EXPECT_EXISTING`: no grant is written, synth warns while none
   * is in the App).
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
  /**
   * Client-certificate validation (mutual TLS with external clients) for
   * this listener's port: written to the Gateway's
   * `spec.tls.frontend.perPort`, so it applies to every HTTPS listener on
   * the port. For all ports, use `IngressGatewayProps.clientCertificates`.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsconfig `perPort` (standard channel)
   * @default - the gateway's `clientCertificates`, else none: clients need no certificate
   */
  readonly clientCertificates?: ClientCertificateValidation;
}

/**
 * Props for `TlsListener`: its options (the gateway is the construct scope).
 */
export interface TlsListenerProps extends TlsListenerOptions {}

/**
 * An HTTPS listener that terminates TLS at the gateway.
 *
 * A certificate Secret in another namespace than the Gateway's needs a
 * ReferenceGrant in that namespace: it is written automatically, unless the
 * `referenceGrants` policy expects the Secret namespace's owner to write it.
 */
export class TlsListener extends GatewayListener {
  /** The certificate references written into `tls.certificateRefs`. */
  public readonly certificateRefs: CertificateReference[];
  /** Who writes the ReferenceGrants of certificate Secrets in other namespaces. */
  public readonly referenceGrants: ReferenceGrantPolicy;

  constructor(gateway: IListenerGateway, id: string, props: TlsListenerProps) {
    super(gateway, id, props, props.port ?? 443, ListenerProtocol.HTTPS);
    this.referenceGrants = props.referenceGrants ?? ReferenceGrantPolicy.of(this);
    const certificates = [...(props.certificate ? [props.certificate] : []), ...(props.certificates ?? [])];
    if (certificates.length === 0) {
      fail(this, 'a TLS listener needs a certificate: pass certificate: TlsCertificate.fromSecretName("my-tls")');
    }
    if (certificates.length > ISTIO_MAX_CERTIFICATES) {
      fail(this, `istio accepts at most ${ISTIO_MAX_CERTIFICATES} certificates per listener, got ${certificates.length}; use one listener per hostname instead`);
    }
    const secretName = `${gateway.gatewayName}-${this.listenerName}-tls`.slice(0, 253);
    this.certificateRefs = certificates.map((c, i) =>
      c._bind(i === 0 ? this : new GatewayListenerCertScope(this, `Certificate${i}`), i === 0 ? secretName : `${secretName}-${i}`, gateway.gatewayNamespace, this.hostname));
    const seen = new Set<string>();
    for (const ref of this.certificateRefs) {
      const key = `${ref.namespace ?? ''}/${ref.name}`;
      if (seen.has(key)) fail(this, `certificate secret "${key}" is listed twice; list each secret once`);
      seen.add(key);
      if (ref.namespace) this.grantSecretAccess(ref);
    }
    if (props.clientCertificates !== undefined) {
      const other = gateway._gatewayListeners.find((l) => l !== this && l.port === this.port && l._frontendValidation !== undefined);
      if (other) {
        fail(this, `port ${this.port} already has client-certificate validation from listener "${other.listenerName}"; `
          + 'the Gateway API sets it per port (spec.tls.frontend.perPort): set clientCertificates on one listener of the port');
      }
      this._frontendValidation = renderClientValidation(this, 'clientCertificates', props.clientCertificates, gateway.gatewayNamespace, this.referenceGrants);
    }
  }

  /**
   * A Secret in another namespace needs a ReferenceGrant there, from this
   * Gateway's namespace: written, or declared expected, per `referenceGrants`.
   */
  private grantSecretAccess(ref: CertificateReference): void {
    const fromNamespace = this.gateway.gatewayNamespace;
    if (!fromNamespace) {
      fail(this, `certificate secret "${ref.namespace}/${ref.name}" is in another namespace, but the gateway has none: set namespace on the gateway or its chart so a ReferenceGrant can be written`);
    }
    ReferenceGrants.ensure(this, {
      fromGroup: 'gateway.networking.k8s.io',
      fromKind: this.gateway._listenerOwnerKind ?? 'Gateway',
      fromNamespace,
      toGroup: '',
      toKind: 'Secret',
      toNamespace: ref.namespace!,
      toName: ref.name,
    }, this.referenceGrants);
  }

  /** @internal */
  protected _tlsToKube(): any {
    return {
      mode: 'Terminate',
      certificateRefs: this.certificateRefs.map((r) => ({ group: r.group, kind: r.kind, name: r.name, namespace: r.namespace })),
    };
  }
}

/** A scope per extra certificate, so each PEM Secret gets its own id. */
class GatewayListenerCertScope extends Construct {}
