/**
 * Istio Gateway to Gateway API Gateway.
 *
 * One listener per server host and port (pilot/pkg/model/gateway.go: a
 * server's hosts share its port, protocol and TLS): HTTP, HTTP2 and GRPC
 * become HTTP listeners; HTTPS with TLS SIMPLE an HTTPS listener that
 * terminates with the Secret `credentialName` (Istio reads it from the
 * namespace of the gateway pods, istio.io IST0161; see
 * src/istio-api/gateway-workload.ts); MUTUAL also
 * validates client certificates (frontend `caCertificateRefs`); PASSTHROUGH
 * a TLS Passthrough listener. AUTO_PASSTHROUGH, ISTIO_MUTUAL and
 * OPTIONAL_MUTUAL have no Gateway API equivalent and are refused.
 * A server host `ns/host` admits VirtualServices of `ns` only: the
 * listener's `allowedRoutes`. `httpsRedirect` makes Istio answer every
 * request on the server with a 301 to https (`RequireTls: ALL` in
 * pilot/pkg/networking/core/gateway.go `buildGatewayHTTPRouteConfig`), as
 * the library's HttpsRedirect renders it (src/gateway/https-redirect.ts).
 */
import { FindingCollector } from './finding-collector';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { referenceGrantName } from '../gateway-api/reference-grant-name';
import { HOSTNAME_RE, SECTION_NAME_RE } from '../internal/names';
import { GatewayPodsNamespace } from '../istio-api/gateway-workload';
import { IstioGatewayInfo, IstioServer, ServerHost } from '../istio-api/istio-model';

/** What a listener serves. @internal */
export type ListenerRole = 'http' | 'https' | 'passthrough' | 'redirect';

/** A listener made from a server host. @internal */
export interface ConvertedListener {
  readonly name: string;
  readonly port: number;
  readonly hostname?: string;
  readonly role: ListenerRole;
  readonly serverHost: ServerHost;
}

/** A converted server. @internal */
export interface ConvertedServer {
  readonly server: IstioServer;
  readonly listeners: ConvertedListener[];
}

/** A converted Istio Gateway. @internal */
export interface ConvertedGateway {
  readonly istio: IstioGatewayInfo;
  readonly name: string;
  readonly namespace: string;
  /** The namespace the Istio Gateway's pods run in: where Istio judges VirtualService visibility and looks up DestinationRules from. */
  readonly podsNamespace: string;
  readonly servers: ConvertedServer[];
  /** The Gateway, the redirect HTTPRoute and ReferenceGrants. */
  readonly objects: any[];
}

/** Options of the conversion. @internal */
export interface GatewayConversionOptions {
  readonly gatewayClassName: string;
  readonly gatewayNamespace?: string;
  /** The namespace of the pods that run an Istio Gateway (src/istio-api/gateway-workload.ts). */
  readonly podsNamespace: (gw: IstioGatewayInfo) => GatewayPodsNamespace;
}

/**
 * Converts Istio Gateways. Istio Gateways whose selectors are equal run on
 * the same pods, which merge their servers (pilot/pkg/model/gateway.go
 * `MergeGateways`), so they become ONE Gateway, named after the first of
 * them by `namespace/name`. Returns each converted Istio Gateway by
 * `namespace/name`.
 * @internal
 */
export function convertGateways(list: IstioGatewayInfo[], opts: GatewayConversionOptions, findings: FindingCollector): Map<string, ConvertedGateway> {
  const groups = new Map<string, IstioGatewayInfo[]>();
  for (const gw of list) {
    const selector = JSON.stringify(Object.entries(gw.selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    groups.set(selector, [...(groups.get(selector) ?? []), gw]);
  }
  const out = new Map<string, ConvertedGateway>();
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const c of convertGroup(sorted, opts, findings)) out.set(c.istio.key, c);
  }
  return out;
}

