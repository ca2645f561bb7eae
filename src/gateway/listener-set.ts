import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowedListeners } from './allowed-listeners';
import { AllowedRoutes } from './allowed-routes';
import { IGateway } from './gateway-ref';
import { GatewayListener, HttpListener, HttpListenerOptions } from './listener';
import { IGatewayListener, IListenerGateway } from './listener-gateway';
import { TcpListener, TcpListenerOptions } from './tcp-listener';
import { TlsListener, TlsListenerOptions } from './tls-listener';
import { TlsPassthroughListener, TlsPassthroughListenerOptions } from './tls-passthrough-listener';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { firstConflict } from '../gateway-api/listener-conflicts';
import { allowedListeners } from '../gateway-api/listener-sets';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, nameFromId } from '../internal/names';
import { namespaceOf } from '../internal/scope';
import { IRouteParent, ParentReference } from '../routing/route-parent';

/** ListenerSet `spec.listeners`: 1..64. */
const MAX_LISTENERS = 64;

/**
 * Props for `ListenerSet`.
 */
export interface ListenerSetProps {
  /**
   * The Gateway the listeners are added to: an `IngressGateway` of this app
   * or, for an application team that does not own it, a platform Gateway
   * imported with `IngressGateway.fromGatewayName()`. Its
   * `allowedListeners` must admit the ListenerSet's namespace.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenersetspec `parentRef` (Core)
   */
  readonly gateway: IGateway;
  /**
   * The ListenerSet's name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The ListenerSet's namespace: where its certificate Secrets live, and
   * the namespace that `AllowedRoutes.sameNamespace()` means.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Extra metadata (labels, annotations) for the ListenerSet object.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Which namespaces may attach routes to the listeners (each listener can override).
   * `sameNamespace()` means the ListenerSet's namespace.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes `allowedRoutes` (Core)
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/**
 * A Gateway API `ListenerSet` (v1, standard channel since v1.5): listeners
 * (and their certificates) that a team owns, attached to a Gateway it does
 * not own, when the Gateway admits them (`IngressGatewayProps.allowedListeners`).
 *
 * Listeners are added with `addTlsListener()` (HTTPS with a
 * `TlsCertificate`), `addHttpListener()`, `addTlsPassthroughListener()`
 * and `addTcpListener()`. Routes attach to one of them by listener
 * (`parentRef` kind `ListenerSet` with `sectionName`). Certificate Secrets
 * in another namespace get a ReferenceGrant from `ListenerSet`: grants to the
 * Gateway are not inherited.
 *
 * The Gateway's own listeners come first: a ListenerSet listener that
 * conflicts with one of them (or with an earlier one of the set) is not
 * programmed, so it fails here when the Gateway is built in this app.
 * As a route parent, `gatewayName`/`gatewayNamespace` are the ListenerSet's
 * name and namespace (what `parentRef` names). Istio 1.30 reads ListenerSet
 * v1 but does not yet pass its conformance tests.
 * The primary L1 is the child `'Resource'`.
 *
 * @example
 * const platform = IngressGateway.fromGatewayName(chart, 'edge', 'edge', 'gateways');
 * const set = new ListenerSet(chart, 'shop-listeners', { gateway: platform });
 * const https = set.addTlsListener('https', { hostname: 'shop.example.com', certificate: TlsCertificate.fromSecretName('shop-tls') });
 * new HttpRoute(chart, 'web', { parents: [https], rules: [{ backends: [{ backend: Backend.fromServiceName('web', 80) }] }] });
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset
 */
export class ListenerSet extends Construct implements IListenerGateway {
  /** The ListenerSet's name. */
  public readonly listenerSetName: string;
  /**
   * The ListenerSet's namespace.
   * @default - none known (no chart namespace): the namespace of the apply context
   */
  public readonly namespace?: string;
  /** The Gateway the listeners attach to. */
  public readonly gateway: IGateway;
  /** The default allowedRoutes of the listeners. */
  public readonly allowedRoutes: AllowedRoutes;
  /** The kind for the ReferenceGrants of certificate Secrets. @internal */
  public readonly _listenerOwnerKind = 'ListenerSet';
  private readonly _listeners: GatewayListener[] = [];
  private readonly _listenerHandlers: Array<() => void> = [];

