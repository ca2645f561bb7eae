import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { attachmentTo, GATEWAY_GROUP, gatewayListeners, hostnamesIntersect, refOf } from './model';
import { isGatewayTarget, policyTargets, SECURITY_GROUP } from './security-model';

/** What a gateway's routes serve: hosts (`undefined` = any) and path matches. */
interface Served {
  readonly hosts: Array<string | undefined>;
  /** `{ type, value }` of every path match; a rule without matches serves `PathPrefix /`. */
  readonly paths: Array<{ type: string; value: string }>;
}

/**
 * IGW1042: an ALLOW AuthorizationPolicy on a Gateway of the set whose rules
 * match no host or path that the routes attached to the Gateway serve. With
 * an ALLOW policy in place, Istio denies every request no ALLOW rule
 * matches, so the gateway answers 403 to all its routes (typically a typo
 * in a host or path, or `/api` where the routes serve `/v1/api`).
 * Rules with `notHosts`/`notPaths`, suffix paths or regular-expression
 * routes are taken as possibly matching.
 */
export const allowPolicyUnreachable: Check = {
  id: 'IGW1042',
  title: 'ALLOW policy on a gateway matches nothing its routes serve',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const ap of set.ofKind('AuthorizationPolicy', SECURITY_GROUP)) {
      if ((ap.object.spec?.action ?? 'ALLOW') !== 'ALLOW') continue;
      const rules = ap.object.spec?.rules;
      if (!Array.isArray(rules) || rules.length === 0) continue; // allow-nothing is explicit
      const ns = set.namespaceOf(ap);
      for (const t of policyTargets(ap).filter(isGatewayTarget)) {
        const gateway = set.find('Gateway', GATEWAY_GROUP, ns, t.name);
        if (!gateway) continue; // IGW1040
        const served = servedBy(set, gateway);
        if (served.paths.length === 0) continue; // no routes in the set: they may be managed elsewhere
        if (rules.some((r: any) => ruleMayMatch(r, served))) continue;
        out.push(findingOf(this, ap, {
          path: 'spec.rules',
          message: `no rule of this ALLOW policy matches a host and path that the routes of ${refOf('Gateway', ns, t.name)} serve `
            + `(${describe(served)}), so the gateway denies every request with 403`,
          fix: 'fix the hosts and paths in rules[].to[].operation to those of the routes, or use action DENY for the requests to refuse',
        }));
      }
    }
    return out;
  },
};

function servedBy(set: ManifestSet, gateway: Manifest): Served {
  const hosts: Array<string | undefined> = [];
  const paths: Array<{ type: string; value: string }> = [];
  const listeners = gatewayListeners(set, gateway).listeners;
  for (const route of [...set.ofKind('HTTPRoute', GATEWAY_GROUP), ...set.ofKind('GRPCRoute', GATEWAY_GROUP)]) {
    let attached = false;
    for (const l of listeners) {
      const a = attachmentTo(set, l, route);
      if (!a) continue;
      attached = true;
      if (a.hostnames.length === 0) hosts.push(l.hostname);
      else hosts.push(...a.hostnames);
    }
    if (!attached) continue;
    const rules = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [{}];
    for (const rule of rules) {
      const matches = Array.isArray(rule?.matches) && rule.matches.length > 0 ? rule.matches : [{}];
      for (const m of matches) {
        if (route.kind === 'GRPCRoute') paths.push({ type: 'PathPrefix', value: '/' });
        else paths.push({ type: m?.path?.type ?? 'PathPrefix', value: typeof m?.path?.value === 'string' ? m.path.value : '/' });
      }
    }
  }
  return { hosts, paths };
}

function ruleMayMatch(rule: any, served: Served): boolean {
  const to = Array.isArray(rule?.to) ? rule.to : [];
  if (to.length === 0) return true;
  return to.some((t: any) => {
    const op = t?.operation ?? {};
    const hostsOk = !Array.isArray(op.hosts) || op.hosts.some((h: any) => typeof h === 'string' && served.hosts.some((s) => hostMayMatch(h, s)));
    const pathsOk = !Array.isArray(op.paths) || op.paths.some((p: any) => typeof p === 'string' && served.paths.some((s) => pathMayMatch(p, s)));
    return hostsOk && pathsOk;
  });
}

/** Whether an AuthorizationPolicy host pattern can match a host a listener/route serves (`undefined`: any). */
function hostMayMatch(pattern: string, served: string | undefined): boolean {
  if (served === undefined || pattern === '*') return true;
  const p = pattern.toLowerCase().replace(/:[0-9*]+$/, '');
  if (p.startsWith('*')) return served.startsWith('*') || served.endsWith(p.slice(1));
  if (p.endsWith('*')) return served.startsWith('*') || served.startsWith(p.slice(0, -1));
  return hostnamesIntersect(p, served);
}

/** Whether an AuthorizationPolicy path pattern can match a request a route's path match serves. */
function pathMayMatch(pattern: string, served: { type: string; value: string }): boolean {
  if (served.type === 'RegularExpression' || pattern === '*' || pattern.startsWith('*')) return true;
  const routePrefix = served.value.endsWith('/') ? served.value : `${served.value}/`;
  if (pattern.includes('{*}') || pattern.includes('{**}')) {
    const re = new RegExp(`^${pattern.split('/').map((s) => (s === '{*}' ? '[^/]+' : s === '{**}' ? '.+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
    if (served.type === 'Exact') return re.test(served.value);
    const literal = pattern.slice(0, pattern.indexOf('{'));
    return literal.startsWith(routePrefix) || routePrefix.startsWith(literal) || served.value === '/';
  }
  if (pattern.endsWith('*')) {
    const p = pattern.slice(0, -1);
    if (served.type === 'Exact') return served.value.startsWith(p);
    return p.startsWith(routePrefix) || routePrefix.startsWith(p) || served.value.startsWith(p) || served.value === '/';
  }
  if (served.type === 'Exact') return served.value === pattern;
  return served.value === '/' || pattern === served.value || pattern.startsWith(routePrefix);
}

function describe(served: Served): string {
  const hosts = [...new Set(served.hosts.map((h) => h ?? '*'))];
  const paths = [...new Set(served.paths.map((p) => `${p.type === 'Exact' ? '' : p.type === 'PathPrefix' ? 'prefix ' : 'regex '}${p.value}`))];
  return `hosts ${hosts.join(', ')}; paths ${paths.slice(0, 8).join(', ')}${paths.length > 8 ? ', ...' : ''}`;
}
