import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IBackend } from './backend';
import { GatewayApiChannel } from './gateway-api-channel';
import {
  EXPERIMENTAL_RETRY_ADVICE, HttpRouteRule, HttpRouteRuleOptions, retryProblem, RouteDefaults, timeoutsProblem,
} from './http-route-rule';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { renderParentRef } from './render-refs';
import {
  bindParent, finishedRouteErrors, grantBackend, routeNameOf, routeProblem, RouteShape,
} from './route-common';
import { IRouteParent } from './route-parent';
import * as xgwapi from '../../imports/experimental-gateway.networking.k8s.io';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { HTTPROUTE_LIMITS } from '../internal/api-limits';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { namespaceOf } from '../internal/scope';

/**
 * Props of an `HttpRoute`.
 */
export interface HttpRouteProps {
  /**
   * Extra metadata (labels, annotations); `name` is overridden by the
   * `name` prop, `namespace` overrides the chart's namespace.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the HTTPRoute.
   * @default - derived from the construct id: `ApiRoute` becomes `api-route`;
   * two routes with the same name in one namespace are a synth error
   */
  readonly name?: string;
  /**
   * Listeners or Gateways the route attaches to (at most 32).
   * @default - none; add them with `addParent()` (a route without parents is a synth error)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core support)
   */
  readonly parents?: IRouteParent[];
  /**
   * Hostnames the route answers for (at most 16; `*.` wildcards allowed).
   * @default - every hostname the parent listeners accept
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec `hostnames` (Core support)
   */
  readonly hostnames?: string[];
  /**
   * Rules (1 to 16); more can be added with `addRule()`.
   * @default - none; add them with `addRule()` (a route without rules is a synth error)
   */
  readonly rules?: HttpRouteRuleOptions[];
  /**
   * Who writes the ReferenceGrants that backends in other namespaces need:
   * this library (`CREATE`), or the target namespace's owner
   * (`EXPECT_EXISTING`: no grant is written, synth warns while none is in the App).
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
  /**
   * Timeouts and retry for every rule that does not set its own, e.g. one
   * `RouteDefaults` shared by all routes of a gateway. They are written into
   * each rule.
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (Extended support)
   */
  readonly defaults?: RouteDefaults;
}

/** The limits of a HTTPRoute and how to split one over them. */
const SHAPE: RouteShape = {
  maxHostnames: HTTPROUTE_LIMITS.hostnames,
  maxRules: HTTPROUTE_LIMITS.rules,
  maxMatches: HTTPROUTE_LIMITS.matches,
  hostnameAdvice: 'split them over several routes with the same rules (a request reaches the same rules through any of them), '
    + 'or use SplitHttpRoute, which does that',
  splitAdvice: 'use SplitHttpRoute, which splits the rules over several HTTPRoutes where that keeps routing the same',
};

/**
 * A Gateway API `HTTPRoute` (v1, standard channel v1.6.1).
 *
 * The output spells out what the API server would default (parentRef
 * group/kind, backendRef group/kind/weight, the `PathPrefix /` match, header
 * match type, redirect status code...), so GitOps tools see no drift.
 * Every addition is checked against the CRD's limits and CEL rules at once,
 * with the construct path in the error. Backends in other namespaces get a
 * ReferenceGrant automatically (see `referenceGrants`).
 *
 * The route lives in the chart's namespace unless `metadata.namespace` is
 * given. The primary L1 is the child `'Resource'`.
 *
 * @example
 * const route = new HttpRoute(chart, 'api', { parents: [httpsListener], hostnames: ['shop.example.com'] });
 * route.addRule({
 *   matches: [{ path: PathMatch.prefix('/api') }],
 *   filters: [HttpRouteFilter.requestHeaderModifier({ set: { 'x-env': 'prod' } })],
 *   backends: [{ backend: Backend.fromServiceName('api', 80) }],
 *   timeouts: { request: Duration.seconds(30) },
 * });
 */
export class HttpRoute extends Construct {
  /** `metadata.name` of the HTTPRoute. */
  public readonly routeName: string;
  /**
   * The route's namespace (`metadata.namespace` if given, else the chart's).
   * @default - the namespace of the kubectl context
   */
  public readonly namespace?: string;
  /** Who writes the ReferenceGrants of backends in other namespaces. */
  public readonly referenceGrants: ReferenceGrantPolicy;
  /**
   * The Gateway API channel the route is written for (the context key
   * `cdk8s-istio-gateway:gatewayApiChannel`); rules may set `retry` only
   * with `EXPERIMENTAL`.
   */
  public readonly gatewayApiChannel: GatewayApiChannel;
  /**
   * Timeouts and retry of rules that set none.
   * @default - none
   */
  public readonly defaults?: RouteDefaults;

