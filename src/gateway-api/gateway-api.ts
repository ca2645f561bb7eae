/** The Gateway API group. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** An API group and kind, e.g. `{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute'}`. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}
