/**
 * Istio's request authentication and authorization at a Gateway's proxy, as
 * the simulator decides it before routing: Envoy runs the `jwt_authn`,
 * `ext_authz` (CUSTOM) and `rbac` (DENY, then ALLOW) filters before the
 * router, so a request that no route serves is still denied first.
 *
 * Sources: istio.io "Authorization Policy" reference (evaluation order:
 * CUSTOM, DENY, ALLOW; no ALLOW policy allows; an ALLOW policy that matches
 * nothing denies) and "Authorization Policy Conditions";
 * pilot/pkg/security/authz/model/generator.go (value matching: `*` present,
 * `*x` suffix, `x*` prefix; request principals `iss/sub`; hosts
 * case-insensitive); istio.io "Request Authentication" (a request with an
 * invalid token is rejected with 401; one without a token is accepted with
 * no principal).
 */
import { ipInCidr } from './cidr-match';
import { findToken } from './jwt-token';
import { AuthorizationDecision } from './routing-decision';
import { Labels, selectorMatches } from '../gateway-api/label-selector';
import { Manifest } from '../manifests/manifest';

/** What authorization reads of the request. */
export interface AuthzRequest {
  /** The Host header as sent (lower case; may carry a `:port`). */
  readonly authority: string;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: ReadonlyMap<string, string>;
  /** Lower-case names. */
  readonly headers: ReadonlyMap<string, string>;
  /** The listener port the request reached. */
  readonly port: number;
  /** TLS server name, for https. */
  readonly sni?: string;
  /** The client address (direct peer and, without trusted proxies, the remote address too). */
  readonly sourceIp?: string;
  /**
   * Claims of a token the request carries, taken as signed by its issuer;
   * without them, a token in the jwtRules' locations (or the
   * `Authorization: Bearer` header) is decoded.
   */
  readonly jwtClaims?: { readonly [claim: string]: unknown };
  /** The SAN (URI or DNS) of the client certificate, when the request presents one. */
  readonly clientCertificateSan?: string;
}

/** The Gateway whose proxy evaluates the policies. */
export interface AuthzGateway {
  readonly namespace: string;
  readonly name: string;
  /** Labels of the gateway pods (Istio's `gateway.networking.k8s.io/gateway-name` plus `spec.infrastructure.labels`). */
  readonly podLabels: Labels;
}

/** The policies in the input, by kind. */
export interface AuthzPolicies {
  readonly authorizationPolicies: readonly Manifest[];
  readonly requestAuthentications: readonly Manifest[];
  /** Istio's root namespace (meshConfig `rootNamespace`): policies there without selector apply mesh-wide. */
  readonly rootNamespace: string;
  readonly namespaceOf: (m: Manifest) => string;
}

/** The verdict: undefined status means the request goes on to routing. */
export interface AuthzVerdict {
  /** 401 (token rejected) or 403 (authorization denied); undefined when allowed. */
  readonly status?: number;
  readonly reason?: string;
  /** `namespace/name` of the AuthorizationPolicy or RequestAuthentication that decided. */
  readonly policy?: string;
  /** Index of the rule in the policy's `spec.rules` that matched, for DENY and CUSTOM. */
  readonly ruleIndex?: number;
  /** `iss/sub` of the validated token. */
  readonly requestPrincipal?: string;
  /** Set when a request without a valid token is refused because a rule wants a request principal. */
  readonly requiresRequestPrincipal?: boolean;
  readonly notes: string[];
}

/**
 * What a verdict puts in the decision's `authorization` field: the policy
 * that decided and the request principal, when either is known.
 */
