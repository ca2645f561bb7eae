import { headerValueProblem } from './header-value';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

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
 *
 * Names, lengths and expressions are checked when the match is added to a
 * route. A value that HTTP cannot carry (a line break, a control character,
 * or, for `exact`, leading or trailing whitespace) is recorded by the factory
 * and throws, naming the call, when the route reads it.
 */
export class HeaderMatch {
  /** The header must have exactly this value, e.g. `HeaderMatch.exact('x-version', 'v2')`. */
  public static exact(name: string, value: string): HeaderMatch {
    return new HeaderMatch(name, value, ValueMatchType.EXACT,
      factoryProblem('HeaderMatch.exact', [name, value], valueProblem(value, false)));
  }

  /** The header value must match an RE2 regular expression. */
  public static regularExpression(name: string, value: string): HeaderMatch {
    return new HeaderMatch(name, value, ValueMatchType.REGULAR_EXPRESSION,
      factoryProblem('HeaderMatch.regularExpression', [name, value], valueProblem(value, true)));
  }

  /** The header name. */
  public readonly name: string;
  /** How the value is compared. */
  public readonly type: ValueMatchType;
  private readonly _value: string;
  private readonly problem?: string;

  private constructor(name: string, value: string, type: ValueMatchType, problem?: string) {
    this.name = name;
    this._value = value;
    this.type = type;
    this.problem = problem;
  }

  /** The value or expression; throws when the factory found it invalid. */
  public get value(): string {
    assertFactoryValue(this.problem);
    return this._value;
  }

  /** What the factory found wrong with the value, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }
}

/** The value's problem as `value "..." <problem>`, or undefined. */
function valueProblem(value: string, pattern: boolean): string | undefined {
  if (typeof value !== 'string') return undefined; // reported with the route's path
  const p = headerValueProblem(value, pattern);
  return p ? `value ${JSON.stringify(value)} ${p}` : undefined;
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
