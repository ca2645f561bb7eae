import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as istio from '../../imports/security.istio.io';
import { enableSynthValidation } from '../analysis/synth-validation';
import { annotationsSizeProblem } from '../internal/annotations';
import { checkFactoryValue, fail } from '../internal/errors';
import { claimName } from '../internal/name-registry';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, nameFromId } from '../internal/names';
import { namespaceOf } from '../internal/scope';
import { MeshMtls } from '../security/mesh-mtls';
import { GatewayTelemetry, GatewayTelemetryOptions } from '../telemetry/gateway-telemetry';
import { TelemetryTarget } from '../telemetry/telemetry-target';

/**
 * How workloads in a namespace join the mesh.
 */
export enum DataplaneMode {
  /** A sidecar proxy is injected into every pod (`istio-injection: enabled`). */
  SIDECAR = 'sidecar',
  /** Ambient mode: ztunnel, no sidecars (`istio.io/dataplane-mode: ambient`). */
  AMBIENT = 'ambient',
}

/**
 * Props for `MeshNamespace`.
 */
export interface MeshNamespaceProps {
  /**
   * The namespace name.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * How workloads join the mesh.
   * @default DataplaneMode.SIDECAR
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/ `istio-injection` and https://istio.io/latest/docs/ambient/usage/add-workloads/ `istio.io/dataplane-mode`
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * An Istio revision (`istio.io/rev`) for canary control-plane upgrades.
   * With sidecars it replaces the `istio-injection` label, as Istio requires.
   * @default - the default revision
   * @see https://istio.io/latest/docs/setup/upgrade/canary/ `istio.io/rev`
   */
  readonly revision?: string;
  /**
   * Extra labels and annotations.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Mutual TLS for the namespace's workloads: a namespace-wide
   * PeerAuthentication named `default` (`MeshMtls.strict()`, `.permissive()`,
   * `.disable()`), plus one workload PeerAuthentication per set of
   * port-level exceptions.
   * @default - none written: the mesh-wide setting applies (PERMISSIVE unless the root namespace says otherwise)
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly mtls?: MeshMtls;
}

/**
 * A Namespace whose workloads join the Istio mesh.
 */
export class MeshNamespace extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** How workloads join the mesh. */
  public readonly dataplaneMode: DataplaneMode;
  /**
   * The cdk8s-plus Namespace (also `node.defaultChild`); `ApiObject.of(meshNamespace)`
   * is its L1, the escape hatch for JSON patches.
   */
  public readonly namespace: kplus.Namespace;
  /**
   * The namespace-wide PeerAuthentication.
   * @default - none, without `mtls`
   */
  public readonly peerAuthentication?: ApiObject;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps = {}) {
    super(scope, id);
    enableSynthValidation(this);
    this.namespaceName = props.name ?? nameFromId(id, this);
    if (!DNS_LABEL_RE.test(this.namespaceName) || this.namespaceName.length > 63) {
      fail(this, `namespace name "${this.namespaceName}" is invalid: use at most 63 lowercase letters, digits and "-"`);
    }
    if (props.revision !== undefined && (!DNS_LABEL_RE.test(props.revision) || props.revision.length > 63)) {
      fail(this, `revision "${props.revision}" is invalid: use a revision name such as "1-30-3" or "canary"`);
    }
    const sizeProblem = annotationsSizeProblem('metadata.annotations', props.metadata?.annotations);
    if (sizeProblem) fail(this, sizeProblem);
    claimName(this, 'Namespace', undefined, this.namespaceName);
    this.dataplaneMode = props.dataplaneMode ?? DataplaneMode.SIDECAR;

    const labels: { [key: string]: string } = { ...(props.metadata?.labels ?? {}) };
    if (this.dataplaneMode === DataplaneMode.AMBIENT) {
      labels['istio.io/dataplane-mode'] = 'ambient';
      if (props.revision) labels['istio.io/rev'] = props.revision;
    } else if (props.revision) {
      labels['istio.io/rev'] = props.revision;
    } else {
      labels['istio-injection'] = 'enabled';
    }
    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: { ...props.metadata, name: this.namespaceName, labels },
    });
    // A chart's namespace is stamped on every object; a Namespace is cluster-scoped.
    if (namespaceOf(this) !== undefined) {
      ApiObject.of(this.namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    if (props.mtls !== undefined) this.peerAuthentication = this.addMtls(props.mtls);
  }

  /**
   * The namespace-wide Istio Telemetry of this namespace (no selector):
   * access logging, tracing and metrics for every workload in it, gateway
   * pods included. Istio applies one such Telemetry per namespace; in the
   * root namespace (`istio-system`) it is the mesh-wide default.
   * @param id construct id; also the default Telemetry name
   * @see https://istio.io/latest/docs/tasks/observability/telemetry/
   */
  public addTelemetry(id: string, options: GatewayTelemetryOptions): GatewayTelemetry {
    return new GatewayTelemetry(this, id, { ...options, target: TelemetryTarget.namespace(this.namespaceName) });
  }

  /** The namespace-wide PeerAuthentication `default` and the workload ones of the port exceptions. */
  private addMtls(mtls: MeshMtls): ApiObject {
    if (!(mtls instanceof MeshMtls)) fail(this, 'mtls must be MeshMtls.strict(), MeshMtls.permissive() or MeshMtls.disable()');
    checkFactoryValue(this, 'mtls', mtls._problem);
    // one namespace-wide policy per namespace: Istio uses the oldest when there are several
    claimName(this, 'PeerAuthentication', this.namespaceName, 'default');
    const policy = new istio.PeerAuthentication(this, 'PeerAuthentication', {
      metadata: { name: 'default', namespace: this.namespaceName },
      spec: mtls._namespaceSpec(),
    });
    const names = new Set(['default']);
    for (const w of mtls._workloadPolicies()) {
      if (names.has(w.name)) {
        fail(this, `two PeerAuthentications of mtls would be named "${w.name}" (the namespace-wide one is "default"); pass another name in withPortException()`);
      }
      names.add(w.name);
      if (w.name.length > 253 || !DNS_SUBDOMAIN_RE.test(w.name)) {
        fail(this, `cannot name the PeerAuthentication of the workloads ${JSON.stringify(w.spec.selector.matchLabels)} "${w.name}"; pass name in withPortException()`);
      }
      claimName(this, 'PeerAuthentication', this.namespaceName, w.name);
      new istio.PeerAuthentication(this, `PeerAuthentication-${w.name}`, {
        metadata: { name: w.name, namespace: this.namespaceName },
        spec: w.spec,
      });
    }
    return policy;
  }
}
