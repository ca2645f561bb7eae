import { backendRefProblem, HTTP_TOKEN_RE, isGroup, portProblem, preciseHostnameProblem, tokenProblem } from './checks';
import { headerValueProblem } from './header-value';
import { HttpPathModifier } from './http-path-modifier';
import {
  CorsOptions, ExtensionRefOptions, HeaderModifierOptions, HttpRouteFilter, HttpRouteFilterType,
  HttpScheme, RequestMirrorOptions, RequestRedirectOptions, UrlRewriteOptions,
} from './http-route-filter';
import { renderBackendRef } from './render-refs';

/* Checks and rendering of HTTPRoute filters. Internal to the routing module. */

const NOT_REPEATABLE = [
  HttpRouteFilterType.CORS,
  HttpRouteFilterType.REQUEST_HEADER_MODIFIER,
  HttpRouteFilterType.RESPONSE_HEADER_MODIFIER,
  HttpRouteFilterType.REQUEST_REDIRECT,
  HttpRouteFilterType.URL_REWRITE,
];
const REDIRECT_CODES = [301, 302, 303, 307, 308];
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*'];
const ORIGIN_RE = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;

/** Problems of a list of filters (rule-level or backend-level), or undefined. */
export function filterListProblem(filters: HttpRouteFilter[]): string | undefined {
  if (filters.length > 16) return `has ${filters.length} filters; at most 16 are allowed`;
  for (const type of NOT_REPEATABLE) {
    if (filters.filter(f => f.type === type).length > 1) {
      return `has more than one ${type} filter; combine them into one`;
    }
  }
  if (filters.some(f => f.type === HttpRouteFilterType.REQUEST_REDIRECT)
    && filters.some(f => f.type === HttpRouteFilterType.URL_REWRITE)) {
    return 'has both a RequestRedirect and a URLRewrite filter; use one of them';
  }
  return undefined;
}

/** The first problem of one filter's options, or undefined. */
export function filterProblem(filter: HttpRouteFilter): string | undefined {
  const o = filter._raw ?? {};
  switch (filter.type) {
    case HttpRouteFilterType.REQUEST_HEADER_MODIFIER:
    case HttpRouteFilterType.RESPONSE_HEADER_MODIFIER:
      return headerModifierProblem(o as HeaderModifierOptions);
    case HttpRouteFilterType.REQUEST_REDIRECT:
      return redirectProblem(o as RequestRedirectOptions);
    case HttpRouteFilterType.URL_REWRITE:
      return rewriteProblem(o as UrlRewriteOptions);
    case HttpRouteFilterType.REQUEST_MIRROR:
      return mirrorProblem(filter, o as RequestMirrorOptions);
    case HttpRouteFilterType.CORS:
      return corsProblem(o as CorsOptions);
    case HttpRouteFilterType.EXTENSION_REF:
      return extensionRefProblem(o as ExtensionRefOptions);
  }
  return undefined;
}

function headerModifierProblem(o: HeaderModifierOptions): string | undefined {
  const set = Object.keys(o.set ?? {});
  const add = Object.keys(o.add ?? {});
  const remove = o.remove ?? [];
  if (set.length + add.length + remove.length === 0) return 'changes nothing; give at least one of set, add or remove';
  const seen = new Map<string, string>();
  for (const [field, names] of [['set', set], ['add', add], ['remove', remove]] as Array<[string, string[]]>) {
    if (names.length > 16) return `has ${names.length} headers in ${field}; at most 16 are allowed`;
    for (const name of names) {
      const p = tokenProblem(name);
      if (p) return `header name "${name}" in ${field} ${p}`;
      const prev = seen.get(name.toLowerCase());
      if (prev) return `header "${name}" appears more than once (${prev} and ${field}); header names are case-insensitive`;
      seen.set(name.toLowerCase(), field);
    }
  }
  for (const [field, map] of [['set', o.set ?? {}], ['add', o.add ?? {}]] as Array<[string, { [k: string]: string }]>) {
    for (const [name, value] of Object.entries(map)) {
      if (typeof value !== 'string' || value.length < 1 || value.length > 4096) {
        return `header "${name}" in ${field} must have a value of 1 to 4096 characters`;
      }
      const vp = headerValueProblem(value);
      if (vp) return `header "${name}" in ${field} has value ${JSON.stringify(value)}, which ${vp}`;
    }
  }
  return undefined;
}

