import { trimSlash } from '../gateway-api/match-precedence';

/**
 * Applies a RequestHeaderModifier to lower-case-named headers: `set`
 * overwrites, `add` appends to an existing value with a comma, `remove`
 * deletes. Names are case-insensitive.
 */
export function applyHeaderModifier(headers: Map<string, string>, modifier: any): void {
  for (const h of modifier?.set ?? []) {
    headers.set(String(h.name).toLowerCase(), String(h.value ?? ''));
  }
  for (const h of modifier?.add ?? []) {
    const name = String(h.name).toLowerCase();
    const existing = headers.get(name);
    headers.set(name, existing === undefined ? String(h.value ?? '') : `${existing},${h.value ?? ''}`);
  }
  for (const name of modifier?.remove ?? []) {
    headers.delete(String(name).toLowerCase());
  }
}

/**
 * The path after a path modifier (ReplaceFullPath or ReplacePrefixMatch),
 * or undefined when the modifier cannot apply. `matchedPrefix` is the
 * PathPrefix value that matched the request.
 */
export function modifyPath(path: string, modifier: any, matchedPrefix: string | undefined): string | undefined {
  if (!modifier) return path;
  if (modifier.type === 'ReplaceFullPath') return String(modifier.replaceFullPath ?? '');
  if (modifier.type === 'ReplacePrefixMatch') {
    if (matchedPrefix === undefined) return undefined;
    return replacePrefix(path, matchedPrefix, String(modifier.replacePrefixMatch ?? ''));
  }
  return undefined;
}

/** Why a path modifier could not be applied. */
export function pathModifierProblem(modifier: any): string {
  return modifier?.type === 'ReplacePrefixMatch'
    ? 'path modifier ReplacePrefixMatch needs a PathPrefix match'
    : `path modifier type ${modifier?.type} is not known`;
}

/**
 * ReplacePrefixMatch as specified by the table in the Gateway API
 * (`/foo/bar`, prefix `/foo`, replacement `/xyz` gives `/xyz/bar`;
 * trailing slashes of prefix and replacement are ignored; an empty result
 * is `/`).
 */
export function replacePrefix(path: string, prefix: string, replacement: string): string {
  const rest = path.slice(trimSlash(prefix).length);
  const result = trimSlash(replacement) + rest;
  return result === '' ? '/' : result;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

/**
 * The `Location` of a RequestRedirect:
 * - scheme: the filter's, else the request's;
 * - hostname: the filter's, else the request's Host (without port);
 * - port: the filter's; else the well-known port of the filter's scheme
 *   when a scheme is set; else the listener port; omitted when it is the
 *   default port of the resulting scheme (80 for http, 443 for https);
 * - path: modified by `path`, else the request path; the query is kept.
 */
export function redirectLocation(redirect: any, req: { scheme: string; host: string; path: string; queryString: string },
  listenerPort: number, matchedPrefix: string | undefined): { location: string; statusCode: number; problem?: string } {
  const scheme = String(redirect.scheme ?? req.scheme).toLowerCase();
  const hostname = redirect.hostname ?? req.host;
  let port: number;
  if (redirect.port !== undefined) {
    port = Number(redirect.port);
  } else if (redirect.scheme !== undefined) {
    port = DEFAULT_PORT[scheme] ?? listenerPort;
  } else {
    port = listenerPort;
  }
  const showPort = DEFAULT_PORT[scheme] !== port;
  let problem: string | undefined;
  let path = modifyPath(req.path, redirect.path, matchedPrefix);
  if (path === undefined) {
    problem = `redirect ${pathModifierProblem(redirect.path)}; the request path is kept`;
    path = req.path;
  }
  const query = req.queryString ? `?${req.queryString}` : '';
  return {
    location: `${scheme}://${hostname}${showPort ? `:${port}` : ''}${path}${query}`,
    statusCode: Number(redirect.statusCode ?? 302),
    problem,
  };
}
