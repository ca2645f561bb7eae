import { FilterKind } from './filter-kinds';
import { CorsOptions } from './http-route-filter-options';
import { HTTP_TOKEN_RE } from '../internal/names';

/* The `CORS` filter: checks and rendering. Internal to the routing module. */

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*'];
const ORIGIN_RE = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;

/** `CORS`; `maxAge` is written out (5 seconds), as the API server would. */
export function corsKind(o: CorsOptions): FilterKind {
  return {
    problem: () => corsProblem(o),
    render: () => ({
      cors: {
        allowOrigins: nonEmpty(o.allowOrigins),
        allowMethods: nonEmpty(o.allowMethods),
        allowHeaders: nonEmpty(o.allowHeaders),
        exposeHeaders: nonEmpty(o.exposeHeaders),
        allowCredentials: o.allowCredentials,
        maxAge: o.maxAge ? o.maxAge.toSeconds() : 5,
      },
    }),
  };
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

function nonEmpty(values: string[] | undefined): string[] | undefined {
  return values && values.length ? [...values] : undefined;
}
