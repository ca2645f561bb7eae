/**
 * Whether Istio programs an HTTPS listener: it needs at least one
 * certificateRef that resolves, and client-certificate CA refs that resolve.
 *
 * Istio's `buildTLS` (pilot/pkg/config/kube/gateway/conversion.go) fails when
 * no certificateRef is valid (Secret missing or malformed, not a Secret,
 * cross-namespace without a ReferenceGrant); `buildListener` then marks the
 * listener `Programmed=False` and its Istio Gateway invalid, and the
 * controller drops invalid Gateways, so no Envoy filter chain exists for it.
 * A connection then finds another listener of the port (a hostname-less
 * one takes any SNI) or none, and the TLS handshake fails.
 */
import { IstioBehaviour } from './istio-behaviour';
import { referencePermitted } from './reference-permission';
import { ExternalObjects } from '../gateway-api/external-objects';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { ResolvedObjectRef, resolveObjectRef } from '../gateway-api/object-refs';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/** What the TLS check needs to know about a listener. */
export interface TlsListener {
  readonly name: string;
  readonly port: number;
  readonly raw: any;
  readonly namespace: string;
  /** The kind that declares the listener: `Gateway` or `ListenerSet`. */
  readonly ownerKind: string;
}

/** What the TLS check reads besides the listener: the manifests and their ReferenceGrants. */
export interface TlsInput {
  readonly set: ManifestSet;
  /** The ReferenceGrants in force (later duplicates replacing earlier ones). */
  readonly grants: readonly Manifest[];
}

/** Options of the TLS check. */
export interface TlsCheckOptions {
  /** Treat Secrets and ConfigMaps that are not in the input as existing. */
  readonly assumeSecretsExist: boolean;
  readonly behaviour: IstioBehaviour;
  /** Objects declared to exist outside the input. */
  readonly externals: ExternalObjects;
}

/**
 * Why Istio does not program an HTTPS listener, or undefined when it does.
 * `notes` receives the assumptions made (Secrets not in the input).
 */
export function listenerTlsProblem(
  model: TlsInput, gatewaySpec: any, l: TlsListener, options: TlsCheckOptions, notes: string[],
): string | undefined {
  const refs: any[] = Array.isArray(l.raw?.tls?.certificateRefs) ? l.raw.tls.certificateRefs : [];
  if (refs.length > 0) {
    const problems = refs.map((r) => certificateRefProblem(model, l, r, options, notes));
    if (problems.every((p) => p !== undefined)) {
      return `no certificateRef of HTTPS listener ${l.name} resolves (${problems.join('; ')}), so Istio does not program it (Programmed=False)`;
    }
  }
  const validation = frontendValidation(gatewaySpec, l.port);
  for (const r of Array.isArray(validation?.caCertificateRefs) ? validation.caCertificateRefs : []) {
    const problem = caRefProblem(model, l, r, options, notes);
    if (problem) return `client-certificate validation of HTTPS listener ${l.name}: ${problem}, so the listener's TLS handshakes fail`;
  }
  return undefined;
}

/**
 * Why an https request's handshake fails for want of a client certificate,
 * or undefined: a listener port with `spec.tls.frontend` validation
 * (caCertificateRefs) asks the client for a certificate, and in the
 * default `AllowValidOnly` mode a client without one fails the handshake;
 * `AllowInsecureFallback` lets it through from Istio 1.31 (Gateway API
 * v1.6.1 `FrontendTLSValidation.mode`).
 */
