import { headerValueFault } from '../internal/header-value';

/* Checks of HTTP header values that the CRD accepts but Envoy or HTTP do not.
 * Internal to the routing module. */

/**
 * Checks a header value of a header match or a header modifier, as Envoy and
 * HTTP see it (the CRD only limits the length):
 * - CR, LF and NUL are rejected by Envoy (they would split or end the header);
 * - other control characters (except tab) are not allowed in an HTTP field
 *   value, and HTTP/2 peers reset the stream on them (RFC 9110 5.5, RFC 9113 8.2.1);
 * - leading or trailing spaces and tabs are stripped by HTTP parsers and are
 *   not allowed in HTTP/2 (RFC 9113 8.2.1), so an exact match on them never
 *   matches and a set value does not arrive as written.
 *
 * @param value the header value
 * @param pattern true for a `RegularExpression` match value, where only
 * control characters are checked
 * @returns a sentence fragment (`contains a line break ...`), or undefined when the value is fine
 * @internal
 */
export function headerValueProblem(value: string, pattern: boolean = false): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const fault = headerValueFault(value, pattern);
  return fault ? `${fault.problem}, ${fault.reason}; ${fault.fix}` : undefined;
}
