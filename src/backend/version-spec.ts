import { DestinationPolicy } from './destination-policy';
import { ContainerSettings, PodDefaults } from './pod-defaults';
import { ServiceDefaults } from './service-objects';

/**
 * What a `ResilientBackend` resolves once and hands to each of its versions:
 * a version reads this, never its parent's props.
 * @internal
 */
export interface VersionSpec extends ServiceDefaults {
  /** The backend's name: the `app` label and the prefix of the version's object names. */
  readonly appName: string;
  /** The Service port. */
  readonly port: number;
  /** The backend's workload settings, which a version may override. */
  readonly workload: WorkloadDefaults;
  readonly pod: PodDefaults;
  /** The backend's traffic policy, which a version may override field by field. */
  readonly trafficPolicy: DestinationPolicy;
}

/**
 * The workload settings of a backend, with its defaults resolved.
 * @internal
 */
export interface WorkloadDefaults extends ContainerSettings {
  readonly replicas: number;
}
