import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { ISTIO_NETWORKING_GROUP, destinationRuleTarget } from './destination-rule-host';
import { backendRefsOf, gatewayParentRefsOf, isServiceRef, refOf, routesOf } from './model';

/**
 * IGW1020: a DestinationRule for a Service that a Gateway routes to is not
 * exported to the Gateway's namespace (`exportTo` without `*` or that
 * namespace). Istio turns Gateway API routes into gateway-side routing, so the
 * DestinationRule must be visible where the gateway runs; otherwise its
 * traffic policy (load balancing, connection pool, outlier detection, TLS) does
 * not apply to ingress traffic.
 */
export const destinationRuleExport: Check = {
  id: 'IGW1020',
  title: 'DestinationRule not exported to the namespace of a Gateway that routes to its host',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    // Service (ns/name) -> namespaces of the Gateways whose routes reach it.
    const gatewayNamespaces = new Map<string, Set<string>>();
    for (const route of routesOf(set)) {
      const gwNamespaces = gatewayParentRefsOf(set, route)
        .filter((p) => set.find('Gateway', p.group, p.namespace, p.name))
        .map((p) => p.namespace);
      if (gwNamespaces.length === 0) continue;
      for (const b of backendRefsOf(set, route).filter(isServiceRef)) {
        const key = `${b.namespace}/${b.name}`;
        const s = gatewayNamespaces.get(key) ?? new Set<string>();
        gwNamespaces.forEach((n) => s.add(n));
        gatewayNamespaces.set(key, s);
      }
    }
    for (const dr of set.ofKind('DestinationRule', ISTIO_NETWORKING_GROUP)) {
      const svc = destinationRuleTarget(set, dr)?.service;
      const exportTo = dr.object.spec?.exportTo;
      if (!svc || !Array.isArray(exportTo) || exportTo.length === 0) continue;
      const drNs = set.namespaceOf(dr);
      const visibleIn = (ns: string) => exportTo.includes('*') || exportTo.includes(ns) || (exportTo.includes('.') && ns === drNs);
      const hidden = [...(gatewayNamespaces.get(`${svc.namespace}/${svc.name}`) ?? [])].filter((ns) => !visibleIn(ns)).sort();
      if (hidden.length === 0) continue;
      out.push(findingOf(this, dr, {
        path: 'spec.exportTo',
        message: `exportTo ${JSON.stringify(exportTo)} hides this DestinationRule from namespace ${hidden.map((n) => `"${n}"`).join(', ')}, `
          + `where a Gateway routes to ${refOf('Service', svc.namespace, svc.name)}; its traffic policy does not apply to that ingress traffic`,
        fix: `add ${hidden.map((n) => `"${n}"`).join(', ')} to exportTo (or remove exportTo to export it everywhere)`,
      }));
    }
    return out;
  },
};
