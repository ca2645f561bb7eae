import { IConstruct } from 'constructs';
import { AttachedRoute, Attachment, attachRoutes, Rejection } from './attachment';
import { authorizationOf, authorize, AuthzVerdict } from './authorization';
import { BackendResolutionOptions, resolveBackend, ResolvedBackend } from './backends';
import { connectionRequest, simulateConnection } from './connections';
import { applyCors } from './cors';
import { findPolicy } from './destination-rules';
import { applyHeaderModifier, modifyPath, pathModifierProblem, redirectLocation } from './filters';
import { routesForHost } from './host-index';
import { normalizeHost } from './hostnames';
import { IstioGatewaySimulation } from './istio/istio-simulator';
import { GO_STATUS_CODES, ISTIO_DEFAULT_RETRY_ON } from './istio/retry-policy';
import { IstioBehaviour, istioBehaviour } from './istio-behaviour';
import { selectListener } from './listener-selection';
import { missingClientCertificate } from './listener-tls';
import { Candidate, findMatches, NormalizedRequest, tieOnMatch } from './matching';
import { GATEWAY_GROUP, GatewayInfo, ListenerInfo, RouteInfo, SimulationModel } from './model';
import { SimulatedRequest } from './request';
import { RejectedExpression, rejectedExpression } from './route-table';
import {
  AuthorizationDecision, BackendDecision, HeaderChanges, MirrorDecision, RedirectDecision, RetryDecision, RewriteDecision, RoutingDecision,
  TimeoutsDecision,
} from './routing-decision';
import { isExperimentalChannel } from '../gateway-api/channel';
import { declaredExternalObjects, ExternalObjects } from '../gateway-api/external-objects';
import { hostMatches, hostnamesIntersect } from '../gateway-api/hostnames';
import { portProblem } from '../internal/port';
import { IstioApiModel, IstioGatewayInfo } from '../istio-api/istio-model';
import { ManifestSet } from '../manifests/manifest-set';

const SECURITY_GROUP = 'security.istio.io';

/**
 * Options of the traffic simulator.
 */
export interface TrafficSimulatorOptions {
  /**
   * Treat backend Services that are not in the manifests as existing (for
   * manifests that route to Services defined elsewhere). When false, a
   * backendRef to a Service that is not in the manifests is invalid and its
   * share of the traffic gets 500.
   * @default false
   */
  readonly assumeServicesExist?: boolean;

  /**
   * Treat Secrets (listener certificates) and ConfigMaps (client CA
   * bundles) that are not in the manifests as existing and valid. When
   * false, an HTTPS listener whose certificates are not in the manifests is
   * not programmed, as in a cluster without them.
   * @default true
   */
  readonly assumeSecretsExist?: boolean;

  /**
   * Objects that exist in the cluster but not in the manifests, as
   * `Kind namespace/name` (e.g. `Service shop/api`, `Secret infra/shop-tls`,
   * `ReferenceGrant payments/shop-httproute-to-service-api`): the same
   * registry synth-time analysis reads. `fromApp` adds the objects the App
   * declared external (`Backend.fromServiceName`, ...).
   * @default - none
   */
  readonly externalObjects?: string[];

  /**
   * The Istio release whose behaviour is simulated: `1.30` or `1.31` (a
   * patch version such as `1.30.3` counts as its minor release). Where
   * Istio departs from the Gateway API specification, the decision's notes
   * say so.
   * @default '1.30'
   */
  readonly istioVersion?: string;

  /**
   * Whether the cluster runs the experimental-channel Gateway API CRDs: then
   * experimental fields (HTTPRoute `rules[].retry`) are accepted, as the API
   * server would; else an object with them is rejected and ignored.
   * @default - for `fromApp`, the App's context key `cdk8s-istio-gateway:gatewayApiChannel`
   * is `experimental`; otherwise false
   */
  readonly experimental?: boolean;
}

/** The context key of the App's Gateway API channel (`GatewayApiChannel.CONTEXT_KEY`; read here, since the simulator may not import constructs). */

const SCHEMES = new Set(['http', 'https']);
const ISTIO_CONTROLLER = 'istio.io/gateway-controller';
/** Istio GatewayClasses that do not serve north-south HTTP routes. */
const NON_INGRESS_CLASSES = new Set(['istio-remote', 'istio-waypoint', 'istio-east-west']);

/**
 * Answers "which backend gets this request?" offline, from manifests
 * alone, following the Gateway API v1.6.1 rules: listener selection,
 * route attachment (parentRefs, allowedRoutes, hostnames), match
 * precedence, filters (redirect, rewrite, header modifiers, mirrors),
 * weighted backends with ReferenceGrant checks, and the DestinationRule
 * policy Istio applies to each backend. HTTP requests and gRPC calls
 * (`protocol: 'grpc'`) are routed by HTTPRoutes and GRPCRoutes, TLS
 * connections (`protocol: 'tls'`) by SNI to TLSRoutes on Passthrough
 * listeners, TCP connections (`protocol: 'tcp'`) by port to TCPRoutes.
 *
 * @example
 * const sim = TrafficSimulator.fromApp(app);
 * const d = sim.request({ host: 'shop.example.com', path: '/api', headers: { 'x-version': 'v2' } });
 * // d.status === 200, d.shareOf('api-v2') === 1
 */
