import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IBackend } from './backend';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { renderBackendRef, renderParentRef } from './render-refs';
import { allWeightsZeroError, bindParent, grantBackend, parentsProblem, routeNameOf, weightedBackendsProblem } from './route-common';
import { IRouteParent } from './route-parent';
import { enableSynthValidation } from '../analysis/synth-validation';
import { fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { SECTION_NAME_RE } from '../internal/names';
import { namespaceOf } from '../internal/scope';

/** TLSRoute and TCPRoute v1 (Gateway API v1.6.1): `spec.rules` has exactly one item (minItems 1, maxItems 1). */
const MAX_RULES = 1;

/**
 * A backend of a `TlsRoute` or `TcpRoute` rule, with its weight.
 */
export interface L4RouteBackend {
  /** The backend: a `ResilientBackend` version, `Backend.fromService()` or `Backend.fromServiceName()`. */
  readonly backend: IBackend;
  /**
   * Relative weight, an integer from 0 to 1,000,000: the share of new
   * connections is weight / sum of weights, 0 sends none.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendref `weight` (Extended)
   * @default 1 - written out, as the API server would
   */
  readonly weight?: number;
}

/**
 * Options of the rule of a `TlsRoute` or `TcpRoute`.
 */
export interface L4RouteRuleOptions {
  /**
   * The rule name (lowercase DNS labels separated by dots).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#tcprouterule `name` (Extended)
   * @default - none
   */
  readonly name?: string;
  /**
   * Weighted backends, 1 to 16; more can be added with `addBackend()`.
   * Backends in another namespace get a ReferenceGrant (see the route's `referenceGrants`).
   * @default - none; add them with `addBackend()` (a rule without backends is a synth error)
   */
  readonly backends?: L4RouteBackend[];
}

/**
 * Props common to `TlsRoute` and `TcpRoute`.
 */
export interface L4RouteProps {
  /**
   * Extra metadata (labels, annotations); `name` is overridden by the
   * `name` prop, `namespace` overrides the chart's namespace.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * `metadata.name` of the route.
   * @default - derived from the construct id; two routes of one kind with the same name in one namespace are a synth error
   */
  readonly name?: string;
  /**
   * Listeners (or Gateways, ListenerSets) the route attaches to, at most 32.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#commonroutespec `parentRefs` (Core)
   * @default - none; add them with `addParent()` (a route without parents is a synth error)
   */
  readonly parents?: IRouteParent[];
  /**
   * The rule: the API allows exactly one per route.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#tcproutespec `rules` (Core: exactly 1)
   * @default - none; add it with `addRule()` (a route without a rule is a synth error)
   */
  readonly rules?: L4RouteRuleOptions[];
  /**
   * Who writes the ReferenceGrants that backends in other namespaces need:
   * this library (`CREATE`), or the target namespace's owner (`EXPECT_EXISTING`).
   * @default - the context key `cdk8s-istio-gateway:referenceGrants`, else `ReferenceGrantPolicy.CREATE`
   */
  readonly referenceGrants?: ReferenceGrantPolicy;
}

/** What a rule reports to its route. */
interface L4RuleHost extends Construct {
  readonly namespace?: string;
  _bindBackend(backend: IBackend): void;
  _check(): void;
}

/**
 * The rule of a `TlsRoute` or `TcpRoute`: weighted backends. Create it with
 * the route's `addRule()` or `rules` prop.
 */
export class L4RouteRule {
  /** @internal */
  public static _create(host: L4RuleHost, options: L4RouteRuleOptions): L4RouteRule {
    return new L4RouteRule(host, options);
  }

  /**
   * The rule name.
   * @default - none
   */
  public readonly name?: string;
  private readonly entries: Array<{ backend: IBackend; weight: number }> = [];

  private constructor(private readonly host: L4RuleHost, options: L4RouteRuleOptions) {
    this.name = options.name;
    for (const b of options.backends ?? []) this.addBackendUnchecked(b.backend, b.weight);
  }

  /** The backends with their weights (a copy). */
  public get backends(): L4RouteBackend[] {
    return this.entries.map((e) => ({ backend: e.backend, weight: e.weight }));
  }

  /**
   * Adds a weighted backend. A backend in another namespace than the route
   * gets a ReferenceGrant in its namespace automatically.
   * @param backend the backend
   * @param weight an integer from 0 to 1,000,000; 1 when not given
   */
  public addBackend(backend: IBackend, weight?: number): void {
    this.addBackendUnchecked(backend, weight);
    this.host._check();
  }

  /** @internal */
  public _problem(): string | undefined {
    if (this.name !== undefined && (typeof this.name !== 'string' || this.name.length < 1 || this.name.length > 253 || !SECTION_NAME_RE.test(this.name))) {
      return `has name "${this.name}"; use lowercase DNS labels separated by dots, at most 253 characters`;
    }
    return weightedBackendsProblem(this.entries, this.host.namespace);
  }

  /** @internal */
  public _render(): any {
    return {
      name: this.name,
      backendRefs: this.entries.map((e) => ({ ...renderBackendRef(e.backend.backendReference()), weight: e.weight })),
    };
  }

  private addBackendUnchecked(backend: IBackend, weight: number | undefined): void {
    this.entries.push({ backend, weight: weight ?? 1 });
    this.host._bindBackend(backend);
  }
}

/**
 * What `TlsRoute` and `TcpRoute` share: parents, the one rule with weighted
 * backends, ReferenceGrants for backends in other namespaces, and the
 * checks of the CRDs' limits at construct time, with the construct path.
 */
export abstract class L4Route extends Construct {
  /** `metadata.name` of the route. */
  public readonly routeName: string;
  /**
   * The route's namespace (`metadata.namespace` if given, else the chart's).
   * @default - the namespace of the kubectl context
   */
  public readonly namespace?: string;
  /** Who writes the ReferenceGrants of backends in other namespaces. */
  public readonly referenceGrants: ReferenceGrantPolicy;

  private readonly _parents: IRouteParent[] = [];
  private readonly _rules: L4RouteRule[] = [];
  private checking = false;
  private readonly kind: string;
  private readonly listenerProtocol: string;

  /**
   * @param kind the route kind, `TLSRoute` or `TCPRoute`
   * @param listenerProtocol the protocol of the listeners it attaches to, `TLS` or `TCP`
   */
  protected constructor(scope: Construct, id: string, props: L4RouteProps, kind: string, listenerProtocol: string) {
    super(scope, id);
    enableSynthValidation(this);
    this.kind = kind;
    this.listenerProtocol = listenerProtocol;
    this.namespace = namespaceOf(this, props.metadata?.namespace);
    this.referenceGrants = props.referenceGrants ?? ReferenceGrantPolicy.of(this);
    this.routeName = routeNameOf(this, id, props.name ?? props.metadata?.name, this.namespace);
    claimName(this, kind, this.namespace, this.routeName);
    this.node.addValidation({ validate: () => this.validateWhole() });
  }

  /** The parents added so far (a copy). */
  public get parents(): IRouteParent[] {
    return [...this._parents];
  }

  /** The rules added so far (a copy of the list; at most one). */
  public get rules(): L4RouteRule[] {
    return [...this._rules];
  }

  /**
   * Attaches the route to a listener, Gateway or ListenerSet. Attaching
   * twice to the same parent needs distinct `sectionName`s.
   */
  public addParent(parent: IRouteParent): void {
    const index = this._parents.length;
    bindParent(this, index, parent, this.namespace, this.kind,
      `attach to a ${this.listenerProtocol} listener (${this.listenerProtocol === 'TLS' ? 'addTlsPassthroughListener()' : 'addTcpListener()'})`);
    this._parents.push(parent);
    this._check();
  }

  /**
   * Adds the rule and returns it. The API allows exactly one rule per
   * route: a second one fails.
   */
  public addRule(options: L4RouteRuleOptions = {}): L4RouteRule {
    if (this._rules.length >= MAX_RULES) {
      fail(this, `a ${this.kind} has exactly ${MAX_RULES} rule (spec.rules maxItems ${MAX_RULES}), and rules[0] exists; `
        + `add the backends to rules[0] (rules[0].addBackend()), or create another ${this.kind} for other listeners`);
    }
    const rule = L4RouteRule._create(this, options);
    this._rules.push(rule);
    this._check();
    return rule;
  }

  /** @internal */
  public _bindBackend(backend: IBackend): void {
    grantBackend(this, this.kind, this.namespace, backend, this.referenceGrants);
  }

  /**
   * Throws the first problem with the construct path (not "at least one
   * rule / parent / backend": those need the whole app).
   * @internal
   */
  public _check(): void {
    if (!this.checking) return;
    const problem = this.problem();
    if (problem) fail(this, problem);
  }

  /**
   * Adds the parents and rules of the props, then checks. Subclasses call it
   * at the end of their constructor.
   * @internal
   */
  protected _addFromProps(props: L4RouteProps): void {
    for (const p of props.parents ?? []) this.addParent(p);
    for (const r of props.rules ?? []) this.addRule(r);
    this.checking = true;
    this._check();
  }

  /** Problems of the subclass's own fields. @internal */
  protected _ownProblem(): string | undefined {
    return undefined;
  }

  /** Whole-app problems of the subclass's own fields. @internal */
  protected _ownValidation(): string[] {
    return [];
  }

  /** The spec common to both kinds. @internal */
  protected _commonSpec(): any {
    return {
      parentRefs: this._parents.length ? this._parents.map((p) => renderParentRef(p.parentReference())) : undefined,
      rules: this._rules.length ? this._rules.map((r) => r._render()) : undefined,
    };
  }

  private problem(): string | undefined {
    const own = this._ownProblem();
    if (own) return own;
    const pp = parentsProblem(this._parents, this.namespace);
    if (pp) return pp;
    for (let i = 0; i < this._rules.length; i++) {
      const p = this._rules[i]._problem();
      if (p) return `rules[${i}]${this._rules[i].name ? ` ("${this._rules[i].name}")` : ''} ${p}`;
    }
    return undefined;
  }

  private validateWhole(): string[] {
    const errors: string[] = [];
    if (this._rules.length === 0) errors.push(`route has no rule; pass rules or call addRule() (a ${this.kind} has exactly one)`);
    if (this._parents.length === 0) errors.push('route has no parents, so it attaches to no Gateway; pass parents or call addParent()');
    this._rules.forEach((rule, i) => {
      const backends = rule.backends;
      if (backends.length === 0) {
        errors.push(`rules[${i}] has no backends; add one with rules[${i}].addBackend() (1 to 16 are allowed)`);
      }
      const zero = allWeightsZeroError(i, backends.map((b) => b.weight ?? 1), 'a closed connection');
      if (zero) errors.push(zero);
    });
    const problem = this.problem();
    if (problem) errors.push(problem);
    errors.push(...this._ownValidation());
    return errors;
  }
}
