import { IConstruct } from 'constructs';
import { Backend, IBackend } from './backend';
import { describeBackend, sameBackend } from './checks';
import { checkFactoryValue, fail } from '../internal/errors';

/* The stable/canary split shared by CanaryRoute (HTTPRoute) and
 * GrpcCanaryRoute (GRPCRoute): a percentage becomes two weights that sum to
 * 100, written first in the first rule so the JSON pointers are fixed.
 * Internal to the routing module. */

/** A rule that can change a backend's weight (`HttpRouteRule`, `GrpcRouteRule`). */
export interface WeightedRule {
  setBackendWeight(backend: IBackend, weight: number): void;
}

/** A backend with the weight the split gives it. */
export interface SplitBackend {
  readonly backend: IBackend;
  readonly weight: number;
}

/**
 * RFC 6901 pointers of the two weights in the route: the split rule is
 * `rules[0]`, stable first.
 */
export const CANARY_WEIGHT_POINTERS: readonly string[] = [
  '/spec/rules/0/backendRefs/0/weight',
  '/spec/rules/0/backendRefs/1/weight',
];

/** The name of the split rule. */
export const CANARY_SPLIT_RULE_NAME = 'traffic-split';

/**
 * A stable/canary pair and the percentage of traffic the canary gets. The
 * constructor checks the pair (factory problems, a Service port each,
 * distinct backends) and the percentage, with the owner's path in errors.
 */
export class CanarySplit {
  private _percent: number;
  private rule?: WeightedRule;

  constructor(
    private readonly owner: IConstruct,
    public readonly stable: IBackend,
    public readonly canary: IBackend,
    percent: number,
    routeNamespace: string | undefined,
  ) {
    checkFactoryValue(owner, 'stable', Backend._problemOf(stable));
    checkFactoryValue(owner, 'canary', Backend._problemOf(canary));
    const stableRef = stable.backendReference();
    const canaryRef = canary.backendReference();
    for (const [role, ref] of [['stable', stableRef], ['canary', canaryRef]] as const) {
      if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && !ref.port) {
        fail(owner, `${role} backend ${describeBackend(ref)} has no Service port; give the port the route should send traffic to`);
      }
    }
    if (sameBackend(stableRef, canaryRef, routeNamespace)) {
      fail(owner, `stable and canary are the same backend (${describeBackend(stableRef)}); use one Service per version`);
    }
    this.check(percent);
    this._percent = percent;
  }

  /** Percentage of traffic for the canary, 0 to 100. */
  public get percent(): number {
    return this._percent;
  }

  /** Steps the split: checks the percentage and changes both weights of the bound rule. */
  public set percent(percent: number) {
    this.check(percent);
    this._percent = percent;
    this.rule?.setBackendWeight(this.stable, 100 - percent);
    this.rule?.setBackendWeight(this.canary, percent);
  }

  /** The two backends with their weights (summing to 100), stable first. */
  public backends(): SplitBackend[] {
    return [
      { backend: this.stable, weight: 100 - this._percent },
      { backend: this.canary, weight: this._percent },
    ];
  }

  /** The rule whose weights `percent` steps. */
  public bind(rule: WeightedRule): void {
    this.rule = rule;
  }

  private check(percent: number): void {
    if (typeof percent !== 'number' || !Number.isInteger(percent)) {
      fail(this.owner, `canaryPercent must be a whole number between 0 and 100, got ${percent}`);
    }
    if (percent < 0 || percent > 100) {
      fail(this.owner, `canaryPercent must be between 0 and 100, got ${percent}`);
    }
  }
}