export function missingClientCertificate(
  gatewaySpec: any, port: number, presented: boolean, behaviour: IstioBehaviour, notes: string[],
): string | undefined {
  const validation = frontendValidation(gatewaySpec, port);
  const refs = Array.isArray(validation?.caCertificateRefs) ? validation.caCertificateRefs : [];
  if (refs.length === 0 || presented) return undefined;
  if (validation?.mode === 'AllowInsecureFallback') {
    if (behaviour.allowsInsecureFallback) {
      notes.push(`port ${port} validates client certificates in AllowInsecureFallback mode: a client without one is let through`);
      return undefined;
    }
    notes.push(`Istio ${behaviour.version} does not honour AllowInsecureFallback (from 1.31, istio/istio#60018): it requires a valid client certificate`);
  }
  return `port ${port} requires a client certificate signed by ${refs.map((r: any) => `${r?.kind ?? 'ConfigMap'} ${r?.name}`).join(', ')} `
    + '(spec.tls.frontend validation, mode AllowValidOnly), and the request presents none; the TLS handshake fails';
}

/** `spec.tls.frontend` for a port: the perPort entry, else the default. */
function frontendValidation(gatewaySpec: any, port: number): any {
  const frontend = gatewaySpec?.tls?.frontend;
  const perPort = Array.isArray(frontend?.perPort) ? frontend.perPort.find((p: any) => Number(p?.port) === port) : undefined;
  return perPort ? perPort.tls?.validation : frontend?.default?.validation;
}

function certificateRefProblem(model: TlsInput, l: TlsListener, ref: any, options: TlsCheckOptions, notes: string[]): string | undefined {
  const r = resolveObjectRef(ref, 'Secret', l.namespace);
  if (r.group !== '' || r.kind !== 'Secret') return `${r.group ? `${r.group}/` : ''}${r.kind} ${r.name} is not a Secret (InvalidCertificateRef)`;
  return objectProblem(model, l, r, options, notes, (s) => {
    const data = s.object.data ?? {};
    return data['tls.crt'] && data['tls.key'] ? undefined : 'has no tls.crt and tls.key (InvalidCertificateRef)';
  });
}

function caRefProblem(model: TlsInput, l: TlsListener, ref: any, options: TlsCheckOptions, notes: string[]): string | undefined {
  const r = resolveObjectRef(ref, 'ConfigMap', l.namespace);
  if (r.group !== '' || (r.kind !== 'ConfigMap' && r.kind !== 'Secret')) return `CA certificate ref ${r.kind} ${r.name} is neither a ConfigMap nor a Secret (InvalidCACertificateKind)`;
  if (r.kind === 'Secret' && !options.behaviour.secretCaCertificates) {
    return `CA certificate ref Secret ${r.name}: Istio ${options.behaviour.version} rejects a Secret CA at run time (SDS), fixed in 1.31 (istio/istio#60277)`;
  }
  return objectProblem(model, l, r, options, notes, (o) => {
    const data = o.object.data ?? {};
    return data['ca.crt'] ? undefined : 'has no ca.crt (InvalidCACertificateRef)';
  });
}

function objectProblem(
  model: TlsInput, l: TlsListener, ref: ResolvedObjectRef, options: TlsCheckOptions, notes: string[],
  contentProblem: (m: Manifest) => string | undefined,
): string | undefined {
  const { kind, name, namespace } = ref;
  const from = { group: GATEWAY_GROUP, kind: l.ownerKind, namespace: l.namespace };
  const to = { group: '', kind, name };
  const noteOnce = (note: string) => { if (!notes.includes(note)) notes.push(note); };
  if (!referencePermitted(model.set, model.grants, options.externals, from, namespace, to, noteOnce)) {
    return `${kind} ${namespace}/${name} is in another namespace and no ReferenceGrant there allows ${l.ownerKind}s from ${l.namespace} (RefNotPermitted)`;
  }
  const found = model.set.find(kind, '', namespace, name);
  if (!found) {
    if (options.externals.has(kind, namespace, name)) return undefined;
    if (options.assumeSecretsExist) {
      noteOnce(`${kind} ${namespace}/${name} is not in the input; it is assumed to exist and to be valid`);
      return undefined;
    }
    return `${kind} ${namespace}/${name} is not in the input (InvalidCertificateRef)`;
  }
  const problem = contentProblem(found);
  return problem ? `${kind} ${namespace}/${name} ${problem}` : undefined;
}
