import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { GATEWAY_GROUP, gatewayParentRefsOf, gatewaysOf, quoteList, refOf, routesOf } from './model';
import { nearestName } from './near-names';

/**
 * IGW1024: a route's parentRef names a Gateway that is declared external
 * (`IngressGateway.fromGatewayName`, `RouteParent.fromGatewayName`, or
 * `externalObjects`) and is not in the manifests. IGW1001 trusts such a
 * declaration, so a typo in the name or a forgotten namespace would pass
 * silently. When the manifests hold Gateways in that namespace, or a Gateway
 * of that name in another namespace, the declaration is most likely a
 * mistake: an error, with "did you mean". Otherwise a warning says the
 * Gateway must exist in the cluster.
 */
export const externalGatewayRef: Check = {
  id: 'IGW1024',
  title: 'route parentRef names a Gateway declared external: a typo, a forgotten namespace, or one the cluster must have',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    const gateways = gatewaysOf(set).map((g) => ({ manifest: g, namespace: set.namespaceOf(g), name: g.name }));
    for (const route of routesOf(set)) {
      for (const p of gatewayParentRefsOf(set, route)) {
        if (p.group !== GATEWAY_GROUP || set.find('Gateway', p.group, p.namespace, p.name)) continue;
        if (!externals.has('Gateway', p.namespace, p.name)) continue;
        const gwRef = refOf('Gateway', p.namespace, p.name);
        const declared = `parentRef names ${gwRef}, declared external (fromGatewayName or externalObjects) but not in the manifests`;
        const sameName = gateways.filter((g) => g.name === p.name);
        const inNamespace = gateways.filter((g) => g.namespace === p.namespace);
        if (sameName.length > 0) {
          const namespaces = [...new Set(sameName.map((g) => g.namespace))].sort();
          out.push(findingOf(this, route, {
            path: `${p.path}.namespace`,
            message: `${declared}; they have a Gateway "${p.name}" in namespace ${quoteList(namespaces)}: `
              + `did you mean namespace "${namespaces[0]}"?`,
            fix: `pass the namespace "${namespaces[0]}" to fromGatewayName (the parentRef namespace defaults to the route's, "${p.namespace}")`,
          }));
          continue;
        }
        if (inNamespace.length > 0) {
          const names = [...new Set(inNamespace.map((g) => g.name))].sort();
          const near = nearestName(p.name, names);
          out.push(findingOf(this, route, {
            path: `${p.path}.name`,
            message: `${declared}; in namespace "${p.namespace}" they have ${names.length === 1 ? 'only the Gateway' : 'the Gateways'} `
              + `${quoteList(names)}${near ? `: did you mean "${near}"?` : ''}`,
            fix: near
              ? `use the Gateway name "${near}", or disable IGW1024 if ${gwRef} really is managed outside this App`
              : `fix the Gateway name (one of ${quoteList(names)}), or disable IGW1024 if ${gwRef} really is managed outside this App`,
          }));
          continue;
        }
        // a typo and a forgotten namespace at once: a near name in any namespace
        const near = nearestName(p.name, [...new Set(gateways.map((g) => g.name))].sort());
        if (near) {
          const namespaces = [...new Set(gateways.filter((g) => g.name === near).map((g) => g.namespace))].sort();
          out.push(findingOf(this, route, {
            path: p.path,
            message: `${declared}; they have a Gateway "${near}" in namespace ${quoteList(namespaces)}: did you mean "${namespaces[0]}/${near}"?`,
            fix: `pass the name "${near}" and the namespace "${namespaces[0]}" to fromGatewayName (the parentRef namespace defaults to the route's, "${p.namespace}")`,
          }));
          continue;
        }
        const listener = p.sectionName !== undefined ? ` with a listener "${p.sectionName}"` : '';
        out.push(findingOf(this, route, {
          path: p.path,
          severity: Severity.WARNING,
          message: `parentRef names ${gwRef}, which is declared external: it is not in this App and must exist in the cluster${listener}`,
          fix: `make sure ${gwRef} exists in the cluster${listener} before the route is applied, or fix the reference`,
        }));
      }
    }
    return out;
  },
};

