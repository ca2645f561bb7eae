import { HeaderMatch, QueryParamMatch } from './header-match';
import { HttpMethod } from './http-method';
import { PathMatch } from './path-match';

/**
 * One match of an HTTPRoute rule: every condition set must hold (AND);
 * the matches of a rule are alternatives (OR).
 */
export interface HttpRouteMatch {
  /**
   * The path condition.
   * @default PathMatch.prefix('/') - written out, as the API server would
   */
  readonly path?: PathMatch;
  /**
   * Header conditions (at most 16, names unique case-insensitively).
   * @default - no header condition
   */
  readonly headers?: HeaderMatch[];
  /**
   * Query parameter conditions (at most 16, names unique).
   * @default - no query parameter condition
   */
  readonly queryParams?: QueryParamMatch[];
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: HttpMethod;
}
