import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import {
  GATEWAY_GROUP, backendRefsOf, certificateRefsOf, gatewaysOf, managesKindIn, refOf, referenceGranted, routesOf,
} from './model';

/** Route kinds whose backendRefs need a ReferenceGrant to cross namespaces. */
const GRANTED_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/**
 * IGW1005: a cross-namespace backendRef (routes to Services) or listener
 * certificateRef (Gateway to Secret) without a ReferenceGrant in the target
 * namespace that allows it. The reference is then `RefNotPermitted`. When the
 * target namespace has no objects in the set, the grant may be managed
 * elsewhere and the finding is a warning.
 */
export const missingReferenceGrant: Check = {
  id: 'IGW1005',
  title: 'cross-namespace backendRef or certificateRef without a ReferenceGrant',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const route of routesOf(set).filter((r) => GRANTED_ROUTE_KINDS.includes(r.kind))) {
      const routeNs = set.namespaceOf(route);
      for (const b of backendRefsOf(set, route)) {
        if (b.namespace === routeNs) continue;
        const from = { group: GATEWAY_GROUP, kind: route.kind, namespace: routeNs };
        if (referenceGranted(set, from, b.namespace, { group: b.group, kind: b.kind, name: b.name })) continue;
        const known = !!set.find(b.kind, b.group, b.namespace, b.name) || managesKindIn(set, GATEWAY_GROUP, 'ReferenceGrant', b.namespace);
        out.push(findingOf(this, route, {
          path: `${b.path}.namespace`,
          severity: known ? Severity.ERROR : Severity.WARNING,
          message: `${route.kind} in namespace "${routeNs}" refers to ${refOf(b.kind, b.namespace, b.name)} and no ReferenceGrant in "${b.namespace}" allows it`
            + (known ? '' : ` (neither the ${b.kind} nor a ReferenceGrant in "${b.namespace}" is in the manifests, so they may be managed elsewhere)`),
          fix: `add a ReferenceGrant in namespace "${b.namespace}" from {group: ${GATEWAY_GROUP}, kind: ${route.kind}, namespace: ${routeNs}} `
            + `to {group: "${b.group}", kind: ${b.kind}, name: ${b.name}}`,
        }));
      }
    }
    for (const gateway of gatewaysOf(set)) {
      const gwNs = set.namespaceOf(gateway);
      for (const c of certificateRefsOf(set, gateway)) {
        if (c.namespace === gwNs) continue;
        const from = { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gwNs };
        if (referenceGranted(set, from, c.namespace, { group: c.group, kind: c.kind, name: c.name })) continue;
        const known = !!set.find(c.kind, c.group, c.namespace, c.name) || managesKindIn(set, GATEWAY_GROUP, 'ReferenceGrant', c.namespace);
        out.push(findingOf(this, gateway, {
          path: `${c.path}.namespace`,
          severity: known ? Severity.ERROR : Severity.WARNING,
          message: `listener "${c.listener.name}" refers to ${refOf(c.kind, c.namespace, c.name)} and no ReferenceGrant in "${c.namespace}" allows it`
            + (known ? '' : ` (neither the ${c.kind} nor a ReferenceGrant in "${c.namespace}" is in the manifests, so they may be managed elsewhere)`),
          fix: `add a ReferenceGrant in namespace "${c.namespace}" from {group: ${GATEWAY_GROUP}, kind: Gateway, namespace: ${gwNs}} `
            + `to {group: "${c.group}", kind: ${c.kind}, name: ${c.name}}`,
        }));
      }
    }
    return out;
  },
};
