import { Issue, IssueKind } from './issue';
import { joinPath } from './schema-path';
import { isPlainObject, show } from './value-checks';
import { ANNOTATIONS_MAX_BYTES, annotationsBytes, INT32_MAX, INT32_MIN } from '../../internal/api-limits';
import { headerValueFault } from '../../internal/header-value';

/**
 * Value checks of the API server (and of what it hands the value to) that
 * the core kinds' schemas cannot express, because the schemas are rebuilt
 * from typed bindings without formats: int32 fields, port numbers, env var
 * names, the size of annotations, base64 Secret data, config keys; and, for
 * Gateway API routes, header values that Envoy rejects or can never match.
 * Each problem is a schema issue at its field path.
 */


/** A Secret's or ConfigMap's data may hold at most 1 MiB (`MaxSecretSize`). */
const DATA_MAX_BYTES = 1024 * 1024;

/** Kubernetes 1.28 `IsEnvVarName` (before the relaxed rule of 1.30+): letters, digits, `_`, `-`, `.`, not starting with a digit. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** `IsConfigMapKey`: the keys of Secret and ConfigMap data. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Base64 as Go's `encoding/json` decodes `[]byte` (standard alphabet, padded; CR and LF are skipped). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;


type Checker = (obj: any, add: (path: string, message: string) => void) => void;

const WORKLOAD_COUNTS: { [kind: string]: string[] } = {
  Deployment: ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  StatefulSet: ['replicas', 'minReadySeconds', 'revisionHistoryLimit'],
  ReplicaSet: ['replicas', 'minReadySeconds'],
  ReplicationController: ['replicas', 'minReadySeconds'],
  DaemonSet: ['minReadySeconds', 'revisionHistoryLimit'],
};

/** Pod spec paths of the kinds that carry one. */
const POD_SPEC_PATHS: { [kind: string]: string[] } = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** API groups of the core kinds these checks know. */
const CORE_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy']);

/** Every problem of this kind found in `obj`, as schema issues at their field paths. */
export function coreValueIssues(group: string, kind: string, obj: any): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ kind: IssueKind.SCHEMA, path, message });
  if (!isPlainObject(obj)) return issues;
  if (CORE_GROUPS.has(group)) {
    for (const checker of coreCheckers(kind)) checker(obj, add);
  }
  if (group === 'gateway.networking.k8s.io' && (kind === 'HTTPRoute' || kind === 'GRPCRoute')) routeHeaderValues(obj, add);
  return issues;
}

function coreCheckers(kind: string): Checker[] {
  const out: Checker[] = [];
  const counts = WORKLOAD_COUNTS[kind];
  if (counts) {
    out.push((obj, add) => {
      for (const field of counts) int32(obj.spec?.[field], `spec.${field}`, add, 0);
    });
  }
  const podPath = POD_SPEC_PATHS[kind];
  if (podPath) {
    out.push((obj, add) => {
      const spec = podPath.reduce((v: any, k) => (isPlainObject(v) ? v[k] : undefined), obj);
      podSpec(spec, podPath.join('.'), add);
      if (podPath.length > 1) {
        const templatePath = podPath.slice(0, -1);
        const template = templatePath.reduce((v: any, k) => (isPlainObject(v) ? v[k] : undefined), obj);
        annotationsSize(template?.metadata?.annotations, `${templatePath.join('.')}.metadata.annotations`, add);
      }
    });
  }
  if (kind === 'HorizontalPodAutoscaler') out.push(hpa);
  if (kind === 'Service') out.push(servicePorts);
  if (kind === 'Secret') out.push((obj, add) => configData(obj, add, 'data', true));
  if (kind === 'ConfigMap') {
    out.push((obj, add) => {
      configData(obj, add, 'data', false);
      configData(obj, add, 'binaryData', true);
    });
  }
  return out;
}

