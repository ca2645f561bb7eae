/**
 * Where Envoy's jwt_authn filter finds a token and what its payload says.
 * Istio's defaults when a jwtRule names no location: the `Authorization`
 * header with the `Bearer ` prefix and the `access_token` query parameter
 * (istio.io RequestAuthentication reference, `JWTRule.fromHeaders`). The
 * simulator decodes the payload; it does not verify the signature.
 */

/** What the token reader needs of the request. */
export interface TokenSources {
  /** Lower-case names. */
  readonly headers: ReadonlyMap<string, string>;
  readonly query: ReadonlyMap<string, string>;
}

/** A token found in the request, decoded, or why it cannot be. */
export interface FoundToken {
  /** Where it was found, e.g. `header Authorization`. */
  readonly location: string;
  readonly claims?: { readonly [claim: string]: unknown };
  /** Why Envoy rejects it before checking the issuer. */
  readonly problem?: string;
}

function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** The payload of a compact JWS (`header.payload.signature`), or why it is not one. */
export function decodeJwt(token: string): { claims?: { [claim: string]: unknown }; problem?: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { problem: 'Jwt is not in the form of Header.Payload.Signature' };
  try {
    const payload = JSON.parse(Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { problem: 'Jwt payload is not a JSON object' };
    return { claims: payload };
  } catch {
    return { problem: 'Jwt payload is not valid base64url-encoded JSON' };
  }
}

/** The first token the jwtRules look for in the request (their locations, or Istio's defaults), decoded. */
export function findToken(req: TokenSources, jwtRules: readonly any[]): FoundToken | undefined {
  const headers: Array<{ name: string; prefix: string }> = [];
  const params: string[] = [];
  const cookieNames: string[] = [];
  for (const r of jwtRules) {
    const h: any[] = Array.isArray(r?.fromHeaders) ? r.fromHeaders : [];
    const p: any[] = Array.isArray(r?.fromParams) ? r.fromParams : [];
    const c: any[] = Array.isArray(r?.fromCookies) ? r.fromCookies : [];
    if (h.length + p.length + c.length === 0) {
      headers.push({ name: 'authorization', prefix: 'Bearer ' });
      params.push('access_token');
    }
    for (const x of h) headers.push({ name: String(x?.name ?? '').toLowerCase(), prefix: String(x?.prefix ?? '') });
    params.push(...p.map(String));
    cookieNames.push(...c.map(String));
  }
  const found = (location: string, token: string): FoundToken => ({ location, ...decodeJwt(token) });
  for (const h of headers) {
    const v = req.headers.get(h.name);
    if (v !== undefined && v.startsWith(h.prefix)) return found(`header ${h.name}`, v.slice(h.prefix.length).trim());
  }
  for (const p of params) {
    const v = req.query.get(p);
    if (v !== undefined) return found(`query parameter ${p}`, v);
  }
  const jar = cookies(req.headers.get('cookie'));
  for (const c of cookieNames) {
    const v = jar.get(c);
    if (v !== undefined) return found(`cookie ${c}`, v);
  }
  return undefined;
}
