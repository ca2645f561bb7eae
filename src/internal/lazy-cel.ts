import * as celModule from '@bufbuild/cel'; // only its type: the import is erased, the module loads in celEngine()
import { onFirstUse } from './on-first-use';

/**
 * `@bufbuild/cel` (with `@bufbuild/protobuf`), loaded on first call, not when
 * the package is required: it is about 110 ms of the package's cold start,
 * and only validation and CEL syntax checks need it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const celEngine = onFirstUse(() => require('@bufbuild/cel') as typeof celModule);
