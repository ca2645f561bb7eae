import { DNS_LABEL_RE } from '../internal/names';

/*
 * The Kubernetes label rules, shared by the gateway's infrastructure labels
 * and the namespace selectors of `AllowedRoutes` and `AllowedListeners`.
 * Internal to gateway/.
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

/**
 * What is wrong with a namespace label selector, or undefined; `all` names
 * the factory that admits every namespace instead. @internal
 */
export function namespaceLabelsProblem(labels: { [key: string]: string }, all: string): string | undefined {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return `needs at least one label; use ${all} to allow every namespace`;
  for (const [k, v] of entries) {
    if (!isLabelKey(k)) return `label key "${k}" is invalid; use an optional DNS prefix and "/" then a name of letters, digits, "-", "_" and "."`;
    if (!isLabelValue(v)) return `label ${k}="${v}" has an invalid value; use at most 63 letters, digits, "-", "_" and "."`;
  }
  return undefined;
}

/**
 * What is wrong with a list of namespace names, or undefined; `same` names
 * the factory for the gateway's own namespace. @internal
 */
export function namespaceNamesProblem(namespaces: string[], same: string): string | undefined {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    return `needs at least one namespace name; use ${same} for the gateway's own namespace`;
  }
  const bad = namespaces.find((n) => typeof n !== 'string' || n.length > 63 || !DNS_LABEL_RE.test(n));
  if (bad !== undefined) return `namespace "${bad}" is not a valid namespace name; use lowercase letters, digits and "-"`;
  return undefined;
}

/** A label map with sorted keys (deterministic output). @internal */
export function sortedLabels(labels: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}
