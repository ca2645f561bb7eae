import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IBackend } from './backend';
import { GRPCROUTE_LIMITS } from './grpc-limits';
import { GrpcRouteRule, GrpcRouteRuleOptions } from './grpc-route-rule';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { renderParentRef } from './render-refs';
import {
  bindParent, finishedRouteErrors, grantBackend, routeNameOf, routeProblem, RouteShape,
} from './route-common';
import { IRouteParent } from './route-parent';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { namespaceOf } from '../internal/scope';

/**
 * Props of a `GrpcRoute`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutespec
 */
export interface GrpcRouteProps {
  /**
   * Extra metadata (labels, annotations); `name` is overridden by the
   * `name` prop, `namespace` overrides the chart's namespace.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the GRPCRoute.
   * @default - derived from the construct id: `GreeterRoute` becomes `greeter-route`;
   * two GRPCRoutes with the same name in one namespace are a synth error
   */
  readonly name?: string;
  /**
   * Listeners or Gateways the route attaches to (at most 32). An HTTPS
   * listener (or an HTTP one, for gRPC in clear text) accepts GRPCRoutes
   * unless its `allowedRoutes.kinds` says otherwise.
   * @default - none; add them with `addParent()` (a route without parents is a synth error)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core support)
   */
  readonly parents?: IRouteParent[];
  /**
   * Hostnames the route answers for (at most 16; `*.` wildcards allowed).
   * @default - every hostname the parent listeners accept
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutespec `hostnames` (Core support)
   */
  readonly hostnames?: string[];
  /**
   * Rules (1 to 16); more can be added with `addRule()`.
   * @default - none; add them with `addRule()` (a route without rules is a synth error)
   */
  readonly rules?: GrpcRouteRuleOptions[];
  /**
   * Who writes the ReferenceGrants that backends in other namespaces need:
   * this library (`CREATE`), or the target namespace's owner
   * (`EXPECT_EXISTING`: no grant is written, synth warns while none is in the App).
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
}

/** The limits of a GRPCRoute and how to split one over them. */
const SHAPE: RouteShape = {
  maxHostnames: GRPCROUTE_LIMITS.hostnames,
  maxRules: GRPCROUTE_LIMITS.rules,
  maxMatches: GRPCROUTE_LIMITS.matches,
  hostnameAdvice: 'split them over several GRPCRoutes with the same rules (a request reaches the same rules through any of them)',
  splitAdvice: 'split the rules over several GRPCRoutes with the same parents and hostnames',
};

/**
 * A Gateway API `GRPCRoute` (`gateway.networking.k8s.io/v1`, standard
 * channel of Gateway API v1.6.1: the CRD's annotation
 * `gateway.networking.k8s.io/channel: standard`).
 *
 * Routes gRPC requests by service, method and metadata (headers) to weighted
 * backends. The output spells out what the API server would default
 * (parentRef group/kind, backendRef group/kind/weight, the method and header
 * match type), so GitOps tools see no drift. Every addition is checked
 * against the CRD's limits and CEL rules at once, with the construct path in
 * the error. Backends in other namespaces get a ReferenceGrant automatically
 * (see `referenceGrants`), from kind `GRPCRoute`.
 *
 * **No timeouts, no retry.** The GRPCRoute of Gateway API v1.6.1 has no
 * `rules[].timeouts` and no `rules[].retry`, in the standard channel and in
 * the experimental one (which adds only `sessionPersistence`); see
 * `GrpcRouteRuleOptions`.
 *
 * **Backends.** gRPC needs HTTP/2 to the backend: give a `ResilientBackend`
 * `appProtocol: AppProtocol.GRPC`, which names the Service port `grpc` and
 * sets its `appProtocol`, so Istio opens HTTP/2 connections to it.
 *
 * The route lives in the chart's namespace unless `metadata.namespace` is
 * given. The primary L1 is the child `'Resource'`.
 *
 * @example
 * const route = new GrpcRoute(chart, 'greeter', { parents: [httpsListener], hostnames: ['grpc.example.com'] });
 * route.addRule({
 *   matches: [{ method: GrpcMethodMatch.exact('helloworld.Greeter', 'SayHello') }],
 *   backends: [{ backend: greeter.version('v1') }],
 * });
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroute
 * @see https://gateway-api.sigs.k8s.io/guides/grpc-routing/
 */
export class GrpcRoute extends Construct {
  /** `metadata.name` of the GRPCRoute. */
  public readonly routeName: string;
  /**
   * The route's namespace (`metadata.namespace` if given, else the chart's).
   * @default - the namespace of the kubectl context
   */
  public readonly namespace?: string;
  /** Who writes the ReferenceGrants of backends in other namespaces. */
  public readonly referenceGrants: ReferenceGrantPolicy;

  private readonly _parents: IRouteParent[] = [];
  private readonly _hostnames: string[] = [];
  private readonly _rules: GrpcRouteRule[] = [];
  private checking = true;

  constructor(scope: Construct, id: string, props: GrpcRouteProps = {}) {
    super(scope, id);
    enableSynthValidation(this);
    this.namespace = namespaceOf(this, props.metadata?.namespace);
    this.referenceGrants = props.referenceGrants ?? ReferenceGrantPolicy.of(this);
    this.routeName = routeNameOf(this, id, props.name ?? props.metadata?.name, this.namespace);
    claimName(this, 'GRPCRoute', this.namespace, this.routeName);

    // the primary L1 (`node.defaultChild`): `ApiObject.of(route)` is the escape hatch
    new gwapi.GrpcRoute(this, 'Resource', {
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
  public get rules(): GrpcRouteRule[] {
    return [...this._rules];
  }

  /**
   * Attaches the route to a listener or Gateway. Attaching twice to the same
   * Gateway needs distinct `sectionName`s.
   */
  public addParent(parent: IRouteParent): void {
    bindParent(this, this._parents.length, parent, this.namespace, 'GRPCRoute', 'attach to an HTTP or HTTPS listener');
    this._parents.push(parent);
    this._check();
  }

  /** Adds a hostname (sorted in the output). */
  public addHostname(hostname: string): void {
    this._hostnames.push(hostname);
    this._check();
  }

  /** Adds a rule and returns it; rules keep their order. */
  public addRule(options: GrpcRouteRuleOptions = {}): GrpcRouteRule {
    const rule = GrpcRouteRule._create(this, options);
    this._rules.push(rule);
    this._check();
    return rule;
  }

  /** @internal */
  public _fail(message: string): never {
    fail(this, message);
  }

  /** @internal */
  public _grantFor(backend: IBackend): void {
    grantBackend(this, 'GRPCRoute', this.namespace, backend, this.referenceGrants);
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
      this._rules.map((rule) => rule.backends.map((b) => b.weight ?? 1)), 'HTTP 500 (gRPC status UNKNOWN)');
  }

  /** The spec as the typed L1 structure. @internal */
  public _toSpec(): gwapi.GrpcRouteSpec {
    return {
      parentRefs: this._parents.length ? this._parents.map(p => renderParentRef(p.parentReference())) : undefined,
      hostnames: this._hostnames.length ? [...this._hostnames].sort() : undefined,
      rules: this._rules.length ? this._rules.map(r => r._render()) : undefined,
    };
  }
}