/** An int32 field (when it is an integer at all; the schema reports other types), optionally with a minimum. */
function int32(value: unknown, path: string, add: (path: string, message: string) => void, min?: number, max?: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) return;
  if (value > INT32_MAX || value < INT32_MIN) {
    add(path, `${value} does not fit in an int32 (at most ${INT32_MAX}); the API server rejects it`);
  } else if (min !== undefined && value < min) {
    add(path, `must be at least ${min}, got ${value}`);
  } else if (max !== undefined && value > max) {
    add(path, `must be at most ${max}, got ${value}`);
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

function podSpec(spec: any, path: string, add: (path: string, message: string) => void): void {
  if (!isPlainObject(spec)) return;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: any, i: number) => {
      if (!isPlainObject(c)) return;
      const cPath = `${path}.${list}[${i}]`;
      envNames(c, cPath, add);
      if (Array.isArray(c.ports)) {
        c.ports.forEach((p: any, j: number) => {
          if (!isPlainObject(p)) return;
          int32(p.containerPort, `${cPath}.ports[${j}].containerPort`, add, 1, 65535);
          if (p.hostPort !== 0) int32(p.hostPort, `${cPath}.ports[${j}].hostPort`, add, 1, 65535);
        });
      }
      for (const probe of PROBES) {
        if (!isPlainObject(c[probe])) continue;
        for (const field of PROBE_COUNTS) int32(c[probe][field], `${cPath}.${probe}.${field}`, add, 0);
      }
    });
  }
}

/** Kubernetes 1.28 rules for `env[].name` and `envFrom[].prefix`. */
function envNames(c: any, path: string, add: (path: string, message: string) => void): void {
  if (Array.isArray(c.env)) {
    c.env.forEach((e: any, i: number) => {
      if (!isPlainObject(e)) return;
      const problem = envVarNameProblem(e.name);
      if (problem) add(`${path}.env[${i}].name`, problem);
    });
  }
  if (Array.isArray(c.envFrom)) {
    c.envFrom.forEach((e: any, i: number) => {
      if (!isPlainObject(e) || e.prefix === undefined || e.prefix === '') return;
      const problem = envVarNameProblem(e.prefix);
      if (problem) add(`${path}.envFrom[${i}].prefix`, problem.replace('env var name', 'env var prefix'));
    });
  }
}

/** Why `name` is not an env var name the API server accepts (Kubernetes 1.28 `IsEnvVarName`), or undefined. */
export function envVarNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (name === '') return 'env var name must not be empty';
  if (!ENV_VAR_NAME.test(name)) {
    return `invalid env var name ${show(name)}: it must consist of letters, digits, "_", "-" or "." and must not start with a digit`
      + `${name.includes('=') ? ' (and never contain "=")' : ''}`;
  }
  if (name === '.' || name === '..' || name.startsWith('..')) return `invalid env var name ${show(name)}: it must not be "." or "..", nor start with ".."`;
  return undefined;
}

function hpa(obj: any, add: (path: string, message: string) => void): void {
  if (!isPlainObject(obj.spec)) return;
  const spec: any = obj.spec;
  int32(spec.minReplicas, 'spec.minReplicas', add, 1);
  int32(spec.maxReplicas, 'spec.maxReplicas', add, 1);
  int32(spec.targetCPUUtilizationPercentage, 'spec.targetCPUUtilizationPercentage', add, 1);
  if (Array.isArray(spec.metrics)) {
    spec.metrics.forEach((m: any, i: number) => {
      for (const source of ['resource', 'containerResource']) {
        int32(m?.[source]?.target?.averageUtilization, `spec.metrics[${i}].${source}.target.averageUtilization`, add, 1);
      }
    });
  }
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[direction];
    if (!isPlainObject(rules)) continue;
    const path = `spec.behavior.${direction}`;
    int32(rules.stabilizationWindowSeconds, `${path}.stabilizationWindowSeconds`, add, 0, 3600);
    if (Array.isArray(rules.policies)) {
      rules.policies.forEach((p: any, i: number) => {
        int32(p?.value, `${path}.policies[${i}].value`, add, 1);
        int32(p?.periodSeconds, `${path}.policies[${i}].periodSeconds`, add, 1, 1800);
      });
    }
  }
}

function servicePorts(obj: any, add: (path: string, message: string) => void): void {
  const ports = obj.spec?.ports;
  if (!Array.isArray(ports)) return;
  ports.forEach((p: any, i: number) => {
    if (!isPlainObject(p)) return;
    int32(p.port, `spec.ports[${i}].port`, add, 1, 65535);
    if (typeof p.targetPort === 'number') int32(p.targetPort, `spec.ports[${i}].targetPort`, add, 1, 65535);
    if (p.nodePort !== 0) int32(p.nodePort, `spec.ports[${i}].nodePort`, add, 1, 65535);
  });
}

