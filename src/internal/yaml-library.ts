import * as yamlModule from 'yaml'; // only its type: the import is erased, the module loads in yamlLibrary()
import { onFirstUse } from './on-first-use';

/**
 * The `yaml` package, loaded on first call, not when the package is
 * required (about 30 ms of the cold start): only reading manifest files,
 * migration output and gateway options need it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const yamlLibrary = onFirstUse(() => require('yaml') as typeof yamlModule);
