import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { L4Route, L4RouteProps } from './l4-route';
import * as gwapi from '../../imports/gateway.networking.k8s.io';

/**
 * Props of a `TcpRoute`.
 */
export interface TcpRouteProps extends L4RouteProps {}

/**
 * A Gateway API `TCPRoute` (v1, standard channel since v1.6): forwards the
 * connections of a TCP listener (`IngressGateway.addTcpListener()`) to
 * weighted backends. The API allows exactly one rule; a second fails.
 *
 * Istio 1.30 implements Gateway API v1.5.1 and reads TCPRoute v1alpha2 only
 * (with `PILOT_ENABLE_ALPHA_GATEWAY_API=true`), which the v1.6.1 CRDs no
 * longer serve: TCPRoute v1 needs an Istio release built on Gateway API
 * v1.6. The experimental channel adds only `useDefaultGateways`, which
 * this construct does not write. The primary L1 is the child `'Resource'`.
 *
 * @example
 * const tcp = gateway.addTcpListener('postgres', { port: 5432 });
 * new TcpRoute(chart, 'db', {
 *   parents: [tcp],
 *   rules: [{ backends: [{ backend: Backend.fromServiceName('db-primary', 5432) }] }],
 * });
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tcproute
 */
export class TcpRoute extends L4Route {
  constructor(scope: Construct, id: string, props: TcpRouteProps = {}) {
    super(scope, id, props, 'TCPRoute', 'TCP');
    // the primary L1 (`node.defaultChild`): `ApiObject.of(route)` is the escape hatch
    new gwapi.TcpRoute(this, 'Resource', {
      metadata: { ...props.metadata, name: this.routeName, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this._toSpec() }) as any,
    });
    this._addFromProps(props);
  }

  /** The spec as written. @internal */
  public _toSpec(): any {
    return this._commonSpec();
  }
}
