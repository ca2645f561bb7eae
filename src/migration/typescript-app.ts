import {
  camel, Code, code, ConstructIds, durationMillis, Identifiers, Imports, lit, str,
} from './typescript-source';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { GrantPermission, referenceGrantName } from '../gateway-api/reference-grant-name';

/*
 * `migrate --emit typescript`: the Gateway API manifests of a migration as a
 * cdk8s app written with the library's constructs. The emitter writes text
 * only (src/migration may not import constructs); a construct is used where
 * it reproduces the object (same name, same routing), and everything else is
 * kept verbatim as an `ApiObject`, with a comment saying why, so nothing is
 * lost. The output depends only on the input (sorted by namespace, kind and
 * name), so the same manifests always give the same text.
 */

/**
 * Options of `emitTypescriptApp`.
 */
export interface EmitTypescriptOptions {
  /**
   * A name for the app, written into the header comment.
   * @default 'migrated'
   */
  readonly appName?: string;
  /**
   * The module the constructs are imported from.
   * @default 'cdk8s-istio-gateway'
   */
  readonly libraryModule?: string;
}

const LIB = 'cdk8s-istio-gateway';
const CDK8S = 'cdk8s';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const CLUSTER_DOMAIN = 'svc.cluster.local';
/** DestinationRule fields the emitted app adds to the rule ResilientBackend writes, with a JSON patch. */
const DESTINATION_RULE_PATCHED = ['subsets', 'exportTo'];
const KIND_ORDER = ['Namespace', 'Gateway', 'Secret', 'ConfigMap', 'Service', 'Deployment', 'DestinationRule', 'HTTPRoute', 'ReferenceGrant'];

/** A listener of a planned IngressGateway. */
interface ListenerPlan {
  readonly raw: any;
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
  /** The default HTTP listener (`gateway.httpListener`). */
  readonly isDefault: boolean;
  /** The variable holding it, when something refers to it. */
  variable?: string;
}

/** A Gateway emitted as an `IngressGateway`. */
interface GatewayPlan {
  readonly raw: any;
  readonly name: string;
  readonly namespace: string;
  readonly variable: string;
  readonly listeners: ListenerPlan[];
  readonly commonHostname?: string;
  readonly commonAllowedRoutes?: any;
  redirects: Array<{ raw: any; from: ListenerPlan }>;
}

/** A Deployment-backed Service group emitted as a `ResilientBackend`. */
interface BackendPlan {
  readonly app: string;
  readonly namespace: string;
  readonly variable: string;
  readonly port: number;
  readonly containerPort: number;
  readonly appProtocol?: string;
  readonly shared?: any;
  readonly versions: Array<{ version: string; deployment: any; service?: any; destinationRule?: any }>;
  readonly baseRule?: any;
}

/** The props of a `CanaryRoute` that reproduces a route. */
interface CanaryPlan {
  readonly stable: string;
  readonly canary: string;
  readonly percent: number;
  readonly path?: Code;
  readonly header?: any;
  readonly timeouts?: any;
  readonly retry?: any;
}

/** Something the app writes with a construct, so the input object is not kept verbatim. */
type Absorbed = Set<any>;

/**
 * The source of a cdk8s TypeScript app that builds `manifests` (the output
 * of an Istio migration: Gateways, HTTPRoutes, ReferenceGrants, Services,
 * DestinationRules, Deployments) with the library's constructs:
 * `IngressGateway` with its listeners and `addHttpsRedirect()`,
 * `ResilientBackend` for Deployments of `<service>-<version>`,
 * `CanaryRoute` for a rule split two ways between two versions of one
 * backend, `HttpRoute` otherwise, `Backend.fromServiceName` for Services
 * the app does not build, and `ApiObject` for every object without a
 * construct equivalent. One Chart per namespace. Deterministic: the same
 * manifests give the same text.
 *
 * @param manifests plain Kubernetes objects
 */
export function emitTypescriptApp(manifests: any[], options: EmitTypescriptOptions = {}): string {
  return new Emitter(manifests, options).emit();
}

class Emitter {
  private readonly objects: any[];
  private readonly imports = new Imports();
  private readonly vars = new Identifiers();
  private readonly ids = new ConstructIds();
  private readonly lib: string;
  private readonly absorbed: Absorbed = new Set();
  /** Why an object is kept verbatim, when a plan was refused for it. */
  private readonly reasons = new Map<any, string>();
  private readonly charts = new Map<string, string>();
  private readonly gateways = new Map<string, GatewayPlan>();
  private readonly backends: BackendPlan[] = [];
  /** `ns/name` of a Service -> how a route refers to it. */
  private readonly serviceRefs = new Map<string, { plan: BackendPlan; expr: string; port: number }>();
  /** Permissions the constructs write ReferenceGrants for, by `referenceGrantName`. */
  private readonly libraryGrants = new Map<string, string>();
  private experimental = false;
  private readonly body: string[] = [];

  constructor(manifests: any[], private readonly options: EmitTypescriptOptions) {
    this.lib = options.libraryModule ?? LIB;
    this.objects = (manifests ?? []).filter((o) => o && typeof o === 'object' && typeof o.kind === 'string')
      .map((o) => JSON.parse(JSON.stringify(o)))
      .sort(compareObjects);
    this.vars.reserve('App', 'Chart', 'ApiObject', 'Duration', 'JsonPatch', 'IngressGateway', 'HttpRoute', 'CanaryRoute',
      'ResilientBackend', 'Backend', 'PathMatch', 'HeaderMatch', 'QueryParamMatch', 'HttpMethod', 'HttpRouteFilter',
      'HttpScheme', 'HttpPathModifier', 'TlsCertificate', 'AllowedRoutes', 'LoadBalancer', 'RouteParent', 'AppProtocol', 'build');
  }

  public emit(): string {
    for (const ns of [...new Set(this.objects.map(namespaceOf))].sort()) {
      this.charts.set(ns, this.vars.claim(camel(ns), `${camel(ns)}Chart`));
    }
    for (const gw of this.ofKind('Gateway', GATEWAY_GROUP)) this.planGateway(gw);
    this.planBackends();
    const routes = this.ofKind('HTTPRoute', GATEWAY_GROUP);
    for (const r of routes) this.planRedirect(r);
    for (const r of routes) this.planParents(r);

    this.emitGateways();
    this.emitBackends();
    for (const r of routes) {
      if (!this.absorbed.has(r)) this.emitRoute(r);
    }
    this.emitRest();
    return this.render();
  }

  // ---------------------------------------------------------------- gateways

