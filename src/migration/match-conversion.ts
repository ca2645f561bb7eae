/**
 * Istio `HTTPMatchRequest` to HTTPRoute matches.
 *
 * Istio's string matches (istio/istio pilot/pkg/networking/core/route/route.go
 * `TranslateRouteMatch`, `translateHeaderMatch`, `translateQueryParamMatch`):
 * `uri.prefix` is an Envoy string prefix (`/productpage` admits
 * `/productpagex`), `uri.exact` the whole path, `uri.regex` an RE2 full
 * match; header `prefix` is a string prefix, a header with an empty match
 * requires presence; query parameters support `exact` and `regex` (Istio
 * ignores `prefix` there). The conditions of one match are AND-ed, the
 * matches of one rule OR-ed.
 */
import { HttpMatch, quoteRe2, stringPrefixPath, Condition, PathCondition } from './http-match';
import { HTTP_TOKEN_RE } from '../internal/names';
import { re2Problem } from '../internal/re2';

/** HTTPRoute `method` values (HTTPMethod enum, v1.6.1). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** A note or a refusal raised while converting a match. @internal */
export interface MatchIssue {
  readonly severity: 'error' | 'warning' | 'info';
  readonly field: string;
  readonly message: string;
  readonly suggestion: string;
}

/** What the route sees of its attachment, to decide `port` and `gateways` conditions. @internal */
export interface MatchContext {
  /** The ports of the listeners the route attaches to. */
  readonly ports: number[];
  /** The Istio Gateways (`ns/name`) the route is converted for. */
  readonly gateways: string[];
  /** The VirtualService namespace (to resolve `gateways`). */
  readonly resolveGateway: (name: string) => string;
  /** Treat Istio prefixes as path-element prefixes (PathPrefix only). */
  readonly segmentPrefixes: boolean;
}

/** The outcome for one Istio match: the equivalent HTTPRoute matches (OR-ed; none when it never applies). @internal */
export interface ConvertedMatch {
  readonly matches: HttpMatch[];
  readonly issues: MatchIssue[];
  readonly refused: boolean;
}

/** Characters and sequences an HTTPRoute path value may not hold (CEL rules of HTTPPathMatch). */
export function pathValueProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return 'must start with /';
  if (/\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(value) || /\/\.\.?$/.test(value)) return 'holds //, /./, /../, %2F or #, which HTTPRoute paths may not';
  if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(value)) return 'holds characters an HTTPRoute path may not';
  return undefined;
}

