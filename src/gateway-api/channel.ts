/**
 * The Gateway API release channel a cluster runs, as an App declares it: the
 * context key `cdk8s-istio-gateway:gatewayApiChannel`, `standard` (the
 * default) or `experimental`. Synth validation, the routes that write
 * experimental fields, the traffic simulator and the routing graph all read
 * it here.
 */
import { IConstruct } from 'constructs';
import { fail } from '../internal/errors';

/** The context key of the channel. */
export const GATEWAY_API_CHANNEL_CONTEXT_KEY = 'cdk8s-istio-gateway:gatewayApiChannel';

/** The channels the context key accepts. */
const CHANNELS = ['standard', 'experimental'];

/**
 * The channel set for `scope` (`standard` when unset).
 * @throws with the construct path when the value is neither `standard` nor `experimental`
 */
export function gatewayApiChannelOf(scope: IConstruct): string {
  const value = scope.node.tryGetContext(GATEWAY_API_CHANNEL_CONTEXT_KEY);
  if (value === undefined) return 'standard';
  if (typeof value !== 'string' || !CHANNELS.includes(value)) {
    fail(scope, `context "${GATEWAY_API_CHANNEL_CONTEXT_KEY}" is ${JSON.stringify(value)}; allowed values are "standard" (the default: `
      + 'the standard-channel Gateway API CRDs) and "experimental" (the experimental-channel CRDs are installed)');
  }
  return value;
}

/** Whether the App of `scope` runs the experimental-channel CRDs. */
export function isExperimentalChannel(scope: IConstruct): boolean {
  return gatewayApiChannelOf(scope) === 'experimental';
}
