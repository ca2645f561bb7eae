import { expectedReferenceGrant, GrantPermission, referenceGrantName } from '../../gateway-api/reference-grant-name';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, FindingDetails, findingOf } from './check';
import {
  GATEWAY_GROUP, backendRefsOf, certificateRefsOf, gatewaysOf, managesKindIn, refOf, referenceGranted, routesOf,
} from './model';

/** Route kinds whose backendRefs need a ReferenceGrant to cross namespaces. */
const GRANTED_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** A cross-namespace reference found in the set. */
interface CrossReference {
  readonly from: { readonly group: string; readonly kind: string; readonly namespace: string };
  readonly to: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string };
  /** Who refers, for the message: `HTTPRoute in namespace "shop"`, `listener "https"`. */
  readonly referrer: string;
}

/**
 * IGW1005: a cross-namespace backendRef (routes to Services) or listener
 * certificateRef (Gateway to Secret) without a ReferenceGrant in the target
 * namespace that allows it. The reference is then `RefNotPermitted`.
 *
 * The finding is a warning, not an error, when the grant may be managed
 * elsewhere: when the target namespace has no objects in the set, or when
 * the referring construct declared the grant as expected to exist
 * (`ReferenceGrantPolicy.EXPECT_EXISTING`, which declares `ReferenceGrant
 * <namespace>/<name>` external). The latter names the namespace whose owner
 * must create the grant and the fields it needs.
 */
export const missingReferenceGrant: Check = {
  id: 'IGW1005',
  title: 'cross-namespace backendRef or certificateRef without a ReferenceGrant',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    const report = (ref: CrossReference): FindingDetails | undefined => {
      const { from, to } = ref;
      if (referenceGranted(set, from, to.namespace, to)) return undefined;
      const target = refOf(to.kind, to.namespace, to.name);
      const expected = expectedReferenceGrant(externals, from, to.namespace, to);
      if (expected) {
        return {
          severity: Severity.WARNING,
          message: `${ref.referrer} refers to ${target}; the ReferenceGrant that allows it is expected to exist but is not in the manifests: `
            + `the owner of namespace "${to.namespace}" must create it`,
          fix: `the owner of namespace "${to.namespace}" applies ${grantYaml(expected)}`,
        };
      }
      const known = !!set.find(to.kind, to.group, to.namespace, to.name) || managesKindIn(set, GATEWAY_GROUP, 'ReferenceGrant', to.namespace);
      return {
        severity: known ? Severity.ERROR : Severity.WARNING,
        message: `${ref.referrer} refers to ${target} and no ReferenceGrant in "${to.namespace}" allows it`
          + (known ? '' : ` (neither the ${to.kind} nor a ReferenceGrant in "${to.namespace}" is in the manifests, so they may be managed elsewhere)`),
        fix: `add a ReferenceGrant in namespace "${to.namespace}" from {group: ${from.group}, kind: ${from.kind}, namespace: ${from.namespace}} `
          + `to {group: "${to.group}", kind: ${to.kind}, name: ${to.name}}`,
      };
    };
    for (const route of routesOf(set).filter((r) => GRANTED_ROUTE_KINDS.includes(r.kind))) {
      const routeNs = set.namespaceOf(route);
      for (const b of backendRefsOf(set, route)) {
        if (b.namespace === routeNs) continue;
        const finding = report({
          from: { group: GATEWAY_GROUP, kind: route.kind, namespace: routeNs },
          to: { group: b.group, kind: b.kind, namespace: b.namespace, name: b.name },
          referrer: `${route.kind} in namespace "${routeNs}"`,
        });
        if (finding) out.push(findingOf(this, route, { ...finding, path: `${b.path}.namespace` }));
      }
    }
    for (const gateway of gatewaysOf(set)) {
      const gwNs = set.namespaceOf(gateway);
      for (const c of certificateRefsOf(set, gateway)) {
        if (c.namespace === gwNs) continue;
        const finding = report({
          from: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gwNs },
          to: { group: c.group, kind: c.kind, namespace: c.namespace, name: c.name },
          referrer: `listener "${c.listener.name}"`,
        });
        if (finding) out.push(findingOf(this, gateway, { ...finding, path: `${c.path}.namespace` }));
      }
    }
    return out;
  },
};

/** The ReferenceGrant of a permission, as the fields to write, on one line. */
function grantYaml(p: GrantPermission): string {
  const to = `{group: "${p.toGroup}", kind: ${p.toKind}${p.toName ? `, name: ${p.toName}` : ''}}`;
  return `apiVersion: ${GATEWAY_GROUP}/v1, kind: ReferenceGrant, metadata: {name: ${referenceGrantName(p)}, namespace: ${p.toNamespace}}, `
    + `spec: {from: [{group: ${p.fromGroup}, kind: ${p.fromKind}, namespace: ${p.fromNamespace}}], to: [${to}]}`;
}
