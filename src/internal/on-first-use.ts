/**
 * A value made on the first call of the returned function, then kept.
 *
 * Modules that only some uses of the package need load this way, on first
 * use, not when the package is required: the CEL engine and the CEL rule
 * evaluation, the YAML library, RE2, the analysis checks and the
 * cert-manager bindings. `require()` stays at the call site, so relative
 * paths resolve from the module that declares the loader.
 *
 * @example
 * import * as yamlModule from 'yaml'; // only its type: the import is erased
 * const yaml = onFirstUse(() => require('yaml') as typeof yamlModule);
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made = false;
  let value: T | undefined;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
