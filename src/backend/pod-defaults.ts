import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { ResilientBackendProps } from './resilient-backend';
import { fail } from '../internal/errors';

// Module-internal helpers of the backend module; not exported from the package.

/** The user id pods run as unless overridden (the `nonroot` user of distroless images). @internal */
export const DEFAULT_RUN_AS_USER = 65532;

/** @internal */
export interface ContainerParts {
  readonly image: string;
  readonly args?: string[];
  readonly command?: string[];
  readonly env: { [name: string]: string };
  readonly resources?: kplus.ContainerResources;
}

/** `replicas` is an int32 in the Deployment API. */
const INT32_MAX = 2_147_483_647;
/** Kubernetes 1.28 `IsEnvVarName`: letters, digits, `_`, `-`, `.`, not starting with a digit. */
const ENV_VAR_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

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

/** @internal */
export function checkPort(scope: IConstruct, what: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(scope, `${what} must be a whole number between 1 and 65535, got ${port}`);
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
 * Adds the application container with secure defaults that satisfy the Pod
 * Security "restricted" profile: non-root, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp, read-only root filesystem with
 * a writable `/tmp`; plus requests, limits and a readiness probe on the port.
 * Every default can be overridden through the backend props.
 * @internal
 */
export function buildContainer(scope: Construct, deployment: kplus.Deployment, spec: ResilientBackendProps, parts: ContainerParts): kplus.Container {
  const containerPort = spec.containerPort ?? spec.port ?? 80;
  const securityContext: kplus.ContainerSecurityContextProps = {
    ensureNonRoot: true,
    user: DEFAULT_RUN_AS_USER,
    group: DEFAULT_RUN_AS_USER,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    ...spec.securityContext,
  };
  const readiness = spec.readiness ?? (spec.readinessPath !== undefined
    ? kplus.Probe.fromHttpGet(spec.readinessPath, { port: containerPort })
    : kplus.Probe.fromTcpSocket({ port: containerPort }));

  const envVariables: { [name: string]: kplus.EnvValue } = {};
  for (const name of Object.keys(parts.env).sort()) {
    envVariables[name] = kplus.EnvValue.fromValue(parts.env[name]);
  }

  const volumeMounts: kplus.VolumeMount[] = [];
  if (securityContext.readOnlyRootFilesystem && (spec.writableTmp ?? true)) {
    const tmp = kplus.Volume.fromEmptyDir(scope, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(64) });
    volumeMounts.push({ path: '/tmp', volume: tmp });
  }

  return deployment.addContainer({
    name: 'app',
    image: parts.image,
    args: parts.args ? [...parts.args] : undefined,
    command: parts.command ? [...parts.command] : undefined,
    envVariables,
    ports: [{ number: containerPort, name: spec.appProtocol ?? 'http' }],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: parts.resources ?? spec.resources ?? defaultResources(),
    securityContext,
    readiness,
    liveness: spec.liveness,
    volumeMounts,
  });
}