function pathModifierProblem(path: HttpPathModifier | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (typeof path.value !== 'string' || path.value.length > 1024) return 'has a path longer than 1024 characters';
  return undefined;
}

function redirectProblem(o: RequestRedirectOptions): string | undefined {
  if (o.scheme !== undefined && !Object.values(HttpScheme).includes(o.scheme)) {
    return `has scheme "${o.scheme}"; use http or https`;
  }
  if (o.hostname !== undefined) {
    const p = preciseHostnameProblem(o.hostname);
    if (p) return `has hostname "${o.hostname}", which ${p}`;
  }
  if (o.port !== undefined && portProblem(o.port)) return `has port ${o.port}, which ${portProblem(o.port)}`;
  if (o.statusCode !== undefined && !REDIRECT_CODES.includes(o.statusCode)) {
    return `has statusCode ${o.statusCode}; use one of ${REDIRECT_CODES.join(', ')}`;
  }
  return pathModifierProblem(o.path);
}

function rewriteProblem(o: UrlRewriteOptions): string | undefined {
  if (o.hostname === undefined && o.path === undefined) return 'changes nothing; give a hostname or a path';
  if (o.hostname !== undefined) {
    const p = preciseHostnameProblem(o.hostname);
    if (p) return `has hostname "${o.hostname}", which ${p}`;
  }
  return pathModifierProblem(o.path);
}

function mirrorProblem(filter: HttpRouteFilter, o: RequestMirrorOptions): string | undefined {
  const backend = filter._mirrorBackend;
  const refProblem = backend ? backendRefProblem(backend.backendReference()) : 'needs a backend';
  if (refProblem) return `mirror backend ${refProblem}`;
  if (o.percent !== undefined && o.fraction !== undefined) return 'sets both percent and fraction; set one of them';
  if (o.percent !== undefined && (!Number.isInteger(o.percent) || o.percent < 0 || o.percent > 100)) {
    return `has percent ${o.percent}; it must be an integer between 0 and 100`;
  }
  if (o.fraction !== undefined) {
    const num = o.fraction.numerator;
    const den = o.fraction.denominator ?? 100;
    if (!Number.isInteger(num) || num < 0 || !Number.isInteger(den) || den < 1 || num > den) {
      return `has fraction ${num}/${den}; numerator and denominator must be integers with 0 <= numerator <= denominator and denominator >= 1`;
    }
  }
  return undefined;
}

function starAloneProblem(field: string, values: string[]): string | undefined {
  if (values.includes('*') && values.length > 1) return `lists "*" in ${field} alongside other values; use "*" alone`;
  if (new Set(values).size !== values.length) return `lists a value more than once in ${field}`;
  return undefined;
}

function corsProblem(o: CorsOptions): string | undefined {
  const origins = o.allowOrigins ?? [];
  const methods = o.allowMethods ?? [];
  const allowHeaders = o.allowHeaders ?? [];
  const exposeHeaders = o.exposeHeaders ?? [];
  for (const [field, values, max] of [
    ['allowOrigins', origins, 64], ['allowMethods', methods, 9],
    ['allowHeaders', allowHeaders, 64], ['exposeHeaders', exposeHeaders, 64],
  ] as Array<[string, string[], number]>) {
    if (values.length > max) return `has ${values.length} entries in ${field}; at most ${max} are allowed`;
    if (field !== 'exposeHeaders') {
      const p = starAloneProblem(field, values);
      if (p) return p;
    }
  }
  for (const origin of origins) {
    if (origin.length > 253 || !ORIGIN_RE.test(origin)) {
      return `has origin "${origin}"; use scheme://host[:port] (host may start with "*.") or "*"`;
    }
  }
  for (const method of methods) {
    if (!CORS_METHODS.includes(method)) return `has method "${method}"; use one of ${CORS_METHODS.join(', ')}`;
  }
  for (const header of [...allowHeaders, ...exposeHeaders]) {
    if (header.length > 256 || !HTTP_TOKEN_RE.test(header)) return `has an invalid header name "${header}"`;
  }
  if (o.maxAge !== undefined) {
    const ms = o.maxAge.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 1000) return `has maxAge ${ms}ms; it must be a whole number of seconds, at least 1`;
  }
  return undefined;
}