export class TrafficSimulator {
  /** Simulates the objects of a cdk8s App (or any construct tree). */
  public static fromApp(app: IConstruct, options: TrafficSimulatorOptions = {}): TrafficSimulator {
    const externalObjects = [...new Set([...options.externalObjects ?? [], ...declaredExternalObjects(app)])].sort();
    const experimental = options.experimental ?? isExperimentalChannel(app.node.root);
    return new TrafficSimulator(ManifestSet.fromApp(app), { ...options, externalObjects, experimental });
  }

  /** Simulates a set of manifests, e.g. `ManifestSet.fromPaths([...])`. */
  public static fromManifests(manifests: ManifestSet, options: TrafficSimulatorOptions = {}): TrafficSimulator {
    return new TrafficSimulator(manifests, options);
  }

  /** Simulates the objects of a multi-document YAML string. */
  public static fromYaml(yaml: string, options: TrafficSimulatorOptions = {}): TrafficSimulator {
    return new TrafficSimulator(ManifestSet.fromYaml(yaml, 'yaml'), options);
  }

  private readonly model: SimulationModel;
  private readonly assumeServicesExist: boolean;
  private readonly behaviour: IstioBehaviour;
  private readonly externals: ExternalObjects;
  /** The rejected expression of each route table (`gateway http <port>` or `gateway <https listener>`), once computed. */
  private readonly rejectedTables = new Map<string, RejectedExpression | undefined>();
  /** The routes attached to each listener, by Gateway and request kind, once computed. */
  private readonly attachments = new WeakMap<ListenerInfo, Map<string, Attachment>>();
  /** Requests to Istio Gateways (networking.istio.io). */
  private readonly istio: IstioGatewaySimulation;

  private constructor(manifests: ManifestSet, options: TrafficSimulatorOptions) {
    this.behaviour = istioBehaviour(options.istioVersion);
    this.externals = ExternalObjects.parse(options.externalObjects ?? []);
    const modelOptions = {
      assumeSecretsExist: options.assumeSecretsExist ?? true,
      behaviour: this.behaviour,
      externals: this.externals,
      // validate against the experimental-channel CRDs (SimulationModelOptions.experimental)
      experimental: options.experimental ?? false,
    };
    this.model = new SimulationModel(manifests, modelOptions);
    this.assumeServicesExist = options.assumeServicesExist ?? false;
    // Istio's own API, read through the model so that objects the API server rejects are dropped
    this.istio = new IstioGatewaySimulation(this.model, IstioApiModel.read(manifests, (k) => this.model.objects(k, 'networking.istio.io')), this.backendOptions());
  }

  /** The Istio Gateways (networking.istio.io, `namespace/name`) found in the manifests, sorted. */
  public get istioGateways(): string[] {
    return this.istio.gatewayKeys;
  }

  /** The Istio release whose behaviour is simulated, e.g. `1.30`. */
  public get istioVersion(): string {
    return this.behaviour.version;
  }

  /** The Gateways (`namespace/name`) found in the manifests, sorted. */
  public get gateways(): string[] {
    return this.model.gateways.map((g) => g.key).sort();
  }

  /**
   * Decides what happens to one request or connection. Throws when the
   * request itself is invalid (unknown Gateway, bad scheme, path not
   * starting with `/`, fields that do not fit its `protocol`).
   */
  public request(request: SimulatedRequest): RoutingDecision {
    const protocol = requestProtocol(request);
    const istioGateway = this.findIstioGateway(request);
    if (istioGateway) {
      if (protocol === 'tls' || protocol === 'tcp') return this.istio.connection(istioGateway, connectionRequest(request, protocol), [...this.model.notes]);
      const http = protocol === 'grpc' ? grpcAsHttp(request) : request;
      return this.istio.http(istioGateway, normalize(http), http, [...this.model.notes]);
    }
    if (protocol === 'tls' || protocol === 'tcp') {
      const gateway = this.findGateway(request);
      return simulateConnection(this.model, gateway, connectionRequest(request, protocol), {
        baseNotes: [...this.model.notes, ...this.classNotes(gateway)],
        backendDecision: (b, total, notes) => this.backendDecision(b, total, gateway, notes),
        backendOptions: this.backendOptions(),
      });
    }
    if (protocol === 'grpc') return this.httpRequest(grpcAsHttp(request), true);
    return this.httpRequest(request, false);
  }

