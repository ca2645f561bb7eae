/**
 * The one rule for HTTP header values that the CRDs accept (they only limit
 * the length) but Envoy or HTTP do not:
 * - CR, LF and NUL are rejected by Envoy (they would split or end the header);
 * - other control characters (except tab) are not allowed in an HTTP field
 *   value, and HTTP/2 peers reset the stream on them (RFC 9110 5.5, RFC 9113 8.2.1);
 * - leading or trailing spaces and tabs are stripped by HTTP parsers and are
 *   not allowed in HTTP/2 (RFC 9113 8.2.1), so an exact match on them never
 *   matches and a set value does not arrive as written.
 * Constructs (at construct time) and the analysis (on YAML) both use it.
 */

/** What is wrong with a header value. @internal */
export interface HeaderValueFault {
  /** What the value has, e.g. `contains a line break (LF) at position 2`. */
  readonly problem: string;
  /** Why that matters, e.g. `which Envoy rejects`. */
  readonly reason: string;
  /** What to do, e.g. `put the value on one line`. */
  readonly fix: string;
}

/**
 * The fault of a header value, or undefined when it is fine.
 * @param pattern true for a `RegularExpression` match value, where only control characters are checked
 * @internal
 */
export function headerValueFault(value: string, pattern: boolean = false): HeaderValueFault | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) {
      return { problem: `contains a line break (${c === 0x0d ? 'CR' : 'LF'}) at position ${i}`, reason: 'which Envoy rejects', fix: 'put the value on one line' };
    }
    if (c === 0x00) return { problem: `contains a NUL character at position ${i}`, reason: 'which Envoy rejects', fix: 'remove it' };
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
      return {
        problem: `contains the control character U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${i}`,
        reason: 'which HTTP does not allow in a header value',
        fix: 'remove it',
      };
    }
  }
  if (!pattern && /^[ \t]|[ \t]$/.test(value)) {
    return {
      problem: 'has leading or trailing whitespace',
      reason: 'which HTTP strips from header values (and HTTP/2 forbids), so it would never be seen as written',
      fix: 'trim it',
    };
  }
  return undefined;
}