  constructor(scope: Construct, id: string, props: ListenerSetProps) {
    super(scope, id);
    enableSynthValidation(this);
    if (!props || !props.gateway || typeof props.gateway.parentReference !== 'function') {
      fail(this, 'a ListenerSet needs the gateway it adds listeners to: pass gateway: IngressGateway.fromGatewayName(this, "edge", "edge", "gateways") or an IngressGateway');
    }
    this.gateway = props.gateway;
    this.namespace = namespaceOf(this, props.namespace ?? props.metadata?.namespace);
    this.listenerSetName = props.name ?? props.metadata?.name ?? nameFromId(id, this);
    if (this.listenerSetName.length > 253 || !DNS_SUBDOMAIN_RE.test(this.listenerSetName)) {
      fail(this, `listener set name "${this.listenerSetName}" is invalid: use lowercase DNS labels separated by dots, at most 253 characters`);
    }
    if (this.namespace !== undefined && (this.namespace.length > 63 || !DNS_LABEL_RE.test(this.namespace))) {
      fail(this, `listener set namespace "${this.namespace}" is invalid: use a DNS label (lowercase letters, digits and "-")`);
    }
    const parent = this.parentRef();
    if (parent.group !== GATEWAY_GROUP || parent.kind !== 'Gateway' || parent.sectionName !== undefined || parent.port !== undefined) {
      fail(this, `gateway must be a whole Gateway (got ${parent.kind} "${parent.name}"${parent.sectionName ? ` listener "${parent.sectionName}"` : ''}); `
        + 'pass the IngressGateway or IngressGateway.fromGatewayName(...), not one of its listeners');
    }
    this.allowedRoutes = props.allowedRoutes ?? AllowedRoutes.sameNamespace();
    checkFactoryValue(this, 'allowedRoutes', this.allowedRoutes._problem);
    claimName(this, 'ListenerSet', this.namespace, this.listenerSetName);

    // the primary L1 (`node.defaultChild`): `ApiObject.of(listenerSet)` is the escape hatch
    new gwapi.ListenerSet(this, 'Resource', {
      metadata: { ...props.metadata, name: this.listenerSetName, namespace: props.namespace ?? props.metadata?.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as any,
    });
    this.node.addValidation({ validate: () => this.validateSet() });
  }

  /** As a route parent: the ListenerSet's name (what `parentRef.name` holds). */
  public get gatewayName(): string {
    return this.listenerSetName;
  }

  /**
   * As a route parent: the ListenerSet's namespace.
   * @default - the namespace of the apply context
   */
  public get gatewayNamespace(): string | undefined {
    return this.namespace;
  }

  /** The listeners, in the order they were added. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /**
   * Adds an HTTPS listener that terminates TLS with a `TlsCertificate`
   * (port 443 by default). Give each listener its own hostname, distinct
   * from the Gateway's listeners on the port.
   * @param id construct id; also the default listener name
   */
  public addTlsListener(id: string, options: TlsListenerOptions): TlsListener {
    return new TlsListener(this, id, options);
  }

  /**
   * Adds a plain HTTP listener (port 80 by default).
   * @param id construct id; also the default listener name
   */
  public addHttpListener(id: string, options: HttpListenerOptions = {}): HttpListener {
    return new HttpListener(this, id, options);
  }

  /**
   * Adds a TLS passthrough listener (port 443 by default, hostname required).
   * @param id construct id; also the default listener name
   */
  public addTlsPassthroughListener(id: string, options: TlsPassthroughListenerOptions): TlsPassthroughListener {
    return new TlsPassthroughListener(this, id, options);
  }

  /**
   * Adds a TCP listener.
   * @param id construct id; also the default listener name
   */
  public addTcpListener(id: string, options: TcpListenerOptions): TcpListener {
    return new TcpListener(this, id, options);
  }

  /** A parentRef to the whole ListenerSet (every listener of it). Prefer a listener. */
  public parentReference(): ParentReference {
    return { group: GATEWAY_GROUP, kind: 'ListenerSet', name: this.listenerSetName, namespace: this.namespace };
  }

  /**
   * The listener with this name (the `sectionName` routes use).
   * @param listenerName e.g. `https`
   */
  public listener(listenerName: string): IRouteParent {
    const l = this._listeners.find((x) => x.listenerName === listenerName);
    if (!l) {
      fail(this, `listener set "${this.listenerSetName}" has no listener named "${listenerName}"; listeners: ${this._listeners.map((x) => x.listenerName).join(', ') || 'none'}`);
    }
    return l;
  }

  /** @internal */
  public get _defaultHttpListener(): IGatewayListener | undefined {
    return undefined;
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
      fail(listener, `a ListenerSet has at most ${MAX_LISTENERS} listeners; add another ListenerSet`);
    }
    const dup = this._listeners.find((l) => l.listenerName === listener.listenerName);
    if (dup) {
      fail(listener, `listener name "${listener.listenerName}" is already used by ${dup.node.path}; pass a different name`);
    }
    // the kernel's rule, in the kernel's order: the Gateway's own listeners first, then this set's
    const gatewayListeners = parentListeners(this.gateway);
    const clash = firstConflict([...gatewayListeners, ...this._listeners], listener);
    if (clash) {
      const { earlier, conflict } = clash;
      const where = gatewayListeners.includes(earlier) ? `listener "${earlier.listenerName}" of gateway "${this.gateway.gatewayName}"` : `"${earlier.listenerName}"`;
      fail(listener, `listener "${listener.listenerName}" (${listener.protocol}) conflicts with ${where} (${earlier.protocol}) `
        + `on port ${listener.port}: ${conflict.detail}; Istio would program only ${where}. Use another port or hostname`);
    }
    // the listener classes are the only implementations of IGatewayListener
    this._listeners.push(listener as GatewayListener);
    for (const handler of this._listenerHandlers) handler();
  }