  private httpRequest(request: SimulatedRequest, grpc: boolean): RoutingDecision {
    const gw = this.findGateway(request);
    const req = normalize(request);
    const notes: string[] = [...this.model.notes, ...this.classNotes(gw)];
    const base: {
      gateway: string; requestHeaders: { [name: string]: string }; mirrors: never[]; backends: never[]; authorization?: AuthorizationDecision;
    } = {
      gateway: gw.key, requestHeaders: Object.fromEntries(req.headers), mirrors: [], backends: [],
    };

    const choice = selectListener(gw, req.scheme, req.port, req.host, req.sni);
    notes.push(...choice.notes);
    if (choice.misdirectedTo) {
      notes.push('Istio does not detect misdirected requests (GatewayHTTPSListenerDetectMisdirectedRequests is unsupported in its 1.30.5 '
        + 'conformance report); the Gateway API specification answers 421 Misdirected Request here');
    }
    if (!choice.listener) {
      return RoutingDecision._of({ ...base, status: choice.status ?? 404, reason: choice.reason, notes });
    }
    const listener = choice.listener;
    const handshake = req.scheme === 'https'
      ? missingClientCertificate(gw.manifest.object.spec, listener.port, request.clientCertificate !== undefined, this.model.options.behaviour, notes)
      : undefined;
    if (handshake) {
      return RoutingDecision._of({ ...base, status: 0, listener: listener.name, reason: handshake, notes });
    }
    const authz = this.authorize(gw, listener.port, request, req);
    notes.push(...authz.notes);
    const authorization = authorizationOf(authz);
    if (authz.status !== undefined) {
      return RoutingDecision._of({ ...base, status: authz.status, listener: listener.name, authorization, reason: authz.reason, notes });
    }
    if (authorization) base.authorization = authorization;
    const rejected = this.rejectedExpression(gw, listener);
    if (rejected) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener: listener.name,
        notes: [...notes, 'a gateway that was serving the port before the expression was added keeps its last accepted routes instead '
          + '(Envoy ignores every later route change on the port until the expression is fixed)'],
        reason: `Envoy rejects the route configuration of port ${listener.port}: HTTPRoute ${rejected.route} ${rejected.field} has the RegularExpression `
          + `${JSON.stringify(shorten(rejected.expression))}, which ${rejected.problem}; a gateway that starts now serves no route on the port (istio/istio#56807)`,
      });
    }
    const attachment = this.attachmentOf(gw, listener, grpc);
    notes.push(...attachment.notes);
    // the routes of the request's host decide; without a winner, all of them give the reason (hostMismatches)
    let result = findMatches(routesForHost(attachment.attached, req.host), req, listener.hostname);
    if (result.candidates.length === 0) result = findMatches(attachment.attached, req, listener.hostname);
    notes.push(...result.notes);
    // Istio builds one Envoy virtual host per hostname (route_collections.go: "Create one VS per hostname"); Envoy
    // picks the most specific domain and never falls back to another virtual host's routes
    const vhost = result.mostSpecific;
    const inVhost = result.candidates.filter((c) => c.matchedHostname === vhost?.hostname);
    const winner = inVhost[0];
    const specWinner = result.candidates[0];
    if (!winner && specWinner) {
      notes.push(`Istio answers 404: no rule for virtual host ${vhost?.hostname ?? '*'} (HTTPRoute ${vhost?.route.key}) matches, and Envoy does not fall back `
        + `to other virtual hosts; the Gateway API precedence would pick HTTPRoute ${specWinner.route.key} (${specWinner.matchedHostname ?? 'any host'}) `
        + `rule ${specWinner.ruleIndex}`);
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener: listener.name,
        notes,
        reason: `no rule of the HTTPRoutes for hostname ${vhost?.hostname ?? '*'} on listener ${listener.name} matches ${req.method} ${shorten(req.path + (req.queryString ? `?${req.queryString}` : ''))}`
          + ' (Istio does not fall back to less specific hostnames)',
      });
    }
    if (!winner) {
      return RoutingDecision._of({
        ...base,
        status: 404,
        listener: listener.name,
        notes,
        reason: noMatchReason(req, gw, listener, attachment.attached.length, attachment.rejected, result.hostMismatches, grpc),
      });
    }
    notes.push(...precedenceNotes(winner, inVhost));
    return this.apply(winner, req, listener.port, { ...base, listener: listener.name }, notes, gw);
  }

  /**
   * The HTTPRoutes and GRPCRoutes attached to a listener, computed once per
   * listener (the input does not change). Istio converts GRPCRoutes into
   * HTTP routes of the same per-hostname virtual hosts as the HTTPRoutes
   * (conversion.go convertGRPCRoute), so both kinds serve every request of
   * the listener (grpc-matching.ts).
   */
  private attachmentOf(gw: GatewayInfo, listener: ListenerInfo, grpc: boolean): Attachment {
    let byKind = this.attachments.get(listener);
    if (!byKind) {
      byKind = new Map();
      this.attachments.set(listener, byKind);
    }
    const key = `${gw.key} ${grpc}`;
    let attachment = byKind.get(key);
    if (!attachment) {
      const http = attachRoutes(this.model, gw, listener);
      const grpcRoutes = attachRoutes(this.model, gw, listener, this.model.grpcRoutes, 'GRPCRoute');
      const attached = [...http.attached, ...grpcRoutes.attached];
      attachment = {
        attached,
        rejected: [...http.rejected, ...grpcRoutes.rejected.filter((r) => grpc || r.kind !== 'unattached')],
        notes: [...new Set([...http.notes, ...grpcRoutes.notes]), ...mixedKindNotes(attached, listener.name)],
      };
      byKind.set(key, attachment);
    }
    return attachment;
  }

  private apply(winner: Candidate, req: NormalizedRequest, listenerPort: number, base: any, notes: string[], gw: GatewayInfo): RoutingDecision {
    const rule = winner.rule;
    const headers = new Map(req.headers);
    const matchedPrefix = winner.pathType === 'PathPrefix' ? winner.pathValue : undefined;
    let redirect: RedirectDecision | undefined;
    let rewrite: RewriteDecision | undefined;
    let responseHeaders: HeaderChanges | undefined;
    const mirrors: MirrorDecision[] = [];
    const noteSet = new Set<string>();
    const filters: any[] = Array.isArray(rule.filters) ? rule.filters : [];
    const corsFilter = filters.find((f) => f?.type === 'CORS');
    if (corsFilter) {
      // Envoy's CORS filter runs before the router: an allowed preflight never reaches the route's other filters
      const cors = applyCors(corsFilter.cors ?? {}, req.method, req.headers);
      if (cors.ignored) notes.push(`CORS filter: ${cors.ignored}`);
      if (cors.answered) {
        return RoutingDecision._of({
          ...base,
          listener: base.listener,
          route: winner.route.key,
          routeKind: winner.route.kind,
          ruleIndex: winner.ruleIndex,
          ruleName: rule.name,
          matchIndex: winner.matchIndex,
          status: 200,
          responseHeaders: { set: cors.headers, add: {}, remove: [] },
          reason: `the gateway answers the CORS preflight for origin ${req.headers.get('origin')} itself${cors.ignored
            ? ', without Access-Control-Allow-Origin since the origin is not allowed (Istio does not forward unmatched preflights)' : ''}; the request is not forwarded`,
          notes,
        });
      }
      if (Object.keys(cors.headers).length > 0) {
        responseHeaders = mergeResponse(responseHeaders, { set: Object.entries(cors.headers).map(([name, value]) => ({ name, value })) });
      }
    }
    for (const f of filters) {
      switch (f.type) {
        case 'RequestHeaderModifier':
          applyHeaderModifier(headers, f.requestHeaderModifier);
          break;
        case 'ResponseHeaderModifier':
          responseHeaders = mergeResponse(responseHeaders, f.responseHeaderModifier);
          break;
        case 'RequestRedirect': {
          const r = redirectLocation(f.requestRedirect ?? {}, req, listenerPort, matchedPrefix);
          if (r.problem) notes.push(r.problem);
          redirect = { location: r.location, statusCode: r.statusCode };
          break;
        }
        case 'URLRewrite': {
          const u = f.urlRewrite ?? {};
          let path: string | undefined;
          if (u.path) {
            path = modifyPath(req.path, u.path, matchedPrefix);
            if (path === undefined) notes.push(`URLRewrite ${pathModifierProblem(u.path)}; the path is not rewritten`);
          }
          rewrite = { host: u.hostname, path };
          if (u.hostname !== undefined) headers.set('host', String(u.hostname));
          break;
        }
        case 'RequestMirror':
          mirrors.push(this.mirror(winner, f.requestMirror ?? {}, noteSet));
          break;
        case 'CORS':
          break;
        case 'ExtensionRef':
          notes.push('ExtensionRef filters are not supported by Istio ("unsupported filter type"); the filter is ignored here');
          break;
        default:
          notes.push(`filter type ${f.type} is not simulated`);
      }
    }
    const routed = {
      ...base,
      route: winner.route.key,
      routeKind: winner.route.kind,
      ruleIndex: winner.ruleIndex,
      ruleName: rule.name,
      matchIndex: winner.matchIndex,
      requestHeaders: Object.fromEntries(headers),
      responseHeaders,
      mirrors,
      rewrite,
    };
    if (redirect) {
      return RoutingDecision._of({ ...routed, status: redirect.statusCode, redirect, notes: [...notes, ...noteSet] });
    }
    const refs: any[] = Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
    if (refs.length === 0) {
      const status = this.behaviour.noBackendRefsStatus;
      if (status !== 500) {
        noteSet.add(`Istio ${this.behaviour.version} answers ${status} for a rule without backendRefs (istio/istio#59445); the Gateway API `
          + 'specification and Istio 1.31 answer 500 (HTTPRouteNoBackendRefs)');
      }
      return RoutingDecision._of({
        ...routed,
        status,
        notes: [...notes, ...noteSet],
        reason: `rule ${winner.ruleIndex} of HTTPRoute ${winner.route.key} has no backendRefs and no redirect; Istio ${this.behaviour.version} answers ${status}`,
      });
    }
    const resolved = refs.map((r) => resolveBackend(this.model, winner.route, r, this.backendOptions(), noteSet));
    const total = resolved.reduce((s, b) => s + b.weight, 0);
    const backends: BackendDecision[] = resolved.map((b, i) => ({
      ...this.backendDecision(b, total, gw, noteSet),
      ...backendFilters(refs[i], headers, responseHeaders, noteSet),
    }));
    let status = 200;
    let reason: string | undefined;
    if (total === 0) {
      status = 500;
      reason = `every backendRef of rule ${winner.ruleIndex} of HTTPRoute ${winner.route.key} has weight 0; Istio answers 500`;
    } else if (!backends.some((b) => b.status === 200 && b.share > 0)) {
      const failing = backends.filter((b) => b.share > 0);
      status = failing.some((b) => b.status === 500) ? 500 : 503;
      reason = failing.map((b) => b.problem).join('; ');
    } else {
      const partial = backends.filter((b) => b.share > 0 && b.status !== 200);
      if (partial.length > 0) {
        reason = `${partial.map((b) => `${Math.round(b.share * 10000) / 100}% of requests get ${b.status}: ${b.problem}`).join('; ')}`;
      }
    }
    const forwarding = total > 0 ? ruleTimeoutsAndRetry(rule, noteSet) : {};
    return RoutingDecision._of({ ...routed, status, backends, ...forwarding, reason, notes: [...notes, ...noteSet] });
  }

  private backendDecision(b: ResolvedBackend, total: number, gw: GatewayInfo, notes: Set<string>): BackendDecision {
    const policy = b.status === 200 && (b.kind === 'Service' || b.kind === 'Hostname') ? findPolicy(this.model, b, gw.namespace, notes) : undefined;
    return {
      namespace: b.namespace,
      name: b.name,
      kind: b.kind,
      group: b.group,
      port: b.port,
      weight: b.weight,
      share: total === 0 ? 0 : Math.round((b.weight / total) * 1e9) / 1e9,
      status: b.status,
      problem: b.problem,
      policy,
      ...(b.workloads ? { workloads: b.workloads } : {}),
    };
  }

  private mirror(winner: Candidate, m: any, notes: Set<string>): MirrorDecision {
    const ref = { ...(m.backendRef ?? {}), weight: 1 };
    const b = resolveBackend(this.model, winner.route, ref, this.backendOptions(), notes);
    let percent = 100;
    if (m.percent !== undefined) percent = Number(m.percent);
    else if (m.fraction) percent = (Number(m.fraction.numerator) / Number(m.fraction.denominator ?? 100)) * 100;
    return { namespace: b.namespace, name: b.name, port: b.port, percent, problem: b.problem };
  }

  private rejectedExpression(gw: GatewayInfo, listener: ListenerInfo): RejectedExpression | undefined {
    const key = `${gw.key} ${listener.protocol === 'HTTP' ? `http ${listener.port}` : listener.name}`;
    if (!this.rejectedTables.has(key)) this.rejectedTables.set(key, rejectedExpression(this.model, gw, listener));
    return this.rejectedTables.get(key);
  }

  private backendOptions(): BackendResolutionOptions {
    return { assumeServicesExist: this.assumeServicesExist, externals: this.externals };
  }

  /**
   * Istio's RequestAuthentications and AuthorizationPolicies on the gateway's
   * pods (authorization.ts): they run before the router.
   */
  private authorize(gw: GatewayInfo, port: number, request: SimulatedRequest, req: NormalizedRequest): AuthzVerdict {
    const spec = gw.manifest.object.spec;
    const infraLabels = spec?.infrastructure?.labels;
    const podLabels: { [key: string]: string } = {
      ...(typeof infraLabels === 'object' && infraLabels !== null ? infraLabels : {}),
      'gateway.networking.k8s.io/gateway-name': gw.name,
    };
    return authorize({
      authority: String(request.host).toLowerCase(),
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      port,
      sni: req.scheme === 'https' ? req.sni : undefined,
      sourceIp: request.sourceIp,
      jwtClaims: request.jwtClaims,
      clientCertificateSan: request.clientCertificate?.san,
    }, { namespace: gw.namespace, name: gw.name, podLabels }, {
      authorizationPolicies: this.model.objects('AuthorizationPolicy', SECURITY_GROUP),
      requestAuthentications: this.model.objects('RequestAuthentication', SECURITY_GROUP),
      rootNamespace: 'istio-system',
      namespaceOf: (m) => this.model.set.namespaceOf(m),
    });
  }

  private classNotes(gw: GatewayInfo): string[] {
    const className = String(gw.manifest.object.spec?.gatewayClassName ?? '');
    if (NON_INGRESS_CLASSES.has(className)) {
      return [`gateway ${gw.key} uses GatewayClass ${className}, which Istio does not run as an ingress gateway`];
    }
    const gc = this.model.set.find('GatewayClass', GATEWAY_GROUP, '', className);
    const controller = gc?.object.spec?.controllerName;
    if (controller && controller !== ISTIO_CONTROLLER) {
      return [`GatewayClass ${className} is handled by ${controller}, not by Istio (${ISTIO_CONTROLLER}); the decision follows the Gateway API specification`];
    }
    return [];
  }

  /**
   * The Istio Gateway a request is for: the one it names when no Gateway API
   * Gateway has that name, or the only gateway of either kind.
   */
  private findIstioGateway(request: SimulatedRequest): IstioGatewayInfo | undefined {
    const istio = this.istio.istio.gateways;
    if (istio.length === 0) return undefined;
    if (request.gateway === undefined) {
      const total = istio.length + this.model.gateways.length;
      if (total === 1) return istio[0];
      throw new Error(`gateway must be given when there are several gateways (${[...this.model.gateways.map((g) => g.key), ...this.istio.gatewayKeys].sort().join(', ')})`);
    }
    const slash = request.gateway.indexOf('/');
    const namespace = slash >= 0 ? request.gateway.slice(0, slash) : request.gatewayNamespace;
    const name = slash >= 0 ? request.gateway.slice(slash + 1) : request.gateway;
    if (this.model.gateways.some((g) => g.name === name && (namespace === undefined || g.namespace === namespace))) return undefined;
    const found = this.istio.find(name, namespace);
    if (found.length > 1) throw new Error(`gateway ${name} is ambiguous (${found.map((g) => g.key).join(', ')}); give it as namespace/name`);
    return found[0];
  }

  private findGateway(request: SimulatedRequest): GatewayInfo {
    const all = this.model.gateways;
    const known = all.map((g) => g.key).sort().join(', ') || 'none';
    // Gateways the API server rejects are not there: say so where a Gateway is missing
    const rejected = this.model.rejectedGateways;
    const why = rejected.length > 0 ? `; ${rejected.join('; ')}` : '';
    if (request.gateway === undefined) {
      if (all.length === 1) return all[0];
      throw new Error(all.length === 0
        ? `no Gateway (gateway.networking.k8s.io) in the manifests${why}`
        : `gateway must be given when there are several Gateways (${known})`);
    }
    let namespace = request.gatewayNamespace;
    let name = request.gateway;
    const slash = name.indexOf('/');
    if (slash >= 0) {
      namespace = name.slice(0, slash);
      name = name.slice(slash + 1);
    }
    const found = all.filter((g) => g.name === name && (namespace === undefined || g.namespace === namespace));
    if (found.length === 1) return found[0];
    if (found.length === 0) {
      throw new Error(`gateway ${namespace ? `${namespace}/` : ''}${name} is not in the manifests (gateways: ${known})${why}`);
    }
    throw new Error(`gateway ${name} is ambiguous (${found.map((g) => g.key).join(', ')}); give it as namespace/name`);
  }
}

