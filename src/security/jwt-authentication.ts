import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationAction } from './authorization-action';
import { GatewayAuthorization } from './gateway-authorization';
import { JwksSource } from './jwks-source';
import { Operation } from './operation';
import { Source } from './source';
import * as istio from '../../imports/security.istio.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { IGateway } from '../gateway/gateway-ref';
import { checkPolicyName, placeGatewayPolicy } from '../gateway/policy-target';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { HTTP_TOKEN_RE, nameFromId } from '../internal/names';

/** CRD pattern of `outputClaimToHeaders[].header` (and Istio's strict header name rule). */
const OUTPUT_HEADER_RE = /^[-_A-Za-z0-9]+$/;

/**
 * A header the token is read from.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTHeader
 */
export interface JwtHeaderLocation {
  /** The header name, e.g. `x-jwt-assertion`. */
  readonly name: string;
  /**
   * A prefix to strip from the header value, e.g. `Bearer ` (with the space).
   * @default - none: the whole value is the token
   */
  readonly prefix?: string;
}

/**
 * A claim copied into a request header for the backend.
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#ClaimToHeader
 */
export interface JwtClaimToHeader {
  /** The header to set, letters, digits, `-` and `_`, e.g. `x-user-id`. */
  readonly header: string;
  /** The claim to copy, e.g. `sub`; nested claims use `.`, e.g. `realm.role`. */
  readonly claim: string;
}

/**
 * Options for `JwtAuthentication` (and `IngressGateway.addJwtAuthentication()`).
 */
export interface JwtAuthenticationOptions {
  /**
   * The RequestAuthentication name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The issuer (`iss` claim) of valid tokens, e.g. `https://accounts.example.com`.
   * Any string the provider uses; one that contains `:` must be a URI (RFC 7519 StringOrURI).
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `issuer`
   */
  readonly issuer: string;
  /**
   * Where the signing keys come from.
   * @default - discovered from the issuer's OpenID configuration
   * (`<issuer>/.well-known/openid-configuration`); the issuer must then be an https URL
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `jwksUri`, `jwks`
   */
  readonly jwks?: JwksSource;
  /**
   * Accepted audiences (`aud` claim); a token must carry one of them.
   * @default - any audience
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `audiences`
   */
  readonly audiences?: string[];
  /**
   * Headers the token is read from.
   * @default - `Authorization: Bearer <token>` (and the `access_token` query parameter)
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `fromHeaders`
   */
  readonly fromHeaders?: JwtHeaderLocation[];
  /**
   * Cookies the token is read from.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `fromCookies`
   */
  readonly fromCookies?: string[];
  /**
   * Query parameters the token is read from.
   * @default - `access_token` when no location is given
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `fromParams`
   */
  readonly fromParams?: string[];
  /**
   * Whether the token is forwarded to the backend. Istio strips it after
   * validation otherwise.
   * @default false
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `forwardOriginalToken`
   */
  readonly forwardOriginalToken?: boolean;
  /**
   * Claims copied into request headers for the backend.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `outputClaimToHeaders`
   */
  readonly outputClaimToHeaders?: JwtClaimToHeader[];
  /**
   * A header that receives the token's payload (base64url-encoded JSON).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule `outputPayloadToHeader`
   */
  readonly outputPayloadToHeader?: string;
}

/**
 * Props for `JwtAuthentication`.
 */
export interface JwtAuthenticationProps extends JwtAuthenticationOptions {
  /** The Gateway that validates the tokens; the policy is written into its namespace. */
  readonly gateway: IGateway;
}

/**
 * Options for `JwtAuthentication.requireJwt()`: where a valid token is
 * required. The given fields are ANDed; none given means every request.
 */
export interface RequireJwtOptions {
  /**
   * Hosts (Host header) that require a token; each is also matched with any port.
   * @default - every host
   */
  readonly hosts?: string[];
  /**
   * Paths that require a token, e.g. `["/api/*"]` (see `Operation.paths()`).
   * @default - every path
   */
  readonly paths?: string[];
  /**
   * Methods that require a token, e.g. `["POST", "PUT", "DELETE"]`.
   * @default - every method
   */
  readonly methods?: string[];
  /**
   * Accept a valid token of any issuer validated on the gateway
   * (`notRequestPrincipals: ["*"]`), not only this one's.
   * @default false - only tokens of this issuer (`<issuer>/*`)
   */
  readonly anyIssuer?: boolean;
  /**
   * The AuthorizationPolicy name.
   * @default - `<RequestAuthentication name>-require-jwt`
   */
  readonly name?: string;
}

