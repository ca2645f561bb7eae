/**
 * DestinationRule subsets as per-version Services.
 *
 * A VirtualService destination `{host, subset}` sends traffic to the pods of
 * the host's Service that also carry the subset's labels, with the
 * DestinationRule's traffic policy merged with the subset's own (istio/istio
 * pilot/pkg/networking/util/util.go `MergeTrafficPolicy`: each top-level
 * field the subset sets replaces the rule's). HTTPRoute backends have no
 * subsets, so each subset becomes a Service `<service>-<subset>` selecting
 * the Service's selector plus the subset labels, with the same ports, and a
 * DestinationRule for it carrying the merged policy.
 */
import { DNS_1035_LABEL_RE } from '../internal/names';
import { DOMAIN_SUFFIX } from '../istio-api/istio-hosts';
import { IstioApiModel, DestinationRuleInfo, SubsetInfo } from '../istio-api/istio-model';
import { Manifest } from '../manifests/manifest';
import { mapSelects, podLabelsOf } from '../manifests/pod-labels';

/** The name of the Service of a subset: `<service>-<subset>`, lower case, invalid characters replaced by `-`. @internal */
export function subsetServiceName(service: string, subset: string): string {
  const s = subset.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${service}-${s}`;
}

/** A per-version Service (and its DestinationRule) to emit, or why it cannot be. @internal */
export interface SubsetService {
  readonly namespace: string;
  readonly name: string;
  readonly objects: any[];
  /** Set when it cannot be made. */
  readonly problem?: string;
  readonly suggestion?: string;
  /** Notes (e.g. no workload in the input carries the labels). */
  readonly warnings: string[];
}

/** Builds per-version Services once per `namespace/service#subset`. @internal */
export class SubsetServices {
  private readonly made = new Map<string, SubsetService>();

  constructor(private readonly model: IstioApiModel) {}

  /** The Service for `subset` of Service `namespace/service`, as the gateway in `clientNamespace` resolves the DestinationRule. */
  public for(namespace: string, service: string, subsetName: string, clientNamespace: string): SubsetService {
    const key = `${namespace}/${service}#${subsetName}`;
    let s = this.made.get(key);
    if (!s) {
      s = this.make(namespace, service, subsetName, clientNamespace);
      this.made.set(key, s);
    }
    return s;
  }

  /** Every Service made (and its DestinationRule), sorted by namespace and name. */
  public get objects(): any[] {
    return [...this.made.values()].filter((s) => !s.problem)
      .sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1))
      .flatMap((s) => s.objects);
  }

  private make(namespace: string, service: string, subsetName: string, clientNamespace: string): SubsetService {
    const name = subsetServiceName(service, subsetName);
    const base = { namespace, name, objects: [], warnings: [] as string[] };
    const fqdn = `${service}.${namespace}.${DOMAIN_SUFFIX}`;
    const resolved = this.model.subset(fqdn, subsetName, clientNamespace);
    if (!resolved || !resolved.subset) {
      return {
        ...base,
        problem: resolved ? `DestinationRule ${resolved.destinationRule.key} defines no subset "${subsetName}" for ${fqdn}` : `no DestinationRule for ${fqdn} defines subset "${subsetName}" (Istio answers 503)`,
        suggestion: 'add the subset to the DestinationRule in the input, or route to the Service without a subset',
      };
    }
    const svc: Manifest | undefined = this.model.set.find('Service', '', namespace, service);
    if (!svc) {
      return { ...base, problem: `Service ${namespace}/${service} is not in the input: its selector is needed for the per-version Service ${name}`, suggestion: `add the Service ${namespace}/${service} manifest to the input` };
    }
    const selector = svc.object.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) {
      return { ...base, problem: `Service ${namespace}/${service} has no selector to narrow to subset "${subsetName}"`, suggestion: 'give the Service a selector, or route to it without a subset' };
    }
    if (name.length > 63 || !DNS_1035_LABEL_RE.test(name)) {
      return { ...base, problem: `the per-version Service name "${name}" is not a valid Service name (a DNS-1035 label of at most 63 characters)`, suggestion: 'rename the subset or the Service' };
    }
    const sub: SubsetInfo = resolved.subset;
    const dr: DestinationRuleInfo = resolved.destinationRule;
    const labels: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(selector)) labels[k] = String(v);
    for (const [k, v] of Object.entries(sub.labels)) labels[k] = v;
    const ports = (Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports : []).map((p: any) => {
      const out: any = {};
      for (const f of ['name', 'port', 'protocol', 'targetPort', 'appProtocol']) if (p?.[f] !== undefined) out[f] = p[f];
      return out;
    });
    const warnings: string[] = [];
    const workloads = [...this.model.set.ofKind('Deployment'), ...this.model.set.ofKind('StatefulSet')]
      .filter((w) => this.model.set.namespaceOf(w) === namespace);
    const selects = (w: Manifest) => mapSelects(labels, podLabelsOf(w));
    if (workloads.length > 0 && !workloads.some(selects)) {
      warnings.push(`no Deployment or StatefulSet in ${namespace} has pods with labels ${JSON.stringify(labels)}: Service ${name} has no endpoints`);
    }
    const objects: any[] = [{
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { ...(svc.object.metadata?.labels ?? {}), 'app.kubernetes.io/managed-by': 'cdk8s-istio-gateway-migrate' } },
      spec: { selector: labels, ports },
    }];
    const policy = mergeTrafficPolicy(dr.spec?.trafficPolicy, sub.trafficPolicy);
    if (policy) {
      const drSpec: any = { host: `${name}.${namespace}.${DOMAIN_SUFFIX}`, trafficPolicy: policy };
      if (Array.isArray(dr.spec?.exportTo)) drSpec.exportTo = dr.spec.exportTo;
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: dr.namespace },
        spec: drSpec,
      });
    }
    return { namespace, name, objects, warnings };
  }
}

/** The subset's policy over the rule's, top-level field by field (MergeTrafficPolicy); undefined when neither sets one. @internal */
export function mergeTrafficPolicy(top: any, subset: any): any {
  const isObj = (v: unknown): v is any => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(top) && !isObj(subset)) return undefined;
  const out: any = { ...(isObj(top) ? top : {}) };
  for (const [k, v] of Object.entries(isObj(subset) ? subset : {})) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
