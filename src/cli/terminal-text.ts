/**
 * Escaping of input echoed by the CLI (file names, object names, values in
 * messages), so a manifest cannot move the cursor, recolour or clear the
 * terminal, forge extra output lines, or reorder text with bidirectional
 * overrides.
 */

/**
 * C0 controls (newline and tab included), DEL, C1 controls (U+0080 to
 * U+009F, where the one-character CSI U+009B lives), the Unicode line and
 * paragraph separators and the bidirectional embedding, override and isolate
 * characters.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same characters, without the newline: for multi-line text the CLI writes itself. */
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The characters that JSON.stringify leaves raw but a terminal may act on. */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: { [c: string]: string } = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of text with every control character written as an escape:
 * `\n`, `\r`, `\t`, `\xHH` (ESC is `\x1b`) or `\uHHHH`.
 * @internal
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * Multi-line text the CLI composed itself (help, usage errors): control
 * characters escaped, newlines kept.
 * @internal
 */
export function escapeControlKeepNewlines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, escapeOne);
}

/**
 * JSON text with DEL, C1 and the other characters above written as
 * `\uHHHH` escapes: the same JSON value, safe to print. (JSON.stringify
 * already escapes C0.) The characters can only occur inside strings, so the
 * replacement keeps the JSON valid.
 * @internal
 */
export function escapeJson(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The message of anything thrown, as one escaped line: never a stack trace.
 * @internal
 */
export function errorLine(e: unknown): string {
  let message: string;
  try {
    message = e instanceof Error ? e.message : String(e);
  } catch {
    message = 'unknown error';
  }
  return escapeControl(message.trim() === '' ? 'unknown error' : message.trim());
}