/** `HTTPRoute ns/name`, `GRPCRoute ns/name`, ... */
function routeName(r: RouteInfo): string {
  return `${r.kind ?? 'HTTPRoute'} ${r.key}`;
}

/**
 * Where a GRPCRoute and an HTTPRoute attached to the listener claim a common
 * hostname: Istio merges their rules into one virtual host per hostname
 * (conversion.go; route_collections.go "one VS per hostname") and ranks them
 * together, while the Gateway API accepts only one of the two routes.
 */
function mixedKindNotes(attached: AttachedRoute[], listenerName: string): string[] {
  const notes: string[] = [];
  const grpc = attached.filter((a) => a.route.kind === 'GRPCRoute');
  const http = attached.filter((a) => (a.route.kind ?? 'HTTPRoute') === 'HTTPRoute');
  for (const g of grpc) {
    for (const h of http) {
      const common = commonHostname(g, h);
      if (common === undefined) continue;
      notes.push(`GRPCRoute ${g.route.key} and HTTPRoute ${h.route.key} both claim ${common} on listener ${listenerName}: Istio merges their rules `
        + 'into one virtual host and ranks them together; the Gateway API specification (GRPCRouteSpec.Hostnames) accepts only one of them '
        + '(the older, then by namespace/name) and says merging MUST NOT be done between GRPCRoutes and HTTPRoutes');
    }
  }
  return notes;
}