/** Keys of `data`/`binaryData`, base64 values, and the 1 MiB total. */
function configData(obj: any, add: (path: string, message: string) => void, field: string, base64: boolean): void {
  const data = obj[field];
  if (!isPlainObject(data)) return;
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    const path = joinPath(field, key);
    if (key.length > 253 || !CONFIG_KEY.test(key)) {
      add(path, `invalid key ${show(key)}: keys must be at most 253 characters of letters, digits, "-", "_" or "."`);
    } else if (key === '.' || key === '..' || key.startsWith('..')) {
      add(path, `invalid key ${show(key)}: a key must not be "." or "..", nor start with ".."`);
    }
    if (typeof value !== 'string') continue;
    if (base64) {
      const compact = value.replace(/[\r\n]/g, '');
      if (!BASE64.test(compact)) {
        add(path, `${obj.kind === 'Secret' ? 'Secret data' : 'binaryData'} values must be base64 (standard alphabet, padded), got ${show(value)}; `
          + `put plain text in ${obj.kind === 'Secret' ? 'stringData' : 'data'} instead, or encode it`);
        continue;
      }
      total += Buffer.from(compact, 'base64').length;
    } else {
      total += Buffer.byteLength(value, 'utf8');
    }
  }
  if (total > DATA_MAX_BYTES) add(field, `the ${field} of one object must hold at most ${DATA_MAX_BYTES} bytes, got ${total}`);
}

/** At most 256 KiB of annotations per object (`TotalAnnotationSizeLimitB`): keys plus values, in bytes. */
export function annotationsSize(annotations: unknown, path: string, add: (path: string, message: string) => void): void {
  if (!isPlainObject(annotations)) return;
  const strings = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  const total = annotationsBytes(strings);
  if (total > ANNOTATIONS_MAX_BYTES) {
    add(path, `annotations must hold at most ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB, keys and values), got ${total}; `
      + 'move large data to a ConfigMap');
  }
}

/** Header values of HTTPRoute and GRPCRoute header modifiers and header matches. */
function routeHeaderValues(obj: any, add: (path: string, message: string) => void): void {
  const rules = obj.spec?.rules;
  if (!Array.isArray(rules)) return;
  rules.forEach((rule: any, i: number) => {
    if (!isPlainObject(rule)) return;
    const rPath = `spec.rules[${i}]`;
    filterHeaders(rule.filters, `${rPath}.filters`, add);
    if (Array.isArray(rule.backendRefs)) {
      rule.backendRefs.forEach((b: any, j: number) => filterHeaders(b?.filters, `${rPath}.backendRefs[${j}].filters`, add));
    }
    if (Array.isArray(rule.matches)) {
      rule.matches.forEach((m: any, j: number) => {
        if (!Array.isArray(m?.headers)) return;
        m.headers.forEach((h: any, k: number) => {
          if (!isPlainObject(h) || typeof h.value !== 'string' || (h.type !== undefined && h.type !== 'Exact')) return;
          const problem = headerValueProblem(h.value);
          if (problem) {
            add(`${rPath}.matches[${j}].headers[${k}].value`,
              `header match value ${show(h.value)} ${problem}, so it can never match a request (proxies strip surrounding whitespace and refuse control characters)`);
          }
        });
      });
    }
  });
}

function filterHeaders(filters: unknown, path: string, add: (path: string, message: string) => void): void {
  if (!Array.isArray(filters)) return;
  filters.forEach((f: any, i: number) => {
    for (const modifier of ['requestHeaderModifier', 'responseHeaderModifier']) {
      const m = f?.[modifier];
      if (!isPlainObject(m)) continue;
      for (const op of ['set', 'add']) {
        const headers = m[op];
        if (!Array.isArray(headers)) continue;
        headers.forEach((h: any, k: number) => {
          if (!isPlainObject(h) || typeof h.value !== 'string') return;
          const problem = headerValueProblem(h.value);
          if (problem) {
            add(`${path}[${i}].${modifier}.${op}[${k}].value`,
              `header value ${show(h.value)} ${problem}: it is not a valid HTTP field value, so Envoy rejects the route `
              + 'configuration (Istio marks the filter invalid); write it on one line without surrounding spaces');
          }
        });
      }
    }
  });
}

/** Why a header value is not a valid HTTP field value (RFC 9110 5.5), or undefined. */
export function headerValueProblem(value: string): string | undefined {
  return headerValueFault(value)?.problem;
}
