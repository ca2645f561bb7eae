import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute } from './http-route';
import { HttpRouteRuleOptions, RouteDefaults } from './http-route-rule';
import { IRouteParent } from './route-parent';
import { chunkHostnames, partitionRules } from './route-split';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { HTTPROUTE_LIMITS } from '../internal/api-limits';
import { fail } from '../internal/errors';
import { nameFromId } from '../internal/names';

/**
 * Props of a `SplitHttpRoute`.
 */
export interface SplitHttpRouteProps {
  /**
   * Extra metadata of every HTTPRoute (labels, annotations, namespace);
   * `name` is overridden.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the first HTTPRoute; the others get `-2`, `-3`...
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * Listeners or Gateways every part attaches to (at most 32).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core support)
   */
  readonly parents: IRouteParent[];
  /**
   * Hostnames of the route, any number; each part gets at most
   * `maxHostnamesPerRoute` of them.
   * @default - every hostname the parent listeners accept
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec `hostnames` (Core support)
   */
  readonly hostnames?: string[];
  /**
   * Rules of the route, any number, in the order a single route would have them.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec `rules` (Core support)
   */
  readonly rules: HttpRouteRuleOptions[];
  /**
   * Most rules in one HTTPRoute, from 1 to 16.
   * @default 16 - the API server's limit
   */
  readonly maxRulesPerRoute?: number;
  /**
   * Most matches (summed over the rules) in one HTTPRoute, from 1 to 128.
   * @default 128 - the API server's limit
   */
  readonly maxMatchesPerRoute?: number;
  /**
   * Most hostnames in one HTTPRoute, from 1 to 16.
   * @default 16 - the API server's limit
   */
  readonly maxHostnamesPerRoute?: number;
  /**
   * Timeouts and retry for every rule that does not set its own (see `RouteDefaults`).
   * @default - none
   */
  readonly defaults?: RouteDefaults;
}

/**
 * A route with more hostnames or rules than one HTTPRoute may hold (16
 * hostnames, 16 rules, 128 matches), written as several HTTPRoutes that
 * route every request exactly as the single route would.
 *
 * - Hostnames are sorted and cut into chunks; every chunk gets all the
 *   rules. A request's host picks the same rules through any chunk.
 * - Rules are grouped so that rules whose matches tie on precedence (same
 *   path type and value, method, number of headers and query parameters,
 *   satisfiable by one request) stay in one HTTPRoute in their order: only
 *   for such ties does the rule order decide, and across HTTPRoutes creation
 *   time and name would decide instead. Every other pair of matches is
 *   ordered by precedence wherever its rules are. When tied rules alone
 *   exceed the limits, the construct fails and names them.
 *
 * Each part is an `HttpRoute` (child `Part1`, `Part2`...) with the usual
 * checks; a part skips the listeners whose hostname intersects none of
 * its hostnames, and hostnames that no listener accepts are left out (the
 * single route would ignore them too). Without the need to split, the output is the single
 * HTTPRoute an `HttpRoute` would write.
 *
 * `ApiObject.of(split)` is the first HTTPRoute (the only one when nothing
 * is split), and `ApiObject.of(split.routes[i])` any of them.
 *
 * Matches of other HTTPRoutes on the same listeners are still ordered
 * against these by precedence, then creation time and name: parts after
 * the first are new objects, so keep other routes' matches distinct (the
 * analysis reports such ties as IGW1022).
 *
 * @example
 * new SplitHttpRoute(chart, 'tenants', {
 *   parents: [httpsListener],
 *   hostnames: tenants.map((t) => `${t}.example.com`), // 40 hostnames: 3 HTTPRoutes
 *   rules: [{ backends: [{ backend: Backend.fromServiceName('portal', 80) }] }],
 * });
 */
export class SplitHttpRoute extends Construct {
  /** `metadata.name` of the first HTTPRoute (the others get `-2`, `-3`...). */
  public readonly routeName: string;
  /** The HTTPRoutes, in order (one when nothing needs splitting). */
  public readonly routes: HttpRoute[];

