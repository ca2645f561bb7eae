import { IConstruct } from 'constructs';
import { ResolvedTelemetryTarget } from './telemetry-checks';
import { IGateway } from '../gateway/gateway-ref';
import { placeGatewayPolicy } from '../gateway/policy-target';
import { factoryProblem } from '../internal/errors';
import { DNS_LABEL_RE } from '../internal/names';

/**
 * What a `GatewayTelemetry` applies to: the pods of one Gateway, or every
 * workload of a namespace.
 *
 * The factories check their arguments; an invalid target is reported, with
 * the construct path, by the `GatewayTelemetry` that uses it.
 *
 * @see https://istio.io/latest/docs/reference/config/telemetry/#Telemetry
 */
export class TelemetryTarget {
  /**
   * The pods of one Gateway (`spec.targetRefs` to the `gateway.networking.k8s.io`
   * Gateway). The Telemetry is written in the Gateway's namespace, as Istio
   * accepts no cross-namespace `targetRefs`. Istio 1.22 and later read
   * `targetRefs`; pin the Telemetry with the `istio.io/rev` label when
   * older control planes run alongside.
   *
   * @param gateway an `IngressGateway`, or a Gateway from `IngressGateway.fromGatewayName()`
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Telemetry `targetRefs`
   */
  public static gateway(gateway: IGateway): TelemetryTarget {
    const ok = gateway !== undefined && gateway !== null && typeof gateway.gatewayName === 'string' && gateway.gatewayName.length > 0;
    return new TelemetryTarget('Gateway', ok ? gateway.gatewayName : undefined, ok ? gateway.gatewayNamespace : undefined,
      factoryProblem('TelemetryTarget.gateway', [ok ? gateway.gatewayName : gateway], ok ? undefined
        : 'no Gateway given; pass an IngressGateway or IngressGateway.fromGatewayName(...)'));
  }

  /**
   * Every workload of a namespace (no selector, no `targetRefs`), including a
   * Gateway's pods there. Istio allows one such Telemetry per namespace; in
   * Istio's root namespace (`istio-system` by default) it is the mesh-wide
   * default.
   *
   * @param namespace the namespace name, e.g. `shop`
   * @see https://istio.io/latest/docs/tasks/observability/telemetry/ "Scope, Inheritance, and Overrides"
   */
  public static namespace(namespace: string): TelemetryTarget {
    const ok = typeof namespace === 'string' && DNS_LABEL_RE.test(namespace) && namespace.length <= 63;
    return new TelemetryTarget('Namespace', undefined, namespace, factoryProblem('TelemetryTarget.namespace', [namespace], ok ? undefined
      : `namespace "${namespace}" is invalid; use at most 63 lowercase letters, digits and "-", e.g. "shop"`));
  }

  /** `Gateway` or `Namespace`. */
  public readonly kind: string;
  /**
   * The Gateway's name.
   * @default - none for a namespace target
   */
  public readonly gatewayName?: string;
  /**
   * The namespace given or known.
   * @default - for a Gateway whose namespace is unknown: the chart's namespace, else the namespace of the apply context
   */
  public readonly targetNamespace?: string;

  private constructor(kind: string, gatewayName: string | undefined, namespace: string | undefined, private readonly problem: string | undefined) {
    this.kind = kind;
    this.gatewayName = gatewayName;
    this.targetNamespace = namespace;
  }

  /** What the factory found wrong with its argument, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /**
   * The namespace and `targetRefs` for a Telemetry made by `scope`.
   * @internal
   */
  public _resolve(scope: IConstruct): ResolvedTelemetryTarget {
    if (this.kind === 'Namespace') {
      return { namespace: this.targetNamespace!, metadataNamespace: this.targetNamespace!, key: `ns|${this.targetNamespace}`, description: `namespace "${this.targetNamespace}"` };
    }
    // where every gateway policy lives and what it targets (gateway/policy-target.ts)
    const gateway = { gatewayName: this.gatewayName!, gatewayNamespace: this.targetNamespace };
    const { namespace, metadataNamespace, targetRefs } = placeGatewayPolicy(scope, gateway);
    return {
      namespace,
      metadataNamespace,
      targetRefs,
      key: `gw|${namespace ?? ''}|${this.gatewayName}`,
      description: `gateway "${namespace ? `${namespace}/` : ''}${this.gatewayName}"`,
    };
  }
}