function convertGroup(group: IstioGatewayInfo[], opts: GatewayConversionOptions, findings: FindingCollector): ConvertedGateway[] {
  const first = group[0];
  const namespace = opts.gatewayNamespace ?? first.namespace;
  const gatewayName = first.name;
  const listeners: any[] = [];
  const names = new Set<string>();
  const seen = new Map<string, string>();
  const caRefs: Array<{ port: number; name: string; listener?: string }> = [];
  const grants = new Map<string, any>();
  const converted: ConvertedGateway[] = [];
  const mutualListeners = new Set<string>();
  for (const gw of group) {
    // the credentialName Secret must be in the namespace of the gateway pods (istio.io IST0161
    // InvalidGatewayCredential), which gatewayPodsNamespace finds or assumes (then each credentialName gets a warning)
    const pods = opts.podsNamespace(gw);
    const servers = convertServers(gw, namespace, pods, listeners, names, seen, caRefs, grants, findings);
    if (group.length > 1) {
      findings.add('info', gw.manifest, gw.namespace, 'spec.selector', `Istio Gateways ${group.map((g) => g.key).join(', ')} select the same pods, which serve all their servers: they become one Gateway ${namespace}/${gatewayName}`, 'none needed');
    }
    converted.push({ istio: gw, name: gatewayName, namespace, podsNamespace: pods.namespace, servers, objects: [] });
    for (const sv of servers) {
      if (sv.server.tlsMode === 'MUTUAL') sv.listeners.forEach((l) => mutualListeners.add(l.name));
    }
  }
  const note = (sev: 'error' | 'warning' | 'info', field: string, message: string, suggestion: string) => findings.add(sev, first.manifest, first.namespace, field, message, suggestion);
  if (listeners.length === 0) {
    note('error', 'spec.servers', 'no server could be migrated: no Gateway is written', 'see the findings on its servers');
    return [];
  }
  if (listeners.length > 64) {
    note('error', 'spec.servers', `the Gateway needs ${listeners.length} listeners, more than the 64 a Gateway allows`, 'split the Istio Gateway');
    return [];
  }
  const objects = converted[0].objects;
  const gw = { name: gatewayName };
  const servers = converted.flatMap((c) => c.servers);
  const spec: any = { gatewayClassName: opts.gatewayClassName, listeners };
  if (caRefs.length > 0) {
    const byPort = new Map<number, string[]>();
    for (const c of caRefs) byPort.set(c.port, [...new Set([...(byPort.get(c.port) ?? []), c.name])]);
    const perPort = [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, refs]) => ({
      port,
      tls: { validation: { caCertificateRefs: refs.map((n) => ({ group: '', kind: 'ConfigMap', name: n })) } },
    }));
    // frontend.default is required; empty, it validates nothing, so SIMPLE listeners on other ports stay as they are
    spec.tls = { frontend: { default: {}, perPort } };
    for (const port of byPort.keys()) {
      const simple = listeners.filter((l) => l.port === port && l.protocol === 'HTTPS' && !mutualListeners.has(l.name));
      if (simple.length > 0) {
        note('error', 'spec.servers', `client certificate validation applies per port: port ${port} has MUTUAL and SIMPLE servers (${simple.map((l) => l.name).join(', ')}), and the Gateway written validates client certificates on all of them`,
          'move the MUTUAL hosts to their own port, or make them all MUTUAL');
      }
    }
  }
  objects.push({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: gw.name, namespace },
    spec,
  });
  const redirects = servers.flatMap((s) => s.listeners.filter((l) => l.role === 'redirect'));
  if (redirects.length > 0) {
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `${gw.name}-https-redirect`, namespace },
      spec: {
        parentRefs: redirects.map((l) => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: gw.name, namespace, sectionName: l.name })),
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }],
        }],
      },
    });
    for (const s of servers) {
      if (s.listeners.some((l) => l.role === 'redirect')) {
        findings.add('info', group.find((g) => g.key === s.server.gateway)!.manifest, s.server.gateway.split('/')[0], `spec.servers[${s.server.index}].tls.httpsRedirect`, `httpsRedirect becomes HTTPRoute ${namespace}/${gw.name}-https-redirect (RequestRedirect to https, 301) on its listener(s); VirtualServices are not attached there, as Istio does not route them`, 'none needed');
      }
    }
  }
  for (const g of [...grants.keys()].sort()) {
    objects.push(grants.get(g));
    const grantNs = grants.get(g).metadata.namespace;
    note('info', 'spec.servers[].tls.credentialName', `the Gateway is written to namespace ${namespace}, the Secret stays in ${grantNs}: ReferenceGrant ${grantNs}/${g} lets the Gateway read it`, 'none needed');
  }
  return converted;
}

