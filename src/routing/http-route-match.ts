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
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch `path` (Core support)
   */
  readonly path?: PathMatch;
  /**
   * Header conditions (at most 16, names unique case-insensitively).
   * @default - no header condition
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch `headers` (Core support)
   */
  readonly headers?: HeaderMatch[];
  /**
   * Query parameter conditions (at most 16, names unique).
   * @default - no query parameter condition
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch `queryParams` (Extended support)
   */
  readonly queryParams?: QueryParamMatch[];
  /**
   * The HTTP method.
   * @default - any method
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch `method` (Extended support)
   */
  readonly method?: HttpMethod;
}
