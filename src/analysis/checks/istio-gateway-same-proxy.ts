import { fqdnOf, istioHostIntersection, serviceOfFqdn } from '../../istio-api/istio-hosts';
import { IstioApiModel, IstioGatewayInfo, IstioServer } from '../../istio-api/istio-model';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { gatewaysOf, Listener, listenersOf, mapSelects, refOf } from './model';
import { DEFAULT_INGRESS_LABELS } from '../../istio-api/gateway-workload';
import { podLabelsOf } from '../../manifests/pod-labels';

/** The controller of Istio's `istio` GatewayClass. */
const ISTIO_CONTROLLER = 'istio.io/gateway-controller';

/** Labels Istio puts on the pods it deploys for a Gateway API Gateway (the second on older releases). */
const GATEWAY_NAME_LABELS = ['gateway.networking.k8s.io/gateway-name', 'istio.io/gateway-name'];

/** The labels of the `istio-ingressgateway` pods of Istio's default install profile. */

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** The pods a Gateway API Gateway runs on, as label sets, and how they were found. */
interface GatewayPods {
  readonly labels: Array<{ [k: string]: string }>;
  /** E.g. `its deployed pods (gateway.networking.k8s.io/gateway-name: web)`. */
  readonly how: string;
}

/** Whether Istio implements a Gateway API Gateway (class `istio`, or a GatewayClass of Istio's controller in the set). */
function isIstioClass(set: ManifestSet, gw: Manifest): boolean {
  const cls = String(gw.object.spec?.gatewayClassName ?? '');
  if (cls === 'istio') return true;
  const gc = set.ofKind('GatewayClass').find((c) => c.name === cls);
  return gc?.object.spec?.controllerName === ISTIO_CONTROLLER;
}

/**
 * The pods of a Gateway API Gateway: with one `Hostname` address Istio
 * deploys nothing and uses the pods of that Service (manual deployment,
 * pilot/pkg/config/kube/gatewaycommon/gateway_utils.go `IsManaged`);
 * otherwise it deploys pods labelled with the Gateway's name
 * (deploymentcontroller.go) plus `spec.infrastructure.labels`.
 */
function podsOf(set: ManifestSet, gw: Manifest): GatewayPods {
  const ns = set.namespaceOf(gw);
  const addresses: any[] = Array.isArray(gw.object.spec?.addresses) ? gw.object.spec.addresses : [];
  if (addresses.length === 1 && addresses[0]?.type === 'Hostname' && typeof addresses[0]?.value === 'string') {
    const value: string = addresses[0].value;
    const svc = serviceOfFqdn(fqdnOf(value, ns));
    if (!svc) return { labels: [], how: '' };
    const service = set.find('Service', '', svc.namespace, svc.name);
    const selector: { [k: string]: string } | undefined = service?.object.spec?.selector
      ?? (svc.namespace === 'istio-system' && svc.name === 'istio-ingressgateway' ? DEFAULT_INGRESS_LABELS : undefined);
    if (!selector || Object.keys(selector).length === 0) return { labels: [], how: '' };
    const workloads = WORKLOAD_KINDS.flatMap((k) => set.ofKind(k))
      .filter((w) => set.namespaceOf(w) === svc.namespace)
      .map((w) => podLabelsOf(w))
      .filter((l) => mapSelects(selector, l));
    const sel = Object.entries(selector).map(([k, v]) => `${k}: ${v}`).join(', ');
    return {
      labels: workloads.length > 0 ? workloads : [selector],
      how: `the pods of ${refOf('Service', svc.namespace, svc.name)} (address "${value}", selector ${sel}${service ? '' : ', Istio\'s default ingress gateway labels'})`,
    };
  }
  const extra: { [k: string]: string } = {};
  const infra = gw.object.spec?.infrastructure?.labels;
  if (infra && typeof infra === 'object') for (const [k, v] of Object.entries(infra)) extra[k] = String(v);
  return {
    labels: GATEWAY_NAME_LABELS.map((l) => ({ ...extra, [l]: gw.name })),
    how: `the pods Istio deploys for it in namespace "${ns}" (labelled ${GATEWAY_NAME_LABELS[0]}: ${gw.name})`,
  };
}

/** Plain (not TLS) HTTP on either side. */
function serverIsPlainHttp(s: IstioServer): boolean {
  return !s.tls && ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB'].includes(s.protocol);
}

function serverIsTls(s: IstioServer): boolean {
  return !!s.tls || s.protocol === 'HTTPS' || s.protocol === 'TLS';
}

function listenerIsTls(l: Listener): boolean {
  return l.protocol === 'HTTPS' || l.protocol === 'TLS';
}

/** The hosts a server and a listener (no hostname: every host) both claim. */
function commonHosts(s: IstioServer, l: Listener): string[] {
  const lh = l.hostname ?? '*';
  return [...new Set(s.hosts.map((h) => istioHostIntersection(h.dnsName, lh)).filter((x): x is string => !!x))];
}