  private planGateway(gw: any): void {
    const spec = gw.spec ?? {};
    const listeners: any[] = Array.isArray(spec.listeners) ? spec.listeners : [];
    if (Object.keys(spec).some((k) => !['gatewayClassName', 'listeners', 'infrastructure'].includes(k))) return;
    const infra = spec.infrastructure ?? {};
    if (Object.keys(infra).some((k) => !['labels', 'annotations'].includes(k))) return;
    if (!metadataExpressible(gw.metadata)) return;
    if (listeners.length === 0) return;
    for (const l of listeners) {
      if (Object.keys(l).some((k) => !['name', 'port', 'protocol', 'hostname', 'allowedRoutes', 'tls'].includes(k))) return;
      if (allowedRoutesExpr(l.allowedRoutes) === undefined) return;
      if (l.protocol === 'HTTP') {
        if (l.tls !== undefined) return;
      } else if (l.protocol === 'HTTPS') {
        const tls = l.tls ?? {};
        if ((tls.mode ?? 'Terminate') !== 'Terminate' || Object.keys(tls).some((k) => !['mode', 'certificateRefs'].includes(k))) return;
        const refs: any[] = tls.certificateRefs ?? [];
        if (refs.length < 1 || refs.length > 2 || refs.some((r) => (r.group ?? '') !== '' || (r.kind ?? 'Secret') !== 'Secret')) return;
      } else {
        return;
      }
    }
    const hostnames = new Set(listeners.map((l) => l.hostname));
    const commonHostname = hostnames.size === 1 ? listeners[0].hostname : undefined;
    const allowed = new Set(listeners.map((l) => JSON.stringify(normalAllowedRoutes(l.allowedRoutes))));
    const commonAllowedRoutes = allowed.size === 1 ? normalAllowedRoutes(listeners[0].allowedRoutes) : undefined;
    const first = listeners[0];
    const defaultHttp = first.protocol === 'HTTP' && first.name === 'http' && first.hostname === commonHostname;
    const ns = namespaceOf(gw);
    const plan: GatewayPlan = {
      raw: gw,
      name: gw.metadata.name,
      namespace: ns,
      variable: this.vars.claim(camel(gw.metadata.name), `${camel(gw.metadata.name)}Gateway`),
      listeners: listeners.map((l, i) => ({
        raw: l, name: l.name, protocol: l.protocol, port: l.port, hostname: l.hostname, isDefault: i === 0 && defaultHttp,
      })),
      commonHostname,
      commonAllowedRoutes,
      redirects: [],
    };
    this.gateways.set(`${ns}/${plan.name}`, plan);
    this.absorbed.add(gw);
    for (const l of plan.listeners) {
      if (l.protocol !== 'HTTPS') continue;
      for (const ref of l.raw.tls.certificateRefs) {
        if (ref.namespace && ref.namespace !== ns) {
          this.libraryGrant({ fromGroup: GATEWAY_GROUP, fromKind: 'Gateway', fromNamespace: ns, toGroup: '', toKind: 'Secret', toNamespace: ref.namespace, toName: ref.name });
        }
      }
    }
  }

  private libraryGrant(p: GrantPermission): void {
    this.libraryGrants.set(`${p.toNamespace}/${referenceGrantName(p)}`, JSON.stringify({
      from: [{ group: p.fromGroup, kind: p.fromKind, namespace: p.fromNamespace }],
      to: [{ group: p.toGroup, kind: p.toKind, name: p.toName }],
    }));
  }

