import { IBackend } from './backend';

/** What a rule tells the route it belongs to (not part of the public API). */
export interface RuleHost {
  /** The route's namespace. */
  readonly namespace?: string;
  /** Re-checks the route after a change; throws with the route's path. @internal */
  _check(): void;
  /** Ensures a ReferenceGrant when a backend lives in another namespace. @internal */
  _grantFor(backend: IBackend): void;
  /** Throws with the route's path. @internal */
  _fail(message: string): never;
}
