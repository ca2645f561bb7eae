import { destinationRuleFor, DestinationRuleIndex, DestinationRuleLike } from './destination-rule-lookup';
import { resolveGateways } from './gateway-refs';
import { fqdnOf, istioHostsIntersect, serviceOfFqdn } from './istio-hosts';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/** The API group of Istio's networking API (Gateway, VirtualService, DestinationRule). */
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/** The model of each ManifestSet read without a filter (sets do not change once built). */
const READ = new WeakMap<ManifestSet, IstioApiModel>();

/** One `hosts` entry of an Istio Gateway server: `[namespace/]dnsName`. */
export interface ServerHost {
  /** The host as written. */
  readonly raw: string;
  /**
   * Which VirtualServices may serve it: `*` (any namespace), a namespace,
   * or `~` (none). `./host` is already replaced by the Gateway's namespace.
   */
  readonly namespace: string;
  /** The DNS name (lower case), `*` for every host. */
  readonly dnsName: string;
}

/** A server of an Istio Gateway. */
export interface IstioServer {
  /** The Gateway, `namespace/name`. */
  readonly gateway: string;
  /** The index in `spec.servers`. */
  readonly index: number;
  /** `port.number`. */
  readonly port: number;
  /** `port.name`, or `<protocol>-<port>` when unnamed. */
  readonly portName: string;
  /** `port.protocol`, upper case (HTTP, HTTPS, HTTP2, GRPC, TLS, TCP, MONGO, ...). */
  readonly protocol: string;
  /** The hosts it exposes. */
  readonly hosts: ServerHost[];
  /** `tls`, as written. @default - none */
  readonly tls?: any;
  /** `tls.mode` (SIMPLE, MUTUAL, PASSTHROUGH, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL), when `tls` is set. */
  readonly tlsMode?: string;
  /** `tls.httpsRedirect`. */
  readonly httpsRedirect: boolean;
  /** `name`, as written. @default - none */
  readonly name?: string;
}

