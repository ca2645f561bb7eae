/**
 * How a header or query parameter value is compared.
 */
export enum ValueMatchType {
  /** The value must be equal. */
  EXACT = 'Exact',
  /** The value must match an RE2 regular expression. */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/**
 * A request header condition of an HTTPRoute rule
 * (`matches[].headers[]`). Header names are case-insensitive.
 */
export class HeaderMatch {
  /** The header must have exactly this value, e.g. `HeaderMatch.exact('x-version', 'v2')`. */
  public static exact(name: string, value: string): HeaderMatch {
    return new HeaderMatch(name, value, ValueMatchType.EXACT);
  }

  /** The header value must match an RE2 regular expression. */
  public static regularExpression(name: string, value: string): HeaderMatch {
    return new HeaderMatch(name, value, ValueMatchType.REGULAR_EXPRESSION);
  }

  /**
   * @param name header name
   * @param value value or expression
   * @param type how the value is compared
   */
  private constructor(
    public readonly name: string,
    public readonly value: string,
    public readonly type: ValueMatchType,
  ) {}
}

/**
 * A query parameter condition of an HTTPRoute rule
 * (`matches[].queryParams[]`). Names are case-sensitive.
 */
export class QueryParamMatch {
  /** The parameter must have exactly this value. */
  public static exact(name: string, value: string): QueryParamMatch {
    return new QueryParamMatch(name, value, ValueMatchType.EXACT);
  }

  /** The parameter value must match an RE2 regular expression. */
  public static regularExpression(name: string, value: string): QueryParamMatch {
    return new QueryParamMatch(name, value, ValueMatchType.REGULAR_EXPRESSION);
  }

  /**
   * @param name parameter name
   * @param value value or expression
   * @param type how the value is compared
   */
  private constructor(
    public readonly name: string,
    public readonly value: string,
    public readonly type: ValueMatchType,
  ) {}
}