/** A hostname two attached routes share (`any host` when both take the listener's), or undefined. */
function commonHostname(a: AttachedRoute, b: AttachedRoute): string | undefined {
  if (a.hostnames.length === 0 && b.hostnames.length === 0) return 'any host';
  if (a.hostnames.length === 0) return `hostname ${b.hostnames[0]}`;
  if (b.hostnames.length === 0) return `hostname ${a.hostnames[0]}`;
  for (const x of a.hostnames) {
    for (const y of b.hostnames) {
      if (hostnamesIntersect(x, y)) return `hostname ${x === y ? x : `${x} / ${y}`}`;
    }
  }
  return undefined;
}

const PROTOCOLS = new Set(['http', 'grpc', 'tls', 'tcp']);

/** The request's protocol, after checking that its fields fit it. */
function requestProtocol(r: SimulatedRequest): string {
  const protocol = String(r.protocol ?? 'http').toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new Error(`protocol must be http, grpc, tls or tcp, got ${r.protocol}`);
  if (r.service !== undefined && protocol !== 'grpc') {
    throw new Error(`service is only meaningful for grpc requests, got protocol ${protocol}`);
  }
  return protocol;
}

/** gRPC service names (GRPCMethodMatch.service) and method names (GRPCMethodMatch.method), as the CRD's patterns allow them. */
const GRPC_SERVICE = /^\.?[a-zA-Z_][a-zA-Z_0-9]*(\.[a-zA-Z_][a-zA-Z_0-9]*)*$/;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

