import { resolveGateways, MESH_GATEWAY } from '../../istio-api/gateway-refs';
import { fqdnOf } from '../../istio-api/istio-hosts';
import { IstioApiModel, VirtualServiceInfo } from '../../istio-api/istio-model';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { quoteList } from './model';
import { nearestName } from './near-names';

/** A `destination` of a VirtualService route or mirror that names a subset. */
interface SubsetDestination {
  /** Field path of the destination, e.g. `spec.http[0].route[1].destination`. */
  readonly path: string;
  readonly host: string;
  readonly subset: string;
  /** The rule's own `match[].gateways`, resolved; empty when the rule has none. */
  readonly ruleGateways: string[];
}

/** The destinations with a subset of `http` (route and mirrors), `tls` and `tcp` routes. */
function subsetDestinations(vs: VirtualServiceInfo): SubsetDestination[] {
  const out: SubsetDestination[] = [];
  const add = (path: string, d: any, ruleGateways: string[]) => {
    if (typeof d?.host === 'string' && d.host !== '' && typeof d?.subset === 'string' && d.subset !== '') {
      out.push({ path, host: d.host, subset: d.subset, ruleGateways });
    }
  };
  const gatewaysOfRule = (rule: any): string[] => {
    const matches: any[] = Array.isArray(rule?.match) ? rule.match : [];
    const written = matches.flatMap((m) => (Array.isArray(m?.gateways) ? m.gateways : []));
    return written.length === 0 ? [] : resolveGateways(written, vs.namespace);
  };
  const lists: Array<[string, any[]]> = [['http', vs.http], ['tls', vs.tls], ['tcp', vs.tcp]];
  for (const [field, rules] of lists) {
    rules.forEach((rule, i) => {
      const gws = gatewaysOfRule(rule);
      (Array.isArray(rule.route) ? rule.route : []).forEach((r: any, j: number) => add(`spec.${field}[${i}].route[${j}].destination`, r?.destination, gws));
      if (field !== 'http') return;
      add(`spec.http[${i}].mirror`, rule.mirror, gws);
      (Array.isArray(rule.mirrors) ? rule.mirrors : []).forEach((m: any, j: number) => add(`spec.http[${i}].mirrors[${j}].destination`, m?.destination, gws));
    });
  }
  return out;
}

/** The namespace of the proxies a gateway key stands for: the Gateway's, or the VirtualService's for `mesh`. */
function clientNamespaceOf(gateway: string, vsNamespace: string): string {
  return gateway === MESH_GATEWAY ? vsNamespace : gateway.slice(0, gateway.indexOf('/'));
}

/**
 * IGW1060: a VirtualService destination (http/tls/tcp route, mirror, mirrors)
 * names a subset that the DestinationRule Istio applies to the host does not
 * define, or no DestinationRule for the host is visible to the proxy that
 * routes (istioctl IST0101 ReferencedResourceNotFound). Istio then builds a
 * cluster with no endpoints: the route answers 503 (`NR` / no healthy
 * upstream). The DestinationRule is looked up from the proxy's namespace
 * (pilot/pkg/model/push_context.go `destinationRule`): the Gateway's for a
 * gateway-bound VirtualService, the VirtualService's for `mesh`; a delegate
 * VirtualService is seen from the gateways of the VirtualServices that
 * delegate to it.
 */
export const istioVirtualServiceSubset: Check = {
  id: 'IGW1060',
  title: 'VirtualService destination subset not defined by the DestinationRule of its host',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const model = IstioApiModel.read(set);
    const out: Finding[] = [];
    for (const vs of model.virtualServices) {
      const destinations = subsetDestinations(vs);
      if (destinations.length === 0) continue;
      const vsGateways = vs.isDelegate ? gatewaysOfRoots(model, vs) : vs.gateways;
      for (const d of destinations) {
        const gateways = d.ruleGateways.length > 0 && !vs.isDelegate ? d.ruleGateways : vsGateways;
        const fqdn = fqdnOf(d.host, vs.namespace);
        const reported = new Set<string>();
        for (const client of [...new Set(gateways.map((g) => clientNamespaceOf(g, vs.namespace)))].sort()) {
          const found = model.subset(fqdn, d.subset, client);
          if (found?.subset) continue;
          const key = found ? found.destinationRule.key : `none:${client}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const seenFrom = client === vs.namespace && gateways.includes(MESH_GATEWAY) ? `sidecars in namespace "${client}"` : `gateways in namespace "${client}"`;
          if (found) {
            const names = found.destinationRule.subsets.map((s) => s.name);
            const near = nearestName(d.subset, names);
            out.push(findingOf(this, vs.manifest, {
              path: `${d.path}.subset`,
              message: `subset "${d.subset}" of host "${d.host}" is not defined by DestinationRule ${found.destinationRule.key}, `
                + `the rule Istio applies to ${fqdn} for ${seenFrom} (its subsets: ${names.length > 0 ? quoteList(names) : 'none'}); requests routed there get 503`,
              fix: `${near ? `did you mean "${near}"? ` : ''}add subset "${d.subset}" to DestinationRule ${found.destinationRule.key}, or route to one of its subsets`,
            }));
            continue;
          }
          const elsewhere = model.destinationRules
            .filter((dr) => dr.fqdn === fqdn && dr.subsets.some((s) => s.name === d.subset)).map((dr) => dr.key);
          out.push(findingOf(this, vs.manifest, {
            path: `${d.path}.subset`,
            message: `subset "${d.subset}" of host "${d.host}" (${fqdn}) is defined by no DestinationRule visible to ${seenFrom}`
              + (elsewhere.length > 0 ? ` (DestinationRule ${elsewhere.join(', ')} defines it but is not exported to "${client}")` : '')
              + '; requests routed there get 503',
            fix: elsewhere.length > 0
              ? `add "${client}" (or "*") to spec.exportTo of DestinationRule ${elsewhere[0]}`
              : `add a DestinationRule with host "${fqdn}" and subset "${d.subset}" (labels selecting that version's pods), or remove the subset`,
          }));
        }
      }
    }
    return out;
  },
};

/** The gateways of the VirtualServices whose `http[].delegate` names `delegate`. */
function gatewaysOfRoots(model: IstioApiModel, delegate: VirtualServiceInfo): string[] {
  const out = new Set<string>();
  for (const root of model.virtualServices) {
    if (root.isDelegate) continue;
    const delegates = root.http.some((r) => typeof r?.delegate?.name === 'string' && r.delegate.name === delegate.name
      && (r.delegate.namespace || root.namespace) === delegate.namespace);
    if (delegates) root.gateways.forEach((g) => out.add(g));
  }
  return [...out];
}
