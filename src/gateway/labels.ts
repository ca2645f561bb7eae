/*
 * The Kubernetes label rules, shared by the gateway's infrastructure labels
 * and the `AllowedRoutes` namespace selector. Internal to gateway/.
 */

/** An optional DNS-subdomain prefix and `/`, then a name of 1 to 63 letters, digits, `-`, `_` and `.`. */
const LABEL_KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Empty, or 1 to 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether `key` is a valid label (or annotation) key. @internal */
export function isLabelKey(key: string): boolean {
  return typeof key === 'string' && key.length <= 317 && LABEL_KEY_RE.test(key);
}

/** Whether `value` is a valid label value. @internal */
export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE_RE.test(value);
}