/**
 * A gRPC call as the HTTP/2 request it is: `POST /<service>/<method>` with
 * `content-type: application/grpc` (gRPC over HTTP/2, PROTOCOL-HTTP2.md).
 */
function grpcAsHttp(r: SimulatedRequest): SimulatedRequest {
  if (r.service === undefined || r.method === undefined) {
    throw new Error('a grpc request needs service and method, e.g. service shop.v1.Catalog and method GetItem');
  }
  if (!GRPC_SERVICE.test(r.service)) throw new Error(`service must be a gRPC service name such as shop.v1.Catalog, got ${r.service}`);
  if (!GRPC_METHOD.test(r.method)) throw new Error(`method must be a gRPC method name such as GetItem, got ${r.method}`);
  if (r.path !== undefined) throw new Error('path is not meaningful for grpc requests: the path is /<service>/<method>');
  const headers: { [name: string]: string } = { ...(r.headers ?? {}) };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/grpc';
  return { ...r, protocol: 'http', service: undefined, method: 'POST', path: `/${r.service}/${r.method}`, headers };
}

function normalize(r: SimulatedRequest): NormalizedRequest {
  const scheme = (r.scheme ?? 'http').toLowerCase();
  if (!SCHEMES.has(scheme)) {
    throw new Error(`scheme must be http or https, got ${r.scheme}`);
  }
  const port = r.port ?? (scheme === 'https' ? 443 : 80);
  const badPort = portProblem(port);
  if (badPort) throw new Error(`port ${badPort}`);
  if (!r.host || normalizeHost(r.host) === '') {
    throw new Error('host must be given, e.g. shop.example.com');
  }
  const rawPath = r.path ?? '/';
  if (!rawPath.startsWith('/')) {
    throw new Error(`path must start with /, got ${rawPath}`);
  }
  const q = rawPath.indexOf('?');
  const path = q < 0 ? rawPath : rawPath.slice(0, q);
  let queryString = q < 0 ? '' : rawPath.slice(q + 1);
  const query = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(queryString)) {
    if (!query.has(k)) query.set(k, v);
  }
  const extra = Object.entries(r.query ?? {});
  for (const [k, v] of extra) query.set(k, v);
  if (extra.length > 0) {
    const params = new URLSearchParams(queryString);
    for (const [k, v] of extra) params.set(k, v);
    queryString = params.toString();
  }
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(r.headers ?? {})) headers.set(k.toLowerCase(), String(v));
  if (r.sni !== undefined && scheme !== 'https') {
    throw new Error(`sni is only meaningful for https requests, got scheme ${scheme}`);
  }
  return {
    scheme,
    port,
    host: normalizeHost(r.host),
    sni: r.sni === undefined ? normalizeHost(r.host) : normalizeHost(r.sni),
    method: (r.method ?? 'GET').toUpperCase(),
    path,
    queryString,
    query,
    headers,
  };
}

