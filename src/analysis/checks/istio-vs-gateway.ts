import { GATEWAY_GROUP } from '../../gateway-api/gateway-api';
import { MESH_GATEWAY, resolveGatewayName } from '../../istio-api/gateway-refs';
import { ISTIO_NETWORKING_GROUP, IstioApiModel, VirtualServiceInfo } from '../../istio-api/istio-model';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { managedElsewhere, managesKindIn, refOf } from './model';
import { nearestName } from './near-names';

/** A gateway reference written in a VirtualService, with its field path. */
interface GatewayRef {
  readonly path: string;
  readonly raw: string;
  /** `namespace/name`, or `mesh`. */
  readonly key: string;
}

/** `spec.gateways[]` and the `match[].gateways[]` of http/tls/tcp rules, resolved (pilot/pkg/model/virtualservice.go `resolveGatewayName`). */
function gatewayRefs(vs: VirtualServiceInfo): GatewayRef[] {
  const out: GatewayRef[] = [];
  const add = (path: string, list: unknown) => {
    if (!Array.isArray(list)) return;
    list.forEach((g, i) => {
      if (typeof g === 'string' && g !== '') out.push({ path: `${path}[${i}]`, raw: g, key: resolveGatewayName(g, vs.namespace) });
    });
  };
  add('spec.gateways', vs.manifest.object.spec?.gateways);
  const lists: Array<[string, any[]]> = [['http', vs.http], ['tls', vs.tls], ['tcp', vs.tcp]];
  for (const [field, rules] of lists) {
    rules.forEach((rule, i) => (Array.isArray(rule.match) ? rule.match : []).forEach((m: any, j: number) => add(`spec.${field}[${i}].match[${j}].gateways`, m?.gateways)));
  }
  return out;
}

/**
 * IGW1061: a VirtualService bound (`spec.gateways`, or a rule's
 * `match[].gateways`) to an Istio Gateway that is not in the manifests and
 * not declared external: Istio binds it to no proxy for that name, so the
 * routes are silently ignored there. Also (as a warning, istioctl IST0132
 * VirtualServiceHostNotFoundInGateway) a host of the VirtualService that no
 * server of a bound Gateway exposes: that gateway serves no route for it
 * (pilot/pkg/networking/core/gateway.go builds virtual hosts only for the
 * intersection of server hosts and VirtualService hosts).
 */
export const istioVirtualServiceGateway: Check = {
  id: 'IGW1061',
  title: 'VirtualService bound to a Gateway that is not in the manifests, or with a host no bound Gateway exposes',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const model = IstioApiModel.read(set);
    const out: Finding[] = [];
    for (const vs of model.virtualServices) {
      for (const ref of gatewayRefs(vs)) {
        if (ref.key === MESH_GATEWAY || model.gateway(ref.key)) continue;
        const slash = ref.key.indexOf('/');
        const namespace = ref.key.slice(0, slash);
        const name = ref.key.slice(slash + 1);
        if (externals.has('Gateway', namespace, name)) continue;
        const gwRef = refOf('Gateway', namespace, name);
        if (set.find('Gateway', GATEWAY_GROUP, namespace, name)) {
          out.push(findingOf(this, vs.manifest, {
            path: ref.path,
            message: `"${ref.raw}" names ${gwRef}, a Gateway API (gateway.networking.k8s.io) Gateway; a VirtualService binds only to networking.istio.io Gateways, so it is ignored there`,
            fix: `attach an HTTPRoute to ${gwRef} instead, or bind the VirtualService to an Istio Gateway`,
          }));
          continue;
        }
        const known = managesKindIn(set, ISTIO_NETWORKING_GROUP, 'Gateway', namespace);
        const near = nearestName(name, model.gateways.filter((g) => g.namespace === namespace).map((g) => g.name));
        const other = model.gateways.filter((g) => g.name === name).map((g) => g.namespace).sort()[0];
        const hint = near ? `did you mean "${near}"? ` : other ? `did you mean "${other}/${name}"? ` : '';
        const legacy = ref.raw.includes('/') || !ref.raw.includes('.') ? ''
          : ` ("${ref.raw}" is read as name "${name}" in namespace "${namespace}")`;
        out.push(findingOf(this, vs.manifest, {
          path: ref.path,
          severity: known ? Severity.ERROR : Severity.WARNING,
          message: `"${ref.raw}" names ${gwRef}${legacy}, which is not in the manifests`
            + (known ? '; Istio ignores the VirtualService for that gateway' : ` (${managedElsewhere('Gateway', namespace)})`),
          fix: `${hint}${known ? `fix the gateway reference (namespace/name), or add ${gwRef}` : `make sure ${gwRef} exists in the cluster (or declare it external), or fix the reference`}`,
        }));
      }
      hostsNotExposed(this, model, vs, out);
    }
    return out;
  },
};

/** IST0132: hosts of `vs` that no server of a bound Gateway (in the set) exposes. */
function hostsNotExposed(check: Check, model: IstioApiModel, vs: VirtualServiceInfo, out: Finding[]): void {
  for (const key of vs.gateways) {
    const gw = key === MESH_GATEWAY ? undefined : model.gateway(key);
    if (!gw || gw.servers.length === 0) continue;
    const served = new Set(gw.servers.flatMap((s) => model.hostsServed(s, vs)));
    vs.hosts.forEach((h, i) => {
      if (served.has(h)) return;
      const exposed = [...new Set(gw.servers.flatMap((s) => s.hosts.map((sh) => sh.raw)))];
      out.push(findingOf(check, vs.manifest, {
        path: `spec.hosts[${i}]`,
        severity: Severity.WARNING,
        message: `host "${vs.rawHosts[i]}" is not exposed to namespace "${vs.namespace}" by any server of Gateway ${gw.key} (its server hosts: ${exposed.map((x) => `"${x}"`).join(', ') || 'none'}); that gateway serves no route for it`,
        fix: `add "${vs.rawHosts[i]}" (or "${vs.namespace}/${vs.rawHosts[i]}") to a server's hosts of Gateway ${gw.key}, or remove the host`,
      }));
    });
  }
}