export function authorizationOf(v: AuthzVerdict): AuthorizationDecision | undefined {
  const { policy, ruleIndex, requestPrincipal, requiresRequestPrincipal } = v;
  return policy !== undefined || requestPrincipal !== undefined ? { policy, ruleIndex, requestPrincipal, requiresRequestPrincipal } : undefined;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Whether a policy applies to the gateway's proxy: targetRefs, selector, namespace-wide or root-namespace-wide. */
function appliesTo(m: Manifest, gw: AuthzGateway, p: AuthzPolicies): boolean {
  const spec = m.object.spec ?? {};
  const ns = p.namespaceOf(m);
  const refs: any[] = Array.isArray(spec.targetRefs) ? spec.targetRefs : spec.targetRef ? [spec.targetRef] : [];
  if (refs.length > 0) {
    return ns === gw.namespace && refs.some((r) => (r?.group ?? '') === GATEWAY_GROUP && r?.kind === 'Gateway' && r?.name === gw.name);
  }
  if (ns !== gw.namespace && ns !== p.rootNamespace) return false;
  if (spec.selector) return selectorMatches({ matchLabels: spec.selector.matchLabels ?? {} }, gw.podLabels);
  return true;
}

function isDryRun(m: Manifest): boolean {
  return m.object.metadata?.annotations?.['istio.io/dry-run'] === 'true';
}

function keyOf(m: Manifest, p: AuthzPolicies): string {
  return `${p.namespaceOf(m)}/${m.name}`;
}

/** Istio's string match: `*` any non-empty value, `*x` suffix, `x*` prefix, else exact. */
export function istioStringMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const [p, v] = ignoreCase ? [pattern.toLowerCase(), value.toLowerCase()] : [pattern, value];
  if (p === '*') return v.length > 0;
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return v === p;
}