function extensionRefProblem(o: ExtensionRefOptions): string | undefined {
  if (!o.name || o.name.length > 253) return 'needs a name of 1 to 253 characters';
  if (!o.kind || !/^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(o.kind)) return `has an invalid kind "${o.kind}"`;
  if (o.group === undefined || !isGroup(o.group)) {
    return `has an invalid group "${o.group}"`;
  }
  return undefined;
}

function headerList(map: { [name: string]: string } | undefined): any[] | undefined {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([name, value]) => ({ name, value })) : undefined;
}

function renderHeaderModifier(o: HeaderModifierOptions): any {
  return {
    set: headerList(o.set),
    add: headerList(o.add),
    remove: o.remove && o.remove.length ? [...o.remove] : undefined,
  };
}

function nonEmpty(values: string[] | undefined): string[] | undefined {
  return values && values.length ? [...values] : undefined;
}

/** The filter as the typed L1 structure (defaults spelled out). */
export function renderFilter(filter: HttpRouteFilter): any {
  const o = filter._raw ?? {};
  switch (filter.type) {
    case HttpRouteFilterType.REQUEST_HEADER_MODIFIER:
      return { type: filter.type, requestHeaderModifier: renderHeaderModifier(o) };
    case HttpRouteFilterType.RESPONSE_HEADER_MODIFIER:
      return { type: filter.type, responseHeaderModifier: renderHeaderModifier(o) };
    case HttpRouteFilterType.REQUEST_REDIRECT: {
      const r = o as RequestRedirectOptions;
      return {
        type: filter.type,
        requestRedirect: {
          scheme: r.scheme,
          hostname: r.hostname,
          port: r.port,
          path: r.path?._toKube(),
          statusCode: r.statusCode ?? 302,
        },
      };
    }
    case HttpRouteFilterType.URL_REWRITE: {
      const r = o as UrlRewriteOptions;
      return { type: filter.type, urlRewrite: { hostname: r.hostname, path: r.path?._toKube() } };
    }
    case HttpRouteFilterType.REQUEST_MIRROR: {
      const m = o as RequestMirrorOptions;
      return {
        type: filter.type,
        requestMirror: {
          backendRef: renderBackendRef(filter._mirrorBackend!.backendReference()),
          percent: m.percent,
          fraction: m.fraction ? { numerator: m.fraction.numerator, denominator: m.fraction.denominator ?? 100 } : undefined,
        },
      };
    }
    case HttpRouteFilterType.CORS: {
      const c = o as CorsOptions;
      return {
        type: filter.type,
        cors: {
          allowOrigins: nonEmpty(c.allowOrigins),
          allowMethods: nonEmpty(c.allowMethods),
          allowHeaders: nonEmpty(c.allowHeaders),
          exposeHeaders: nonEmpty(c.exposeHeaders),
          allowCredentials: c.allowCredentials,
          maxAge: c.maxAge ? c.maxAge.toSeconds() : 5,
        },
      };
    }
    case HttpRouteFilterType.EXTENSION_REF: {
      const e = o as ExtensionRefOptions;
      return { type: filter.type, extensionRef: { group: e.group, kind: e.kind, name: e.name } };
    }
  }
  return { type: filter.type };
}

/** True when the filter changes the path with `ReplacePrefixMatch`. */
export function usesReplacePrefixMatch(filter: HttpRouteFilter): boolean {
  if (filter.type !== HttpRouteFilterType.REQUEST_REDIRECT && filter.type !== HttpRouteFilterType.URL_REWRITE) return false;
  const path: HttpPathModifier | undefined = filter._raw?.path;
  return path !== undefined && path._toKube().type === 'ReplacePrefixMatch';
}
