import { IBackend } from './backend';
import { backendRefProblem, isGroup, isKind, optionalPortProblem, preciseHostnameProblem, tokenProblem } from './checks';
import { headerValueProblem } from './header-value';
import { HttpPathModifier } from './http-path-modifier';
import {
  ExtensionRefOptions, HeaderModifierOptions, HttpScheme, RequestMirrorOptions, RequestRedirectOptions, UrlRewriteOptions,
} from './http-route-filter-options';
import { renderBackendRef } from './render-refs';

/* What each filter type checks and renders, one builder per type. Internal
 * to the routing module: `HttpRouteFilter` holds the result. */

/** The behaviour of one filter, fixed by its factory. */
export interface FilterKind {
  /** The path change, for `RequestRedirect` and `URLRewrite`. */
  readonly path?: HttpPathModifier;
  /** The mirror target, for `RequestMirror`. */
  readonly mirror?: IBackend;
  /** The first problem of the options, a fragment after `filters[i] (Type)`, or undefined. */
  problem(): string | undefined;
  /** The type's own field of the L1 filter, e.g. `{ requestRedirect: {...} }`. */
  render(): any;
}

const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** `RequestHeaderModifier` or `ResponseHeaderModifier`, rendered under `field`. */
export function headerModifierKind(field: string, o: HeaderModifierOptions): FilterKind {
  return {
    problem: () => headerModifierProblem(o),
    render: () => ({
      [field]: {
        set: headerList(o.set),
        add: headerList(o.add),
        remove: o.remove && o.remove.length ? [...o.remove] : undefined,
      },
    }),
  };
}

/** `RequestRedirect`; the status code is written out (302), as the API server would. */
export function redirectKind(o: RequestRedirectOptions): FilterKind {
  return {
    path: o.path,
    problem: () => {
      if (o.scheme !== undefined && !Object.values(HttpScheme).includes(o.scheme)) {
        return `has scheme "${o.scheme}"; use http or https`;
      }
      const hp = hostnameProblem(o.hostname);
      if (hp) return hp;
      const pp = optionalPortProblem(o.port);
      if (pp) return pp;
      if (o.statusCode !== undefined && !REDIRECT_CODES.includes(o.statusCode)) {
        return `has statusCode ${o.statusCode}; use one of ${REDIRECT_CODES.join(', ')}`;
      }
      return o.path?._problem();
    },
    render: () => ({
      requestRedirect: {
        scheme: o.scheme,
        hostname: o.hostname,
        port: o.port,
        path: o.path?._render(),
        statusCode: o.statusCode ?? 302,
      },
    }),
  };
}

/** `URLRewrite`. */
export function rewriteKind(o: UrlRewriteOptions): FilterKind {
  return {
    path: o.path,
    problem: () => {
      if (o.hostname === undefined && o.path === undefined) return 'changes nothing; give a hostname or a path';
      return hostnameProblem(o.hostname) ?? o.path?._problem();
    },
    render: () => ({ urlRewrite: { hostname: o.hostname, path: o.path?._render() } }),
  };
}

/** `RequestMirror` to `backend`; the fraction's denominator is written out (100). */
export function mirrorKind(backend: IBackend | undefined, o: RequestMirrorOptions): FilterKind {
  return {
    mirror: backend,
    problem: () => {
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
    },
    render: () => ({
      requestMirror: {
        backendRef: renderBackendRef(backend!.backendReference()),
        percent: o.percent,
        fraction: o.fraction ? { numerator: o.fraction.numerator, denominator: o.fraction.denominator ?? 100 } : undefined,
      },
    }),
  };
}

/** `ExtensionRef` (implementation-specific; Istio does not support it). */
export function extensionRefKind(o: ExtensionRefOptions): FilterKind {
  return {
    problem: () => {
      if (!o.name || o.name.length > 253) return 'needs a name of 1 to 253 characters';
      if (!o.kind || !isKind(o.kind)) return `has an invalid kind "${o.kind}"`;
      if (o.group === undefined || !isGroup(o.group)) return `has an invalid group "${o.group}"`;
      return undefined;
    },
    render: () => ({ extensionRef: { group: o.group, kind: o.kind, name: o.name } }),
  };
}

function hostnameProblem(hostname: string | undefined): string | undefined {
  if (hostname === undefined) return undefined;
  const p = preciseHostnameProblem(hostname);
  return p ? `has hostname "${hostname}", which ${p}` : undefined;
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

/** Headers sorted by name, so the output does not depend on key order. */
function headerList(map: { [name: string]: string } | undefined): any[] | undefined {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([name, value]) => ({ name, value })) : undefined;
}