/** A path pattern: Istio's string match, or a template with `{*}` (one segment) and `{**}` (any rest). */
function pathMatches(pattern: string, path: string): boolean {
  if (!pattern.includes('{*')) return istioStringMatch(pattern, path);
  const re = pattern.split(/(\{\*\*\}|\{\*\})/).map((part) => {
    if (part === '{**}') return '.*';
    if (part === '{*}') return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${re}$`).test(path);
}

/** Istio's host match (generator.go hostGenerator): case-insensitive, and an exact host also matches with any port. */
function hostMatches(pattern: string, authority: string): boolean {
  if (istioStringMatch(pattern, authority, true)) return true;
  const colon = authority.lastIndexOf(':');
  return colon > 0 && !pattern.includes(':') && istioStringMatch(pattern, authority.slice(0, colon), true);
}

/** Istio's request principal match (generator.go requestPrincipalGenerator): `iss/sub`, split at the last `/`. */
function requestPrincipalMatches(pattern: string, principal: string | undefined): boolean {
  if (principal === undefined) return false;
  if (pattern === '*') return true;
  return istioStringMatch(pattern, principal);
}

function claimValues(claims: { readonly [claim: string]: unknown } | undefined, path: string[]): string[] {
  let v: unknown = claims;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return [];
    v = (v as any)[p];
  }
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

/** Whether a `values`/`notValues` pair admits the candidates (any of values, none of notValues). */
function valuesAdmit(values: unknown, notValues: unknown, test: (pattern: string) => boolean): boolean {
  const pos = Array.isArray(values) ? values.map(String) : [];
  const neg = Array.isArray(notValues) ? notValues.map(String) : [];
  if (pos.length > 0 && !pos.some(test)) return false;
  return !neg.some(test);
}

interface Context {
  readonly req: AuthzRequest;
  readonly principal?: string;
  /** Claims of the validated token. */
  readonly claims?: AuthzRequest['jwtClaims'];
  readonly peerPrincipal?: string;
  readonly notes: Set<string>;
}

function ipMatches(cidr: string, ip: string | undefined, ctx: Context, field: string): boolean {
  if (ip === undefined) {
    ctx.notes.add(`the request gives no source IP, so ${field} matches nothing; pass sourceIp (--source-ip) to simulate it`);
    return false;
  }
  return ipInCidr(ip, cidr);
}

function peerNamespaceMatches(pattern: string, peer: string | undefined): boolean {
  const m = peer?.match(/\/ns\/([^/]+)\//);
  return m ? istioStringMatch(pattern, m[1]) : false;
}

/** The `when` keys Istio supports, and how each reads the request (Authorization Policy Conditions). */
function conditionMatches(c: any, ctx: Context): boolean {
  const key = String(c?.key ?? '');
  const { req } = ctx;
  const admit = (test: (p: string) => boolean) => valuesAdmit(c?.values, c?.notValues, test);
  const bracket = (prefix: string) => [...key.slice(prefix.length).matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]);
  if (key.startsWith('request.headers[')) {
    const name = bracket('request.headers')[0]?.toLowerCase() ?? '';
    return admit((p) => istioStringMatch(p, name === ':authority' || name === 'host' ? req.authority : req.headers.get(name)));
  }
  if (key.startsWith('request.auth.claims[')) {
    const values = claimValues(ctx.claims, bracket('request.auth.claims'));
    return admit((p) => values.some((v) => istioStringMatch(p, v)));
  }
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
      return admit((p) => ipMatches(p, req.sourceIp, ctx, key));
    case 'source.namespace': return admit((p) => peerNamespaceMatches(p, ctx.peerPrincipal));
    case 'source.principal': return admit((p) => istioStringMatch(p, ctx.peerPrincipal?.replace(/^spiffe:\/\//, '')));
    case 'request.auth.principal': return admit((p) => requestPrincipalMatches(p, ctx.principal));
    case 'request.auth.audiences': {
      const aud = claimValues(ctx.claims, ['aud']);
      return admit((p) => aud.some((v) => istioStringMatch(p, v)));
    }
    case 'request.auth.presenter': {
      const azp = claimValues(ctx.claims, ['azp']);
      return admit((p) => azp.some((v) => istioStringMatch(p, v)));
    }
    case 'destination.port': return admit((p) => p === String(req.port));
    case 'connection.sni': return admit((p) => istioStringMatch(p, req.sni));
    default:
      ctx.notes.add(`condition key ${key} is not simulated (destination.ip, experimental.envoy.filters.* or unknown); it matches nothing here`);
      return false;
  }
}

function sourceMatches(s: any, ctx: Context): boolean {
  const { req } = ctx;
  const field = (name: string, test: (p: string) => boolean) => valuesAdmit(s?.[name], s?.[`not${name[0].toUpperCase()}${name.slice(1)}`], test);
  return field('principals', (p) => istioStringMatch(p, ctx.peerPrincipal?.replace(/^spiffe:\/\//, '')))
    && field('requestPrincipals', (p) => requestPrincipalMatches(p, ctx.principal))
    && field('namespaces', (p) => peerNamespaceMatches(p, ctx.peerPrincipal))
    && field('ipBlocks', (p) => ipMatches(p, req.sourceIp, ctx, 'ipBlocks'))
    && field('remoteIpBlocks', (p) => ipMatches(p, req.sourceIp, ctx, 'remoteIpBlocks'));
}

function operationMatches(o: any, ctx: Context): boolean {
  const { req } = ctx;
  const field = (name: string, test: (p: string) => boolean) => valuesAdmit(o?.[name], o?.[`not${name[0].toUpperCase()}${name.slice(1)}`], test);
  return field('hosts', (p) => hostMatches(p, req.authority))
    && field('ports', (p) => p === String(req.port))
    && field('methods', (p) => istioStringMatch(p, req.method))
    && field('paths', (p) => pathMatches(p, req.path));
}

/** Whether a rule matches: any `from` source, any `to` operation, every `when` condition. An empty rule matches everything. */
function ruleMatches(rule: any, ctx: Context): boolean {
  const from: any[] = Array.isArray(rule?.from) ? rule.from : [];
  const to: any[] = Array.isArray(rule?.to) ? rule.to : [];
  const when: any[] = Array.isArray(rule?.when) ? rule.when : [];
  if (from.length > 0 && !from.some((f) => sourceMatches(f?.source, ctx))) return false;
  if (to.length > 0 && !to.some((t) => operationMatches(t?.operation, ctx))) return false;
  return when.every((c) => conditionMatches(c, ctx));
}

function matchingRule(m: Manifest, ctx: Context): number {
  const rules: any[] = Array.isArray(m.object.spec?.rules) ? m.object.spec.rules : [];
  return rules.findIndex((r) => ruleMatches(r, ctx));
}

/** The token the request carries where the gateway's jwtRules look for one, and what Envoy's jwt_authn makes of it. */
function authenticate(req: AuthzRequest, ras: Manifest[], p: AuthzPolicies): { principal?: string; claims?: AuthzRequest['jwtClaims']; verdict?: AuthzVerdict; notes: string[] } {
  const notes: string[] = [];
  const rules = ras.flatMap((m) => (Array.isArray(m.object.spec?.jwtRules) ? m.object.spec.jwtRules : []).map((r: any) => ({ m, r })));
  const token = req.jwtClaims ? { location: 'the request', claims: req.jwtClaims, problem: undefined } : findToken(req, rules.map(({ r }) => r));
  if (!token) return { notes };
  if (rules.length === 0) {
    notes.push('the request carries a token, but no RequestAuthentication applies to the gateway: it is ignored (no request principal)');
    return { notes };
  }
  const reject = (m: Manifest, reason: string) => ({ notes, verdict: { status: 401, notes: [], policy: keyOf(m, p), reason } });
  if (token.problem || !token.claims) {
    return reject(rules[0].m, `the token in ${token.location} is malformed: Envoy answers 401 (${token.problem})`);
  }
  const claims = token.claims;
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const rule = rules.find(({ r }) => r?.issuer === iss);
  if (!rule) {
    return reject(rules[0].m, `the token's issuer ${JSON.stringify(iss ?? '(none)')} is not among the jwtRules of the RequestAuthentications on the gateway `
      + `(${[...new Set(rules.map(({ r }) => String(r?.issuer)))].join(', ')}); Envoy rejects an invalid token with 401 (Jwt issuer is not configured)`);
  }
  const audiences: string[] = Array.isArray(rule.r?.audiences) ? rule.r.audiences : [];
  const aud = claimValues(claims, ['aud']);
  if (audiences.length > 0 && !aud.some((a) => audiences.includes(a))) {
    return reject(rule.m, `the token's audiences (${aud.join(', ') || 'none'}) are not among jwtRules audiences ${audiences.join(', ')} of RequestAuthentication `
      + `${keyOf(rule.m, p)}; Envoy answers 401 (Audiences in Jwt are not allowed)`);
  }
  notes.push(`the token of issuer ${iss} is taken as valid (RequestAuthentication ${keyOf(rule.m, p)}); the simulator does not verify signatures or expiry`);
  return { principal: `${iss}/${sub}`, claims, notes };
}

