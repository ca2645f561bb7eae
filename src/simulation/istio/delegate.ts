/**
 * VirtualService delegation (`http[].delegate`), as Istio merges a root
 * VirtualService with its delegates before building routes (istio/istio
 * pilot/pkg/model/virtualservice.go `mergeVirtualServicesIfNeeded`,
 * `mergeHTTPRoutes`, `mergeHTTPRoute`, `mergeHTTPMatchRequests`):
 * - a rule with `delegate` is replaced by the delegate's `http` rules, in
 *   order; a delegate that does not exist or is not exported to the root's
 *   namespace drops the rule;
 * - each delegate match must fit inside a root match (no conflict: regexes
 *   conflict, an exact root needs the same exact, a prefix root needs a
 *   longer prefix or an exact under it); fitting pairs are merged, the
 *   delegate's fields winning, headers and query params united; a delegate
 *   rule without a fitting root match is dropped;
 * - each merged match also keeps the root match's `gateways`,
 *   `sourceNamespace` and `statPrefix` when the delegate match leaves them
 *   unset, and unites `sourceLabels` (mergeHTTPMatchRequest), so a root
 *   match bound to one gateway keeps the delegated rules off the others;
 *   a delegate match whose `gateways`, `sourceLabels` or `sourceNamespace`
 *   do not fit inside the root match's conflicts (hasConflict);
 * - rewrite, directResponse, timeout, retries, fault, mirror, mirrors,
 *   corsPolicy and headers the delegate rule leaves unset come from the root
 *   rule (mergeHTTPRoute);
 * - delegation is one level deep (a delegate's own `delegate` is not followed).
 */
import { redirectCodeStatus } from './http-actions';
import { resolveGateways } from '../../istio-api/gateway-refs';
import { exportedTo, IstioApiModel, VirtualServiceInfo } from '../../istio-api/istio-model';

/** A rule as Envoy gets it: the owning VirtualService and its index there. */
export interface ExpandedRule {
  /** The rule after merging (a root rule as written, or a delegate rule merged with its root). */
  readonly rule: any;
  /** The VirtualService that wrote the rule (the delegate for a delegated rule). */
  readonly owner: VirtualServiceInfo;
  /** The index in the owner's `spec.http`. */
  readonly index: number;
  /** For a delegated rule: the root VirtualService and its rule index. */
  readonly root?: { readonly vs: VirtualServiceInfo; readonly index: number };
}

/** The rules of a root VirtualService with its delegates merged in, and what was dropped. */
export function expandDelegates(istio: IstioApiModel, vs: VirtualServiceInfo, notes: Set<string>): ExpandedRule[] {
  const out: ExpandedRule[] = [];
  vs.http.forEach((rule, index) => {
    const ref = rule.delegate;
    if (!ref || typeof ref !== 'object') {
      out.push({ rule, owner: vs, index });
      return;
    }
    const key = `${ref.namespace ?? vs.namespace}/${ref.name}`;
    const delegate = istio.virtualService(key);
    if (!delegate || !delegate.isDelegate) {
      notes.add(`VirtualService ${vs.key} http[${index}] delegates to ${key}, which ${delegate ? 'has hosts, so it is not a delegate' : 'is not in the input'}; `
        + 'Istio drops the rule (virtualservice.go mergeVirtualServicesIfNeeded)');
      return;
    }
    const badCode = delegate.http.find((r: any) => redirectCodeStatus(r?.redirect) === 'rejected')?.redirect?.redirectCode;
    if (badCode !== undefined) {
      notes.add(`delegate VirtualService ${key} has redirectCode ${badCode}, which Istio's validating webhook refuses (validation.go validateHTTPRedirect): `
        + `it is not applied, so Istio drops VirtualService ${vs.key} http[${index}]`);
      return;
    }
    if (!exportedTo(delegate.exportTo, delegate.namespace, vs.namespace)) {
      notes.add(`delegate VirtualService ${key} is not exported to namespace ${vs.namespace}; Istio drops VirtualService ${vs.key} http[${index}]`);
      return;
    }
    delegate.http.forEach((sub, subIndex) => {
      if (sub.delegate) {
        notes.add(`delegate VirtualService ${key} http[${subIndex}] delegates again; Istio supports one level of delegation and drops it`);
        return;
      }
      const merged = mergeHTTPRoute(rule, sub, vs.namespace, delegate.namespace);
      if (!merged) {
        notes.add(`delegate VirtualService ${key} http[${subIndex}] has a match outside every match of VirtualService ${vs.key} http[${index}]; `
          + 'Istio drops it (mergeHTTPMatchRequests: conflict)');
        return;
      }
      out.push({ rule: merged, owner: delegate, index: subIndex, root: { vs, index } });
    });
  });
  return out;
}

// virtualservice.go mergeHTTPRoute: the fields a delegate rule inherits from the root rule when it leaves them unset
const INHERITED = ['rewrite', 'directResponse', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'mirrors', 'headers'];

/**
 * mergeHTTPRoute: undefined when the delegate rule conflicts with the root's matches.
 * `rootNamespace` and `delegateNamespace` resolve `gateways` short names, as Istio
 * does for each VirtualService before merging (virtualservice.go resolveVirtualServiceShortnames).
 */