  /** An HTTPRoute that `gateway.addHttpsRedirect()` writes exactly: absorbed into its gateway's plan. */
  private planRedirect(route: any): void {
    const spec = route.spec ?? {};
    const parents: any[] = spec.parentRefs ?? [];
    const rules: any[] = spec.rules ?? [];
    if (parents.length !== 1 || rules.length !== 1) return;
    if (Object.keys(spec).some((k) => !['parentRefs', 'hostnames', 'rules'].includes(k))) return;
    if (!metadataExpressible(route.metadata, false)) return;
    const ns = namespaceOf(route);
    const p = parents[0];
    if ((p.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (p.kind ?? 'Gateway') !== 'Gateway' || p.port !== undefined || !p.sectionName) return;
    const gw = this.gateways.get(`${p.namespace ?? ns}/${p.name}`);
    if (!gw || gw.namespace !== ns) return;
    const from = gw.listeners.find((l) => l.name === p.sectionName);
    if (!from || from.protocol !== 'HTTP') return;
    const from_ = from.raw.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from_ !== 'Same' && from_ !== 'All') return; // the redirect widens a selector: keep the route as is
    const rule = rules[0];
    if (Object.keys(rule).some((k) => !['matches', 'filters'].includes(k))) return;
    const matches: any[] = rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }];
    if (matches.length !== 1 || Object.keys(matches[0]).some((k) => k !== 'path')
      || (matches[0].path?.type ?? 'PathPrefix') !== 'PathPrefix' || (matches[0].path?.value ?? '/') !== '/') return;
    const filters: any[] = rule.filters ?? [];
    if (filters.length !== 1 || filters[0].type !== 'RequestRedirect') return;
    const redirect = filters[0].requestRedirect ?? {};
    if (redirect.scheme !== 'https' || Object.keys(redirect).some((k) => !['scheme', 'statusCode', 'port'].includes(k))) return;
    if (![301, 302, 303, 307, 308].includes(redirect.statusCode ?? 302)) return;
    const httpsPorts = [...new Set(gw.listeners.filter((l) => l.protocol === 'HTTPS').map((l) => l.port))];
    if (httpsPorts.length === 0) return;
    const derivedPort = httpsPorts.length === 1 && httpsPorts[0] !== 443 ? httpsPorts[0] : undefined;
    if (redirect.port !== derivedPort) return;
    gw.redirects.push({ raw: route, from });
    this.absorbed.add(route);
    if (!from.isDefault) this.listenerVar(gw, from);
  }

  /** Claims the variables of the listeners a route attaches to, before the gateways are printed. */
  private planParents(route: any): void {
    if (this.absorbed.has(route) || routeProblem(route)) return;
    const ns = namespaceOf(route);
    for (const p of route.spec.parentRefs as any[]) {
      const gw = this.gateways.get(`${p.namespace ?? ns}/${p.name}`);
      const l = gw?.listeners.find((x) => x.name === p.sectionName);
      if (gw && l && p.port === undefined) this.listenerVar(gw, l);
    }
  }

  private listenerVar(gw: GatewayPlan, l: ListenerPlan): string {
    if (!l.variable) {
      const base = camel(l.name);
      l.variable = this.vars.claim(base, `${gw.variable}${capitalize(base)}`);
    }
    return l.variable;
  }

  private emitGateways(): void {
    for (const gw of this.gateways.values()) {
      const chart = this.charts.get(gw.namespace)!;
      const first = gw.listeners[0];
      const props: any = {};
      const spec = gw.raw.spec;
      const id = this.ids.claim(chart, gw.name, `gateway-${gw.name}`);
      if (nameFromId(id) !== gw.name) props.name = gw.name;
      props.metadata = metadataProps(gw.raw.metadata);
      if (spec.gatewayClassName && spec.gatewayClassName !== 'istio') props.gatewayClassName = spec.gatewayClassName;
      if (gw.commonHostname !== undefined) props.hostname = gw.commonHostname;
      if (!first.isDefault) props.httpListener = false;
      else if (first.port !== 80) props.httpPort = first.port;
      const gatewayAllowed = gw.commonAllowedRoutes;
      if (gatewayAllowed && gatewayAllowed.from !== 'Same') props.allowedRoutes = this.allowedRoutes(gatewayAllowed);
      if (first.isDefault && !gatewayAllowed && normalAllowedRoutes(first.raw.allowedRoutes).from !== 'Same') {
        props.httpListenerAllowedRoutes = this.allowedRoutes(normalAllowedRoutes(first.raw.allowedRoutes));
      }
      if (spec.infrastructure?.labels) props.infrastructureLabels = spec.infrastructure.labels;
      if (spec.infrastructure?.annotations) props.infrastructureAnnotations = spec.infrastructure.annotations;
      this.use(LIB, 'IngressGateway');
      const args = `${chart}, ${str(id)}${Object.values(props).some((v) => v !== undefined) ? `, ${lit(props)}` : ''}`;
      this.line('');
      this.line(`// Gateway ${gw.namespace}/${gw.name}`);
      const kinds = gw.listeners.filter((l) => l.raw.allowedRoutes?.kinds !== undefined).map((l) => l.name);
      if (kinds.length) {
        this.line(`// (allowedRoutes.kinds of listener ${kinds.join(', ')} is not written: AllowedRoutes has no kinds; an HTTP/HTTPS listener admits HTTPRoutes and GRPCRoutes)`);
      }
      this.line(`const ${gw.variable} = new IngressGateway(${args});`);
      for (const l of gw.listeners) {
        if (l.isDefault) {
          if (l.variable) this.line(`const ${l.variable} = ${gw.variable}.httpListener!;`);
          continue;
        }
        const opts: any = {};
        if (l.hostname !== gw.commonHostname) opts.hostname = l.hostname;
        if (!gatewayAllowed && normalAllowedRoutes(l.raw.allowedRoutes).from !== 'Same') {
          opts.allowedRoutes = this.allowedRoutes(normalAllowedRoutes(l.raw.allowedRoutes));
        }
        let call: string;
        if (l.protocol === 'HTTP') {
          if (l.port !== 80) opts.port = l.port;
          const rest = Object.keys(opts).filter((k) => opts[k] !== undefined).length ? `, ${lit(opts)}` : '';
          call = `${gw.variable}.addHttpListener(${str(l.name)}${rest})`;
        } else {
          const certs = (l.raw.tls.certificateRefs as any[]).map((r) => code(`${this.use(LIB, 'TlsCertificate')}.fromSecretName(${str(r.name)}${r.namespace && r.namespace !== gw.namespace ? `, ${str(r.namespace)}` : ''})`));
          const tls: any = certs.length === 1 ? { certificate: certs[0] } : { certificates: certs };
          if (l.port !== 443) tls.port = l.port;
          call = `${gw.variable}.addTlsListener(${str(l.name)}, ${lit({ ...tls, ...opts })})`;
        }
        this.line(l.variable ? `const ${l.variable} = ${call};` : `${call};`);
      }
      for (const r of gw.redirects) {
        const opts: any = {};
        if (r.raw.metadata.name !== `${gw.name}-https-redirect`) opts.name = r.raw.metadata.name;
        const status = r.raw.spec.rules[0].filters[0].requestRedirect.statusCode ?? 302;
        if (status !== 301) opts.statusCode = status;
        if (!r.from.isDefault) opts.from = code(this.listenerVar(gw, r.from));
        const given = [...new Set<string>(r.raw.spec.hostnames ?? [])].sort();
        const derived = redirectHostnames(gw, r.from);
        if (JSON.stringify(given) !== JSON.stringify(derived ?? [])) opts.hostnames = given;
        const rest = Object.keys(opts).length ? lit(opts) : '';
        this.line(`// HTTPRoute ${gw.namespace}/${r.raw.metadata.name}: HTTP to HTTPS`);
        this.line(`${gw.variable}.addHttpsRedirect(${rest});`);
      }
    }
  }

  private allowedRoutes(a: any): Code {
    this.use(LIB, 'AllowedRoutes');
    return code(allowedRoutesExpr({ namespaces: a })!);
  }

  // ---------------------------------------------------------------- backends

  private planBackends(): void {
    const services = this.ofKind('Service', '');
    const deployments = this.ofKind('Deployment', 'apps');
    const rules = this.ofKind('DestinationRule', 'networking.istio.io');
    const svc = (ns: string, name: string) => services.find((s) => namespaceOf(s) === ns && s.metadata.name === name);
    const rulesFor = (ns: string, name: string) => rules.filter((r) => destinationRuleHost(r) === `${name}.${ns}.${CLUSTER_DOMAIN}`);
    const ruleFor = (ns: string, name: string) => rulesFor(ns, name)[0];
    const groups = new Map<string, any[]>();
    for (const d of deployments) {
      const labels = d.metadata?.labels ?? {};
      if (!labels.app || !labels.version || d.metadata.name !== `${labels.app}-${labels.version}`) continue;
      const k = `${namespaceOf(d)}/${labels.app}`;
      groups.set(k, [...groups.get(k) ?? [], d]);
    }
    for (const [k, ds] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [ns, app] = k.split('/');
      const shared = svc(ns, app);
      const versions = ds.map((d) => ({
        version: d.metadata.labels.version as string,
        deployment: d,
        service: svc(ns, d.metadata.name),
        destinationRule: ruleFor(ns, d.metadata.name),
      }));
      const hosts = [...shared ? [app] : [], ...versions.map((v) => v.deployment.metadata.name)];
      const ports = [shared, ...versions.map((v) => v.service)].filter((x) => x).map((x) => servicePort(x));
      const port = ports[0];
      const containerPorts = new Set(versions.map((v) => containerPortOf(v.deployment, port?.targetPort)));
      const problem = !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(app) ? `the app label "${app}" is not a Service name`
        : shared && !sameLabels(shared.spec?.selector, { app }) ? `Service ${app} selects more than app: ${app}`
          : versions.some((v) => !deploymentExpressible(v.deployment, app, v.version)) ? 'a Deployment has several containers, init containers, env from sources or other selector labels'
            // a DestinationRule of these Services that the backend cannot write would clash with the one it writes
            : hosts.some((h) => rulesFor(ns, h).length > 1 || rulesFor(ns, h).some((r) => !ruleExpressible(r)))
              ? 'a DestinationRule of its Services has a policy or field ResilientBackend does not write'
              : versions.some((v) => v.service && !sameLabels(v.service.spec?.selector, { app, version: v.version }))
                ? 'a version Service selects more than app and version'
                : port === undefined || ports.some((p) => p === undefined) ? 'a Service has several ports, another type or protocol, or other fields'
                  : new Set(ports.map((p) => JSON.stringify(p))).size !== 1 ? 'its Services differ in port'
                    : containerPorts.size !== 1 || [...containerPorts][0] === undefined ? 'the Deployments differ in the target container port'
                      : undefined;
      if (problem) {
        const why = `ResilientBackend ${ns}/${app} is not used: ${problem}; kept as is`;
        for (const o of [shared, ...versions.flatMap((v) => [v.deployment, v.service]), ...hosts.flatMap((h) => rulesFor(ns, h))]) {
          if (o) this.reasons.set(o, why);
        }
        continue;
      }
      const plan: BackendPlan = {
        app,
        namespace: ns,
        variable: this.vars.claim(camel(app), `${camel(app)}Backend`),
        port: port!.port,
        containerPort: [...containerPorts][0]!,
        appProtocol: port!.appProtocol,
        shared,
        versions,
        baseRule: shared ? ruleFor(ns, app) : undefined,
      };
      this.backends.push(plan);
      for (const o of [shared, plan.baseRule, ...versions.flatMap((v) => [v.deployment, v.service, v.destinationRule])]) {
        if (o) this.absorbed.add(o);
      }
      if (shared) this.serviceRefs.set(`${ns}/${app}`, { plan, expr: `${plan.variable}.service!`, port: plan.port });
      for (const v of versions) {
        this.serviceRefs.set(`${ns}/${app}-${v.version}`, { plan, expr: `${plan.variable}.version(${str(v.version)})`, port: plan.port });
      }
    }
  }

  private emitBackends(): void {
    for (const b of this.backends) {
      const chart = this.charts.get(b.namespace)!;
      const id = this.ids.claim(chart, b.app, `backend-${b.app}`);
      this.use(LIB, 'ResilientBackend');
      const policies = b.versions.map((v) => v.destinationRule?.spec?.trafficPolicy);
      const base = b.baseRule?.spec?.trafficPolicy
        ?? (policies.every((p) => p && JSON.stringify(p) === JSON.stringify(policies[0])) ? policies[0] : undefined);
      const props: any = {};
      if (nameFromId(id) !== b.app) props.name = b.app;
      props.port = b.port;
      if (b.containerPort !== b.port) props.containerPort = b.containerPort;
      if (b.appProtocol && b.appProtocol !== 'http') props.appProtocol = code(`${this.use(LIB, 'AppProtocol')}.${b.appProtocol.toUpperCase()}`);
      if (b.shared) props.sharedService = true;
      Object.assign(props, this.trafficPolicyProps(base));
      const notes: string[] = [];
      props.versions = b.versions.map((v) => {
        const d = v.deployment;
        const c = d.spec.template.spec.containers[0];
        const o: any = { version: v.version, image: c.image };
        const replicas = d.spec.replicas ?? 1;
        if (replicas !== 2) o.replicas = replicas;
        if (c.args) o.args = c.args;
        if (c.command) o.command = c.command;
        if (c.env) o.env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? '']));
        const own = v.destinationRule?.spec?.trafficPolicy;
        if (own && JSON.stringify(own) !== JSON.stringify(base)) Object.assign(o, this.trafficPolicyProps(own));
        const dropped = ['resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'securityContext', 'volumeMounts']
          .filter((f) => c[f] !== undefined);
        if (dropped.length) notes.push(`Deployment ${b.namespace}/${d.metadata.name}: the library's pod defaults replace its ${dropped.join(', ')}`);
        return o;
      });
      this.line('');
      this.line(`// ${[b.shared ? `Service ${b.namespace}/${b.app}` : undefined, ...b.versions.map((v) => `Deployment and Service ${b.namespace}/${v.deployment.metadata.name}`)].filter((x) => x).join(', ')}`);
      for (const n of notes) this.line(`// ${n}`);
      this.line(`const ${b.variable} = new ResilientBackend(${chart}, ${str(id)}, ${lit(props, '')});`);
      // a DestinationRule named otherwise than the library names it keeps its name
      if (b.baseRule) this.patchRule(`${b.variable}.node.findChild('DestinationRule')`, b.baseRule, b.app);
      for (const v of b.versions) {
        if (v.destinationRule) this.patchRule(`${b.variable}.version(${str(v.version)}).destinationRule!`, v.destinationRule, `${b.app}-${v.version}`);
      }
    }
  }

  /** Keeps what the library's DestinationRule does not write: another name, subsets, exportTo. */
  private patchRule(expr: string, rule: any, libraryName: string): void {
    const patches: string[] = [];
    const J = () => this.use(CDK8S, 'JsonPatch');
    if (rule.metadata.name !== libraryName) patches.push(`${J()}.replace('/metadata/name', ${str(rule.metadata.name)})`);
    for (const k of DESTINATION_RULE_PATCHED) {
      if (rule.spec[k] !== undefined) patches.push(`${J()}.add('/spec/${k}', ${lit(rule.spec[k], '  ')})`);
    }
    if (patches.length === 0) return;
    this.use(CDK8S, 'ApiObject');
    this.line(`// DestinationRule ${namespaceOf(rule)}/${rule.metadata.name}: ${[
      rule.metadata.name !== libraryName ? 'its name' : undefined,
      ...DESTINATION_RULE_PATCHED.filter((k) => rule.spec[k] !== undefined),
    ].filter((x) => x).join(' and ')}, which ResilientBackend does not write`);
    this.line(`ApiObject.of(${expr}).addJsonPatch(\n  ${patches.join(',\n  ')},\n);`);
  }

  /** TrafficPolicyOptions for a DestinationRule traffic policy the library writes the same way (see `ruleExpressible`). */
  private trafficPolicyProps(tp: any): any {
    if (!tp) return {};
    const out: any = {};
    const lb = tp.loadBalancer;
    if (lb) {
      const L = this.use(LIB, 'LoadBalancer');
      const simple: { [k: string]: string } = { ROUND_ROBIN: 'roundRobin', LEAST_REQUEST: 'leastRequest', RANDOM: 'random' };
      if (lb.simple) out.loadBalancer = code(`${L}.${simple[lb.simple]}()`);
      const h = lb.consistentHash;
      if (h?.httpHeaderName) out.loadBalancer = code(`${L}.consistentHashByHeader(${str(h.httpHeaderName)})`);
      if (h?.useSourceIp) out.loadBalancer = code(`${L}.consistentHashBySourceIp()`);
      if (h?.httpQueryParameterName) out.loadBalancer = code(`${L}.consistentHashByQueryParameter(${str(h.httpQueryParameterName)})`);
    }
    const cp = tp.connectionPool;
    if (cp) {
      out.connectionPool = {
        maxConnections: cp.tcp?.maxConnections,
        connectTimeout: this.duration(cp.tcp?.connectTimeout),
        tcpIdleTimeout: this.duration(cp.tcp?.idleTimeout),
        http1MaxPendingRequests: cp.http?.http1MaxPendingRequests,
        http2MaxRequests: cp.http?.http2MaxRequests,
        maxRequestsPerConnection: cp.http?.maxRequestsPerConnection,
        maxRetries: cp.http?.maxRetries,
        idleTimeout: this.duration(cp.http?.idleTimeout),
      };
    }
    const od = tp.outlierDetection;
    if (od) {
      out.outlierDetection = {
        consecutive5xxErrors: od.consecutive5xxErrors,
        consecutiveGatewayErrors: od.consecutiveGatewayErrors,
        interval: this.duration(od.interval),
        baseEjectionTime: this.duration(od.baseEjectionTime),
        maxEjectionPercent: od.maxEjectionPercent,
        minHealthPercent: od.minHealthPercent,
      };
    }
    return out;
  }

  private duration(value: unknown): Code | undefined {
    const ms = durationMillis(value);
    if (ms === undefined) return undefined;
    const D = this.use(CDK8S, 'Duration');
    for (const [unit, size] of [['hours', 3_600_000], ['minutes', 60_000], ['seconds', 1000]] as const) {
      if (ms !== 0 && ms % size === 0) return code(`${D}.${unit}(${ms / size})`);
    }
    return code(ms === 0 ? `${D}.seconds(0)` : `${D}.millis(${ms})`);
  }

  // ---------------------------------------------------------------- routes

  private emitRoute(route: any): void {
    const ns = namespaceOf(route);
    const chart = this.charts.get(ns)!;
    const spec = route.spec ?? {};
    const why = routeProblem(route);
    if (why) {
      this.verbatim(route, why);
      return;
    }
    const parents = (spec.parentRefs as any[]).map((p) => this.parentExpr(p, ns));
    const rules = (spec.rules ?? []) as any[];
    const canary = this.canaryPlan(route, ns);
    const id = this.ids.claim(chart, route.metadata.name, `${route.metadata.name}-route`);
    const metadata = metadataProps(route.metadata);
    this.line('');
    this.line(`// HTTPRoute ${ns}/${route.metadata.name}`);
    if (canary) {
      const props: any = {};
      if (nameFromId(id) !== route.metadata.name) props.name = route.metadata.name;
      props.metadata = metadata;
      props.parent = parents[0];
      if (parents.length > 1) props.additionalParents = parents.slice(1);
      props.hostnames = spec.hostnames;
      if (canary.path) props.path = canary.path;
      props.stable = code(canary.stable);
      props.canary = code(canary.canary);
      props.canaryPercent = canary.percent;
      props.canaryHeader = canary.header;
      props.timeouts = canary.timeouts;
      props.retry = canary.retry;
      this.use(LIB, 'CanaryRoute');
      this.line(`new CanaryRoute(${chart}, ${str(id)}, ${lit(props, '')});`);
      this.absorbed.add(route);
      return;
    }
    const props: any = {};
    if (nameFromId(id) !== route.metadata.name) props.name = route.metadata.name;
    props.metadata = metadata;
    props.parents = parents;
    props.hostnames = spec.hostnames;
    props.rules = rules.map((r) => this.ruleProps(r, ns));
    this.use(LIB, 'HttpRoute');
    this.line(`new HttpRoute(${chart}, ${str(id)}, ${lit(props, '')});`);
    this.absorbed.add(route);
  }

  private parentExpr(p: any, routeNs: string): Code {
    const gwNs = p.namespace ?? routeNs;
    const gw = this.gateways.get(`${gwNs}/${p.name}`);
    if (gw && p.port === undefined) {
      if (p.sectionName === undefined) return code(gw.variable);
      const l = gw.listeners.find((x) => x.name === p.sectionName);
      if (l) return code(this.listenerVar(gw, l));
    }
    const opts: any = { namespace: p.namespace, sectionName: p.sectionName, port: p.port };
    const rest = Object.values(opts).some((v) => v !== undefined) ? `, ${lit(opts)}` : '';
    return code(`${this.use(LIB, 'RouteParent')}.fromGatewayName(${str(p.name)}${rest})`);
  }

  private backendExpr(ref: any, routeNs: string): string {
    const ns = ref.namespace ?? routeNs;
    const known = this.serviceRefs.get(`${ns}/${ref.name}`);
    if (known && known.port === ref.port) return known.expr;
    const B = this.use(LIB, 'Backend');
    return `${B}.fromServiceName(${str(ref.name)}, ${ref.port}${ns !== routeNs ? `, ${str(ns)}` : ''})`;
  }

  /** A `CanaryRoute` for a route that is one two-way split between versions of one backend (and maybe a header override). */
  private canaryPlan(route: any, ns: string): CanaryPlan | undefined {
    const rules: any[] = route.spec.rules ?? [];
    if (rules.length < 1 || rules.length > 2) return undefined;
    const splitIndex = rules.findIndex((r) => (r.backendRefs ?? []).length === 2);
    if (splitIndex < 0) return undefined;
    const split = rules[splitIndex];
    if (split.filters?.length || (split.name !== undefined && split.name !== 'traffic-split')) return undefined;
    const matches: any[] = split.matches ?? [];
    if (matches.length > 1 || (matches[0] && Object.keys(matches[0]).some((k) => k !== 'path'))) return undefined;
    const refs: any[] = split.backendRefs;
    if (refs.some((r) => r.filters?.length)) return undefined;
    const known = refs.map((r) => this.serviceRefs.get(`${r.namespace ?? ns}/${r.name}`));
    if (known.some((k, i) => !k || k.port !== refs[i].port || k.expr.endsWith('.service!')) || known[0]!.plan !== known[1]!.plan) return undefined;
    if (known[0]!.expr === known[1]!.expr) return undefined;
    const weights = refs.map((r) => r.weight ?? 1);
    const total = weights[0] + weights[1];
    if (total <= 0) return undefined;
    const stableIndex = weights[1] > weights[0] ? 1 : 0;
    const canaryIndex = 1 - stableIndex;
    const percent = (100 * weights[canaryIndex]) / total;
    if (!Number.isInteger(percent)) return undefined;
    const path = matches[0]?.path ?? { type: 'PathPrefix', value: '/' };
    let header: any;
    if (rules.length === 2) {
      const other = rules[1 - splitIndex];
      if (other.filters?.length || (other.name !== undefined && other.name !== 'canary-header')) return undefined;
      if ((other.matches ?? []).length !== 1 || (other.backendRefs ?? []).length !== 1) return undefined;
      const m = other.matches[0];
      if (Object.keys(m).some((k) => k !== 'path' && k !== 'headers') || (m.headers ?? []).length !== 1) return undefined;
      if (JSON.stringify(normalPath(m.path)) !== JSON.stringify(normalPath(path))) return undefined;
      const h = m.headers[0];
      if ((h.type ?? 'Exact') !== 'Exact') return undefined;
      const b = other.backendRefs[0];
      const c = refs[canaryIndex];
      if (b.filters?.length || (b.namespace ?? ns) !== (c.namespace ?? ns) || b.name !== c.name || b.port !== c.port) return undefined;
      const same = (a: any, b2: any) => JSON.stringify(a) === JSON.stringify(b2);
      if (!same(other.timeouts, split.timeouts) || !same(other.retry, split.retry)) return undefined;
      header = { name: h.name, value: h.value };
    }
    const p = normalPath(path);
    return {
      stable: known[stableIndex]!.expr,
      canary: known[canaryIndex]!.expr,
      percent,
      path: p.type === 'PathPrefix' && p.value === '/' ? undefined : this.pathExpr(p),
      header,
      timeouts: this.timeouts(split.timeouts),
      retry: this.retry(split.retry),
    };
  }

  private ruleProps(rule: any, ns: string): any {
    const out: any = {};
    out.name = rule.name;
    if (rule.matches !== undefined) out.matches = (rule.matches as any[]).map((m) => this.matchProps(m));
    if (rule.filters?.length) out.filters = (rule.filters as any[]).map((f) => this.filterExpr(f, ns));
    if (rule.backendRefs?.length) {
      out.backends = (rule.backendRefs as any[]).map((b) => ({
        backend: code(this.backendExpr(b, ns)),
        weight: (b.weight ?? 1) === 1 ? undefined : b.weight,
        filters: b.filters?.length ? (b.filters as any[]).map((f) => this.filterExpr(f, ns)) : undefined,
      }));
    }
    out.timeouts = this.timeouts(rule.timeouts);
    out.retry = this.retry(rule.retry);
    return out;
  }

  private timeouts(t: any): any {
    if (!t) return undefined;
    return { request: this.duration(t.request), backendRequest: this.duration(t.backendRequest) };
  }

  private retry(r: any): any {
    if (!r) return undefined;
    this.experimental = true;
    return { attempts: r.attempts, codes: r.codes, backoff: this.duration(r.backoff) };
  }

  private matchProps(m: any): any {
    const out: any = {};
    if (m.path) out.path = this.pathExpr(normalPath(m.path));
    if (m.headers?.length) {
      const H = this.use(LIB, 'HeaderMatch');
      out.headers = (m.headers as any[]).map((h) => code(`${H}.${(h.type ?? 'Exact') === 'Exact' ? 'exact' : 'regularExpression'}(${str(h.name)}, ${str(h.value)})`));
    }
    if (m.queryParams?.length) {
      const Q = this.use(LIB, 'QueryParamMatch');
      out.queryParams = (m.queryParams as any[]).map((h) => code(`${Q}.${(h.type ?? 'Exact') === 'Exact' ? 'exact' : 'regularExpression'}(${str(h.name)}, ${str(h.value)})`));
    }
    if (m.method) out.method = code(`${this.use(LIB, 'HttpMethod')}.${m.method}`);
    return out;
  }

  private pathExpr(p: { type: string; value: string }): Code {
    const P = this.use(LIB, 'PathMatch');
    const f = p.type === 'Exact' ? 'exact' : p.type === 'RegularExpression' ? 'regularExpression' : 'prefix';
    return code(`${P}.${f}(${str(p.value)})`);
  }

  private filterExpr(f: any, ns: string): Code {
    const F = this.use(LIB, 'HttpRouteFilter');
    switch (f.type) {
      case 'RequestHeaderModifier':
      case 'ResponseHeaderModifier': {
        const m = f.type === 'RequestHeaderModifier' ? f.requestHeaderModifier : f.responseHeaderModifier;
        const opts = {
          set: m?.set?.length ? Object.fromEntries((m.set as any[]).map((h) => [h.name, h.value])) : undefined,
          add: m?.add?.length ? Object.fromEntries((m.add as any[]).map((h) => [h.name, h.value])) : undefined,
          remove: m?.remove?.length ? m.remove : undefined,
        };
        return code(`${F}.${f.type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier'}(${lit(opts, '        ')})`);
      }
      case 'RequestRedirect': {
        const r = f.requestRedirect ?? {};
        const opts = {
          scheme: r.scheme ? code(`${this.use(LIB, 'HttpScheme')}.${r.scheme.toUpperCase()}`) : undefined,
          hostname: r.hostname,
          port: r.port,
          path: r.path ? this.pathModifier(r.path) : undefined,
          statusCode: r.statusCode ?? 302,
        };
        return code(`${F}.requestRedirect(${lit(opts, '        ')})`);
      }
      case 'URLRewrite': {
        const r = f.urlRewrite ?? {};
        return code(`${F}.urlRewrite(${lit({ hostname: r.hostname, path: r.path ? this.pathModifier(r.path) : undefined }, '        ')})`);
      }
      case 'RequestMirror': {
        const r = f.requestMirror ?? {};
        const opts = { percent: r.percent, fraction: r.fraction };
        const rest = r.percent !== undefined || r.fraction !== undefined ? `, ${lit(opts)}` : '';
        return code(`${F}.requestMirror(${this.backendExpr(r.backendRef, ns)}${rest})`);
      }
      case 'CORS': {
        const c = f.cors ?? {};
        return code(`${F}.cors(${lit({
          allowOrigins: c.allowOrigins,
          allowMethods: c.allowMethods,
          allowHeaders: c.allowHeaders,
          exposeHeaders: c.exposeHeaders,
          allowCredentials: c.allowCredentials,
          maxAge: c.maxAge === undefined ? undefined : code(`${this.use(CDK8S, 'Duration')}.seconds(${c.maxAge})`),
        }, '        ')})`);
      }
      case 'ExtensionRef':
        return code(`${F}.extensionRef(${lit({ group: f.extensionRef.group, kind: f.extensionRef.kind, name: f.extensionRef.name })})`);
      default:
        throw new Error(`unsupported filter ${f.type}`); // excluded by routeProblem
    }
  }

  private pathModifier(p: any): Code {
    const M = this.use(LIB, 'HttpPathModifier');
    return p.type === 'ReplaceFullPath'
      ? code(`${M}.replaceFullPath(${str(p.replaceFullPath)})`)
      : code(`${M}.replacePrefixMatch(${str(p.replacePrefixMatch)})`);
  }

  // ---------------------------------------------------------------- everything else

  private emitRest(): void {
    // the backendRefs and certificates of constructs get their ReferenceGrants from the library
    for (const route of this.ofKind('HTTPRoute', GATEWAY_GROUP)) {
      if (!this.absorbed.has(route) && routeProblem(route)) continue;
      const ns = namespaceOf(route);
      for (const rule of route.spec?.rules ?? []) {
        const refs = [...rule.backendRefs ?? [], ...[...rule.filters ?? [], ...(rule.backendRefs ?? []).flatMap((b: any) => b.filters ?? [])]
          .filter((f: any) => f.type === 'RequestMirror').map((f: any) => f.requestMirror.backendRef)];
        for (const b of refs) {
          if (b.namespace && b.namespace !== ns) {
            this.libraryGrant({ fromGroup: GATEWAY_GROUP, fromKind: 'HTTPRoute', fromNamespace: ns, toGroup: '', toKind: 'Service', toNamespace: b.namespace, toName: b.name });
          }
        }
      }
    }
    for (const o of this.objects) {
      if (this.absorbed.has(o)) continue;
      if (o.kind === 'ReferenceGrant' && groupOf(o) === GATEWAY_GROUP) {
        const lib = this.libraryGrants.get(`${namespaceOf(o)}/${o.metadata?.name}`);
        if (lib && lib === JSON.stringify({
          from: (o.spec?.from ?? []).map((f: any) => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
          to: (o.spec?.to ?? []).map((t: any) => ({ group: t.group ?? '', kind: t.kind, name: t.name })),
        })) {
          this.line('');
          this.line(`// ReferenceGrant ${namespaceOf(o)}/${o.metadata.name} is written by the constructs that need it`);
          continue;
        }
      }
      this.verbatim(o, this.reasons.get(o) ?? reasonFor(o));
    }
  }

  private verbatim(o: any, why: string): void {
    const ns = namespaceOf(o);
    const chart = this.charts.get(ns)!;
    const id = this.ids.claim(chart, `${o.kind}-${o.metadata?.name ?? 'unnamed'}`.toLowerCase(), `${o.kind.toLowerCase()}-object`);
    this.use(CDK8S, 'ApiObject');
    const body: any = { apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata };
    for (const [k, v] of Object.entries(o)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) body[k] = v;
    this.line('');
    this.line(`// ${o.kind} ${ns}/${o.metadata?.name}: ${why}`);
    this.line(`new ApiObject(${chart}, ${str(id)}, ${lit(body, '')});`);
  }

  // ---------------------------------------------------------------- output

  private render(): string {
    const lines: string[] = [];
    const name = this.options.appName ?? 'migrated';
    lines.push(`// ${name}: generated by \`cdk8s-istio-gateway migrate --emit typescript\`.`);
    lines.push('// Synthesize with `npx ts-node main.ts` (or `cdk8s synth`); the library validates the objects at synth.');
    this.use(CDK8S, 'App');
    this.use(CDK8S, 'Chart');
    lines.push(...this.imports.render([CDK8S, LIB]).map((l) => (this.lib === LIB ? l : l.replace(`'${LIB}'`, str(this.lib)))));
    lines.push('');
    lines.push('/** Builds the migrated configuration into `app`: one Chart per namespace. */');
    lines.push('export function build(app: App): void {');
    // a namespace whose objects the constructs write elsewhere (ReferenceGrants) gets no Chart
    const used = (v: string) => this.body.some((l) => l.includes(`(${v}, `));
    for (const [ns, v] of this.charts) if (used(v)) lines.push(`  const ${v} = new Chart(app, ${str(ns)}, { namespace: ${str(ns)} });`);
    for (const l of this.body) lines.push(l === '' ? '' : `  ${l.replace(/\n/g, '\n  ')}`);
    lines.push('}');
    lines.push('');
    if (this.experimental) {
      lines.push('// a rule sets retry, which only the experimental-channel HTTPRoute CRD has');
      lines.push("const app = new App({ context: { 'cdk8s-istio-gateway:gatewayApiChannel': 'experimental' } });");
    } else {
      lines.push('const app = new App();');
    }
    lines.push('build(app);');
    lines.push('app.synth();');
    lines.push('');
    return lines.join('\n');
  }

  private line(text: string): void {
    this.body.push(text);
  }

  private use(module: string, name: string): string {
    return this.imports.use(module, name);
  }

  private ofKind(kind: string, group: string): any[] {
    return this.objects.filter((o) => o.kind === kind && groupOf(o) === group && o.metadata?.name);
  }
}