  constructor(scope: Construct, id: string, props: SplitHttpRouteProps) {
    super(scope, id);
    const maxRules = this.limit('maxRulesPerRoute', props.maxRulesPerRoute, HTTPROUTE_LIMITS.rules);
    const maxMatches = this.limit('maxMatchesPerRoute', props.maxMatchesPerRoute, HTTPROUTE_LIMITS.matches);
    const maxHostnames = this.limit('maxHostnamesPerRoute', props.maxHostnamesPerRoute, HTTPROUTE_LIMITS.hostnames);
    this.routeName = props.name ?? props.metadata?.name ?? nameFromId(id, this);
    const hostnames = props.hostnames ?? [];
    const rules = props.rules ?? [];
    this.checkUnique(hostnames, rules);
    if (rules.length === 0) fail(this, 'route has no rules; pass at least one rule');

    const partition = partitionRules(rules, { rules: maxRules, matches: maxMatches });
    if ('problem' in partition) fail(this, partition.problem);
    const hostChunks = chunkHostnames(servedHostnames(props.parents ?? [], hostnames), maxHostnames);
    const total = hostChunks.length * partition.parts.length;
    this.routes = [];
    for (const chunk of hostChunks) {
      for (const group of partition.parts) {
        const index = this.routes.length + 1;
        const name = index === 1 ? this.routeName : `${this.routeName}-${index}`;
        this.routes.push(this.part(index, total, {
          metadata: props.metadata,
          name,
          parents: parentsFor(props.parents ?? [], chunk),
          hostnames: chunk,
          rules: group.map((r) => rules[r]),
          defaults: props.defaults,
        }, group));
      }
    }
    // the escape hatch: ApiObject.of(split) is the first HTTPRoute, ApiObject.of(split.routes[i]) any other
    this.node.defaultChild = this.routes[0];
  }

  private part(index: number, total: number, props: {
    metadata?: ApiObjectMetadata;
    name: string;
    parents: IRouteParent[];
    hostnames: string[];
    rules: HttpRouteRuleOptions[];
    defaults?: RouteDefaults;
  }, group: number[]): HttpRoute {
    try {
      return new HttpRoute(this, `Part${index}`, props);
    } catch (e) {
      // name the rule as the user wrote it, not by its index in the part
      const message = (e as Error).message.replace(/^\[[^\]]*\] /, '')
        .replace(/rules\[(\d+)\]/g, (_, k) => `rules[${group[Number(k)]}]`);
      fail(this, `part ${index} of ${total} (HTTPRoute "${props.name}"): ${message}`);
    }
  }

  private limit(field: string, value: number | undefined, max: number): number {
    if (value === undefined) return max;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      fail(this, `${field} is ${value}; use a whole number from 1 to ${max}`);
    }
    return value;
  }

  private checkUnique(hostnames: string[], rules: HttpRouteRuleOptions[]): void {
    const seenHosts = new Set<string>();
    for (const h of hostnames) {
      if (seenHosts.has(h)) fail(this, `hostname "${h}" is listed twice; list it once`);
      seenHosts.add(h);
    }
    const seenRules = new Map<string, number>();
    rules.forEach((r, i) => {
      if (r.name === undefined) return;
      const first = seenRules.get(r.name);
      if (first !== undefined) {
        fail(this, `rules[${i}] repeats the rule name "${r.name}" of rules[${first}]; rule names must be unique within the route`);
      }
      seenRules.set(r.name, i);
    });
  }
}

/**
 * The hostnames some parent accepts. When every parent is a listener with a
 * hostname, the others are ignored by the single route too, and would leave
 * a part that attaches nowhere; when none is accepted, all are kept so that
 * the part reports the mismatch.
 */
function servedHostnames(parents: IRouteParent[], hostnames: string[]): string[] {
  if (parents.some((p) => p.hostname === undefined)) return hostnames;
  const served = hostnames.filter((h) => parents.some((p) => hostnamesIntersect(h, p.hostname!)));
  return served.length ? served : hostnames;
}

/**
 * The parents a chunk of hostnames attaches to: those whose listener
 * hostname intersects one of them, or all when none does (the part then
 * reports the mismatch itself).
 */
function parentsFor(parents: IRouteParent[], hostnames: string[]): IRouteParent[] {
  if (hostnames.length === 0) return parents;
  const accepting = parents.filter((p) => p.hostname === undefined || hostnames.some((h) => hostnamesIntersect(h, p.hostname!)));
  return accepting.length ? accepting : parents;
}
