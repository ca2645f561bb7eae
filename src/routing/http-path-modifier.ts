/**
 * How a redirect or rewrite changes the request path.
 */
export enum HttpPathModifierType {
  /** Replace the whole path. */
  REPLACE_FULL_PATH = 'ReplaceFullPath',
  /** Replace the matched `PathPrefix` (the rule needs exactly one `PathPrefix` match). */
  REPLACE_PREFIX_MATCH = 'ReplacePrefixMatch',
}

/**
 * The path part of a `RequestRedirect` or `URLRewrite` filter.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
 * (`ReplaceFullPath`: Extended support, `ReplacePrefixMatch`: Extended support)
 */
export class HttpPathModifier {
  /** Replaces the whole path with `path`. */
  public static replaceFullPath(path: string): HttpPathModifier {
    return new HttpPathModifier(HttpPathModifierType.REPLACE_FULL_PATH, path);
  }

  /**
   * Replaces the matched prefix with `prefix` (`/api/x` with prefix match
   * `/api` and replacement `/v2` becomes `/v2/x`). The rule must have exactly
   * one match, of type `PathPrefix`.
   */
  public static replacePrefixMatch(prefix: string): HttpPathModifier {
    return new HttpPathModifier(HttpPathModifierType.REPLACE_PREFIX_MATCH, prefix);
  }

  /**
   * @param type the kind of replacement
   * @param value the replacement path or prefix
   */
  private constructor(public readonly type: HttpPathModifierType, public readonly value: string) {}

  /** What the API server would reject (`has a path longer than 1024 characters`), or undefined. @internal */
  public _problem(): string | undefined {
    return typeof this.value !== 'string' || this.value.length > 1024 ? 'has a path longer than 1024 characters' : undefined;
  }

  /** The modifier as the typed L1 structure. @internal */
  public _render(): any {
    return this.type === HttpPathModifierType.REPLACE_FULL_PATH
      ? { type: this.type, replaceFullPath: this.value }
      : { type: this.type, replacePrefixMatch: this.value };
  }
}