/**
 * The filters of one backendRef (`HTTPBackendRef.filters`): they apply
 * after the rule's filters, to the requests that backend receives.
 */
function backendFilters(
  ref: any, headers: Map<string, string>, responseHeaders: HeaderChanges | undefined, notes: Set<string>,
): { requestHeaders?: { [name: string]: string }; responseHeaders?: HeaderChanges } {
  const filters: any[] = Array.isArray(ref?.filters) ? ref.filters : [];
  if (filters.length === 0) return {};
  const own = new Map(headers);
  let response = responseHeaders;
  for (const f of filters) {
    switch (f?.type) {
      case 'RequestHeaderModifier':
        applyHeaderModifier(own, f.requestHeaderModifier);
        break;
      case 'ResponseHeaderModifier':
        response = mergeResponse(response, f.responseHeaderModifier);
        break;
      default:
        notes.add(`filter type ${f?.type} on backendRef ${ref?.name} is not supported by Istio`);
    }
  }
  return { requestHeaders: Object.fromEntries(own), ...(response ? { responseHeaders: response } : {}) };
}

function mergeResponse(prev: HeaderChanges | undefined, modifier: any): HeaderChanges {
  const set: { [k: string]: string } = { ...(prev?.set ?? {}) };
  const add: { [k: string]: string } = { ...(prev?.add ?? {}) };
  const remove = [...(prev?.remove ?? [])];
  for (const h of modifier?.set ?? []) set[String(h.name).toLowerCase()] = String(h.value ?? '');
  for (const h of modifier?.add ?? []) {
    const n = String(h.name).toLowerCase();
    add[n] = add[n] === undefined ? String(h.value ?? '') : `${add[n]},${h.value ?? ''}`;
  }
  for (const n of modifier?.remove ?? []) remove.push(String(n).toLowerCase());
  return { set, add, remove };
}

