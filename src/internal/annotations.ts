/** The API server's limit on the total size of an object's annotations (keys and values, in bytes). @internal */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/**
 * Checks annotations against the API server's total-size rule
 * (`ValidateAnnotationsSize`: the bytes of all keys and values, at most
 * 256 KiB); returns a reason when too large, else undefined.
 *
 * @param what what the annotations belong to, e.g. `metadata.annotations`
 * @internal
 */
export function annotationsSizeProblem(what: string, annotations: { [key: string]: string } | undefined): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v ?? ''), 'utf8');
  }
  if (total <= MAX_ANNOTATIONS_BYTES) return undefined;
  return `${what} take ${total} bytes, over the API server's limit of ${MAX_ANNOTATIONS_BYTES} bytes (256 KiB) for all annotations of an object; `
    + 'keep large data in a ConfigMap and reference it from an annotation';
}
