import * as celModule from '@bufbuild/cel'; // only its type: the import is erased, the module loads in celEngine()

/**
 * The CEL engine (`@bufbuild/cel` with `@bufbuild/protobuf`) loads on first
 * use, not when the package is required: it is about 110 ms of the
 * package's cold start, and only validation and CEL syntax checks need it.
 */
let engine: typeof celModule | undefined;

/** `@bufbuild/cel`, loaded on first call. */
export function celEngine(): typeof celModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= require('@bufbuild/cel') as typeof celModule;
  return engine;
}
