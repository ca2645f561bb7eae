import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowedListeners } from './allowed-listeners';
import { AllowedRoutes } from './allowed-routes';
import { ClientCertificateValidation, renderClientValidation } from './client-certificates';
import { GatewayDeploymentOptions } from './deployment/gateway-deployment-options';
import { addGatewayDeploymentOptions } from './deployment/gateway-options-config-map';
import { GatewayAddress } from './gateway-address';
import { IGateway } from './gateway-ref';
import { GatewayServiceType } from './gateway-service-type';
import { HttpsRedirect, HttpsRedirectOptions } from './https-redirect';
import { ImportedGateway } from './imported-gateway';
import { isLabelKey, isLabelValue } from './labels';
import { GatewayListener, HttpListener, HttpListenerOptions } from './listener';
import { IGatewayListener, IListenerGateway } from './listener-gateway';
import { TcpListener, TcpListenerOptions } from './tcp-listener';
import { TlsListener, TlsListenerOptions } from './tls-listener';
import { TlsPassthroughListener, TlsPassthroughListenerOptions } from './tls-passthrough-listener';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { firstConflict } from '../gateway-api/listener-conflicts';
import { annotationsSizeProblem } from '../internal/annotations';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, hostnameProblem, nameFromId } from '../internal/names';
import { namespaceOf } from '../internal/scope';
import { IRouteParent, ParentReference } from '../routing/route-parent';
import { GatewayAuthorization, GatewayAuthorizationOptions } from '../security/gateway-authorization';
import { JwtAuthentication, JwtAuthenticationOptions } from '../security/jwt-authentication';
import { GatewayTelemetry, GatewayTelemetryOptions } from '../telemetry/gateway-telemetry';
import { TelemetryTarget } from '../telemetry/telemetry-target';

/** Gateway API: 1..64 listeners. */
const MAX_LISTENERS = 64;
/** Istio names the generated Deployment/Service `<gateway>-<class>`, a DNS label. */
const MAX_DEPLOYMENT_NAME = 63;
const SERVICE_TYPE_ANNOTATION = 'networking.istio.io/service-type';

/**
 * Props for `IngressGateway`.
 */
export interface IngressGatewayProps {
  /**
   * The Gateway's name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The Gateway's namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Extra metadata (labels, annotations) for the Gateway object.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The GatewayClass: `istio` provisions a Deployment and Service per
   * Gateway; `istio-remote` uses a gateway deployed elsewhere.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspec `gatewayClassName` (Core)
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * The hostname listeners accept unless they set their own, e.g.
   * `shop.example.com` or `*.example.com`.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `hostname` (Core)
   * @default - every hostname
   */
  readonly hostname?: string;
  /**
   * Whether to create the default plain-HTTP listener (named `http`).
   * @default true
   */
  readonly httpListener?: boolean;
  /**
   * The port of the default HTTP listener.
   * @default 80
   */
  readonly httpPort?: number;
  /**
   * Which namespaces may attach routes to the listeners (each listener can override).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes `allowedRoutes` (Core)
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
  /**
   * Which namespaces may attach routes to the default HTTP listener, when it
   * should differ from `allowedRoutes` (e.g. a label selector for the HTTPS
   * listeners, and only the gateway's namespace, where an `HttpsRedirect`
   * lives, on plain HTTP).
   * @default - `allowedRoutes`; when an `HttpsRedirect` attaches to the
   * listener, widened to admit the gateway's own namespace (a label selector
   * becomes `AllowedRoutes.sameNamespace()` on this listener)
   */
  readonly httpListenerAllowedRoutes?: AllowedRoutes;
  /**
   * The type of the Service Istio provisions.
   * @default - Istio's default, LoadBalancer (the annotation is not written)
   */
  readonly serviceType?: GatewayServiceType;
  /**
   * Labels for the resources Istio provisions (`spec.infrastructure.labels`), at most 8.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayinfrastructure `infrastructure.labels` (Extended)
   * @default - none
   */
  readonly infrastructureLabels?: { [key: string]: string };
  /**
   * Annotations for the resources Istio provisions (`spec.infrastructure.annotations`),
   * e.g. `service.beta.kubernetes.io/aws-load-balancer-type: nlb`; at most 16.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayinfrastructure `infrastructure.annotations` (Extended)
   * @default - none
   */
  readonly infrastructureAnnotations?: { [key: string]: string };
  /**
   * Static addresses, at most 16.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspec `addresses` (Extended)
   * @default - assigned by the load balancer
   */
  readonly addresses?: GatewayAddress[];
  /**
   * Replicas, autoscaling, disruption budget, resources, placement and
   * Service options for the gateway Deployment and Service Istio provisions:
   * written to a ConfigMap `<gateway>-options` that the Gateway names in
   * `spec.infrastructure.parametersRef` (Istio 1.24+). Not with manual
   * deployment (`GatewayAddress.existingService()`).
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
   * @default - Istio's defaults: one pod, no autoscaler, no disruption budget
   */
  readonly deployment?: GatewayDeploymentOptions;
  /**
   * Client-certificate validation (mutual TLS with external clients,
   * Istio's `MUTUAL`) for every HTTPS listener: clients must present a
   * certificate signed by one of the CA bundles. A `TlsListener` can set
   * its own for its port. Istio 1.30 reads ConfigMap CA bundles only and
   * requires a valid certificate whatever `allowInsecureFallback` says;
   * Istio 1.31 adds Secrets and the fallback.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsconfig `tls.frontend.default` (standard channel)
   * @default - none: clients need no certificate
   */
  readonly clientCertificates?: ClientCertificateValidation;
  /**
   * Which namespaces may attach `ListenerSet`s (team-owned listeners and
   * certificates) to this Gateway.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedlisteners `allowedListeners` (standard channel since v1.5)
   * @default - not written: the API default, no ListenerSet may attach (`AllowedListeners.none()`)
   */
  readonly allowedListeners?: AllowedListeners;
}

