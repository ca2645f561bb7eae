import { GATEWAY_GROUP } from './gateway-api';

/** A route's `parentRefs[]` entry with group, kind and namespace defaulted. */
export interface ResolvedParentRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/**
 * A raw `parentRefs[]` entry with the defaults of `ParentReference` applied:
 * group `gateway.networking.k8s.io` (an explicit `""` is the core group, as
 * for mesh Services), kind `Gateway`, namespace of the route.
 */
export function resolveParentRef(raw: any, routeNamespace: string): ResolvedParentRef {
  return {
    group: raw?.group ?? GATEWAY_GROUP,
    kind: raw?.kind ?? 'Gateway',
    namespace: raw?.namespace ?? routeNamespace,
    name: String(raw?.name ?? ''),
    sectionName: typeof raw?.sectionName === 'string' ? raw.sectionName : undefined,
    port: raw?.port === undefined || raw?.port === null ? undefined : Number(raw.port),
  };
}

/** Whether a parent reference points at a Gateway API Gateway. */
export function isGatewayParentRef(p: { readonly group: string; readonly kind: string }): boolean {
  return p.group === GATEWAY_GROUP && p.kind === 'Gateway';
}

/** Whether a parent reference points at the Gateway `namespace/name`. */
export function parentRefNamesGateway(p: ResolvedParentRef, namespace: string, name: string): boolean {
  return isGatewayParentRef(p) && p.namespace === namespace && p.name === name;
}

/** Which field of a parent reference keeps it from selecting a listener. */
export type ListenerMismatch = 'sectionName' | 'port';

/**
 * Why a parent reference does not select a listener of its Gateway, or
 * undefined when it does: `sectionName` names the listener, `port` selects
 * every listener on that port, neither selects every listener.
 */
export function parentRefListenerMismatch(
  p: { readonly sectionName?: string; readonly port?: number },
  l: { readonly name: string; readonly port: number },
): ListenerMismatch | undefined {
  if (p.sectionName !== undefined && p.sectionName !== l.name) return 'sectionName';
  if (p.port !== undefined && p.port !== l.port) return 'port';
  return undefined;
}

/** Whether a parent reference selects a listener (by sectionName and port, or all). */
export function parentRefSelectsListener(
  p: { readonly sectionName?: string; readonly port?: number },
  l: { readonly name: string; readonly port: number },
): boolean {
  return parentRefListenerMismatch(p, l) === undefined;
}