/**
 * JWT validation at a Gateway: an Istio RequestAuthentication
 * (`security.istio.io/v1`) with `targetRefs` to the Gateway. The policy is
 * the child `Resource`.
 *
 * A RequestAuthentication alone only rejects *invalid* tokens: a request
 * without a token passes. `requireJwt()` adds the AuthorizationPolicy that
 * denies requests without a valid token.
 *
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
 */
export class JwtAuthentication extends Construct {
  /** The RequestAuthentication name. */
  public readonly policyName: string;
  /**
   * The namespace of the policy (the Gateway's).
   * @default - the namespace of the apply context
   */
  public readonly policyNamespace?: string;
  /** The issuer of valid tokens. */
  public readonly issuer: string;
  /** The RequestAuthentication (also `node.defaultChild`). */
  public readonly resource: ApiObject;
  private readonly gateway: IGateway;

  constructor(scope: Construct, id: string, props: JwtAuthenticationProps) {
    super(scope, id);
    enableSynthValidation(this);
    const placement = placeGatewayPolicy(this, props?.gateway);
    this.gateway = props.gateway;
    this.policyName = props.name ?? nameFromId(id, this);
    checkPolicyName(this, 'RequestAuthentication', this.policyName);
    this.policyNamespace = placement.namespace;
    this.issuer = props.issuer;
    this.checkProps(props);
    claimName(this, 'RequestAuthentication', this.policyNamespace, this.policyName);

    const rule: istio.RequestAuthenticationSpecJwtRules = {
      issuer: props.issuer,
      ...props.jwks?._toKube(),
      audiences: props.audiences?.length ? [...props.audiences] : undefined,
      fromHeaders: props.fromHeaders?.length ? props.fromHeaders.map((h) => ({ name: h.name, prefix: h.prefix })) : undefined,
      fromCookies: props.fromCookies?.length ? [...props.fromCookies] : undefined,
      fromParams: props.fromParams?.length ? [...props.fromParams] : undefined,
      forwardOriginalToken: props.forwardOriginalToken,
      outputClaimToHeaders: props.outputClaimToHeaders?.length
        ? props.outputClaimToHeaders.map((c) => ({ header: c.header, claim: c.claim }))
        : undefined,
      outputPayloadToHeader: props.outputPayloadToHeader,
    };
    // a plain ApiObject: the generated binding renders `jwksUri` as the deprecated `jwks_uri`
    this.resource = new ApiObject(this, 'Resource', {
      ...istio.RequestAuthentication.GVK,
      metadata: { name: this.policyName, namespace: placement.metadataNamespace },
      spec: { targetRefs: placement.targetRefs, jwtRules: [rule] },
    });
  }

  /**
   * Requires a valid token of this issuer on the given hosts, paths and
   * methods: an AuthorizationPolicy that DENIES requests without one
   * (`from: [{ source: { notRequestPrincipals: ["<issuer>/*"] } }]`),
   * Istio's documented pattern. Requests without a token get `403`.
   * The construct id is `RequireJwt` (then `RequireJwt2`, ...).
   *
   * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
   * @see https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/
   */
  public requireJwt(options: RequireJwtOptions = {}): GatewayAuthorization {
    let n = 1;
    while (this.node.tryFindChild(n === 1 ? 'RequireJwt' : `RequireJwt${n}`)) n++;
    const id = n === 1 ? 'RequireJwt' : `RequireJwt${n}`;
    const parts: Operation[] = [];
    if (options.hosts !== undefined) parts.push(Operation.hosts(options.hosts));
    if (options.paths !== undefined) parts.push(Operation.paths(options.paths));
    if (options.methods !== undefined) parts.push(Operation.methods(options.methods));
    const operation = parts.length > 0 ? Operation.allOf(parts) : undefined;
    return new GatewayAuthorization(this, id, {
      gateway: this.gateway,
      name: options.name ?? `${this.policyName.slice(0, 253 - 14 - (n === 1 ? 0 : String(n).length + 1))}-require-jwt${n === 1 ? '' : `-${n}`}`,
      action: AuthorizationAction.deny(),
      rules: [{
        from: [Source.notRequestPrincipals([options.anyIssuer ? '*' : `${this.issuer}/*`])],
        to: operation ? [operation] : undefined,
      }],
    });
  }