function convertServers(
  gw: IstioGatewayInfo, namespace: string, pods: GatewayPodsNamespace, listeners: any[], names: Set<string>, seen: Map<string, string>,
  caRefs: Array<{ port: number; name: string; listener?: string }>, grants: Map<string, any>, findings: FindingCollector,
): ConvertedServer[] {
  const m = gw.manifest;
  const note = (sev: 'error' | 'warning' | 'info', field: string, message: string, suggestion: string) => findings.add(sev, m, gw.namespace, field, message, suggestion);
  const servers: ConvertedServer[] = [];
  for (const server of gw.servers) {
    const field = `spec.servers[${server.index}]`;
    let role: ListenerRole;
    let tls: any;
    const protocol = server.protocol;
    if (protocol === 'HTTP' || protocol === 'HTTP2' || protocol === 'GRPC' || protocol === 'GRPC-WEB') {
      role = server.httpsRedirect ? 'redirect' : 'http';
      if (protocol !== 'HTTP') note('info', `${field}.port.protocol`, `protocol ${protocol} becomes an HTTP listener (HTTP/2 and gRPC are negotiated on it)`, 'none needed');
    } else if (protocol === 'HTTPS' || protocol === 'TLS') {
      const mode = server.tlsMode ?? 'SIMPLE';
      if (mode === 'PASSTHROUGH') {
        role = 'passthrough';
        tls = { mode: 'Passthrough' };
        note('info', `${field}.tls.mode`, 'PASSTHROUGH becomes a TLS listener in Passthrough mode; the VirtualService tls routes become TLSRoutes (standard channel in v1.6.1)', 'none needed');
      } else if (mode === 'SIMPLE' || mode === 'MUTUAL') {
        if (protocol === 'TLS') {
          note('error', `${field}.port.protocol`, 'a TLS server that terminates TLS routes TCP (VirtualService tcp routes), which needs TCPRoute (experimental channel)', 'keep this server on the Istio Gateway, or use PASSTHROUGH');
          continue;
        }
        const credential = server.tls?.credentialName;
        if (typeof credential !== 'string' || credential === '') {
          note('error', `${field}.tls`, `TLS ${mode} without credentialName reads certificates from files mounted in the gateway pods, which a Gateway listener cannot reference`, 'store the certificate in a kubernetes.io/tls Secret and set credentialName');
          continue;
        }
        role = 'https';
        const secretNamespace = pods.namespace;
        if (pods.assumed) {
          // a warning when the assumption moves the Secret away from the Istio Gateway's namespace or rests on no
          // Istio default; an info when the Gateway sits in the namespace assumed for Istio's default ingress pods
          const agrees = secretNamespace === gw.namespace && !pods.assumed.includes('PILOT_SCOPE_GATEWAY_TO_NAMESPACE');
          note(agrees ? 'info' : 'warning', `${field}.tls.credentialName`,
            `Istio reads Secret ${credential} from the namespace of the gateway pods: ${pods.assumed}; the certificateRef names Secret ${secretNamespace}/${credential}`,
            'give the namespace of the gateway pods with --gateway-pods-namespace <ns> (option gatewayPodsNamespace), or add the gateway Deployment to the input');
        }
        const ref: any = { group: '', kind: 'Secret', name: credential };
        if (secretNamespace !== namespace) {
          ref.namespace = secretNamespace;
          const permission = { fromGroup: GATEWAY_GROUP, fromKind: 'Gateway', fromNamespace: namespace, toGroup: '', toKind: 'Secret', toNamespace: secretNamespace, toName: credential };
          grants.set(referenceGrantName(permission), {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'ReferenceGrant',
            metadata: { name: referenceGrantName(permission), namespace: secretNamespace },
            spec: { from: [{ group: GATEWAY_GROUP, kind: 'Gateway', namespace }], to: [{ group: '', kind: 'Secret', name: credential }] },
          });
        }
        tls = { mode: 'Terminate', certificateRefs: [ref] };
        if (mode === 'MUTUAL') {
          caRefs.push({ port: server.port, name: `${credential}-cacert` });
          note('warning', `${field}.tls.mode`,
            `MUTUAL: client certificates are validated against ConfigMap ${credential}-cacert (key ca.crt) through the Gateway's frontend validation; Istio read the CA from key ca.crt of Secret ${credential} or from Secret ${credential}-cacert`,
            `create ConfigMap ${credential}-cacert in ${namespace} with the CA bundle under key ca.crt`);
        }
        for (const f of ['subjectAltNames', 'verifyCertificateSpki', 'verifyCertificateHash', 'minProtocolVersion', 'maxProtocolVersion', 'cipherSuites']) {
          if (server.tls?.[f] !== undefined) {
            note('warning', `${field}.tls.${f}`, `tls.${f} has no Gateway API field and is left out`, 'configure it on the gateway deployment (Istio annotations or an EnvoyFilter)');
          }
        }
      } else {
        note('error', `${field}.tls.mode`, `TLS mode ${mode} has no Gateway API equivalent; the server is not migrated`,
          mode === 'AUTO_PASSTHROUGH' ? 'keep the east-west gateway on the Istio Gateway API' : 'use SIMPLE or MUTUAL with a credentialName');
        continue;
      }
    } else {
      note('error', `${field}.port.protocol`, `protocol ${protocol} needs a TCP listener and TCPRoute (experimental channel); the server is not migrated`, 'keep this server on the Istio Gateway');
      continue;
    }
    if (server.httpsRedirect && role !== 'redirect') {
      note('warning', `${field}.tls.httpsRedirect`, 'httpsRedirect on a TLS server has no effect in Istio and is left out', 'drop it');
    }
    const converted: ConvertedListener[] = [];
    for (const host of server.hosts) {
      if (host.namespace === '~') {
        note('info', `${field}.hosts`, `host "${host.raw}" admits no VirtualService; no listener is made for it`, 'none needed');
        continue;
      }
      let hostname: string | undefined;
      if (host.dnsName !== '*') {
        if (!HOSTNAME_RE.test(host.dnsName) || /^[0-9.]+$/.test(host.dnsName)) {
          note('error', `${field}.hosts`, `host "${host.raw}" is not a valid Gateway API hostname (no IPs, wildcards only as a leading "*.")`, 'use a DNS name or "*.domain"');
          continue;
        }
        hostname = host.dnsName;
      }
      const dup = `${server.port}|${role === 'passthrough' ? 'TLS' : role === 'https' ? 'HTTPS' : 'HTTP'}|${hostname ?? ''}`;
      if (seen.has(dup)) {
        note('warning', `${field}.hosts`, `host "${host.raw}" on port ${server.port} is already served by listener ${seen.get(dup)}: Istio uses the first server, and so does the migration`, 'remove the duplicate server host');
        continue;
      }
      const name = listenerName(server, host, server.hosts.length > 1, names);
      seen.set(dup, name);
      const listener: any = {
        name,
        port: server.port,
        protocol: role === 'passthrough' ? 'TLS' : role === 'https' ? 'HTTPS' : 'HTTP',
      };
      if (hostname) listener.hostname = hostname;
      if (tls) listener.tls = tls;
      listener.allowedRoutes = allowedRoutes(role === 'redirect' ? { ...host, namespace: namespace } : host, namespace, role);
      listeners.push(listener);
      converted.push({ name, port: server.port, hostname, role, serverHost: host });
    }
    servers.push({ server, listeners: converted });
  }
  return servers;
}

function allowedRoutes(host: ServerHost, gatewayNamespace: string, role: ListenerRole): any {
  const kinds = role === 'passthrough' ? [{ group: GATEWAY_GROUP, kind: 'TLSRoute' }] : [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }];
  if (host.namespace === '*') return { namespaces: { from: 'All' }, kinds };
  if (host.namespace === gatewayNamespace) return { namespaces: { from: 'Same' }, kinds };
  return { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': host.namespace } } }, kinds };
}

/** A valid, unique listener name: the port name (sanitized), with the host when the server has several. */
function listenerName(server: IstioServer, host: ServerHost, several: boolean, used: Set<string>): string {
  const clean = (s: string) => s.toLowerCase().replace(/\*/g, 'wildcard').replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  let base = clean(server.portName) || `port-${server.port}`;
  if (several) base = `${base}-${clean(host.dnsName === '*' ? 'any' : host.dnsName)}`;
  if (host.namespace !== '*' && several) base = `${base}-${clean(host.namespace)}`;
  base = base.slice(0, 240).replace(/[-.]+$/, '');
  if (!SECTION_NAME_RE.test(base)) base = `listener-${server.index}`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}
