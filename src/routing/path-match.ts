import { regexProblem } from './checks';

/**
 * How an HTTPRoute compares the request path (`matches[].path.type`).
 */
export enum PathMatchType {
  /** The path must equal the value. */
  EXACT = 'Exact',
  /** The path must start with the value, element by element (`/api` matches `/api/x`, not `/apix`). */
  PATH_PREFIX = 'PathPrefix',
  /** The path must match an RE2 regular expression (implementation-specific precedence). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

const PATH_CHARS_RE = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/**
 * A request path condition of an HTTPRoute rule.
 *
 * Values are checked against the API server's rules when the match is added
 * to a route: `Exact` and `PathPrefix` values start with `/`, contain no
 * `//`, `/./`, `/../`, `%2f`, `#`, and don't end with `/.` or `/..`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
 * (`HTTPRouteMatch.path`; `Exact` and `PathPrefix`: Core support,
 * `RegularExpression`: Implementation-specific support)
 */
export class PathMatch {
  /** Matches the path exactly, e.g. `PathMatch.exact('/healthz')`. */
  public static exact(value: string): PathMatch {
    return new PathMatch(PathMatchType.EXACT, value);
  }

  /** Matches paths under a prefix, e.g. `PathMatch.prefix('/api')` (the default is `/`). */
  public static prefix(value: string): PathMatch {
    return new PathMatch(PathMatchType.PATH_PREFIX, value);
  }

  /**
   * Matches the path against an RE2 regular expression. Lookarounds and
   * backreferences are rejected, since RE2 does not support them.
   */
  public static regularExpression(value: string): PathMatch {
    return new PathMatch(PathMatchType.REGULAR_EXPRESSION, value);
  }

  /**
   * The match itself, or one rebuilt from a plain `{ type, value }` object
   * (JavaScript callers), so that its checks and rendering apply.
   * @internal
   */
  public static _of(path: PathMatch): PathMatch {
    const plain: { type: PathMatchType; value: string } = path;
    return path instanceof PathMatch ? path : new PathMatch(plain.type, plain.value);
  }

  /**
   * @param type how the path is compared
   * @param value the path, prefix or expression
   */
  private constructor(public readonly type: PathMatchType, public readonly value: string) {}

  /**
   * What the API server (CRD schema and CEL rules) or Envoy (RE2) would
   * reject, as a fragment after `.path` (`Exact "x" must be an absolute path...`), or undefined.
   * @internal
   */
  public _problem(): string | undefined {
    if (!Object.values(PathMatchType).includes(this.type)) return `has unknown type "${this.type}"`;
    const p = pathValueProblem(this.type, this.value);
    return p ? `${this.type} "${this.value}" ${p}` : undefined;
  }

  /** The `path` of a match, as the typed L1 structure. @internal */
  public _render(): any {
    return { type: this.type, value: this.value };
  }
}

/** Checks a path match value against the CRD's CEL rules (and RE2 for expressions). */
function pathValueProblem(type: PathMatchType, value: string): string | undefined {
  if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
    return 'must be 1 to 1024 characters long';
  }
  if (type === PathMatchType.REGULAR_EXPRESSION) return regexProblem(value);
  if (!value.startsWith('/')) return 'must be an absolute path starting with "/"';
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (value.includes(bad)) return `must not contain "${bad}"`;
  }
  for (const bad of ['/..', '/.']) {
    if (value.endsWith(bad)) return `must not end with "${bad}"`;
  }
  if (!PATH_CHARS_RE.test(value)) {
    return "must only contain the characters A-Z a-z 0-9 - / . _ ~ ! $ & ' ( ) * + , ; = : @ and %XX escapes";
  }
  return undefined;
}
