import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend, IBackend } from './backend';
import { backendRefProblem, describeBackend, optionalPortProblem } from './checks';
import { GatewayApiChannel } from './gateway-api-channel';
import {
  EXPERIMENTAL_RETRY_ADVICE, HttpRouteRule, HttpRouteRuleOptions, retryProblem, RouteDefaults, timeoutsProblem,
} from './http-route-rule';
import { ReferenceGrants } from './reference-grant';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { renderParentRef } from './render-refs';
import { IRouteParent, ParentReference, RouteParent } from './route-parent';
import * as xgwapi from '../../imports/experimental-gateway.networking.k8s.io';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { declareExternalObject, enableSynthValidation } from '../analysis/synth-validation';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { HTTPROUTE_LIMITS } from '../internal/api-limits';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, hostnameProblem, nameFromId, SECTION_NAME_RE } from '../internal/names';
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

const SPLIT_ADVICE = 'use SplitHttpRoute, which splits the rules over several HTTPRoutes where that keeps routing the same';

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
    const explicitName = props.name ?? props.metadata?.name;
    if (explicitName !== undefined && (explicitName.length > 253 || !DNS_SUBDOMAIN_RE.test(explicitName))) {
      fail(this, `route name "${explicitName}" must be lowercase DNS labels separated by dots, at most 253 characters`);
    }
    if (this.namespace !== undefined && !DNS_LABEL_RE.test(this.namespace)) {
      fail(this, `route namespace "${this.namespace}" must be a DNS label`);
    }
    this.routeName = props.name ?? props.metadata?.name ?? nameFromId(id, this);
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
    checkFactoryValue(this, `parents[${this._parents.length}]`, RouteParent._problemOf(parent));
    if (RouteParent._isExternal(parent)) {
      declareExternalObject(this, 'Gateway', parent.gatewayNamespace ?? this.namespace, parent.gatewayName);
    }
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
    checkFactoryValue(this, 'backend', Backend._problemOf(backend));
    const ref = backend.backendReference();
    if (ref && Backend._isExternal(backend)) declareExternalObject(this, 'Service', ref.namespace ?? this.namespace, ref.name);
    // an invalid reference is reported by _check(), with its position
    if (!ref || backendRefProblem(ref) || ref.namespace === undefined || ref.namespace === this.namespace) return;
    if (this.namespace === undefined) {
      fail(this, `backend ${describeBackend(ref)} is in namespace "${ref.namespace}" but the route has no namespace, `
        + 'so no ReferenceGrant can be written; give the chart a namespace');
    }
    ReferenceGrants.ensure(this, {
      fromGroup: GATEWAY_GROUP,
      fromKind: 'HTTPRoute',
      fromNamespace: this.namespace,
      toGroup: ref.group ?? '',
      toKind: ref.kind ?? 'Service',
      toNamespace: ref.namespace,
      toName: ref.name,
    }, this.referenceGrants);
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
    if (this._hostnames.length > HTTPROUTE_LIMITS.hostnames) {
      return `route has ${this._hostnames.length} hostnames; at most ${HTTPROUTE_LIMITS.hostnames} are allowed; `
        + 'split them over several routes with the same rules (a request reaches the same rules through any of them), '
        + 'or use SplitHttpRoute, which does that';
    }
    for (let i = 0; i < this._hostnames.length; i++) {
      const h = this._hostnames[i];
      const p = typeof h === 'string' ? hostnameProblem(h) : 'it must be a string';
      if (p) return `hostname "${h}" is invalid: ${p}`;
      if (this._hostnames.indexOf(h) !== i) return `hostname "${h}" is listed twice; list it once`;
    }
    const pp = this.parentsProblem();
    if (pp) return pp;
    if (this._rules.length > HTTPROUTE_LIMITS.rules) return `route has ${this._rules.length} rules; at most ${HTTPROUTE_LIMITS.rules} are allowed; ${SPLIT_ADVICE}`;
    const total = this._rules.reduce((n, r) => n + r._matchCount, 0);
    if (total > HTTPROUTE_LIMITS.matches) return `route has ${total} matches across its rules; at most ${HTTPROUTE_LIMITS.matches} are allowed; ${SPLIT_ADVICE}`;
    const names = new Set<string>();
    for (let i = 0; i < this._rules.length; i++) {
      const rule = this._rules[i];
      const label = `rules[${i}]${rule.name ? ` ("${rule.name}")` : ''}`;
      if (rule.name !== undefined) {
        if (names.has(rule.name)) return `${label} repeats the rule name "${rule.name}"; rule names must be unique within the route`;
        names.add(rule.name);
      }
      const p = rule._problem();
      if (p) return `${label} ${p}`;
    }
    return undefined;
  }

  private parentsProblem(): string | undefined {
    if (this._parents.length > 32) return `route has ${this._parents.length} parents; at most 32 are allowed`;
    const refs = this._parents.map(p => p.parentReference());
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const label = `parentRefs[${i}] (${describeParent(ref)})`;
      if (!ref || typeof ref.name !== 'string' || ref.name.length < 1 || ref.name.length > 253) {
        return `parentRefs[${i}] needs a name of 1 to 253 characters`;
      }
      if (ref.namespace !== undefined && !DNS_LABEL_RE.test(ref.namespace)) {
        return `${label} has namespace "${ref.namespace}", which is not a DNS label`;
      }
      if (ref.sectionName !== undefined && (ref.sectionName.length > 253 || !SECTION_NAME_RE.test(ref.sectionName))) {
        return `${label} has sectionName "${ref.sectionName}"; use lowercase DNS labels separated by dots`;
      }
      const portP = optionalPortProblem(ref.port);
      if (portP) return `${label} ${portP}`;
      for (let j = 0; j < i; j++) {
        const other = refs[j];
        if (!this.sameParent(ref, other)) continue;
        if (ref.sectionName === undefined || other.sectionName === undefined) {
          return `${label} attaches to the same parent as parentRefs[${j}] without a sectionName; `
            + 'when a route attaches to a parent more than once, every reference needs a distinct sectionName';
        }
        if (ref.sectionName === other.sectionName) {
          return `${label} repeats parentRefs[${j}]; sectionName must be unique when a route attaches to a parent more than once`;
        }
      }
    }
    return undefined;
  }

  private sameParent(a: ParentReference, b: ParentReference): boolean {
    return (a.group ?? GATEWAY_GROUP) === (b.group ?? GATEWAY_GROUP)
      && (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway')
      && a.name === b.name
      && (a.namespace ?? this.namespace) === (b.namespace ?? this.namespace);
  }

  private isInApp(parent: IRouteParent): boolean {
    return Construct.isConstruct(parent) && parent.node.root === this.node.root;
  }

  private validateWhole(): string[] {
    const errors: string[] = [];
    if (this._rules.length === 0) errors.push('route has no rules; pass rules or call addRule()');
    if (this._parents.length === 0) errors.push('route has no parents, so it attaches to no Gateway; pass parents or call addParent()');
    const problem = this.problem();
    if (problem) errors.push(problem);
    // checked only for the finished route: backends are added one at a time
    this._rules.forEach((rule, i) => {
      const weights = rule.backends.map((b) => b.weight ?? 1);
      if (weights.length > 0 && weights.every((w) => w === 0)) {
        errors.push(`rules[${i}] gives every backend weight 0, so matching requests get 500; give at least one backend a positive weight, or remove the rule`);
      }
    });
    if (this._hostnames.length > 0) {
      for (const parent of this._parents) {
        const listenerHost = parent.hostname;
        // listeners built in this app are synthesized, so the app-wide analysis reports this as IGW1003
        if (listenerHost === undefined || this.isInApp(parent)) continue;
        if (!this._hostnames.some(h => hostnamesIntersect(h, listenerHost))) {
          errors.push(`no route hostname (${[...this._hostnames].sort().join(', ')}) intersects the hostname "${listenerHost}" `
            + `of parent ${describeParent(parent.parentReference())}, so the route would not attach there `
            + '(NoMatchingListenerHostname); add a matching hostname or attach to another listener');
        }
      }
    }
    return errors;
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

function describeParent(ref: ParentReference | undefined): string {
  if (!ref) return 'undefined';
  const kind = ref.kind ?? 'Gateway';
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  const section = ref.sectionName ? `, sectionName ${ref.sectionName}` : '';
  const port = ref.port !== undefined ? `, port ${ref.port}` : '';
  return `${kind.toLowerCase()} ${ns}${ref.name}${section}${port}`;
}
