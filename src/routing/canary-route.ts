import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IBackend } from './backend';
import { CANARY_SPLIT_RULE_NAME, CANARY_WEIGHT_POINTERS, CanarySplit } from './canary-weights';
import { HeaderMatch } from './header-match';
import { HttpRoute } from './http-route';
import { HttpRouteMatch } from './http-route-match';
import { HttpRouteRetry, HttpRouteTimeouts, RouteDefaults } from './http-route-rule';
import { PathMatch } from './path-match';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { IRouteParent } from './route-parent';
import { enableSynthValidation } from '../analysis/synth-validation';
import { fail } from '../internal/errors';
import { HTTP_TOKEN_RE, nameFromId } from '../internal/names';
import { namespaceOf } from '../internal/scope';

/**
 * A request header that always selects the canary.
 */
export interface CanaryHeader {
  /** Header name, e.g. `x-version`. */
  readonly name: string;
  /** Exact header value, e.g. `v2`. */
  readonly value: string;
}

/**
 * A cookie that always selects the canary.
 */
export interface CanaryCookie {
  /** Cookie name, e.g. `canary`. */
  readonly name: string;
  /** Exact cookie value, e.g. `always`. */
  readonly value: string;
}

/**
 * Props of a `CanaryRoute`.
 */
export interface CanaryRouteProps {
  /**
   * Extra metadata of the HTTPRoute (labels, annotations, namespace).
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the HTTPRoute.
   * @default - derived from the construct id
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core support)
   */
  readonly name?: string;
  /** The listener or Gateway the route attaches to. */
  readonly parent: IRouteParent;
  /**
   * More listeners or Gateways to attach to.
   * @default - none
   */
  readonly additionalParents?: IRouteParent[];
  /**
   * Hostnames the route answers for.
   * @default - every hostname the parent accepts
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec `hostnames` (Core support)
   */
  readonly hostnames?: string[];
  /**
   * Path prefix of the routed traffic; shorthand for `path: PathMatch.prefix(...)`.
   * @default '/'
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch `PathPrefix` (Core support)
   */
  readonly pathPrefix?: string;
  /**
   * Path condition of the routed traffic; set this or `pathPrefix`.
   * @default PathMatch.prefix('/')
   */
  readonly path?: PathMatch;
  /** The backend that gets `100 - canaryPercent` percent. */
  readonly stable: IBackend;
  /** The backend that gets `canaryPercent` percent. */
  readonly canary: IBackend;
  /**
   * Percentage of traffic for the canary, an integer from 0 to 100. Both
   * weights are always written, even when 0.
   * @default 0
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref `weight` (Core support)
   */
  readonly canaryPercent?: number;
  /**
   * A header that sends the request to the canary whatever the percentage.
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch (Core support)
   */
  readonly canaryHeader?: CanaryHeader;
  /**
   * A cookie that sends the request to the canary whatever the percentage.
   * It becomes a `RegularExpression` match on the `cookie` header:
   * `(^|;\s*)name=value(;|$)`, with name and value escaped.
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch a `Cookie` header match (Implementation-specific: a RegularExpression)
   */
  readonly canaryCookie?: CanaryCookie;
  /**
   * Whether a progressive-delivery controller that edits this route's
   * weights in the cluster (e.g. Argo Rollouts' Gateway API plugin) owns the
   * weights. (Flagger generates its own HTTPRoute instead of editing one.) The initial weights
   * are still written; configure your GitOps tool to ignore
   * `ignoreDifferencesJsonPointers` so it does not revert the controller.
   * Controllers bring their own header routing: prefer it to `canaryHeader`
   * and `canaryCookie` in this mode, since a controller that rewrites the
   * canary's weight in every rule would also change the override rules.
   * @default false
   */
  readonly weightsManagedExternally?: boolean;
  /**
   * Timeouts of the rules.
   * @default - the implementation's defaults
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (Extended support)
   */
  readonly timeouts?: HttpRouteTimeouts;
  /**
   * Retry of the rules. Experimental channel only: needs the context key
   * `cdk8s-istio-gateway:gatewayApiChannel` set to `experimental` (see `HttpRouteRetry`).
   * @default - `defaults.retry`, else none (Istio's default retry policy applies)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry (Extended support, experimental channel)
   */
  readonly retry?: HttpRouteRetry;
  /**
   * Timeouts and retry shared with other routes (see `RouteDefaults`);
   * `timeouts` and `retry` override them.
   * @default - none
   */
  readonly defaults?: RouteDefaults;
  /**
   * Who writes the ReferenceGrants that backends in other namespaces need:
   * this library (`CREATE`), or the target namespace's owner
   * (`EXPECT_EXISTING`: no grant is written, synth warns while none is in the App).
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
}

/**
 * An HTTPRoute that splits traffic between a stable and a canary backend by
 * percentage, with optional header and cookie overrides.
 *
 * Set `canaryPercent` later to step the traffic without renaming anything.
 *
 * Rules, in order:
 * 1. `traffic-split`: the path match, backends stable (weight
 *    `100 - canaryPercent`) and canary (weight `canaryPercent`).
 * 2. `canary-header` (optional): the same path match plus the header, canary only.
 * 3. `canary-cookie` (optional): the same path match plus the cookie, canary only.
 *
 * An override rule repeats the path match and adds one header condition, so
 * Gateway API match precedence (more header matches win) selects it over the
 * split rule whatever the order. The split rule is first, so its weights are
 * always at `/spec/rules/0/backendRefs/0/weight` (stable) and
 * `/spec/rules/0/backendRefs/1/weight` (canary).
 *
 * With `weightsManagedExternally`, ignore those pointers in Argo CD:
 * ```yaml
 * ignoreDifferences:
 *   - group: gateway.networking.k8s.io
 *     kind: HTTPRoute
 *     name: <route name>
 *     namespace: <route namespace>
 *     jsonPointers:
 *       - /spec/rules/0/backendRefs/0/weight
 *       - /spec/rules/0/backendRefs/1/weight
 * ```
 */
export class CanaryRoute extends Construct {
  /** The underlying route; its L1 is also this construct's default child. */
  public readonly route: HttpRoute;
  /** The stable backend. */
  public readonly stable: IBackend;
  /** The canary backend. */
  public readonly canary: IBackend;
  /** Whether a controller manages the weights in the cluster. */
  public readonly weightsManagedExternally: boolean;
  /**
   * RFC 6901 pointers of the weights, for Argo CD `ignoreDifferences.jsonPointers`
   * (or the equivalent in other tools) when a controller manages them.
   */
  public readonly ignoreDifferencesJsonPointers: string[];
  private readonly split: CanarySplit;

  constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    enableSynthValidation(this);
    this.stable = props.stable;
    this.canary = props.canary;
    this.weightsManagedExternally = props.weightsManagedExternally ?? false;

    if (props.path && props.pathPrefix !== undefined) {
      fail(this, 'set either path or pathPrefix, not both');
    }
    const path = props.path ?? PathMatch.prefix(props.pathPrefix ?? '/');
    this.split = new CanarySplit(this, this.stable, this.canary, props.canaryPercent ?? 0, namespaceOf(this, props.metadata?.namespace));

    const name = props.name ?? props.metadata?.name ?? nameFromId(id, this);
    this.route = new HttpRoute(this, 'Route', {
      metadata: props.metadata,
      name,
      parents: [props.parent, ...(props.additionalParents ?? [])],
      hostnames: props.hostnames,
      referenceGrants: props.referenceGrants,
      defaults: props.defaults,
    });
    this.node.defaultChild = ApiObject.of(this.route);

    this.split.bind(this.route.addRule({
      name: CANARY_SPLIT_RULE_NAME,
      matches: [{ path }],
      backends: this.split.backends(),
      timeouts: props.timeouts,
      retry: props.retry,
    }));
    if (props.canaryHeader) {
      this.addOverride('canary-header', path, HeaderMatch.exact(props.canaryHeader.name, props.canaryHeader.value), props);
    }
    if (props.canaryCookie) {
      const cookie = props.canaryCookie;
      if (!cookie.name || !HTTP_TOKEN_RE.test(cookie.name)) {
        fail(this, `canaryCookie name "${cookie.name}" must be a cookie name (letters, digits and !#$%&'*+-.^_\`|~)`);
      }
      if (!cookie.value || !/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/.test(cookie.value)) {
        fail(this, `canaryCookie value "${cookie.value}" must be a non-empty cookie value without spaces, quotes, commas, semicolons or backslashes`);
      }
      this.addOverride('canary-cookie', path,
        HeaderMatch.regularExpression('cookie', `(^|;\\s*)${escapeRegex(cookie.name)}=${escapeRegex(cookie.value)}(;|$)`), props);
    }
    this.ignoreDifferencesJsonPointers = [...CANARY_WEIGHT_POINTERS];
  }

  /**
   * Percentage of traffic for the canary, an integer from 0 to 100. Setting
   * it steps the weights; nothing else changes (names, rules).
   */
  public get canaryPercent(): number {
    return this.split.percent;
  }

  public set canaryPercent(percent: number) {
    this.split.percent = percent;
  }

  /** Percentage of traffic for the stable backend (`100 - canaryPercent`). */
  public get stablePercent(): number {
    return 100 - this.split.percent;
  }

  private addOverride(name: string, path: PathMatch, header: HeaderMatch, props: CanaryRouteProps) {
    const match: HttpRouteMatch = { path, headers: [header] };
    this.route.addRule({ name, matches: [match], backends: [{ backend: this.canary, weight: 1 }], timeouts: props.timeouts, retry: props.retry });
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
