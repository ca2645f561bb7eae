import * as celRulesModule from './cel-rules'; // only its type: the import is erased, the module loads in celRules()

/**
 * The CEL rule evaluation (and with it `@bufbuild/cel` and the Kubernetes
 * CEL library) loads the first time a schema rule is evaluated, not when the
 * package is required (see `internal/lazy-cel.ts`).
 */

let rules: typeof celRulesModule | undefined;

/** `./cel-rules`, loaded on first call. */
export function celRules(): typeof celRulesModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rules ??= require('./cel-rules') as typeof celRulesModule;
  return rules;
}