  private checkProps(props: JwtAuthenticationProps): void {
    const issuerProblem = issuerProblemOf(props.issuer);
    if (issuerProblem) fail(this, issuerProblem);
    if (props.jwks !== undefined) {
      if (!(props.jwks instanceof JwksSource)) fail(this, 'jwks must be JwksSource.uri(...) or JwksSource.inline(...)');
      checkFactoryValue(this, 'jwks', props.jwks._problem);
    } else if (!/^https:\/\/[^/]/.test(props.issuer)) {
      fail(this, `issuer "${props.issuer}" is not an https URL, so istio cannot discover its keys from <issuer>/.well-known/openid-configuration; `
        + 'pass jwks: JwksSource.uri("https://.../jwks.json") or JwksSource.inline(...)');
    }
    checkStrings(this, 'audiences', props.audiences, (a) => (/\s/.test(a) ? `audience "${a}" contains whitespace` : undefined));
    (props.fromHeaders ?? []).forEach((h, i) => {
      if (!h || typeof h.name !== 'string' || !HTTP_TOKEN_RE.test(h.name)) {
        fail(this, `fromHeaders[${i}].name "${h?.name}" is not a valid HTTP header name; use e.g. "authorization" or "x-jwt-assertion"`);
      }
      if (h.prefix !== undefined && (typeof h.prefix !== 'string' || /[\r\n]/.test(h.prefix))) {
        fail(this, `fromHeaders[${i}].prefix must be a single-line string such as "Bearer "`);
      }
    });
    if (props.fromHeaders !== undefined && props.fromHeaders.length === 0) fail(this, 'fromHeaders must not be empty; leave it out for "Authorization: Bearer <token>"');
    checkStrings(this, 'fromCookies', props.fromCookies, (c) => (HTTP_TOKEN_RE.test(c) ? undefined : `cookie name "${c}" is not a valid cookie name (an HTTP token)`));
    checkStrings(this, 'fromParams', props.fromParams, (p) => (/[\s&=#?]/.test(p) ? `query parameter "${p}" must not contain whitespace, "&", "=", "#" or "?"` : undefined));
    (props.outputClaimToHeaders ?? []).forEach((c, i) => {
      if (!c || typeof c.header !== 'string' || !OUTPUT_HEADER_RE.test(c.header)) {
        fail(this, `outputClaimToHeaders[${i}].header "${c?.header}" is invalid: use letters, digits, "-" and "_", e.g. "x-user-id"`);
      }
      if (typeof c.claim !== 'string' || c.claim === '') fail(this, `outputClaimToHeaders[${i}].claim must name a claim, e.g. "sub"`);
    });
    if (props.outputPayloadToHeader !== undefined && !OUTPUT_HEADER_RE.test(String(props.outputPayloadToHeader))) {
      fail(this, `outputPayloadToHeader "${props.outputPayloadToHeader}" is invalid: use letters, digits, "-" and "_", e.g. "x-jwt-payload"`);
    }
  }
}

/**
 * The issuer rule: Istio needs a non-empty string (CRD `minLength: 1`); RFC 7519
 * (StringOrURI) makes any value that contains `:` a URI. `*` and whitespace
 * are refused: the request principal is `<iss>/<sub>` and `requireJwt()`
 * matches it by prefix.
 */
function issuerProblemOf(issuer: unknown): string | undefined {
  if (typeof issuer !== 'string' || issuer === '') return 'issuer is required: pass the "iss" claim of valid tokens, e.g. "https://accounts.example.com"';
  if (/\s/.test(issuer) || issuer.includes('*')) return `issuer "${issuer}" must not contain whitespace or "*"; pass the exact "iss" claim of valid tokens`;
  if (issuer.includes(':')) {
    try {
      new URL(issuer);
    } catch {
      return `issuer "${issuer}" contains ":" but is not a URI (RFC 7519 StringOrURI); pass the exact "iss" claim, e.g. "https://accounts.example.com"`;
    }
  }
  return undefined;
}

function checkStrings(scope: Construct, what: string, values: string[] | undefined, each: (v: string) => string | undefined): void {
  if (values === undefined) return;
  if (!Array.isArray(values) || values.length === 0) fail(scope, `${what} must be a non-empty list; leave it out for the default`);
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') fail(scope, `${what}[${i}] is empty; istio rejects empty values`);
    const p = each(v);
    if (p) fail(scope, `${what}[${i}]: ${p}`);
  });
}
