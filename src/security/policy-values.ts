import { ipOrCidrProblem } from '../internal/cidr';
import { HTTP_TOKEN_RE } from '../internal/names';
import { portProblem } from '../internal/port';

/*
 * The value rules of Istio security policies, shared by Source, Operation and
 * Condition. Internal: not exported from the package.
 *
 * Istio matches every string of a rule as exact, prefix (`abc*`), suffix
 * (`*abc`) or presence (`*`); a `*` anywhere else is matched literally
 * (istio/istio `pilot/pkg/security/authz/model/matcher/string.go`
 * `StringMatcherWithPrefix`), which is never what the author meant.
 */

/** Why a list of values is unusable (not a list, empty, or an empty value), or undefined. */
export function listProblem(values: unknown, what: string): string | undefined {
  if (!Array.isArray(values)) return `${what} must be a list of strings`;
  if (values.length === 0) return `${what} must not be empty; leave the field out to match anything`;
  const bad = values.findIndex((v) => typeof v !== 'string' || v === '');
  // istio `CheckEmptyValues`: "empty value not allowed"
  if (bad >= 0) return `${what}[${bad}] is empty; istio rejects empty values`;
  return undefined;
}

/** Why a string value has a `*` that Istio would match literally, or undefined. */
export function wildcardProblem(value: string, what: string): string | undefined {
  if (value === '*') return undefined;
  const inner = value.slice(1, -1);
  if (inner.includes('*') || (value.startsWith('*') && value.endsWith('*'))) {
    return `${what} "${value}" has a "*" in the middle or at both ends; istio supports only exact, prefix ("abc*"), suffix ("*abc") or presence ("*") matches`;
  }
  return undefined;
}

/** Checks each value: the list rule, then the wildcard rule, then `each`. */
export function valuesProblem(values: unknown, what: string, each?: (v: string) => string | undefined): string | undefined {
  const p = listProblem(values, what);
  if (p) return p;
  for (const v of values as string[]) {
    // paths have their own wildcard rule (templates)
    const w = (each === pathProblem ? undefined : wildcardProblem(v, what)) ?? each?.(v);
    if (w) return w;
  }
  return undefined;
}

/** IP or CIDR values (`ipBlocks`, `remoteIpBlocks`, `source.ip`...): Istio's `ValidateIPs`. */
export function ipValuesProblem(values: unknown, what: string): string | undefined {
  const p = listProblem(values, what);
  if (p) return p;
  for (const v of values as string[]) {
    const problem = ipOrCidrProblem(v);
    if (problem) return `${what}: ${problem}`;
  }
  return undefined;
}

/** Port numbers (`ports`, `destination.port`): integers from 1 to 65535. */
export function portValuesProblem(values: unknown, what: string): string | undefined {
  if (!Array.isArray(values)) return `${what} must be a list of port numbers`;
  if (values.length === 0) return `${what} must not be empty; leave the field out to match any port`;
  for (const v of values) {
    const p = portProblem(v);
    if (p) return `${what}: a port ${p}`;
  }
  return undefined;
}

const TEMPLATE_LITERAL_RE = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/**
 * Why a request path pattern is not one Istio supports, or undefined.
 *
 * Supported (istio/istio `pkg/config/security/security.go` `CheckValidPathTemplate`,
 * `matcher/string.go`; https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation):
 * an exact path `/api/v1`, a prefix `/api/*`, a suffix `*.png`, presence `*`,
 * and path templates whose whole segments are `{*}` (one segment) or `{**}`
 * (any number of segments, only as the last operator), e.g. `/api/{*}/orders`
 * or `/static/{**}`; the other segments of a template are RFC 3986 pchars.
 */
export function pathProblem(path: string): string | undefined {
  if (path === '*' || (path.startsWith('*') && !path.slice(1).includes('*') && !/[{}]/.test(path))) return undefined;
  if (!path.startsWith('/')) {
    return `path "${path}" must start with "/" (or be a suffix match such as "*.png"); e.g. "/api/*"`;
  }
  if (/\s/.test(path) || path.includes('?') || path.includes('#')) {
    return `path "${path}" must not contain whitespace, "?" or "#"; istio matches the path without the query string`;
  }
  const hasTemplate = path.includes('{*}') || path.includes('{**}');
  if (!hasTemplate) {
    if (/[{}]/.test(path)) return `path "${path}" has "{" or "}" outside the path templates {*} and {**}`;
    return wildcardProblem(path, 'path');
  }
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  let anySeen = false;
  for (const s of segments) {
    if (s === '{*}' || s === '{**}') {
      if (anySeen) return `path "${path}" has an operator after {**}; {**} must be the last operator of a path template`;
      if (s === '{**}') anySeen = true;
      continue;
    }
    if (/[{}]/.test(s)) return `path "${path}" has "{" or "}" beyond the path templates; {*} and {**} must fill a whole segment, e.g. "/api/{*}/orders"`;
    if (!TEMPLATE_LITERAL_RE.test(s)) {
      return `path "${path}" has the segment "${s}", which is not a valid literal in a path template (no "*" or reserved characters); `
        + 'use {*} for one segment and {**} for the rest';
    }
  }
  return undefined;
}

const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Why an HTTP method is unusable, or undefined: an HTTP token; standard methods in upper case (methods are case-sensitive). */
export function methodProblem(method: string): string | undefined {
  if (!HTTP_TOKEN_RE.test(method)) return `method "${method}" is not an HTTP token (RFC 9110): use e.g. "GET" or "POST"`;
  if (STANDARD_METHODS.includes(method.toUpperCase()) && method !== method.toUpperCase()) {
    return `method "${method}" never matches: HTTP methods are case-sensitive; write "${method.toUpperCase()}"`;
  }
  return undefined;
}

/** Why a Host value is unusable, or undefined: no whitespace, `*` only at the start or end. */
export function hostValueProblem(host: string): string | undefined {
  if (/\s/.test(host) || host.includes('/')) return `host "${host}" must be a host name as in the Host header, e.g. "shop.example.com" or "*.example.com"`;
  return undefined;
}

/** A header name: an HTTP token. */
export function headerNameProblem(name: unknown, what: string): string | undefined {
  return typeof name === 'string' && HTTP_TOKEN_RE.test(name)
    ? undefined
    : `${what} "${String(name)}" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~)`;
}
