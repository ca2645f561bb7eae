import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IBackend } from './backend';
import { CanaryHeader } from './canary-route';
import { CANARY_SPLIT_RULE_NAME, CANARY_WEIGHT_POINTERS, CanarySplit } from './canary-weights';
import { GrpcMethodMatch } from './grpc-method-match';
import { GrpcRoute } from './grpc-route';
import { GrpcRouteMatch } from './grpc-route-rule';
import { HeaderMatch } from './header-match';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { IRouteParent } from './route-parent';
import { enableSynthValidation } from '../analysis/synth-validation';
import { nameFromId } from '../internal/names';
import { namespaceOf } from '../internal/scope';

/**
 * Props of a `GrpcCanaryRoute`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutespec
 */
export interface GrpcCanaryRouteProps {
  /**
   * Extra metadata of the GRPCRoute (labels, annotations, namespace).
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the GRPCRoute.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The listener or Gateway the route attaches to.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core support)
   */
  readonly parent: IRouteParent;
  /**
   * More listeners or Gateways to attach to.
   * @default - none
   */
  readonly additionalParents?: IRouteParent[];
  /**
   * Hostnames the route answers for.
   * @default - every hostname the parent accepts
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcroutespec `hostnames` (Core support)
   */
  readonly hostnames?: string[];
  /**
   * The gRPC service and method of the routed traffic, e.g.
   * `GrpcMethodMatch.exact('helloworld.Greeter')` for one service.
   * @default - every gRPC request (the split rule has no match)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   */
  readonly method?: GrpcMethodMatch;
  /** The backend that gets `100 - canaryPercent` percent. */
  readonly stable: IBackend;
  /** The backend that gets `canaryPercent` percent. */
  readonly canary: IBackend;
  /**
   * Percentage of traffic for the canary, an integer from 0 to 100. Both
   * weights are always written, even when 0.
   * @default 0
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcbackendref `weight` (Core support)
   */
  readonly canaryPercent?: number;
  /**
   * A header (gRPC metadata key) that sends the request to the canary
   * whatever the percentage, e.g. `{ name: 'x-version', value: 'v2' }`.
   * @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcheadermatch (Core support)
   */
  readonly canaryHeader?: CanaryHeader;
  /**
   * Whether a progressive-delivery controller that edits this route's
   * weights in the cluster owns the weights (see `CanaryRoute`). The initial
   * weights are still written; configure your GitOps tool to ignore
   * `ignoreDifferencesJsonPointers`.
   * @default false
   */
  readonly weightsManagedExternally?: boolean;
  /**
   * Who writes the ReferenceGrants that backends in other namespaces need.
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
}

/**
 * A GRPCRoute that splits gRPC traffic between a stable and a canary
 * backend by percentage, with an optional header override: the gRPC
 * counterpart of `CanaryRoute`, with the same split (percentages become two
 * weights that sum to 100) and the same JSON pointers.
 *
 * Rules, in order:
 * 1. `traffic-split`: the method match (if any), backends stable (weight
 *    `100 - canaryPercent`) and canary (weight `canaryPercent`).
 * 2. `canary-header` (optional): the same method match plus the header,
 *    canary only. GRPCRoute precedence ranks matches by service, then
 *    method, then the number of header matches, so this rule wins over the
 *    split rule whatever the order.
 *
 * No cookie override (gRPC clients rarely send cookies) and no timeouts:
 * the GRPCRoute of Gateway API v1.6.1 has no `timeouts` field.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule (match precedence)
 */
export class GrpcCanaryRoute extends Construct {
  /** The underlying route; its L1 is also this construct's default child. */
  public readonly route: GrpcRoute;
  /** The stable backend. */
  public readonly stable: IBackend;
  /** The canary backend. */
  public readonly canary: IBackend;
  /** Whether a controller manages the weights in the cluster. */
  public readonly weightsManagedExternally: boolean;
  /**
   * RFC 6901 pointers of the weights, for Argo CD `ignoreDifferences.jsonPointers`
   * (kind `GRPCRoute`) when a controller manages them.
   */
  public readonly ignoreDifferencesJsonPointers: string[];
  private readonly split: CanarySplit;

  constructor(scope: Construct, id: string, props: GrpcCanaryRouteProps) {
    super(scope, id);
    enableSynthValidation(this);
    this.stable = props.stable;
    this.canary = props.canary;
    this.weightsManagedExternally = props.weightsManagedExternally ?? false;
    this.split = new CanarySplit(this, this.stable, this.canary, props.canaryPercent ?? 0, namespaceOf(this, props.metadata?.namespace));

    this.route = new GrpcRoute(this, 'Route', {
      metadata: props.metadata,
      name: props.name ?? props.metadata?.name ?? nameFromId(id, this),
      parents: [props.parent, ...(props.additionalParents ?? [])],
      hostnames: props.hostnames,
      referenceGrants: props.referenceGrants,
    });
    this.node.defaultChild = ApiObject.of(this.route);

    const method = props.method;
    this.split.bind(this.route.addRule({
      name: CANARY_SPLIT_RULE_NAME,
      matches: method ? [{ method }] : undefined,
      backends: this.split.backends(),
    }));
    if (props.canaryHeader) {
      const match: GrpcRouteMatch = { method, headers: [HeaderMatch.exact(props.canaryHeader.name, props.canaryHeader.value)] };
      this.route.addRule({ name: 'canary-header', matches: [match], backends: [{ backend: this.canary, weight: 1 }] });
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
}