export function mergeHTTPRoute(root: any, delegate: any, rootNamespace = '', delegateNamespace = rootNamespace): any | undefined {
  const rootMatches = list(root.match).map((m) => qualifyGateways(m, rootNamespace));
  const matches = mergeMatches(rootMatches, list(delegate.match).map((m) => qualifyGateways(m, delegateNamespace)));
  if (matches === undefined) return undefined;
  const out: any = { ...delegate, match: matches };
  if (matches.length === 0) delete out.match;
  if (!delegate.name) out.name = root.name;
  else if (root.name) out.name = `${root.name}-${delegate.name}`;
  if (out.name === undefined) delete out.name;
  for (const f of INHERITED) if (out[f] === undefined && root[f] !== undefined) out[f] = root[f];
  return out;
}

function mergeMatches(root: any[], delegate: any[]): any[] | undefined {
  if (root.length === 0) return delegate;
  if (delegate.length === 0) return root;
  const out: any[] = [];
  for (const sub of delegate) {
    let found = false;
    for (const r of root) {
      if (hasConflict(r, sub)) continue;
      out.push(mergeMatch(r, sub));
      found = true;
    }
    if (!found) return undefined;
  }
  return out.length === 0 ? undefined : out;
}

function mergeMatch(root: any, delegate: any): any {
  const out: any = { ...delegate };
  if (!out.name) out.name = root.name;
  else if (root.name) out.name = `${root.name}-${out.name}`;
  if (out.name === undefined) delete out.name;
  for (const f of ['uri', 'scheme', 'method', 'authority']) if (out[f] === undefined && root[f] !== undefined) out[f] = root[f];
  for (const f of ['headers', 'withoutHeaders', 'queryParams']) {
    if (root[f] || delegate[f]) out[f] = { ...(root[f] ?? {}), ...(delegate[f] ?? {}) };
  }
  if (!out.port && root.port) out.port = root.port;
  // mergeHTTPMatchRequest: sourceLabels united (maps.MergeCopy, the delegate's winning); sourceNamespace,
  // gateways and statPrefix from the root when the delegate match leaves them unset
  if (isMap(root.sourceLabels) || isMap(delegate.sourceLabels)) out.sourceLabels = { ...(root.sourceLabels ?? {}), ...(delegate.sourceLabels ?? {}) };
  if (!nonEmpty(out.sourceNamespace) && nonEmpty(root.sourceNamespace)) out.sourceNamespace = root.sourceNamespace;
  const hasGateways = (m: any) => Array.isArray(m.gateways) && m.gateways.length > 0;
  if (!hasGateways(out) && hasGateways(root)) out.gateways = root.gateways;
  if (!nonEmpty(out.statPrefix) && nonEmpty(root.statPrefix)) out.statPrefix = root.statPrefix;
  return out;
}

/** A match with its `gateways` short names resolved in the namespace of the VirtualService that wrote it. */
function qualifyGateways(match: any, namespace: string): any {
  if (!namespace || !Array.isArray(match.gateways) || match.gateways.length === 0) return match;
  return { ...match, gateways: resolveGateways(match.gateways, namespace) };
}

function hasConflict(root: any, leaf: any): boolean {
  for (const f of ['uri', 'scheme', 'method', 'authority']) if (stringMatchConflict(root[f], leaf[f])) return true;
  for (const [k, v] of Object.entries(leaf.headers ?? {})) if (stringMatchConflict(root.headers?.[k], v)) return true;
  // virtualservice.go hasConflict: a delegate's withoutHeaders against the root's withoutHeaders
  for (const [k, v] of Object.entries(leaf.withoutHeaders ?? {})) if (stringMatchConflict(root.withoutHeaders?.[k], v)) return true;
  for (const [k, v] of Object.entries(leaf.queryParams ?? {})) if (stringMatchConflict(root.queryParams?.[k], v)) return true;
  if ((root.ignoreUriCase === true) !== (leaf.ignoreUriCase === true)) return true;
  if (Number(root.port ?? 0) > 0 && Number(leaf.port ?? 0) > 0 && Number(root.port) !== Number(leaf.port)) return true;
  // hasConflict: a root sourceNamespace needs the same in the delegate match
  if (nonEmpty(root.sourceNamespace) && leaf.sourceNamespace !== root.sourceNamespace) return true;
  // hasConflict: a delegate's sourceLabels may not contradict the root's
  for (const [k, v] of Object.entries(isMap(leaf.sourceLabels) ? leaf.sourceLabels : {})) {
    if (isMap(root.sourceLabels) && k in root.sourceLabels && root.sourceLabels[k] !== v) return true;
  }
  // hasConflict: when both name gateways, the root's must include every one of the delegate's
  if (Array.isArray(root.gateways) && root.gateways.length > 0 && Array.isArray(leaf.gateways) && leaf.gateways.length > 0) {
    if (root.gateways.length < leaf.gateways.length) return true;
    if (leaf.gateways.some((g: unknown) => !root.gateways.includes(g))) return true;
  }
  return false;
}

function stringMatchConflict(root: any, leaf: any): boolean {
  if (root === undefined || root === null || leaf === undefined || leaf === null) return false;
  if (nonEmpty(root.regex) || nonEmpty(leaf.regex)) return true;
  if (nonEmpty(root.exact)) {
    if (nonEmpty(leaf.prefix)) return true;
    return leaf.exact !== root.exact;
  }
  if (nonEmpty(root.prefix)) {
    if (nonEmpty(leaf.prefix)) return !String(leaf.prefix).startsWith(root.prefix);
    if (nonEmpty(leaf.exact)) return !String(leaf.exact).startsWith(root.prefix);
  }
  return true;
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}

function isMap(v: unknown): v is { [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : [];
}
