/**
 * Where the simulated Istio release departs from the Gateway API
 * specification, and what changed between the releases the simulator knows.
 * Each entry cites its source; the simulator says so in a decision's notes
 * whenever one of them decides the outcome.
 */

/** The Istio releases whose behaviour the simulator knows, oldest first. */
export const ISTIO_VERSIONS = ['1.30', '1.31'] as const;

/** The release simulated by default. */
export const DEFAULT_ISTIO_VERSION = '1.30';

/** The behaviour of one Istio release. */
export interface IstioBehaviour {
  readonly version: string;
  /**
   * The status of a rule without backendRefs (and no redirect): 404 in 1.30
   * (istio/istio#59445, 1.30.0 change notes: "routes without any backend
   * references should return 404"), 500 again from 1.31 (istio/istio#60787,
   * 1.31.0 change notes, for the v1.6 `HTTPRouteNoBackendRefs` conformance test).
   */
  readonly noBackendRefsStatus: number;
  /**
   * Whether a frontend client-certificate CA given as a Secret works: 1.31
   * change notes, "Fixed an issue where `caCertificateRefs[].kind: Secret` in
   * Gateway API frontend mTLS ... was rejected by SDS at runtime" (istio/istio#60277).
   */
  readonly secretCaCertificates: boolean;
  /**
   * Whether an HTTPS listener without a `tls` section is left out: 1.31
   * change notes, "no longer creates a listener" (istio/istio#60562); 1.30
   * creates one that cannot terminate TLS.
   */
  readonly skipsHttpsWithoutTls: boolean;
  /**
   * Whether frontend validation honours `mode: AllowInsecureFallback`
   * (clients without a certificate are let through): from 1.31
   * (istio/istio#60018); 1.30 requires a valid certificate.
   */
  readonly allowsInsecureFallback: boolean;
}

const BEHAVIOURS: { [version: string]: IstioBehaviour } = {
  '1.30': { version: '1.30', noBackendRefsStatus: 404, secretCaCertificates: false, skipsHttpsWithoutTls: false, allowsInsecureFallback: false },
  '1.31': { version: '1.31', noBackendRefsStatus: 500, secretCaCertificates: true, skipsHttpsWithoutTls: true, allowsInsecureFallback: true },
};

/**
 * The behaviour of an Istio release (`1.30`, `1.31`; a patch version such as
 * `1.30.3` is read as its minor release).
 * @throws when the release is not one the simulator knows
 */
export function istioBehaviour(version: string = DEFAULT_ISTIO_VERSION): IstioBehaviour {
  const minor = /^(\d+\.\d+)(?:\.\d+)?$/.exec(String(version).trim())?.[1];
  const b = minor ? BEHAVIOURS[minor] : undefined;
  if (!b) {
    throw new Error(`istioVersion "${version}" is not supported; use one of ${ISTIO_VERSIONS.join(', ')} (default ${DEFAULT_ISTIO_VERSION})`);
  }
  return b;
}

/*
 * Not modelled (the simulator has no status conditions):
 * - misdirected HTTPS requests: neither 1.30 nor 1.31 answers 421 (the 1.30.5
 *   conformance report lists GatewayHTTPSListenerDetectMisdirectedRequests as
 *   unsupported; istio/istio#60046 was closed unmerged); see listener-selection.ts;
 * - the ListenerSet/Gateway same-name conflict keying fixed in 1.31.1.
 */