  private parentRef(): ParentReference {
    const ref = this.gateway.parentReference();
    return { ...ref, group: ref.group ?? GATEWAY_GROUP, kind: ref.kind ?? 'Gateway' };
  }

  private validateSet(): string[] {
    const errors: string[] = [];
    if (this._listeners.length === 0) {
      errors.push(`listener set "${this.listenerSetName}" has no listeners: add one with addTlsListener()/addHttpListener()/addTlsPassthroughListener()/addTcpListener()`);
    }
    for (const l of this._listeners) {
      if (l._frontendValidation !== undefined) {
        errors.push(`listener "${l.listenerName}" sets clientCertificates, but a ListenerSet has no spec.tls.frontend; `
          + 'set clientCertificates on the Gateway (IngressGatewayProps.clientCertificates or a TlsListener of the Gateway)');
      }
    }
    const refused = this.refusedByGateway();
    if (refused) errors.push(refused);
    return errors;
  }

  /** When the Gateway is built in this app, whether its `allowedListeners` admits this set (the kernel's rule). */
  private refusedByGateway(): string | undefined {
    const gw = this.gateway as any;
    if (!Construct.isConstruct(this.gateway) || this.gateway.node.root !== this.node.root || !('_gatewayListeners' in gw)) return undefined;
    const gatewayNamespace = this.gateway.gatewayNamespace;
    if (gatewayNamespace === undefined || this.namespace === undefined) return undefined;
    const spec = { allowedListeners: (gw.allowedListeners as AllowedListeners | undefined)?._toKube() };
    // only the namespace's name label is known here: a label selector is left to the cluster
    const verdict = allowedListeners(spec, gatewayNamespace, this.namespace, () => undefined);
    if (verdict.allowed || verdict.from === 'Selector') return undefined;
    return `gateway "${this.gateway.gatewayName}" does not admit ListenerSets from namespace "${this.namespace}" `
      + `(allowedListeners ${verdict.from}), so none of these listeners would be programmed; `
      + `set allowedListeners: ${verdict.from === 'Same' ? 'AllowedListeners.allNamespaces() or fromNamespacesWithLabels(...)' : 'AllowedListeners.sameNamespace() or wider'} on the gateway`;
  }

  private renderSpec(): any {
    const ref = this.parentRef();
    return {
      parentRef: { group: ref.group, kind: ref.kind, name: ref.name, namespace: ref.namespace },
      listeners: this._listeners.map((l) => l._toKube()),
    };
  }
}

/** The listeners of a Gateway built in this app (empty for an imported one). */
function parentListeners(gateway: IGateway): IGatewayListener[] {
  const listeners = (gateway as any)._gatewayListeners;
  return Array.isArray(listeners) ? listeners : [];
}