/** Converts `spec.http[i].match[j]` (`field`). @internal */
export function convertMatch(m: any, field: string, ctx: MatchContext): ConvertedMatch {
  const issues: MatchIssue[] = [];
  const refuse = (f: string, message: string, suggestion: string): ConvertedMatch => {
    issues.push({ severity: 'error', field: `${field}.${f}`, message, suggestion });
    return { matches: [], issues, refused: true };
  };
  // ignoreUriCase: Envoy's case_sensitive: false applies to exact and prefix path matchers, not to safe_regex
  // (istio/istio pilot/pkg/networking/core/route/route.go TranslateRouteMatch; src/istio-api/string-match.ts)
  let ignoreCase = false;
  if (m.ignoreUriCase === true) {
    const uri = isObject(m.uri) ? m.uri : {};
    if (typeof uri.regex === 'string') {
      issues.push({ severity: 'info', field: `${field}.ignoreUriCase`, message: 'ignoreUriCase has no effect on a uri regex (Envoy ignores case_sensitive for safe_regex): it is dropped', suggestion: 'put (?i) in the regex if case should not matter' });
    } else if (typeof uri.exact === 'string' || (typeof uri.prefix === 'string' && uri.prefix !== '/')) {
      ignoreCase = true;
    }
  }
  if (isObject(m.withoutHeaders) && Object.keys(m.withoutHeaders).length > 0) {
    return refuse('withoutHeaders', 'HTTPRoute matches cannot require a header to be absent or not to match',
      'route the negated case with an earlier rule that matches the header, or drop withoutHeaders');
  }
  if (m.authority !== undefined) {
    return refuse('authority', 'HTTPRoute matches cannot match the Host header per rule',
      'split the rule into its own VirtualService whose hosts are the authority values (HTTPRoute hostnames)');
  }
  if (m.scheme !== undefined) return refuse('scheme', 'HTTPRoute matches cannot match the scheme', 'attach the rule only to the HTTP or the HTTPS listener (a separate Gateway server)');
  if (isObject(m.sourceLabels) && Object.keys(m.sourceLabels).length > 0) {
    return refuse('sourceLabels', 'a gateway route has no source workload to match; HTTPRoute has no sourceLabels',
      'drop sourceLabels (at a gateway they match the gateway pods) or keep this part on the mesh');
  }
  if (m.sourceNamespace !== undefined) {
    return refuse('sourceNamespace', 'HTTPRoute has no source namespace match', 'drop sourceNamespace or keep this part on the mesh');
  }
  if (m.port !== undefined) {
    const port = Number(m.port);
    if (ctx.ports.length > 0 && ctx.ports.every((p) => p === port)) {
      issues.push({ severity: 'info', field: `${field}.port`, message: `every listener the route attaches to is on port ${port}: the condition always holds and is left out`, suggestion: 'none needed' });
    } else if (!ctx.ports.includes(port)) {
      issues.push({ severity: 'info', field: `${field}.port`, message: `no listener the route attaches to is on port ${port}: the match never applies and is left out`, suggestion: 'none needed' });
      return { matches: [], issues, refused: false };
    } else {
      return refuse('port', `the route attaches to listeners on ports ${[...new Set(ctx.ports)].join(', ')}; a match on port ${port} has no HTTPRoute equivalent`,
        'split the VirtualService by gateway server (one per port), so each HTTPRoute attaches to one port');
    }
  }
  if (Array.isArray(m.gateways) && m.gateways.length > 0) {
    const names = m.gateways.map((g: unknown) => ctx.resolveGateway(String(g)));
    const inside = ctx.gateways.filter((g) => names.includes(g));
    if (inside.length === ctx.gateways.length) {
      issues.push({ severity: 'info', field: `${field}.gateways`, message: 'the match names every gateway the route is converted for: the condition always holds', suggestion: 'none needed' });
    } else if (inside.length === 0) {
      issues.push({ severity: 'info', field: `${field}.gateways`, message: 'the match names none of the converted gateways: it never applies there and is left out', suggestion: 'none needed' });
      return { matches: [], issues, refused: false };
    } else {
      return refuse('gateways', 'the match holds on some of the route\'s gateways only; HTTPRoute matches cannot name a gateway',
        'split the VirtualService per gateway');
    }
  }

  // path
  let paths: PathCondition[] = [{ type: 'PathPrefix', value: '/' }];
  let istioPrefix: string | undefined = '/';
  if (m.uri !== undefined) {
    const uri = isObject(m.uri) ? m.uri : {};
    if (ignoreCase) {
      const exact = typeof uri.exact === 'string';
      const value: string = exact ? uri.exact : uri.prefix;
      paths = [{ type: 'RegularExpression', value: `(?i)${quoteRe2(value)}${exact ? '' : '.*'}`, caseless: { value, prefix: !exact } }];
      istioPrefix = exact ? undefined : value;
      issues.push({
        severity: 'info',
        field: `${field}.ignoreUriCase`,
        message: `HTTPRoute paths are case-sensitive: the ${exact ? 'exact path' : 'string prefix'} "${value}" with ignoreUriCase is written as RegularExpression "${paths[0].value}" (RE2, case-insensitive), which ranks after every Exact and PathPrefix match`,
        suggestion: 'none needed',
      });
    } else if (typeof uri.exact === 'string') {
      const p = pathValueProblem(uri.exact);
      if (p) return refuse('uri.exact', `path "${uri.exact}" ${p}`, 'use uri.regex for this path');
      paths = [{ type: 'Exact', value: uri.exact }];
      istioPrefix = undefined;
    } else if (typeof uri.prefix === 'string') {
      const prefix = uri.prefix;
      istioPrefix = prefix;
      const p = pathValueProblem(prefix);
      if (p) return refuse('uri.prefix', `path prefix "${prefix}" ${p}`, 'use uri.regex for this prefix');
      if (prefix === '/') {
        paths = [{ type: 'PathPrefix', value: '/' }];
      } else if (ctx.segmentPrefixes) {
        paths = [{ type: 'PathPrefix', value: prefix }];
        issues.push({
          severity: 'warning',
          field: `${field}.uri.prefix`,
          message: prefix.endsWith('/')
            ? `Istio's string prefix "${prefix}" does not admit "${prefix.slice(0, -1)}"; PathPrefix "${prefix}" does (segment prefixes chosen)`
            : `Istio's string prefix "${prefix}" also admits "${prefix}x"; PathPrefix "${prefix}" does not (segment prefixes chosen)`,
          suggestion: 'check no client relies on the difference, or migrate without segment prefixes',
        });
      } else if (prefix.endsWith('/')) {
        paths = [stringPrefixPath({ prefix, notSlashNext: false })];
        issues.push({
          severity: 'info',
          field: `${field}.uri.prefix`,
          message: `Istio's prefix "${prefix}" is a string prefix that does not admit "${prefix.slice(0, -1)}": written as RegularExpression "${paths[0].value}" (PathPrefix would admit it)`,
          suggestion: `if "${prefix.slice(0, -1)}" may match too, write prefix "${prefix.slice(0, -1)}" and migrate with segment prefixes`,
        });
      } else {
        paths = [{ type: 'PathPrefix', value: prefix }, stringPrefixPath({ prefix, notSlashNext: true })];
        issues.push({
          severity: 'info',
          field: `${field}.uri.prefix`,
          message: `Istio's prefix "${prefix}" is a string prefix (it admits "${prefix}x" too): written as PathPrefix "${prefix}" plus RegularExpression "${paths[1].value}"`,
          suggestion: `if only "${prefix}" and "${prefix}/..." are meant, migrate with segment prefixes to get PathPrefix alone`,
        });
      }
    } else if (typeof uri.regex === 'string') {
      const p = re2Problem(uri.regex);
      if (p) return refuse('uri.regex', `regex "${uri.regex}": ${p}`, 'fix the expression (RE2 syntax)');
      paths = [{ type: 'RegularExpression', value: uri.regex }];
      istioPrefix = undefined;
    } else {
      return refuse('uri', 'a uri match needs exact, prefix or regex', 'fix the match');
    }
  }

  // method
  let methods: Array<string | undefined> = [undefined];
  if (m.method !== undefined) {
    const mm = isObject(m.method) ? m.method : {};
    if (typeof mm.exact === 'string' && METHODS.includes(mm.exact)) {
      methods = [mm.exact];
    } else if (typeof mm.regex === 'string' && /^[A-Z]+(\|[A-Z]+)*$/.test(mm.regex) && mm.regex.split('|').every((x: string) => METHODS.includes(x))) {
      methods = [...new Set(mm.regex.split('|') as string[])];
      issues.push({ severity: 'info', field: `${field}.method.regex`, message: `method regex "${mm.regex}" is written as one match per method`, suggestion: 'none needed' });
    } else {
      return refuse('method', `method match ${JSON.stringify(m.method)} has no HTTPRoute equivalent (method must be one of ${METHODS.join(', ')})`,
        'match exact methods, or a regex that lists them (GET|POST)');
    }
  }

  const headers: Condition[] = [];
  for (const [name, v] of Object.entries(isObject(m.headers) ? m.headers : {})) {
    const c = stringCondition(name, v, true);
    if (typeof c === 'string') return refuse(`headers.${name}`, c, 'match with exact or regex');
    headers.push(c);
  }
  const queryParams: Condition[] = [];
  for (const [name, v] of Object.entries(isObject(m.queryParams) ? m.queryParams : {})) {
    const c = stringCondition(name, v, false);
    if (typeof c === 'string') return refuse(`queryParams.${name}`, c, 'match with exact or regex');
    queryParams.push(c);
  }
  if (headers.length > 16 || queryParams.length > 16) {
    return refuse(headers.length > 16 ? 'headers' : 'queryParams', 'an HTTPRoute match holds at most 16 headers and 16 query parameters', 'split the match');
  }
  headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  queryParams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const matches: HttpMatch[] = [];
  for (const path of paths) {
    for (const method of methods) matches.push({ path, method, headers, queryParams, istioPrefix });
  }
  return { matches, issues, refused: false };
}

/** An Istio StringMatch as a header or query condition, or why it has none. */
function stringCondition(name: string, v: any, header: boolean): Condition | string {
  if (!HTTP_TOKEN_RE.test(name) || name.length > 256) return `"${name}" is not a valid ${header ? 'header' : 'query parameter'} name for HTTPRoute`;
  const s = isObject(v) ? v : {};
  if (typeof s.exact === 'string') return { name, type: 'Exact', value: s.exact };
  if (typeof s.regex === 'string') {
    const p = re2Problem(s.regex);
    return p ? `regex "${s.regex}": ${p}` : { name, type: 'RegularExpression', value: s.regex };
  }
  if (typeof s.prefix === 'string') {
    // Istio ignores prefix on query parameters (translateQueryParamMatch supports exact and regex)
    if (!header) return `Istio does not support prefix on query parameter "${name}"`;
    return { name, type: 'RegularExpression', value: `${quoteRe2(s.prefix)}.*` };
  }
  if (Object.keys(s).length === 0 && header) return { name, type: 'RegularExpression', value: '.*' };
  return `${header ? 'header' : 'query parameter'} "${name}" match ${JSON.stringify(v)} has no HTTPRoute equivalent`;
}

function isObject(v: unknown): v is any {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