/**
 * IGW1065: an Istio Gateway (networking.istio.io) and a Gateway API Gateway
 * claim the same port, and host, on the same proxy: the Istio Gateway's
 * `selector` selects the pods that serve the Gateway API Gateway (the pods
 * Istio deploys for it, labelled `gateway.networking.k8s.io/gateway-name`,
 * or, with a `Hostname` address, the pods of that Service, such as
 * `istio-ingressgateway.istio-system.svc.cluster.local`).
 *
 * Istio merges every Gateway that selects a proxy into one
 * (pilot/pkg/model/gateway.go `mergeGateways`): plain HTTP servers of a port
 * share one route configuration, so VirtualService rules and HTTPRoute rules
 * for the same host end up in one virtual host in VirtualService order
 * (first match, catch-alls last: pilot/pkg/networking/core/gateway.go),
 * not Gateway API precedence (a warning). TLS servers of a port are told
 * apart by SNI and a server whose hosts repeat one already merged is skipped
 * ("skipping server ... duplicate host names"), and a plain text and a TLS
 * server cannot share a port ("conflict with existing server"): one of the
 * two Gateways silently stops serving there (an error).
 */
export const istioGatewaySameProxy: Check = {
  id: 'IGW1065',
  title: 'Istio Gateway and Gateway API Gateway claim the same port and host on the same proxy',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const model = IstioApiModel.read(set);
    if (model.gateways.length === 0) return [];
    const out: Finding[] = [];
    for (const kg of gatewaysOf(set).filter((g) => isIstioClass(set, g))) {
      const pods = podsOf(set, kg);
      const kgRef = refOf('Gateway', set.namespaceOf(kg), kg.name);
      for (const ig of model.gateways) {
        if (!selects(ig, pods)) continue;
        const sel = Object.entries(ig.selector).map(([k, v]) => `${k}: ${v}`).join(', ');
        const proxy = `its selector (${sel}) selects ${pods.how}, which serve ${kgRef}`;
        for (const s of ig.servers) {
          for (const l of listenersOf(set, kg).filter((x) => x.port === s.port)) {
            const where = `${kgRef} ${l.path} (listener "${l.name}", ${l.protocol}${l.hostname ? ` ${l.hostname}` : ''})`;
            const sTls = serverIsTls(s);
            const lTls = listenerIsTls(l);
            if (sTls !== lTls) {
              out.push(findingOf(this, ig.manifest, {
                path: `spec.servers[${s.index}]`,
                message: `server port ${s.port} (${s.protocol}) and ${where} share port ${s.port} on the same pods: ${proxy}; `
                  + 'Istio cannot put a plain text and a TLS server on one port, keeps the one it merges first and skips the other',
                fix: `use a different port on one of them, or stop selecting the pods of ${kgRef} (change spec.selector)`,
              }));
              continue;
            }
            const hosts = commonHosts(s, l);
            if (hosts.length === 0) continue;
            if (sTls) {
              out.push(findingOf(this, ig.manifest, {
                path: `spec.servers[${s.index}]`,
                message: `server port ${s.port} and ${where} both claim host ${hosts.map((h) => `"${h}"`).join(', ')} on the same pods: ${proxy}; `
                  + 'TLS servers of one port are told apart by SNI, and Istio skips a server whose hosts repeat one already merged, so one of the two Gateways stops serving that host',
                fix: `serve the host from one Gateway only (migrate it to ${kgRef}, or remove it from this server), or stop selecting the pods of ${kgRef}`,
              }));
            } else if (serverIsPlainHttp(s) && l.protocol === 'HTTP') {
              out.push(findingOf(this, ig.manifest, {
                path: `spec.servers[${s.index}]`,
                severity: Severity.WARNING,
                message: `server port ${s.port} and ${where} both claim host ${hosts.map((h) => `"${h}"`).join(', ')} on the same pods: ${proxy}; `
                  + 'Istio merges both into one HTTP route configuration, so the VirtualServices\' and the HTTPRoutes\' rules for that host share one virtual host '
                  + 'and are matched first-match in Istio\'s order (catch-alls last), not by Gateway API precedence',
                fix: `serve the host from one Gateway only (move the VirtualService rules into HTTPRoutes on ${kgRef}, or the other way), or stop selecting the pods of ${kgRef}`,
              }));
            }
          }
        }
      }
    }
    return out;
  },
};

/** Whether an Istio Gateway's selector selects some of the pods (an empty selector is left out: it cannot be decided here). */
function selects(ig: IstioGatewayInfo, pods: GatewayPods): boolean {
  if (Object.keys(ig.selector).length === 0) return false;
  return pods.labels.some((l) => mapSelects(ig.selector, l));
}