// ------------------------------------------------------------------ helpers

function groupOf(o: any): string {
  const v = String(o.apiVersion ?? '');
  return v.includes('/') ? v.split('/')[0] : '';
}

function namespaceOf(o: any): string {
  return o.metadata?.namespace ?? 'default';
}

function compareObjects(a: any, b: any): number {
  const rank = (o: any) => {
    const i = KIND_ORDER.indexOf(o.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return namespaceOf(a).localeCompare(namespaceOf(b)) || rank(a) - rank(b) || String(a.kind).localeCompare(String(b.kind))
    || String(a.apiVersion).localeCompare(String(b.apiVersion)) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/** The library's `nameFromId` (src/internal/names.ts), which may not throw here. */
function nameFromId(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Whether metadata holds only what construct props carry: name, namespace, labels, annotations. */
function metadataExpressible(m: any, labelsAllowed = true): boolean {
  if (!m || typeof m.name !== 'string') return false;
  return Object.keys(m).every((k) => ['name', 'namespace'].includes(k) || (labelsAllowed && ['labels', 'annotations'].includes(k)));
}

function metadataProps(m: any): any {
  if (!m?.labels && !m?.annotations) return undefined;
  return { labels: m.labels, annotations: m.annotations };
}

function normalAllowedRoutes(a: any): any {
  const ns = a?.namespaces ?? {};
  return { from: ns.from ?? 'Same', selector: ns.selector };
}

/** `AllowedRoutes.x(...)` for allowedRoutes, or undefined when no factory writes it. */
function allowedRoutesExpr(a: any): string | undefined {
  if (a && Object.keys(a).some((k) => k !== 'namespaces' && k !== 'kinds')) return undefined;
  if (!routeKindsExpressible(a?.kinds)) return undefined;
  const n = normalAllowedRoutes(a);
  if (n.from === 'Same') return 'AllowedRoutes.sameNamespace()';
  if (n.from === 'All') return 'AllowedRoutes.allNamespaces()';
  if (n.from !== 'Selector' || !n.selector) return undefined;
  const s = n.selector;
  const keys = Object.keys(s);
  if (keys.length === 1 && keys[0] === 'matchLabels' && Object.keys(s.matchLabels ?? {}).length > 0) {
    return `AllowedRoutes.fromNamespacesWithLabels(${lit(s.matchLabels)})`;
  }
  const e = s.matchExpressions;
  if (keys.length === 1 && keys[0] === 'matchExpressions' && Array.isArray(e) && e.length === 1
    && e[0].key === 'kubernetes.io/metadata.name' && e[0].operator === 'In' && Array.isArray(e[0].values) && e[0].values.length > 0) {
    return `AllowedRoutes.fromNamespaces(${lit([...e[0].values].sort())})`;
  }
  return undefined;
}

/**
 * Whether `allowedRoutes.kinds` may be left out: absent, or only HTTPRoute
 * and GRPCRoute, the kinds an HTTP or HTTPS listener admits by default
 * (AllowedRoutes has no kinds; the app attaches only HTTPRoutes).
 */
function routeKindsExpressible(kinds: any): boolean {
  if (kinds === undefined) return true;
  return Array.isArray(kinds) && kinds.every((k: any) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && ['HTTPRoute', 'GRPCRoute'].includes(k.kind));
}

/** The hostnames `addHttpsRedirect()` derives for a redirect from `from` (see src/gateway/https-redirect.ts). */
function redirectHostnames(gw: GatewayPlan, from: ListenerPlan): string[] | undefined {
  const https = gw.listeners.filter((l) => l.protocol === 'HTTPS');
  if (https.some((l) => l.hostname === undefined)) return undefined;
  const all = [...new Set(https.map((l) => l.hostname!))].sort();
  const hostnames = from.hostname === undefined ? all : all.filter((h) => hostnamesIntersect(h, from.hostname!));
  return hostnames.length > 0 && hostnames.length <= 16 ? hostnames : undefined;
}

function normalPath(p: any): { type: string; value: string } {
  return { type: p?.type ?? 'PathPrefix', value: p?.value ?? '/' };
}

/** Why an HTTPRoute is kept verbatim, or undefined when `HttpRoute` writes it. */
function routeProblem(route: any): string | undefined {
  const spec = route.spec ?? {};
  if (!metadataExpressible(route.metadata)) return 'its metadata has fields the constructs do not set';
  const extra = Object.keys(spec).filter((k) => !['parentRefs', 'hostnames', 'rules'].includes(k));
  if (extra.length) return `spec.${extra[0]} has no construct equivalent`;
  const parents: any[] = spec.parentRefs ?? [];
  if (parents.length === 0) return 'it has no parentRefs, which HttpRoute requires';
  if (parents.some((p) => (p.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (p.kind ?? 'Gateway') !== 'Gateway')) {
    return 'a parentRef is not a Gateway, which HttpRoute cannot attach to';
  }
  const rules: any[] = spec.rules ?? [];
  if (rules.length === 0) return 'it has no rules, which HttpRoute requires';
  for (const [i, r] of rules.entries()) {
    const bad = Object.keys(r).find((k) => !['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry'].includes(k));
    if (bad) return `rules[${i}].${bad} has no construct equivalent`;
    const filters = [...r.filters ?? [], ...(r.backendRefs ?? []).flatMap((b: any) => b.filters ?? [])];
    const f = filters.find((x: any) => !['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'RequestMirror', 'CORS', 'ExtensionRef'].includes(x.type));
    if (f) return `rules[${i}] has a ${f.type} filter, which HttpRouteFilter does not write`;
    const refs = [...r.backendRefs ?? [], ...filters.filter((x: any) => x.type === 'RequestMirror').map((x: any) => x.requestMirror?.backendRef ?? {})];
    if (refs.some((b: any) => (b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service' || typeof b.port !== 'number')) {
      return `rules[${i}] refers to a backend that is not a Service with a port, which Backend cannot name`;
    }
    const durations = [r.timeouts?.request, r.timeouts?.backendRequest, r.retry?.backoff].filter((d) => d !== undefined);
    if (durations.some((d) => durationMillis(d) === undefined)) return `rules[${i}] has a duration Duration cannot express`;
    for (const m of r.matches ?? []) {
      if (Object.keys(m).some((k) => !['path', 'headers', 'queryParams', 'method'].includes(k))) return `rules[${i}] has a match field HttpRouteMatch does not set`;
    }
    for (const x of filters) {
      const rr = x.requestRedirect ?? x.urlRewrite;
      if (rr?.path && !['ReplaceFullPath', 'ReplacePrefixMatch'].includes(rr.path.type)) return `rules[${i}] has an unknown path modifier`;
      if (x.type === 'CORS' && x.cors?.allowCredentials !== undefined && typeof x.cors.allowCredentials !== 'boolean') {
        return `rules[${i}] has a CORS filter CorsOptions cannot express`;
      }
    }
  }
  return undefined;
}

function reasonFor(o: any): string {
  switch (o.kind) {
    case 'Service': return 'no `<service>-<version>` Deployment in the input to build a ResilientBackend from; kept as is (routes name it with Backend.fromServiceName)';
    case 'DestinationRule': return 'not the policy of a ResilientBackend; kept as is';
    case 'Deployment': return 'not named `<app>-<version>` with app and version labels, as ResilientBackend names them; kept as is';
    case 'Gateway': return 'fields IngressGateway does not write; kept as is (routes attach with RouteParent.fromGatewayName)';
    case 'ReferenceGrant': return 'not a grant the constructs write under this name; kept as is';
    default: return 'no construct equivalent; kept as is';
  }
}

function sameLabels(a: any, b: { [k: string]: string }): boolean {
  if (!a || typeof a !== 'object') return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return JSON.stringify(ka) === JSON.stringify(kb) && kb.every((k) => a[k] === b[k]);
}

/** The one port of a Service in the shape ResilientBackend writes, or undefined. */
function servicePort(s: any): { port: number; targetPort: any; appProtocol?: string } | undefined {
  const ports: any[] = s.spec?.ports ?? [];
  if (ports.length !== 1 || typeof ports[0].port !== 'number') return undefined;
  if ((ports[0].protocol ?? 'TCP') !== 'TCP') return undefined;
  const extra = Object.keys(s.spec).filter((k) => !['ports', 'selector', 'type'].includes(k));
  if (extra.length || (s.spec.type ?? 'ClusterIP') !== 'ClusterIP') return undefined;
  const ap = ports[0].appProtocol;
  if (ap !== undefined && !['http', 'http2', 'grpc', 'tcp', 'tls'].includes(ap)) return undefined;
  return { port: ports[0].port, targetPort: ports[0].targetPort ?? ports[0].port, appProtocol: ap };
}

/** The container port a Service targetPort (number or port name) reaches in a Deployment. */
function containerPortOf(d: any, targetPort: any): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  const c = d.spec?.template?.spec?.containers?.[0];
  const p = (c?.ports ?? []).find((x: any) => x.name === targetPort);
  return p?.containerPort;
}

/** Whether a Deployment is one ResilientBackend writes for `app`/`version` (one container, plain env). */
function deploymentExpressible(d: any, app: string, version: string): boolean {
  const spec = d.spec ?? {};
  const containers: any[] = spec.template?.spec?.containers ?? [];
  if (containers.length !== 1 || typeof containers[0].image !== 'string') return false;
  if ((containers[0].env ?? []).some((e: any) => e.valueFrom !== undefined)) return false;
  if (spec.template?.spec?.initContainers?.length) return false;
  const labels = spec.template?.metadata?.labels ?? {};
  if (labels.app !== app || labels.version !== version) return false;
  const sel = spec.selector?.matchLabels;
  return sel === undefined || sameLabels(sel, { app, version });
}

function destinationRuleHost(r: any): string | undefined {
  const host: string | undefined = r.spec?.host;
  if (!host) return undefined;
  const ns = namespaceOf(r);
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${ns}.${CLUSTER_DOMAIN}`;
  if (parts.length === 2) return `${host}.${CLUSTER_DOMAIN}`;
  return host;
}

/** Whether `trafficPolicyProps` reproduces a DestinationRule's spec (host + supported policy fields only). */
function ruleExpressible(r: any): boolean {
  const spec = r.spec ?? {};
  if (Object.keys(spec).some((k) => !['host', 'trafficPolicy', ...DESTINATION_RULE_PATCHED].includes(k))) return false;
  if (Object.keys(r.metadata ?? {}).some((k) => !['name', 'namespace', 'labels'].includes(k))) return false;
  const tp = spec.trafficPolicy;
  if (!tp) return false;
  const only = (o: any, keys: string[]) => o === undefined || (typeof o === 'object' && Object.keys(o).every((k) => keys.includes(k)));
  if (!only(tp, ['loadBalancer', 'connectionPool', 'outlierDetection'])) return false;
  const lb = tp.loadBalancer;
  if (lb) {
    if (!only(lb, ['simple', 'consistentHash'])) return false;
    if (lb.simple && !['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'].includes(lb.simple)) return false;
    const h = lb.consistentHash;
    if (h && (!only(h, ['httpHeaderName', 'useSourceIp', 'httpQueryParameterName']) || Object.keys(h).length !== 1)) return false;
    if (!!lb.simple === !!h) return false;
  }
  const cp = tp.connectionPool;
  if (cp) {
    if (!only(cp, ['tcp', 'http']) || !only(cp.tcp, ['maxConnections', 'connectTimeout', 'idleTimeout'])) return false;
    if (!only(cp.http, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'idleTimeout'])) return false;
    const durations = [cp.tcp?.connectTimeout, cp.tcp?.idleTimeout, cp.http?.idleTimeout];
    if (durations.some((d) => d !== undefined && durationMillis(d) === undefined)) return false;
  }
  const od = tp.outlierDetection;
  if (od) {
    if (!only(od, ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent'])) return false;
    for (const d of [od.interval, od.baseEjectionTime]) if (d !== undefined && durationMillis(d) === undefined) return false;
  }
  return true;
}
