import { ANNOTATIONS_MAX_BYTES, annotationsBytes } from './api-limits';

/**
 * Checks annotations against the API server's total-size rule
 * (`ValidateAnnotationsSize`: the bytes of all keys and values, at most
 * 256 KiB); returns a reason when too large, else undefined.
 *
 * @param what what the annotations belong to, e.g. `metadata.annotations`
 * @internal
 */
export function annotationsSizeProblem(what: string, annotations: { [key: string]: string } | undefined): string | undefined {
  const total = annotationsBytes(annotations ?? {});
  if (total <= ANNOTATIONS_MAX_BYTES) return undefined;
  return `${what} take ${total} bytes, over the API server's limit of ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) for all annotations of an object; `
    + 'keep large data in a ConfigMap and reference it from an annotation';
}