  private readonly _parents: IRouteParent[] = [];
  private readonly _hostnames: string[] = [];
  private readonly _rules: HttpRouteRule[] = [];
  private checking = true;

  constructor(scope: Construct, id: string, props: HttpRouteProps = {}) {
    super(scope, id);
    enableSynthValidation(this);
    this.namespace = namespaceOf(this, props.metadata?.namespace);
    this.referenceGrants = props.referenceGrants ?? ReferenceGrantPolicy.of(this);
    this.gatewayApiChannel = GatewayApiChannel.of(this);
    this.defaults = props.defaults;
    this.checkDefaults(props.defaults);
    this.routeName = routeNameOf(this, id, props.name ?? props.metadata?.name, this.namespace);
    claimName(this, 'HTTPRoute', this.namespace, this.routeName);

    // the primary L1 (`node.defaultChild`): `ApiObject.of(route)` is the escape hatch. The experimental-channel
    // binding (same apiVersion and kind) keeps experimental fields such as rules[].retry, which the standard one drops
    const L1 = this.gatewayApiChannel.isExperimental ? xgwapi.HttpRoute : gwapi.HttpRoute;
    new L1(this, 'Resource', {
      metadata: { ...props.metadata, name: this.routeName, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this._toSpec() }) as any,
    });

    this.checking = false;
    for (const p of props.parents ?? []) this.addParent(p);
    for (const h of props.hostnames ?? []) this.addHostname(h);
    for (const r of props.rules ?? []) this.addRule(r);
    this.checking = true;
    this._check();

    this.node.addValidation({ validate: () => this.validateWhole() });
  }

  /** The parents added so far (a copy). */
  public get parents(): IRouteParent[] {
    return [...this._parents];
  }

  /** The hostnames added so far (a copy). */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** The rules added so far (a copy of the list). */
  public get rules(): HttpRouteRule[] {
    return [...this._rules];
  }

  /**
   * Attaches the route to a listener or Gateway. Attaching twice to the same
   * Gateway needs distinct `sectionName`s.
   */
  public addParent(parent: IRouteParent): void {
    bindParent(this, this._parents.length, parent, this.namespace, 'HTTPRoute', 'attach to an HTTP or HTTPS listener');
    this._parents.push(parent);
    this._check();
  }

  /** Adds a hostname (sorted in the output). */
  public addHostname(hostname: string): void {
    this._hostnames.push(hostname);
    this._check();
  }

  /** Adds a rule and returns it; rules keep their order. */
  public addRule(options: HttpRouteRuleOptions = {}): HttpRouteRule {
    const rule = HttpRouteRule._create(this, options);
    this._rules.push(rule);
    this._check();
    return rule;
  }

  /** @internal */
  public _fail(message: string): never {
    fail(this, message);
  }

  /** @internal */
  public get _experimental(): boolean {
    return this.gatewayApiChannel.isExperimental;
  }

  /** @internal */
  public get _defaults(): RouteDefaults | undefined {
    return this.defaults;
  }

  private checkDefaults(defaults: RouteDefaults | undefined): void {
    if (defaults === undefined) return;
    const tp = timeoutsProblem(defaults.timeouts, 'defaults.timeouts');
    if (tp) fail(this, tp);
    if (defaults.retry !== undefined) {
      const rp = retryProblem('defaults.retry', defaults.retry);
      if (rp) fail(this, rp);
      if (!this._experimental) fail(this, `defaults.retry is set, ${EXPERIMENTAL_RETRY_ADVICE}`);
    }
  }

  /** @internal */
  public _grantFor(backend: IBackend): void {
    grantBackend(this, 'HTTPRoute', this.namespace, backend, this.referenceGrants);
  }

  /**
   * Checks everything but "at least one rule / parent" (those need the
   * whole app) and throws the first problem with the construct path.
   * @internal
   */
  public _check(): void {
    if (!this.checking) return;
    const problem = this.problem();
    if (problem) fail(this, problem);
  }

  private problem(): string | undefined {
    return routeProblem(SHAPE, this._hostnames, this._parents, this.namespace, this._rules);
  }

  private validateWhole(): string[] {
    return finishedRouteErrors(this, this.problem(), this._parents, this._hostnames,
      this._rules.map((rule) => rule.backends.map((b) => b.weight ?? 1)), '500');
  }

  /** The spec as the typed L1 structure. @internal */
  public _toSpec(): gwapi.HttpRouteSpec {
    return {
      parentRefs: this._parents.length ? this._parents.map(p => renderParentRef(p.parentReference())) : undefined,
      hostnames: this._hostnames.length ? [...this._hostnames].sort() : undefined,
      rules: this._rules.length ? this._rules.map(r => r._render()) : undefined,
    };
  }
}
