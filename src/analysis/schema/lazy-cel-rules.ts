import * as celRulesModule from './cel-rules'; // only its type: the import is erased, the module loads in celRules()
import { onFirstUse } from '../../internal/on-first-use';

/**
 * `./cel-rules`, loaded on first call: the CEL rule evaluation (and with it
 * `@bufbuild/cel` and the Kubernetes CEL library) loads the first time a
 * schema rule is evaluated, not when the package is required.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const celRules = onFirstUse(() => require('./cel-rules') as typeof celRulesModule);