/**
 * Authentication and authorization of one request at the gateway's proxy:
 * 401 when a token is rejected, 403 when a CUSTOM, DENY or ALLOW policy
 * denies, else no status (the request is routed).
 */
export function authorize(req: AuthzRequest, gw: AuthzGateway, p: AuthzPolicies): AuthzVerdict {
  const ras = p.requestAuthentications.filter((m) => appliesTo(m, gw, p)).sort((a, b) => keyOf(a, p).localeCompare(keyOf(b, p)));
  const auth = authenticate(req, ras, p);
  if (auth.verdict) return { ...auth.verdict, notes: auth.notes };
  const notes = new Set<string>(auth.notes);
  const ctx: Context = { req, principal: auth.principal, claims: auth.claims, peerPrincipal: req.clientCertificateSan, notes };
  const policies = p.authorizationPolicies.filter((m) => appliesTo(m, gw, p)).sort((a, b) => keyOf(a, p).localeCompare(keyOf(b, p)));
  const enforced = policies.filter((m) => {
    if (!isDryRun(m)) return true;
    notes.add(`AuthorizationPolicy ${keyOf(m, p)} is in dry-run (istio.io/dry-run): it is logged, not enforced`);
    return false;
  });
  const action = (m: Manifest) => String(m.object.spec?.action ?? 'ALLOW');
  const done = (v: Omit<AuthzVerdict, 'notes'>): AuthzVerdict => ({ ...v, requestPrincipal: auth.principal, notes: [...notes] });

  for (const m of enforced.filter((x) => action(x) === 'CUSTOM')) {
    const i = matchingRule(m, ctx);
    if (i >= 0) {
      notes.add(`CUSTOM AuthorizationPolicy ${keyOf(m, p)} rule ${i} sends the request to ext-authz provider `
        + `${m.object.spec?.provider?.name ?? '(none)'} (meshConfig extensionProviders); the simulator assumes the provider allows it`);
    }
  }
  for (const m of enforced.filter((x) => action(x) === 'DENY')) {
    const i = matchingRule(m, ctx);
    if (i >= 0) {
      const wantsToken = !auth.principal && wantsPrincipal(m.object.spec?.rules?.[i], 'notRequestPrincipals');
      return done({
        status: 403,
        policy: keyOf(m, p),
        ruleIndex: i,
        requiresRequestPrincipal: wantsToken,
        reason: `DENY AuthorizationPolicy ${keyOf(m, p)} rule ${i} matches the request; Envoy answers 403 (RBAC: access denied)`
          + (wantsToken ? MISSING_TOKEN : ''),
      });
    }
  }
  for (const m of enforced.filter((x) => action(x) === 'AUDIT')) {
    const i = matchingRule(m, ctx);
    if (i >= 0) notes.add(`AUDIT AuthorizationPolicy ${keyOf(m, p)} rule ${i} marks the request for audit logging; it does not decide`);
  }
  const allows = enforced.filter((x) => action(x) === 'ALLOW');
  if (allows.length === 0) return done({});
  for (const m of allows) {
    const i = matchingRule(m, ctx);
    if (i >= 0) return done({ policy: keyOf(m, p), ruleIndex: i });
  }
  const empty = allows.filter((m) => !Array.isArray(m.object.spec?.rules) || m.object.spec.rules.length === 0);
  const wantsToken = !auth.principal && allows.some((m) => (Array.isArray(m.object.spec?.rules) ? m.object.spec.rules : [])
    .some((r: any) => wantsPrincipal(r, 'requestPrincipals')));
  return done({
    status: 403,
    policy: keyOf(allows[0], p),
    requiresRequestPrincipal: wantsToken,
    reason: `no rule of the ALLOW AuthorizationPolicies on the gateway (${allows.map((m) => keyOf(m, p)).join(', ')}) matches the request; `
      + 'with an ALLOW policy in place, everything else is denied: Envoy answers 403 (RBAC: access denied)'
      + (empty.length > 0 ? ` (${empty.map((m) => keyOf(m, p)).join(', ')} has no rules, which allows nothing)` : '')
      + (wantsToken ? MISSING_TOKEN : ''),
  });
}

const MISSING_TOKEN = '. The request carries no valid token: Istio answers 403, not 401, to a missing token (only an invalid token gets 401)';

/** Whether a rule reads the request principal through `field` of a source, or a `request.auth.*` condition. */
function wantsPrincipal(rule: any, field: string): boolean {
  const from: any[] = Array.isArray(rule?.from) ? rule.from : [];
  const when: any[] = Array.isArray(rule?.when) ? rule.when : [];
  return from.some((f) => Array.isArray(f?.source?.[field])) || when.some((c) => String(c?.key ?? '').startsWith('request.auth.'));
}
