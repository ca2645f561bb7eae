import { ipValuesProblem, listProblem, valuesProblem } from './policy-values';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/** The fields of an AuthorizationPolicy `Source`, in the order they are written. */
const FIELDS = [
  'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks',
  'requestPrincipals', 'notRequestPrincipals', 'principals', 'notPrincipals',
  'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts',
] as const;
type SourceField = typeof FIELDS[number];

/** Fields that need the client's mutual TLS identity. */
const MTLS_FIELDS: SourceField[] = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'];

/**
 * Where a request comes from: one `rules[].from[].source` of an
 * AuthorizationPolicy. The fields of one Source are ANDed (combine them
 * with `Source.allOf()`); the Sources of a rule are ORed.
 *
 * Every string supports exact, prefix (`abc*`), suffix (`*abc`) and presence
 * (`*`) matches.
 *
 * At an ingress gateway, `principals`, `namespaces` and `serviceAccounts`
 * (and their `not*` forms) are the peer identity from mutual TLS: clients
 * from outside the mesh have none, so these never match them. Use
 * `requestPrincipals` (a JWT) or `remoteIpBlocks` for external clients.
 *
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
export class Source {
  /**
   * Source IP addresses or CIDR blocks of the connection (`ipBlocks`,
   * the `source.ip` attribute). At a gateway behind a load balancer this is
   * the load balancer's address; the client address is `remoteIpBlocks`.
   * @param blocks e.g. `["203.0.113.4", "10.0.0.0/8", "2001:db8::/32"]`
   */
  public static ipBlocks(blocks: string[]): Source {
    return Source.ips('ipBlocks', blocks);
  }

  /** Not from these source IP addresses or CIDR blocks (`notIpBlocks`). */
  public static notIpBlocks(blocks: string[]): Source {
    return Source.ips('notIpBlocks', blocks);
  }

  /**
   * Original client IP addresses or CIDR blocks, from `X-Forwarded-For` or
   * the PROXY protocol (`remoteIpBlocks`, the `remote.ip` attribute). Needs
   * `numTrustedProxies` (gateway topology) set for the gateway.
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/network-topologies/
   */
  public static remoteIpBlocks(blocks: string[]): Source {
    return Source.ips('remoteIpBlocks', blocks);
  }

  /** Not from these original client IP addresses or CIDR blocks (`notRemoteIpBlocks`). */
  public static notRemoteIpBlocks(blocks: string[]): Source {
    return Source.ips('notRemoteIpBlocks', blocks);
  }

  /**
   * Request principals from a validated JWT, `<iss>/<sub>`
   * (`requestPrincipals`, the `request.auth.principal` attribute); `*`
   * matches any valid token. Needs a `JwtAuthentication` on the gateway.
   * @param principals e.g. `["https://issuer.example.com/*"]`
   */
  public static requestPrincipals(principals: string[]): Source {
    return Source.strings('requestPrincipals', principals);
  }

  /**
   * Not these request principals (`notRequestPrincipals`);
   * `notRequestPrincipals(["*"])` matches requests without a valid JWT.
   */
  public static notRequestPrincipals(principals: string[]): Source {
    return Source.strings('notRequestPrincipals', principals);
  }

  /**
   * Peer identities from mutual TLS, `<trust domain>/ns/<namespace>/sa/<service account>`
   * (`principals`). Never matches clients from outside the mesh.
   */
  public static principals(principals: string[]): Source {
    return Source.strings('principals', principals);
  }

  /** Not these peer identities (`notPrincipals`). */
  public static notPrincipals(principals: string[]): Source {
    return Source.strings('notPrincipals', principals);
  }

  /** Namespaces of the peer identity from mutual TLS (`namespaces`). Never matches clients from outside the mesh. */
  public static namespaces(namespaces: string[]): Source {
    return Source.strings('namespaces', namespaces);
  }

  /** Not these peer namespaces (`notNamespaces`). */
  public static notNamespaces(namespaces: string[]): Source {
    return Source.strings('notNamespaces', namespaces);
  }

  /**
   * Service accounts of the peer identity from mutual TLS, `name` or
   * `namespace/name`, no wildcards, at most 16 (`serviceAccounts`). Cannot be
   * combined with `principals` or `namespaces`.
   */
  public static serviceAccounts(serviceAccounts: string[]): Source {
    return new Source(new Map([['serviceAccounts', serviceAccounts]]), serviceAccountsProblem('Source.serviceAccounts', serviceAccounts));
  }

  /** Not these peer service accounts (`notServiceAccounts`). */
  public static notServiceAccounts(serviceAccounts: string[]): Source {
    return new Source(new Map([['notServiceAccounts', serviceAccounts]]), serviceAccountsProblem('Source.notServiceAccounts', serviceAccounts));
  }

  /**
   * A Source that matches only when all of `sources` match: their fields together
   * in one `source`. Each field may be set by one of them only.
   * @param sources e.g. `[Source.remoteIpBlocks(["203.0.113.0/24"]), Source.notRequestPrincipals(["*"])]`
   */
  public static allOf(sources: Source[]): Source {
    if (!Array.isArray(sources) || sources.length === 0 || sources.some((x) => !(x instanceof Source))) {
      return new Source(new Map(), 'Source.allOf(): pass a non-empty list of Source values');
    }
    return sources.slice(1).reduce((acc, x) => acc.merge(x), sources[0]);
  }

  private static ips(field: SourceField, blocks: string[]): Source {
    return new Source(new Map([[field, blocks]]), factoryProblem(`Source.${field}`, [blocks], ipValuesProblem(blocks, field)));
  }

  private static strings(field: SourceField, values: string[]): Source {
    return new Source(new Map([[field, values]]), factoryProblem(`Source.${field}`, [values], valuesProblem(values, field)));
  }

  private constructor(private readonly fields: Map<SourceField, string[]>, private readonly problem: string | undefined) {}

  /**
   * A Source that matches only when this one and `other` both match (their
   * fields together in one `source`). A field may be set once.
   */
  private merge(other: Source): Source {
    const fields = new Map(this.fields);
    let problem = this.problem ?? other.problem;
    for (const [k, v] of other.fields) {
      if (fields.has(k) && !problem) problem = `Source.allOf(): ${k} is set twice; list every value in one Source.${k}([...])`;
      fields.set(k, v);
    }
    const has = (f: SourceField) => fields.has(f);
    if (!problem && (has('serviceAccounts') || has('notServiceAccounts'))
      && (has('principals') || has('notPrincipals') || has('namespaces') || has('notNamespaces'))) {
      // CRD CEL rule: "Cannot set serviceAccounts with namespaces or principals"
      problem = 'Source.allOf(): serviceAccounts cannot be combined with principals or namespaces (istio rejects it); use one of them';
    }
    return new Source(fields, problem);
  }

  /** What the factories found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The fields that need the client's mTLS identity. @internal */
  public get _mtlsFields(): string[] {
    return MTLS_FIELDS.filter((f) => this.fields.has(f));
  }

  /** The fields that are set. @internal */
  public get _fields(): string[] {
    return FIELDS.filter((f) => this.fields.has(f));
  }

  /** The `source` object. @internal */
  public _toKube(): { [key: string]: string[] } {
    assertFactoryValue(this.problem);
    const out: { [key: string]: string[] } = {};
    for (const f of FIELDS) {
      const v = this.fields.get(f);
      if (v) out[f] = [...v];
    }
    return out;
  }
}

/** Istio's `CheckServiceAccount`: at most 16, no wildcard, `name` or `namespace/name`, at most 320 characters. */
function serviceAccountsProblem(factory: string, values: string[]): string | undefined {
  let p = listProblem(values, 'serviceAccounts');
  if (!p && values.length > 16) p = `at most 16 service accounts are allowed, got ${values.length}; split them over several rules`;
  if (!p) {
    for (const v of values) {
      const parts = v.split('/');
      if (v.includes('*')) p = `service account "${v}" has a wildcard, which istio does not allow here; list the accounts, or use principals`;
      else if (parts.length > 2 || parts.some((x) => x === '')) p = `service account "${v}" must be "name" or "namespace/name"`;
      else if (v.length > 320) p = `service account "${v.slice(0, 20)}..." is longer than 320 characters`;
      if (p) break;
    }
  }
  return factoryProblem(factory, [values], p);
}
