import { regexProblem, tokenProblem } from './checks';
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
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
 * (`HTTPRouteMatch.headers`; `Exact`: Core support, `RegularExpression`:
 * Implementation-specific support)
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

  /** The match itself, or one rebuilt from a plain `{ name, value, type }` object. @internal */
  public static _of(m: HeaderMatch): HeaderMatch {
    const plain: PlainValueMatch = m;
    return m instanceof HeaderMatch ? m : new HeaderMatch(plain.name, plain.value, plain.type);
  }

  /**
   * The first problem of a match's `headers` (at most 16, names unique
   * case-insensitively), as a fragment after the match (`.headers[1] ...`), or undefined.
   * @internal
   */
  public static _listProblem(list: HeaderMatch[]): string | undefined {
    return listProblem('headers', list, (m) => m.name.toLowerCase(), ' (names are case-insensitive)');
  }

  /** The header name. */
  public readonly name: string;
  /** How the value is compared. */
  public readonly type: ValueMatchType;
  private readonly _value: string;
  private readonly factoryProblem?: string;

  private constructor(name: string, value: string, type: ValueMatchType, problem?: string) {
    this.name = name;
    this._value = value;
    this.type = type;
    this.factoryProblem = problem;
  }

  /** The value or expression; throws when the factory found it invalid. */
  public get value(): string {
    assertFactoryValue(this.factoryProblem);
    return this._value;
  }

  /**
   * What the factory or the API server would reject, as a fragment after
   * `.headers[i]`, or undefined.
   * @internal
   */
  public _problem(): string | undefined {
    return this.factoryProblem ?? entryProblem(this.name, this._value, this.type, 4096);
  }

  /** The entry as the typed L1 structure. @internal */
  public _render(): any {
    return { type: this.type, name: this.name, value: this.value };
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
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
 * (`HTTPRouteMatch.queryParams`: Extended support; `RegularExpression`:
 * Implementation-specific support)
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

  /** The match itself, or one rebuilt from a plain `{ name, value, type }` object. @internal */
  public static _of(m: QueryParamMatch): QueryParamMatch {
    const plain: PlainValueMatch = m;
    return m instanceof QueryParamMatch ? m : new QueryParamMatch(plain.name, plain.value, plain.type);
  }

  /**
   * The first problem of a match's `queryParams` (at most 16, names
   * unique), as a fragment after the match (`.queryParams[1] ...`), or undefined.
   * @internal
   */
  public static _listProblem(list: QueryParamMatch[]): string | undefined {
    return listProblem('queryParams', list, (m) => m.name, '');
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

  /** What the API server would reject, as a fragment after `.queryParams[i]`, or undefined. @internal */
  public _problem(): string | undefined {
    return entryProblem(this.name, this.value, this.type, 1024);
  }

  /** The entry as the typed L1 structure. @internal */
  public _render(): any {
    return { type: this.type, name: this.name, value: this.value };
  }
}

/** A header or query parameter condition as a plain object. */
interface PlainValueMatch {
  readonly name: string;
  readonly value: string;
  readonly type: ValueMatchType;
}

/** A header or query parameter condition, as the list check sees it. */
interface ValueMatch {
  readonly name: string;
  _problem(): string | undefined;
}

/** The problem of one entry: its name, the length of its value, its expression. */
function entryProblem(name: string, value: string, type: ValueMatchType, maxValue: number): string | undefined {
  const np = tokenProblem(name);
  if (np) return `name "${name}" ${np}`;
  if (typeof value !== 'string' || value.length < 1 || value.length > maxValue) {
    return `("${name}") must have a value of 1 to ${maxValue} characters`;
  }
  if (type === ValueMatchType.REGULAR_EXPRESSION) {
    const rp = regexProblem(value);
    if (rp) return `("${name}") expression "${value}" ${rp}`;
  }
  return undefined;
}

/** The list rules: at most 16 entries, each valid, one entry per name (by `key`). */
function listProblem<T extends ValueMatch>(field: string, list: T[], key: (m: T) => string, note: string): string | undefined {
  if (list.length > 16) return `.${field} has ${list.length} entries; at most 16 are allowed per match`;
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const p = list[i]._problem();
    if (p) return `.${field}[${i}] ${p}`;
    const k = key(list[i]);
    if (seen.has(k)) return `.${field}[${i}] repeats "${list[i].name}"${note}; use one entry per name`;
    seen.add(k);
  }
  return undefined;
}
