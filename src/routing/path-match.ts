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

/**
 * A request path condition of an HTTPRoute rule.
 *
 * Values are checked against the API server's rules when the match is added
 * to a route: `Exact` and `PathPrefix` values start with `/`, contain no
 * `//`, `/./`, `/../`, `%2f`, `#`, and don't end with `/.` or `/..`.
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
   * @param type how the path is compared
   * @param value the path, prefix or expression
   */
  private constructor(public readonly type: PathMatchType, public readonly value: string) {}
}
