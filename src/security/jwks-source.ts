import { assertFactoryValue, factoryProblem } from '../internal/errors';

/** CRD: `jwksUri` has at most 2048 characters. */
const MAX_URI = 2048;

/**
 * Where the gateway gets the public keys (JWKS) that sign valid tokens:
 * `jwksUri` or inline `jwks` of a RequestAuthentication JWT rule.
 *
 * @see https://istio.io/latest/docs/reference/config/security/jwt/#JWTRule
 */
export class JwksSource {
  /**
   * Keys fetched by istiod (or the proxy) from an `https` URL, e.g. the
   * provider's `jwks_uri` from `/.well-known/openid-configuration`.
   * @param url e.g. `https://accounts.example.com/.well-known/jwks.json`
   */
  public static uri(url: string): JwksSource {
    return new JwksSource(url, undefined, factoryProblem('JwksSource.uri', [url], uriProblem(url)));
  }

  /**
   * Keys written inline as a JSON Web Key Set (`{"keys": [...]}`) or a
   * single JSON Web Key; for keys that rarely rotate, or tests.
   * @param json the JWKS document
   */
  public static inline(json: string): JwksSource {
    return new JwksSource(undefined, json, factoryProblem('JwksSource.inline', [json], inlineProblem(json)));
  }

  /**
   * The URL of the keys.
   * @default - none (inline keys)
   */
  public readonly jwksUri?: string;
  /**
   * The inline JWKS.
   * @default - none (keys from a URL)
   */
  public readonly jwks?: string;

  private constructor(uri: string | undefined, json: string | undefined, private readonly problem: string | undefined) {
    this.jwksUri = uri;
    this.jwks = json;
  }

  /** What the factory found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** `jwksUri` or `jwks` of a JWT rule. @internal */
  public _toKube(): { jwksUri?: string; jwks?: string } {
    assertFactoryValue(this.problem);
    return this.jwksUri !== undefined ? { jwksUri: this.jwksUri } : { jwks: this.jwks };
  }
}

/*
 * Istio accepts http and https (CRD CEL rule `url(self).getScheme() in ["http", "https"]`;
 * `security.ParseJwksURI`). The library asks for https: keys fetched over
 * plain http can be swapped in transit, and then any forged token is valid.
 */
function uriProblem(url: string): string | undefined {
  if (typeof url !== 'string' || url === '') return 'the JWKS URL is empty; pass the provider\'s jwks_uri, e.g. "https://issuer.example.com/.well-known/jwks.json"';
  if (url.length > MAX_URI) return `the JWKS URL has ${url.length} characters; at most ${MAX_URI} are allowed`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; pass the provider's jwks_uri, e.g. "https://issuer.example.com/.well-known/jwks.json"`;
  }
  if (parsed.protocol === 'http:') {
    return `"${url}" uses http: keys fetched in clear text can be replaced in transit, so forged tokens would pass; use https, or JwksSource.inline() with the keys`;
  }
  if (parsed.protocol !== 'https:') return `"${url}" must be an https URL`;
  if (!parsed.hostname) return `"${url}" has no host`;
  return undefined;
}

/** Istio parses inline keys with `jwk.Parse`: a JWK Set or a single JWK, each key with `kty`. */
function inlineProblem(json: string): string | undefined {
  if (typeof json !== 'string' || json.trim() === '') return 'the JWKS is empty; pass a JSON Web Key Set such as {"keys":[{"kty":"RSA",...}]}';
  let doc: any;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return `the JWKS is not valid JSON (${(e as Error).message}); pass a JSON Web Key Set such as {"keys":[{"kty":"RSA",...}]}`;
  }
  const keys = doc && typeof doc === 'object' && Array.isArray(doc.keys) ? doc.keys : doc && typeof doc === 'object' && !Array.isArray(doc) && 'kty' in doc ? [doc] : undefined;
  if (!keys) return 'the JWKS must be a JSON Web Key Set {"keys":[...]} or a single JSON Web Key with "kty"';
  if (keys.length === 0) return 'the JWKS has no keys; every token would be rejected';
  const bad = keys.findIndex((k: any) => !k || typeof k !== 'object' || typeof k.kty !== 'string');
  if (bad >= 0) return `key ${bad} of the JWKS has no "kty" member; each key needs one, e.g. "RSA" or "EC"`;
  return undefined;
}
