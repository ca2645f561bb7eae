import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { INT32_MAX } from './field-checks';
import { fail } from '../internal/errors';

// Module-internal helpers of the backend module; not exported from the package.

/** The user id pods run as unless overridden (the `nonroot` user of distroless images). @internal */
export const DEFAULT_RUN_AS_USER = 65532;

/** Kubernetes 1.28 `IsEnvVarName`: letters, digits, `_`, `-`, `.`, not starting with a digit. */
const ENV_VAR_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * The pod settings a backend resolves once for all its versions.
 * @internal
 */
export interface PodDefaults {
  /** The port the container listens on. */
  readonly containerPort: number;
  /** Name of the container port (the protocol, e.g. `http`). */
  readonly portName: string;
  /** The container security context: the restricted defaults with the user's overrides applied. */
  readonly securityContext: kplus.ContainerSecurityContextProps;
  readonly serviceAccount?: kplus.IServiceAccount;
  readonly readiness: kplus.Probe;
  readonly liveness?: kplus.Probe;
  /** Whether to mount an `emptyDir` at `/tmp` (only with a read-only root filesystem). */
  readonly writableTmp: boolean;
}

/**
 * The user's pod settings that `resolvePodDefaults` reads (a structural subset
 * of the backend props).
 * @internal
 */
export interface PodOverrides {
  readonly securityContext?: kplus.ContainerSecurityContextProps;
  readonly serviceAccount?: kplus.IServiceAccount;
  readonly readinessPath?: string;
  readonly readiness?: kplus.Probe;
  readonly liveness?: kplus.Probe;
  readonly writableTmp?: boolean;
}

/**
 * The container settings a backend sets for all versions and a version may override.
 * @internal
 */
export interface ContainerSettings {
  readonly args?: string[];
  readonly command?: string[];
  readonly env: { [name: string]: string };
  readonly resources: kplus.ContainerResources;
}

/**
 * The container, with the version's own values resolved against the backend's.
 * @internal
 */
export interface ContainerParts extends ContainerSettings {
  readonly image: string;
}

/**
 * Resolves the secure pod defaults once: they satisfy the Pod Security
 * "restricted" profile (non-root, no privilege escalation, all capabilities
 * dropped, RuntimeDefault seccomp, read-only root filesystem with a writable
 * `/tmp`), plus a readiness probe on the container port. Every default can be
 * overridden field by field.
 * @internal
 */
export function resolvePodDefaults(containerPort: number, portName: string, overrides: PodOverrides): PodDefaults {
  const securityContext: kplus.ContainerSecurityContextProps = {
    ensureNonRoot: true,
    user: DEFAULT_RUN_AS_USER,
    group: DEFAULT_RUN_AS_USER,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    ...overrides.securityContext,
  };
  return {
    containerPort,
    portName,
    securityContext,
    serviceAccount: overrides.serviceAccount,
    readiness: overrides.readiness ?? (overrides.readinessPath !== undefined
      ? kplus.Probe.fromHttpGet(overrides.readinessPath, { port: containerPort })
      : kplus.Probe.fromTcpSocket({ port: containerPort })),
    liveness: overrides.liveness,
    writableTmp: (securityContext.readOnlyRootFilesystem ?? false) && (overrides.writableTmp ?? true),
  };
}

/** @internal */
export function checkReplicas(scope: IConstruct, replicas: number): void {
  if (!Number.isInteger(replicas) || replicas < 0) {
    fail(scope, `replicas must be a whole number >= 0, got ${replicas}`);
  }
  if (replicas > INT32_MAX) {
    fail(scope, `replicas must be at most ${INT32_MAX} (an int32 in the Deployment API), got ${replicas}`);
  }
}

/**
 * Checks environment variable names as the API server does (Kubernetes 1.28).
 * @param field where the env comes from, e.g. `env`
 * @internal
 */
export function checkEnv(scope: IConstruct, field: string, env: { [name: string]: string } | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (name === '') {
      fail(scope, `${field} has an empty variable name; give every variable a name, e.g. LOG_LEVEL`);
    }
    if (name.includes('=')) {
      fail(scope, `${field} variable name "${name}" contains "=", which ends a name in the process environment; `
        + `use the name before "=" as the key and the rest as the value, e.g. { ${JSON.stringify(name.split('=')[0])}: ... }`);
    }
    if (!ENV_VAR_NAME_RE.test(name) || name === '.' || name === '..' || name.startsWith('..')) {
      fail(scope, `${field} variable name "${name}" is invalid: use letters, digits, "_", "-" and ".", not starting with a digit or "..", e.g. LOG_LEVEL`);
    }
    if (typeof value !== 'string') {
      fail(scope, `${field} variable "${name}" has a ${typeof value} value; pass a string, e.g. "${String(value)}"`);
    }
  }
}

/**
 * The default resources: small requests so pods schedule on busy clusters,
 * limits so a runaway pod cannot starve its node.
 * @internal
 */
export function defaultResources(): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  };
}

/**
 * Checks a readiness path (an absolute HTTP path).
 * @internal
 */
export function checkReadinessPath(scope: IConstruct, path: string | undefined): void {
  if (path !== undefined && (!path.startsWith('/') || /\s/.test(path))) {
    fail(scope, `readinessPath must be an absolute HTTP path starting with "/", got "${path}"`);
  }
}

/**
 * Adds the application container with the resolved pod defaults: requests,
 * limits, the security context, the readiness probe and, with a read-only
 * root filesystem, a writable `/tmp`.
 * @internal
 */
export function buildContainer(scope: Construct, deployment: kplus.Deployment, pod: PodDefaults, parts: ContainerParts): kplus.Container {
  const envVariables: { [name: string]: kplus.EnvValue } = {};
  for (const name of Object.keys(parts.env).sort()) {
    envVariables[name] = kplus.EnvValue.fromValue(parts.env[name]);
  }

  const volumeMounts: kplus.VolumeMount[] = [];
  if (pod.writableTmp) {
    const tmp = kplus.Volume.fromEmptyDir(scope, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(64) });
    volumeMounts.push({ path: '/tmp', volume: tmp });
  }

  return deployment.addContainer({
    name: 'app',
    image: parts.image,
    args: parts.args ? [...parts.args] : undefined,
    command: parts.command ? [...parts.command] : undefined,
    envVariables,
    ports: [{ number: pod.containerPort, name: pod.portName }],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: parts.resources,
    securityContext: pod.securityContext,
    readiness: pod.readiness,
    liveness: pod.liveness,
    volumeMounts,
  });
}
