import { Duration } from 'cdk8s';
import { IBackend } from './backend';

/**
 * The shape of `RouteDefaults` (declared here, not imported, so that the
 * rule module and this one do not import each other).
 */
export interface RuleDefaults {
  readonly timeouts?: { readonly request?: Duration; readonly backendRequest?: Duration };
  readonly retry?: { readonly attempts?: number; readonly codes?: number[]; readonly backoff?: Duration };
}

/** What a rule tells the route it belongs to (not part of the public API). */
export interface RuleHost {
  /** The route's namespace. */
  readonly namespace?: string;
  /** Whether the App targets the experimental Gateway API channel. @internal */
  readonly _experimental?: boolean;
  /** Timeouts and retry of rules that set none. @internal */
  readonly _defaults?: RuleDefaults;
  /** Re-checks the route after a change; throws with the route's path. @internal */
  _check(): void;
  /** Ensures a ReferenceGrant when a backend lives in another namespace. @internal */
  _grantFor(backend: IBackend): void;
  /** Throws with the route's path. @internal */
  _fail(message: string): never;
}
