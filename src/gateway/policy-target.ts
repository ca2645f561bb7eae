import { IConstruct } from 'constructs';
import { fail } from '../internal/errors';
import { DNS_SUBDOMAIN_RE } from '../internal/names';
import { namespaceOf } from '../internal/scope';

/*
 * Where a gateway policy lives and what it targets. Internal: not exported
 * from the package.
 *
 * Istio requires the policy in the Gateway's namespace: `targetRefs[].namespace`
 * must be empty ("cross namespace referencing is not currently supported",
 * CRD CEL rule; istio/istio `pkg/config/validation` `validatePolicyTargetReference`).
 */

/** The `spec.targetRefs[]` entry of a Gateway. */
export interface GatewayTargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** A policy's namespace and its targetRefs to `gateway`. */
export interface GatewayPolicyPlacement {
  /** The namespace to write into metadata, when it differs from the chart's or the chart has none. */
  readonly metadataNamespace?: string;
  /** The namespace the policy lands in, when known. */
  readonly namespace?: string;
  readonly targetRefs: GatewayTargetRef[];
}

/** What placing a policy reads of a Gateway (an `IGateway` has both). */
export interface PolicyGateway {
  readonly gatewayName: string;
  readonly gatewayNamespace?: string;
}

/** Places a policy next to `gateway`; fails when `gateway` is not given. */
export function placeGatewayPolicy(scope: IConstruct, gateway: PolicyGateway | undefined): GatewayPolicyPlacement {
  if (!gateway || typeof gateway.gatewayName !== 'string') {
    fail(scope, 'gateway is required: pass an IngressGateway or IngressGateway.fromGatewayName(...)');
  }
  const chartNamespace = namespaceOf(scope);
  const namespace = gateway.gatewayNamespace ?? chartNamespace;
  return {
    metadataNamespace: gateway.gatewayNamespace !== undefined && gateway.gatewayNamespace !== chartNamespace ? gateway.gatewayNamespace : undefined,
    namespace,
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.gatewayName }],
  };
}

/** Checks a policy object name: a DNS subdomain of at most 253 characters. */
export function checkPolicyName(scope: IConstruct, kind: string, name: string): void {
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN_RE.test(name)) {
    fail(scope, `${kind} name "${name}" is invalid: use lowercase letters, digits, "-" and ".", at most 253 characters`);
  }
}
