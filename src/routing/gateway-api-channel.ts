import { IConstruct } from 'constructs';
import { GATEWAY_API_CHANNEL_CONTEXT_KEY, isExperimentalChannel } from '../gateway-api/channel';

/**
 * The Gateway API release channel whose CRDs the cluster runs: `STANDARD`
 * (the default) or `EXPERIMENTAL`.
 *
 * The library targets Gateway API v1.6.1, standard channel. Fields that
 * exist only in the experimental channel (HTTPRoute `rules[].retry`) are
 * accepted only when the App says the experimental CRDs are installed,
 * through the context key `cdk8s-istio-gateway:gatewayApiChannel`
 * (`standard` or `experimental`), set on the App before any construct is
 * added. Synth validation then checks Gateway API objects against the
 * experimental-channel CRDs.
 *
 * Note that the v1.6.1 CRDs ship a ValidatingAdmissionPolicy
 * (`safe-upgrades.gateway.networking.k8s.io`) that blocks installing
 * experimental CRDs over standard ones; switching a cluster's channel is a
 * deliberate step.
 *
 * @example
 * const app = new App();
 * app.node.setContext(GatewayApiChannel.CONTEXT_KEY, 'experimental');
 *
 * @see https://gateway-api.sigs.k8s.io/concepts/versioning/#release-channels
 */
export class GatewayApiChannel {
  /**
   * The context key of the channel: `cdk8s-istio-gateway:gatewayApiChannel`,
   * with the value `standard` or `experimental`. Set it on the App before
   * adding constructs (`node.setContext`).
   */
  public static readonly CONTEXT_KEY = GATEWAY_API_CHANNEL_CONTEXT_KEY;

  /** The standard channel (the default): GA and beta fields only. */
  public static readonly STANDARD = new GatewayApiChannel('standard');

  /** The experimental channel: standard fields plus experimental ones (HTTPRoute retry, ...). */
  public static readonly EXPERIMENTAL = new GatewayApiChannel('experimental');

  /**
   * The channel for constructs under `scope`: the value of the context key
   * `cdk8s-istio-gateway:gatewayApiChannel`, else `STANDARD`.
   * @throws when the context value is neither `standard` nor `experimental`
   */
  public static of(scope: IConstruct): GatewayApiChannel {
    return isExperimentalChannel(scope) ? GatewayApiChannel.EXPERIMENTAL : GatewayApiChannel.STANDARD;
  }

  /** The context value: `standard` or `experimental`. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  /** Whether experimental-channel fields may be written. */
  public get isExperimental(): boolean {
    return this === GatewayApiChannel.EXPERIMENTAL;
  }

  /** The context value: `standard` or `experimental`. */
  public toString(): string {
    return this.value;
  }
}