function noMatchReason(
  req: NormalizedRequest, gw: GatewayInfo, listener: ListenerInfo, attachedCount: number, rejected: Rejection[], hostMismatches: string[],
  grpc = false,
): string {
  const parts: string[] = [];
  const kinds = grpc ? 'GRPCRoute or HTTPRoute' : 'HTTPRoute';
  if (attachedCount === 0) {
    parts.push(`no ${kinds} is attached to listener ${listener.name} of gateway ${gw.key}`);
  } else if (hostMismatches.length === attachedCount) {
    parts.push(`no ${kinds} attached to listener ${listener.name} of gateway ${gw.key} accepts host ${req.host}`);
  } else if (grpc) {
    parts.push(`no rule of the GRPCRoutes and HTTPRoutes attached to listener ${listener.name} matches the gRPC call ${req.path}`);
  } else {
    parts.push(`no rule of the HTTPRoutes attached to listener ${listener.name} matches ${req.method} ${shorten(req.path + (req.queryString ? `?${req.queryString}` : ''))}`);
  }
  const relevant = relevantRejections(rejected, req.host, listener, attachedCount === 0);
  parts.push(...hostMismatches, ...relevant.mentioned);
  if (relevant.elsewhere.length > 0) {
    parts.push(`HTTPRoutes attached to other listeners of gateway ${gw.key} for other hosts: ${relevant.elsewhere.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * The rejections worth naming in a 404 reason. Always: routes a listener
 * refuses (allowedRoutes). Routes whose hostnames do not intersect the
 * listener's: when their parentRef names the listener, or when nothing is
 * attached. Routes attached to other listeners: when their hostnames match
 * the host and the other listener shares the port (a more specific listener
 * took the host), or when nothing is attached. Routes that attach to no
 * Gateway of the input: when their hostnames match the host, or when they
 * have none. When nothing is attached, the routes left out are summarised
 * in `elsewhere` (`namespace/name (listeners)`).
 */
function relevantRejections(
  rejected: Rejection[], host: string, listener: ListenerInfo, nothingAttached: boolean,
): { mentioned: string[]; elsewhere: string[] } {
  const mentioned: string[] = [];
  const elsewhere: string[] = [];
  for (const r of rejected) {
    const anyHost = r.route.hostnames.length === 0;
    const forHost = r.route.hostnames.some((h) => hostMatches(host, h));
    let show: boolean;
    switch (r.kind) {
      case 'notAllowed':
      case 'invalid':
        show = true;
        break;
      case 'hostname':
        show = r.specific || nothingAttached;
        break;
      case 'elsewhere':
        if (r.otherListeners.length === 0) {
          show = forHost || anyHost;
        } else {
          show = (forHost || (anyHost && nothingAttached)) && (nothingAttached || r.otherListeners.some((l) => l.port === listener.port));
          if (!show && nothingAttached) {
            elsewhere.push(`${r.route.key} (${r.otherListeners.map((l) => l.name).join(', ')})`);
          }
        }
        break;
      default:
        show = forHost || anyHost;
    }
    if (show && !mentioned.includes(r.message)) mentioned.push(r.message);
  }
  return { mentioned, elsewhere };
}

function precedenceNotes(winner: Candidate, all: Candidate[]): string[] {
  const notes: string[] = [];
  const rival = all.find((c) => c.route.key !== winner.route.key);
  if (rival && tieOnMatch(winner, rival)) {
    const known = winner.route.creationTimestamp && rival.route.creationTimestamp
      && Date.parse(winner.route.creationTimestamp) !== Date.parse(rival.route.creationTimestamp);
    notes.push(known
      ? `${routeName(winner.route)} and ${routeName(rival.route)} tie on match precedence; the older one (creationTimestamp) wins`
      : `${routeName(winner.route)} and ${routeName(rival.route)} tie on match precedence; creation timestamps are unknown, so they were treated as equal and the alphabetical namespace/name order decided (in a cluster the older route wins)`);
  }
  return notes;
}

/** A value short enough for a one-line reason: long ones keep their start and end. */
function shorten(value: string): string {
  return value.length <= 200 ? value : `${value.slice(0, 100)}...${value.slice(-60)}`;
}

/**
 * The conditions Istio's Gateway API conversion gives every HTTPRoute retry
 * ("Implementations SHOULD retry on connection errors", conversion.go `convertHTTPRoute`).
 */
const GATEWAY_RETRY_ON = ['connect-failure', 'refused-stream', 'unavailable', 'cancelled'];

/** A GEP-2257 duration in milliseconds, or undefined when it does not parse. */
function durationMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^([0-9]+(h|m|s|ms))+$/.test(value)) return undefined;
  const units: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, n, unit] of value.matchAll(/([0-9]+)(ms|h|m|s)/g)) total += Number(n) * units[unit];
  return total;
}

/**
 * The timeouts and the retry policy Istio programs for a rule that forwards
 * (istio/istio pilot/pkg/config/kube/gateway/conversion.go `convertHTTPRoute`,
 * then route/retry/retry.go `ConvertPolicy`).
 */
function ruleTimeoutsAndRetry(rule: any, notes: Set<string>): { timeouts?: TimeoutsDecision; retry: RetryDecision } {
  const t = rule?.timeouts && typeof rule.timeouts === 'object' ? rule.timeouts : undefined;
  const r = rule?.retry && typeof rule.retry === 'object' ? rule.retry : undefined;
  const request = typeof t?.request === 'string' ? t.request : undefined;
  const backendRequest = typeof t?.backendRequest === 'string' ? t.backendRequest : undefined;
  let routeTimeout = request !== undefined && durationMillis(request) !== 0 ? request : undefined;
  let perTryTimeout: string | undefined;
  if (backendRequest !== undefined && durationMillis(backendRequest) !== 0) {
    if (r) perTryTimeout = backendRequest;
    else routeTimeout = backendRequest;
  }
  const requestReplaced = !r && request !== undefined && durationMillis(request) !== 0
    && backendRequest !== undefined && routeTimeout === backendRequest && request !== backendRequest;
  if (requestReplaced) {
    notes.add(`Istio programs timeouts.backendRequest (${backendRequest}) as the route timeout of a rule without retry, in place of `
      + `timeouts.request (${request}) (conversion.go convertHTTPRoute)`);
  }
  const timeouts = t ? { request, backendRequest, routeTimeout, perTryTimeout } : undefined;
  if (!r) {
    return { timeouts, retry: { source: 'istio-default', attempts: 2, retryOn: ISTIO_DEFAULT_RETRY_ON, codes: [] } };
  }
  const conditions = [...GATEWAY_RETRY_ON];
  const codes: number[] = [];
  for (const c of Array.isArray(r.codes) ? r.codes : []) {
    if (GO_STATUS_CODES.has(Number(c))) {
      codes.push(Number(c));
    } else {
      conditions.push(String(c));
      notes.add(`retry code ${c} is not a status code Go's net/http names, so Istio passes it to Envoy as a retry_on condition `
        + 'instead of a retriable status code, and such answers are not retried');
    }
  }
  if (codes.length > 0) conditions.push('retriable-status-codes');
  const attempts = r.attempts === undefined ? 2 : Number(r.attempts);
  return {
    timeouts,
    retry: {
      source: 'route',
      attempts,
      retryOn: conditions.join(','),
      codes,
      ...(typeof r.backoff === 'string' ? { backoff: r.backoff } : {}),
      ...(perTryTimeout !== undefined ? { perTryTimeout } : {}),
    },
  };
}