/**
 * A Gateway API Gateway for Istio ingress: one HTTP listener on port 80 by
 * default, TLS listeners via `addTlsListener()` / `new TlsListener(gw, ...)`,
 * TLS passthrough (`addTlsPassthroughListener()`) and TCP
 * (`addTcpListener()`) listeners, and the HTTP to HTTPS redirect via
 * `addHttpsRedirect()`. Teams add their own listeners through a
 * `ListenerSet` when `allowedListeners` admits them. The Gateway object
 * is the child `Resource`: `ApiObject.of(gateway)` is the escape hatch.
 *
 * Routes should attach to a listener (e.g. `gw.httpListener`), so that an
 * HTTPS redirect and the application routes never share a listener.
 */
export class IngressGateway extends Construct implements IListenerGateway {
  /**
   * A Gateway managed elsewhere (e.g. by the platform team in another
   * namespace), so routes can attach to it.
   *
   * @param gatewayName the Gateway's name
   * @param namespace the Gateway's namespace
   * @default namespace - the namespace of the routes that attach to it
   */
  public static fromGatewayName(scope: Construct, id: string, gatewayName: string, namespace?: string): IGateway {
    return new ImportedGateway(scope, id, gatewayName, namespace);
  }

  /** The Gateway's name. */
  public readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - none known (no chart namespace): the namespace of the apply context
   */
  public readonly gatewayNamespace?: string;
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /**
   * The default hostname of listeners.
   * @default - every hostname
   */
  public readonly hostname?: string;
  /** The default allowedRoutes of listeners. */
  public readonly allowedRoutes: AllowedRoutes;
  /**
   * Which namespaces may attach ListenerSets.
   * @default - none may (the API default)
   */
  public readonly allowedListeners?: AllowedListeners;
  /**
   * The default HTTP listener.
   * @default - none when `httpListener: false`
   */
  public readonly httpListener?: HttpListener;
  private readonly _listeners: GatewayListener[] = [];
  /** `spec.tls.frontend.default.validation`, when `clientCertificates` is set. */
  private readonly frontendDefault?: any;
  /** The ConfigMap of `spec.infrastructure.parametersRef`, when `deployment` customizes anything. */
  private readonly parametersConfigMap?: string;
  private readonly _listenerHandlers: Array<() => void> = [];

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    enableSynthValidation(this);
    this.gatewayName = props.name ?? nameFromId(id, this);
    this.gatewayNamespace = namespaceOf(this, props.namespace);
    this.gatewayClassName = props.gatewayClassName ?? 'istio';
    this.hostname = props.hostname;
    this.allowedRoutes = props.allowedRoutes ?? AllowedRoutes.sameNamespace();
    this.allowedListeners = props.allowedListeners;
    this.validateProps(props);
    claimName(this, 'Gateway', this.gatewayNamespace, this.gatewayName);
    if (props.clientCertificates !== undefined) {
      this.frontendDefault = renderClientValidation(this, 'clientCertificates', props.clientCertificates, this.gatewayNamespace);
    }
    if (props.deployment) {
      this.parametersConfigMap = addGatewayDeploymentOptions(this, props.deployment, {
        gatewayName: this.gatewayName,
        namespace: props.namespace,
        gatewayNamespace: this.gatewayNamespace,
        gatewayClassName: this.gatewayClassName,
        serviceType: props.serviceType,
        addresses: props.addresses ?? [],
      });
    }

