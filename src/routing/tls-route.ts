import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { L4Route, L4RouteProps } from './l4-route';
import { hostnamesProblem, parentHostnameErrors } from './route-common';
import * as gwapi from '../../imports/gateway.networking.k8s.io';

/** TLSRoute v1 `spec.hostnames`: 1 to 1024 items. */
const MAX_HOSTNAMES = 1024;

/**
 * Props of a `TlsRoute`.
 */
export interface TlsRouteProps extends L4RouteProps {
  /**
   * The SNI hostnames the route answers for, 1 to 1024: lowercase DNS
   * names, a `*.` wildcard only as the whole first label (`*.example.com`),
   * no IP address. A route attaches to a listener only when one of them
   * intersects the listener's hostname.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec `hostnames` (Core, required)
   * @default - none; add them with `addHostname()` (a TLSRoute without hostnames is a synth error)
   */
  readonly hostnames?: string[];
}

/**
 * A Gateway API `TLSRoute` (v1, standard channel since v1.5; Istio 1.30
 * reads v1): routes TLS connections by SNI to weighted backends, without
 * terminating TLS. It attaches to TLS passthrough listeners
 * (`IngressGateway.addTlsPassthroughListener()`), by `sectionName`.
 *
 * The API allows exactly one rule; hostnames (1 to 1024) are required.
 * The experimental channel adds only `useDefaultGateways`, which this
 * construct does not write. The output spells out the API server's
 * defaults (parentRef group/kind, backendRef group/kind/weight). The
 * primary L1 is the child `'Resource'`.
 *
 * @example
 * const tls = gateway.addTlsPassthroughListener('db', { hostname: 'db.example.com' });
 * new TlsRoute(chart, 'db', {
 *   parents: [tls], hostnames: ['db.example.com'],
 *   rules: [{ backends: [{ backend: Backend.fromServiceName('db', 5432) }] }],
 * });
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */
export class TlsRoute extends L4Route {
  private readonly _hostnames: string[] = [];

  constructor(scope: Construct, id: string, props: TlsRouteProps = {}) {
    super(scope, id, props, 'TLSRoute', 'TLS');
    // the primary L1 (`node.defaultChild`): `ApiObject.of(route)` is the escape hatch
    new gwapi.TlsRoute(this, 'Resource', {
      metadata: { ...props.metadata, name: this.routeName, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this._toSpec() }) as any,
    });
    for (const h of props.hostnames ?? []) this._hostnames.push(h);
    this._addFromProps(props);
  }

  /** The hostnames added so far (a copy). */
  public get hostnames(): string[] {
    return [...this._hostnames];
  }

  /** Adds an SNI hostname (sorted in the output). */
  public addHostname(hostname: string): void {
    this._hostnames.push(hostname);
    this._check();
  }

  /** @internal */
  protected _ownProblem(): string | undefined {
    return hostnamesProblem(this._hostnames, MAX_HOSTNAMES, 'split them over several TlsRoutes with the same backends');
  }

  /** @internal */
  protected _ownValidation(): string[] {
    if (this._hostnames.length === 0) {
      return ['route has no hostnames; a TLSRoute needs at least one SNI hostname: pass hostnames or call addHostname()'];
    }
    return parentHostnameErrors(this, this.parents, this._hostnames);
  }

  /** The spec as written. @internal */
  public _toSpec(): any {
    const common = this._commonSpec();
    return {
      parentRefs: common.parentRefs,
      hostnames: this._hostnames.length ? [...this._hostnames].sort() : undefined,
      rules: common.rules,
    };
  }
}