/** An Istio Gateway (networking.istio.io). */
export interface IstioGatewayInfo {
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name`. */
  readonly key: string;
  /** `spec.selector`: the labels of the gateway pods that run it. */
  readonly selector: { [label: string]: string };
  readonly servers: IstioServer[];
  readonly manifest: Manifest;
}

/** A VirtualService. */
export interface VirtualServiceInfo {
  readonly namespace: string;
  readonly name: string;
  /** `namespace/name`. */
  readonly key: string;
  /** `spec.hosts`, lower case, resolved (short names get the namespace and `svc.cluster.local`). Empty for a delegate. */
  readonly hosts: string[];
  /** `spec.hosts` as written. */
  readonly rawHosts: string[];
  /** `spec.gateways`, resolved to `namespace/name` or `mesh`. */
  readonly gateways: string[];
  /** `spec.http`, in order. */
  readonly http: any[];
  /** `spec.tls`, in order. */
  readonly tls: any[];
  /** `spec.tcp`, in order. */
  readonly tcp: any[];
  /** `spec.exportTo`, as written (empty: every namespace). */
  readonly exportTo: string[];
  /** `metadata.creationTimestamp`, when known. */
  readonly creationTimestamp?: string;
  /** True when it has no hosts: a delegate, served only through another VirtualService's `delegate`. */
  readonly isDelegate: boolean;
  readonly manifest: Manifest;
}

/** A DestinationRule subset. */
export interface SubsetInfo {
  readonly name: string;
  /** The labels its pods carry. */
  readonly labels: { [label: string]: string };
  /** The subset's own traffic policy. @default - none */
  readonly trafficPolicy?: any;
  readonly index: number;
}

/** A DestinationRule. */
export interface DestinationRuleInfo extends DestinationRuleLike {
  /** `namespace/name`. */
  readonly key: string;
  /** `spec.host` resolved in the rule's namespace. */
  readonly fqdn: string;
  readonly subsets: SubsetInfo[];
  readonly manifest: Manifest;
}

/** A destination's subset as Istio finds it. */
export interface ResolvedSubset {
  /** The DestinationRule that applies to the host (the one Istio looks up). */
  readonly destinationRule: DestinationRuleInfo;
  /** The subset, when that rule defines it. @default - the rule does not define it */
  readonly subset?: SubsetInfo;
}

/**
 * The Istio networking API objects of a ManifestSet, read once: Istio
 * Gateways with their servers, VirtualServices with their gateways and hosts
 * resolved, DestinationRules with their subsets. Analysis, simulation and
 * migration all read Istio's own API through it.
 */
export class IstioApiModel {
  /**
   * Reads a ManifestSet; `objects` may filter (e.g. drop objects the API
   * server rejects). Without a filter, the model of a set is read once and
   * shared (every Istio check of one analysis reads the same set).
   */
  public static read(set: ManifestSet, objects?: (kind: string) => Manifest[]): IstioApiModel {
    if (objects) return new IstioApiModel(set, objects);
    let model = READ.get(set);
    if (!model) {
      model = new IstioApiModel(set, (k) => set.ofKind(k, ISTIO_NETWORKING_GROUP));
      READ.set(set, model);
    }
    return model;
  }

  /** Istio Gateways, sorted by `namespace/name`. */
  public readonly gateways: IstioGatewayInfo[];
  /** VirtualServices, in the order Istio applies them: oldest first, then by name and namespace. */
  public readonly virtualServices: VirtualServiceInfo[];
  /** DestinationRules, sorted by `namespace/name`. */
  public readonly destinationRules: DestinationRuleInfo[];
  private ruleIndex?: DestinationRuleIndex<DestinationRuleInfo>;

  private constructor(public readonly set: ManifestSet, objects: (kind: string) => Manifest[]) {
    this.gateways = latest(set, objects('Gateway')).map((m) => this.gateway(m)).sort(byKey);
    this.virtualServices = latest(set, objects('VirtualService')).map((m) => this.virtualService(m)).sort(byCreation);
    this.destinationRules = latest(set, objects('DestinationRule')).map((m) => this.destinationRule(m)).sort(byKey);
  }

  /** The Istio Gateway `namespace/name`, or undefined. */
  public gateway(key: string): IstioGatewayInfo | undefined;
  /** @internal */
  public gateway(m: Manifest): IstioGatewayInfo;
  public gateway(arg: string | Manifest): IstioGatewayInfo | undefined {
    if (typeof arg === 'string') return this.gateways.find((g) => g.key === arg);
    const m = arg;
    const namespace = this.set.namespaceOf(m);
    const key = `${namespace}/${m.name}`;
    const spec = isObject(m.object.spec) ? m.object.spec : {};
    const selector = isObject(spec.selector) ? stringMap(spec.selector) : {};
    const servers = (Array.isArray(spec.servers) ? spec.servers : []).filter(isObject).map((s: any, index: number) => {
      const port = Number(s.port?.number);
      const protocol = String(s.port?.protocol ?? '').toUpperCase();
      const tls = isObject(s.tls) ? s.tls : undefined;
      return {
        gateway: key,
        index,
        port,
        portName: typeof s.port?.name === 'string' && s.port.name !== '' ? s.port.name : `${protocol.toLowerCase()}-${port}`,
        protocol,
        hosts: (Array.isArray(s.hosts) ? s.hosts : []).filter((h: unknown) => typeof h === 'string').map((h: string) => serverHost(h, namespace)),
        tls,
        tlsMode: tls ? String(tls.mode ?? 'SIMPLE').toUpperCase() : undefined,
        httpsRedirect: tls?.httpsRedirect === true,
        name: typeof s.name === 'string' ? s.name : undefined,
      } as IstioServer;
    });
    return { namespace, name: m.name, key, selector, servers, manifest: m };
  }

  /** The VirtualService `namespace/name`, or undefined. */
  public virtualService(key: string): VirtualServiceInfo | undefined;
  /** @internal */
  public virtualService(m: Manifest): VirtualServiceInfo;
  public virtualService(arg: string | Manifest): VirtualServiceInfo | undefined {
    if (typeof arg === 'string') return this.virtualServices.find((v) => v.key === arg);
    const m = arg;
    const namespace = this.set.namespaceOf(m);
    const spec = isObject(m.object.spec) ? m.object.spec : {};
    const rawHosts: string[] = (Array.isArray(spec.hosts) ? spec.hosts : []).filter((h: unknown) => typeof h === 'string');
    return {
      namespace,
      name: m.name,
      key: `${namespace}/${m.name}`,
      hosts: rawHosts.map((h) => fqdnOf(h, namespace)),
      rawHosts,
      gateways: resolveGateways(spec.gateways, namespace),
      http: listOf(spec.http),
      tls: listOf(spec.tls),
      tcp: listOf(spec.tcp),
      exportTo: (Array.isArray(spec.exportTo) ? spec.exportTo : []).map(String),
      creationTimestamp: m.object.metadata?.creationTimestamp ?? undefined,
      isDelegate: rawHosts.length === 0,
      manifest: m,
    };
  }

  /**
   * The VirtualServices bound to an Istio Gateway (`spec.gateways`) that its
   * proxy sees, in Istio's order (pilot/pkg/model/push_context.go
   * `VirtualServicesForGateway`): visibility is judged from the namespace the
   * gateway pods run in (`proxyNamespace`), and those private to that
   * namespace (`exportTo: ["."]`) come first, then those exported to it by
   * name, then the public ones; each group oldest first.
   */
  public virtualServicesFor(gatewayKey: string, proxyNamespace: string = gatewayKey.slice(0, gatewayKey.indexOf('/'))): VirtualServiceInfo[] {
    const bound = this.virtualServices.filter((vs) => !vs.isDelegate && vs.gateways.includes(gatewayKey));
    const isPublic = (vs: VirtualServiceInfo) => vs.exportTo.length === 0 || vs.exportTo.includes('*');
    const own = bound.filter((vs) => !isPublic(vs) && vs.namespace === proxyNamespace && (vs.exportTo.includes('.') || vs.exportTo.includes(proxyNamespace)));
    const exported = bound.filter((vs) => !isPublic(vs) && !own.includes(vs) && vs.exportTo.includes(proxyNamespace));
    return [...own, ...exported, ...bound.filter(isPublic)];
  }

  /**
   * The hosts of a VirtualService a server serves: those that intersect a
   * server host whose namespace part admits the VirtualService's namespace
   * (pilot/pkg/model/gateway.go, server hosts `namespace/dnsName`).
   */
  public hostsServed(server: IstioServer, vs: VirtualServiceInfo): string[] {
    return vs.hosts.filter((h) => server.hosts.some((sh) => admits(sh, vs.namespace) && istioHostsIntersect(h, sh.dnsName)));
  }

  /**
   * The DestinationRule Istio applies to a host seen from a client (gateway)
   * namespace, and the named subset in it.
   */
  public subset(fqdn: string, subsetName: string | undefined, clientNamespace: string): ResolvedSubset | undefined {
    this.ruleIndex ??= new DestinationRuleIndex(this.destinationRules);
    const found = destinationRuleFor(this.ruleIndex, fqdn, clientNamespace, serviceOfFqdn(fqdn)?.namespace);
    if (!found) return undefined;
    const subset = subsetName === undefined ? undefined : found.sameHost.flatMap((r) => r.subsets).find((s) => s.name === subsetName);
    return { destinationRule: found.rule, subset };
  }

  private destinationRule(m: Manifest): DestinationRuleInfo {
    const namespace = this.set.namespaceOf(m);
    const spec = isObject(m.object.spec) ? m.object.spec : {};
    return {
      namespace,
      name: m.name,
      key: `${namespace}/${m.name}`,
      spec,
      fqdn: fqdnOf(String(spec.host ?? ''), namespace),
      subsets: (Array.isArray(spec.subsets) ? spec.subsets : []).map((s: any, index: number) => ({
        name: String(s?.name ?? ''),
        labels: isObject(s?.labels) ? stringMap(s.labels) : {},
        trafficPolicy: isObject(s?.trafficPolicy) ? s.trafficPolicy : undefined,
        index,
      })),
      manifest: m,
    };
  }
}

/** A server host `[namespace/]dnsName` (`.` is the Gateway's namespace; no prefix admits any namespace). */
export function serverHost(raw: string, gatewayNamespace: string): ServerHost {
  const slash = raw.indexOf('/');
  if (slash < 0) return { raw, namespace: '*', dnsName: raw.toLowerCase() };
  const ns = raw.slice(0, slash);
  return { raw, namespace: ns === '.' ? gatewayNamespace : ns, dnsName: raw.slice(slash + 1).toLowerCase() };
}

/** Whether a server host admits VirtualServices of `namespace`. */
export function admits(host: ServerHost, namespace: string): boolean {
  return host.namespace === '*' || host.namespace === namespace;
}

/** Whether an object with `exportTo` in `namespace` is visible in `client` (`.`: its own namespace, `*` or empty: all, `~`: none). */
export function exportedTo(exportTo: readonly string[], namespace: string, client: string): boolean {
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' && namespace === client) || e === client);
}

/** Later duplicates (same namespace/name) replace earlier ones, as with `kubectl apply`. */
function latest(set: ManifestSet, list: Manifest[]): Manifest[] {
  const out = new Map<string, Manifest>();
  for (const m of list) out.set(`${set.namespaceOf(m)}/${m.name}`, m);
  return [...out.values()];
}

function listOf(v: unknown): any[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function isObject(v: unknown): v is any {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(o: any): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (const [k, v] of Object.entries(o)) out[k] = String(v);
  return out;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Istio's order of configs (pilot/pkg/model/push_context.go
 * `sortConfigByCreationTime`): oldest first, then by name, then by
 * namespace. Without timestamps, name and namespace decide.
 */
export function byCreation(
  a: { creationTimestamp?: string; name: string; namespace: string }, b: { creationTimestamp?: string; name: string; namespace: string },
): number {
  const ta = a.creationTimestamp ? Date.parse(a.creationTimestamp) : NaN;
  const tb = b.creationTimestamp ? Date.parse(b.creationTimestamp) : NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}