    const annotations: { [key: string]: string } = { ...(props.metadata?.annotations ?? {}) };
    if (props.serviceType) annotations[SERVICE_TYPE_ANNOTATION] = props.serviceType;

    // the primary L1 (`node.defaultChild`): `ApiObject.of(gateway)` is the escape hatch
    new gwapi.Gateway(this, 'Resource', {
      metadata: {
        ...props.metadata,
        name: this.gatewayName,
        namespace: props.namespace,
        annotations: Object.keys(annotations).length ? annotations : undefined,
      },
      spec: Lazy.any({ produce: () => this.renderSpec(props) }) as any,
    });

    if (props.httpListener ?? true) {
      this.httpListener = new HttpListener(this, 'http', { port: props.httpPort, allowedRoutes: props.httpListenerAllowedRoutes });
    } else if (props.httpListenerAllowedRoutes) {
      fail(this, 'httpListenerAllowedRoutes is set, but httpListener is false; drop one of them, or pass allowedRoutes to addHttpListener()');
    }
    this.node.addValidation({ validate: () => this.validateListeners() });
  }

  /** The listeners, in the order they were added. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /**
   * Adds a plain HTTP listener.
   * @param id construct id; also the default listener name
   */
  public addHttpListener(id: string, options: HttpListenerOptions = {}): HttpListener {
    return new HttpListener(this, id, options);
  }

  /**
   * Adds an HTTPS listener that terminates TLS (port 443 by default).
   * @param id construct id; also the default listener name
   */
  public addTlsListener(id: string, options: TlsListenerOptions): TlsListener {
    return new TlsListener(this, id, options);
  }

  /**
   * Adds a TLS passthrough listener (`protocol: TLS`, `tls.mode:
   * Passthrough`, port 443 by default): TLS connections are routed by SNI
   * to `TlsRoute` backends, which terminate TLS themselves. Needs a
   * hostname (the listener's or the gateway's).
   * @param id construct id; also the default listener name
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenertlsconfig `mode: Passthrough` (Extended)
   */
  public addTlsPassthroughListener(id: string, options: TlsPassthroughListenerOptions = {}): TlsPassthroughListener {
    return new TlsPassthroughListener(this, id, options);
  }

  /**
   * Adds a plain TCP listener on `options.port` (no hostname): `TcpRoute`s
   * attach to it. No other listener can share its port.
   * @param id construct id; also the default listener name
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener `protocol: TCP` (Extended)
   */
  public addTcpListener(id: string, options: TcpListenerOptions): TcpListener {
    return new TcpListener(this, id, options);
  }

  /**
   * Redirects plain HTTP to HTTPS: an `HttpRoute` on the default HTTP
   * listener (or `options.from`) with `HttpRouteFilter.requestRedirect()` to
   * `https`, 301 by default. Listeners added later still count.
   * The construct id is `HttpsRedirect` (then `HttpsRedirect2`, ...); a
   * second redirect needs its own `name`.
   */
  public addHttpsRedirect(options: HttpsRedirectOptions = {}): HttpsRedirect {
    let n = 1;
    while (this.node.tryFindChild(n === 1 ? 'HttpsRedirect' : `HttpsRedirect${n}`)) n++;
    return new HttpsRedirect(this, n === 1 ? 'HttpsRedirect' : `HttpsRedirect${n}`, options);
  }

  /**
   * Validates JWTs at this gateway: a RequestAuthentication with
   * `targetRefs` to it. Tokens stay optional until `requireJwt()` is called
   * on the result.
   * @param id construct id; the policy name defaults to `<gateway name>-<id>`
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
   */
  public addJwtAuthentication(id: string, options: JwtAuthenticationOptions): JwtAuthentication {
    return new JwtAuthentication(this, id, { ...options, name: options.name ?? `${this.gatewayName}-${nameFromId(id, this)}`, gateway: this });
  }

  /**
   * An AuthorizationPolicy on this gateway (`targetRefs`): ALLOW, DENY,
   * AUDIT, or CUSTOM to an external authorizer.
   * @param id construct id; the policy name defaults to `<gateway name>-<id>`
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  public addAuthorization(id: string, options: GatewayAuthorizationOptions): GatewayAuthorization {
    return new GatewayAuthorization(this, id, { ...options, name: options.name ?? `${this.gatewayName}-${nameFromId(id, this)}`, gateway: this });
  }

  /**
   * An Istio Telemetry for this Gateway's pods (`targetRefs` to it, in its
   * namespace): access logging, tracing and metrics overrides. Istio
   * applies one Telemetry per Gateway.
   * @param id construct id; the Telemetry name defaults to `<gateway name>-<id>`
   * @see https://istio.io/latest/docs/reference/config/telemetry/
   */
  public addTelemetry(id: string, options: GatewayTelemetryOptions): GatewayTelemetry {
    return new GatewayTelemetry(this, id, {
      ...options,
      name: options.name ?? `${this.gatewayName}-${nameFromId(id, this)}`,
      target: TelemetryTarget.gateway(this),
    });
  }

  /** A parentRef to the whole Gateway (every listener). Prefer a listener. */
  public parentReference(): ParentReference {
    return {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
    };
  }

  /**
   * The listener with this name (the `sectionName` routes use).
   * @param listenerName e.g. `https`
   */
  public listener(listenerName: string): IRouteParent {
    const l = this._listeners.find((x) => x.listenerName === listenerName);
    if (!l) {
      fail(this, `gateway "${this.gatewayName}" has no listener named "${listenerName}"; listeners: ${this._listeners.map((x) => x.listenerName).join(', ') || 'none'}`);
    }
    return l;
  }

  /** @internal */
  public get _defaultHttpListener(): IGatewayListener | undefined {
    return this.httpListener;
  }

  /** @internal */
  public get _gatewayListeners(): IGatewayListener[] {
    return this.listeners;
  }

  /** @internal */
  public _onListenerAdded(handler: () => void): void {
    this._listenerHandlers.push(handler);
  }

  /** @internal */
  public _registerListener(listener: IGatewayListener): void {
    if (this._listeners.length >= MAX_LISTENERS) {
      fail(listener, `a Gateway has at most ${MAX_LISTENERS} listeners; split the hosts over several IngressGateways`);
    }
    const dup = this._listeners.find((l) => l.listenerName === listener.listenerName);
    if (dup) {
      fail(listener, `listener name "${listener.listenerName}" is already used by ${dup.node.path}; pass a different name`);
    }
    const clash = firstConflict(this._listeners, listener);
    if (clash) {
      const { earlier, conflict } = clash;
      fail(listener, `listener "${listener.listenerName}" (${listener.protocol}) conflicts with "${earlier.listenerName}" (${earlier.protocol}) `
        + `on port ${listener.port}: ${conflict.detail}; Istio would program only "${earlier.listenerName}". Use another port or hostname`);
    }
    // the listener classes are the only implementations of IGatewayListener
    this._listeners.push(listener as GatewayListener);
    for (const handler of this._listenerHandlers) handler();
  }

  private validateProps(props: IngressGatewayProps): void {
    if (!DNS_LABEL_RE.test(this.gatewayName) || this.gatewayName.length > 63) {
      fail(this, `gateway name "${this.gatewayName}" is invalid: use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`);
    }
    if (!DNS_LABEL_RE.test(this.gatewayClassName)) {
      fail(this, `gatewayClassName "${this.gatewayClassName}" is invalid: use e.g. "istio" or "istio-remote"`);
    }
    const deploymentName = `${this.gatewayName}-${this.gatewayClassName}`;
    if (deploymentName.length > MAX_DEPLOYMENT_NAME) {
      fail(this, `istio names the gateway deployment "${deploymentName}" (${deploymentName.length} characters), over the ${MAX_DEPLOYMENT_NAME}-character limit; shorten the gateway name to at most ${MAX_DEPLOYMENT_NAME - this.gatewayClassName.length - 1} characters`);
    }
    if (this.hostname !== undefined) {
      const problem = hostnameProblem(this.hostname);
      if (problem) fail(this, `hostname "${this.hostname}" is invalid: ${problem}`);
    }
    checkFactoryValue(this, 'allowedRoutes', this.allowedRoutes._problem);
    if (this.allowedListeners !== undefined) checkFactoryValue(this, 'allowedListeners', this.allowedListeners._problem);
    checkKeys(this, 'infrastructureLabels', props.infrastructureLabels, 8);
    checkKeys(this, 'infrastructureAnnotations', props.infrastructureAnnotations, 16);
    for (const [k, v] of Object.entries(props.infrastructureAnnotations ?? {})) {
      if (typeof v !== 'string' || v.length > 4096) {
        fail(this, `infrastructure annotation "${k}" has a value of ${String(v).length} characters; at most 4096 are allowed, keep large data in a ConfigMap`);
      }
    }
    const sizeProblem = annotationsSizeProblem('metadata.annotations', props.metadata?.annotations);
    if (sizeProblem) fail(this, sizeProblem);
    for (const [k, v] of Object.entries(props.infrastructureLabels ?? {})) {
      if (!isLabelValue(v)) {
        fail(this, `infrastructure label ${k}="${v}" has an invalid value: at most 63 letters, digits, "-", "_" and "."`);
      }
    }
    const addresses = props.addresses ?? [];
    if (addresses.length > 16) fail(this, `a Gateway has at most 16 addresses, got ${addresses.length}`);
    const seen = new Set<string>();
    addresses.forEach((a, i) => {
      checkFactoryValue(this, `addresses[${i}]`, a._problem);
      if (seen.has(a.value)) fail(this, `gateway address "${a.value}" is listed twice; list each address once`);
      seen.add(a.value);
    });
  }

  private validateListeners(): string[] {
    return this._listeners.length === 0
      ? [`gateway "${this.gatewayName}" has no listeners: keep the default HTTP listener or add one with addHttpListener()/addTlsListener()/addTlsPassthroughListener()/addTcpListener()`]
      : [];
  }

  private renderSpec(props: IngressGatewayProps): any {
    const labels = sorted(props.infrastructureLabels);
    const annotations = sorted(props.infrastructureAnnotations);
    return {
      gatewayClassName: this.gatewayClassName,
      addresses: props.addresses?.length ? props.addresses.map((a) => a._toKube()) : undefined,
      infrastructure: labels || annotations || this.parametersConfigMap ? {
        labels,
        annotations,
        // Istio reads only a local ConfigMap (deploymentcontroller.go `fetchParameters`)
        parametersRef: this.parametersConfigMap ? { group: '', kind: 'ConfigMap', name: this.parametersConfigMap } : undefined,
      } : undefined,
      tls: this.renderTls(),
      allowedListeners: this.allowedListeners?._toKube(),
      listeners: this._listeners.map((l) => l._toKube()),
    };
  }

  /** `spec.tls.frontend`: the gateway's client-certificate validation and the listeners' per-port ones. */
  private renderTls(): any {
    const perPort = this._listeners.filter((l) => l._frontendValidation !== undefined)
      .map((l) => ({ port: l.port, tls: { validation: l._frontendValidation } }))
      .sort((a, b) => a.port - b.port);
    if (!this.frontendDefault && perPort.length === 0) return undefined;
    const defaults = this.frontendDefault ? { validation: this.frontendDefault } : {};
    return { frontend: { default: defaults, perPort: perPort.length > 0 ? perPort : undefined } };
  }
}

function checkKeys(scope: Construct, what: string, map: { [key: string]: string } | undefined, max: number): void {
  const keys = Object.keys(map ?? {});
  if (keys.length > max) fail(scope, `${what} allows at most ${max} entries, got ${keys.length}`);
  for (const k of keys) {
    if (!isLabelKey(k)) {
      fail(scope, `${what} key "${k}" is invalid: use an optional DNS prefix and "/" then a name of letters, digits, "-", "_" and "."`);
    }
    if (k.startsWith('gateway.networking.k8s.io/')) {
      fail(scope, `${what} key "${k}" uses the reserved gateway.networking.k8s.io/ prefix, which istio drops; use your own prefix`);
    }
  }
}

function sorted(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k];
  return out;
}
