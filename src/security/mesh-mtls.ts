import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { DNS_SUBDOMAIN_RE } from '../internal/names';
import { portProblem } from '../internal/port';

/**
 * How a workload's sidecar or ztunnel accepts inbound connections
 * (PeerAuthentication `mtls.mode`).
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode
 */
export enum MtlsMode {
  /** Only mutual TLS. */
  STRICT = 'STRICT',
  /** Mutual TLS and plain text. */
  PERMISSIVE = 'PERMISSIVE',
  /** Plain text only: mutual TLS is not used. */
  DISABLE = 'DISABLE',
}

/**
 * A port-level mTLS exception for some workloads of the namespace.
 */
export interface MtlsPortExceptionOptions {
  /**
   * Labels of the pods the exception applies to, e.g. `{ app: 'legacy' }`.
   * Istio allows port-level settings only on a PeerAuthentication that
   * selects workloads, never on the namespace-wide one.
   */
  readonly workloadLabels: { [key: string]: string };
  /** The port of the workload (the container port, not the Service port). */
  readonly port: number;
  /** The mode on that port. */
  readonly mode: MtlsMode;
  /**
   * The name of the workload PeerAuthentication that carries the exception;
   * exceptions with the same labels share one.
   * @default - the label values joined with "-", then "-mtls", e.g. `legacy-mtls`
   */
  readonly name?: string;
}

/** One port exception, checked. */
interface PortException {
  readonly labels: { [key: string]: string };
  readonly port: number;
  readonly mode: MtlsMode;
  readonly name?: string;
}

/**
 * Mutual TLS for the workloads of a namespace: the namespace-wide
 * PeerAuthentication that `MeshNamespace` writes (`mtls`), with optional
 * port-level exceptions for selected workloads.
 *
 * ```ts
 * new MeshNamespace(chart, 'ns', {
 *   name: 'shop',
 *   mtls: MeshMtls.strict().withPortException({ workloadLabels: { app: 'legacy' }, port: 9000, mode: MtlsMode.PERMISSIVE }),
 * });
 * ```
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
 */
export class MeshMtls {
  /** Only mutual TLS: plain-text connections from outside the mesh are refused. */
  public static strict(): MeshMtls {
    return new MeshMtls(MtlsMode.STRICT, []);
  }

  /** Mutual TLS and plain text: for migrating clients that are not yet in the mesh. */
  public static permissive(): MeshMtls {
    return new MeshMtls(MtlsMode.PERMISSIVE, []);
  }

  /** No mutual TLS: plain text only. */
  public static disable(): MeshMtls {
    return new MeshMtls(MtlsMode.DISABLE, []);
  }

  /** The namespace-wide mode. */
  public readonly mode: MtlsMode;

  private constructor(mode: MtlsMode, private readonly exceptions: PortException[], private readonly problem?: string) {
    this.mode = mode;
  }

  /**
   * The same setting with a port-level exception for the workloads with
   * `workloadLabels`: a workload PeerAuthentication whose `portLevelMtls`
   * sets the mode on `port`; its other ports inherit the namespace mode.
   */
  public withPortException(options: MtlsPortExceptionOptions): MeshMtls {
    const labels = options?.workloadLabels ?? {};
    const keys = Object.keys(labels).sort();
    let problem: string | undefined;
    if (keys.length === 0) {
      problem = 'workloadLabels must select the pods, e.g. { app: "legacy" }: istio allows port-level mTLS only on a PeerAuthentication with a workload selector';
    } else if (keys.some((k) => k === '' || k.includes('*') || String(labels[k]).includes('*'))) {
      problem = 'workloadLabels must not be empty or contain "*": istio rejects wildcards in a workload selector';
    } else if (portProblem(options.port)) {
      problem = `port ${portProblem(options.port)}`;
    } else if (!Object.values(MtlsMode).includes(options.mode)) {
      problem = `mode "${options.mode}" is not STRICT, PERMISSIVE or DISABLE`;
    } else if (options.name !== undefined && (options.name.length > 253 || !DNS_SUBDOMAIN_RE.test(options.name))) {
      problem = `name "${options.name}" is not a valid object name (lowercase letters, digits, "-" and ".")`;
    }
    const selector = keys.map((k) => `${k}=${labels[k]}`).join(',');
    const same = this.exceptions.find((e) => sameLabels(e.labels, labels) && e.port === options.port);
    const otherName = this.exceptions.find((e) => sameLabels(e.labels, labels)
      && e.name !== undefined && options.name !== undefined && e.name !== options.name);
    if (!problem && otherName) {
      problem = `the exceptions of the workloads ${selector} share one PeerAuthentication, named "${otherName.name}", not "${options.name}"; give them one name`;
    }
    if (!problem && same) problem = `port ${options.port} of the workloads ${selector} already has an exception (${same.mode}); give each port one mode`;
    const sorted: { [key: string]: string } = {};
    for (const k of keys) sorted[k] = labels[k];
    return new MeshMtls(this.mode, [...this.exceptions, { labels: sorted, port: options?.port, mode: options?.mode, name: options?.name }],
      this.problem ?? factoryProblem('MeshMtls.withPortException', [options], problem));
  }

  /** What the factories found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The namespace-wide `spec`. @internal */
  public _namespaceSpec(): any {
    assertFactoryValue(this.problem);
    return { mtls: { mode: this.mode } };
  }

  /**
   * The workload PeerAuthentications of the exceptions: one per label set,
   * named by the option or after the label values, ports sorted.
   * @internal
   */
  public _workloadPolicies(): Array<{ name: string; spec: any }> {
    assertFactoryValue(this.problem);
    const groups: Array<{ labels: { [key: string]: string }; names: Set<string>; ports: Map<number, MtlsMode> }> = [];
    // withPortException() refuses two names for one label set
    for (const e of this.exceptions) {
      let g = groups.find((x) => sameLabels(x.labels, e.labels));
      if (!g) {
        g = { labels: e.labels, names: new Set(), ports: new Map() };
        groups.push(g);
      }
      if (e.name) g.names.add(e.name);
      g.ports.set(e.port, e.mode);
    }
    return groups.map((g) => {
      const name = [...g.names][0] ?? defaultName(g.labels);
      const portLevelMtls: { [port: string]: { mode: MtlsMode } } = {};
      for (const port of [...g.ports.keys()].sort((a, b) => a - b)) portLevelMtls[String(port)] = { mode: g.ports.get(port)! };
      return { name, spec: { selector: { matchLabels: { ...g.labels } }, portLevelMtls } };
    });
  }
}

function sameLabels(a: { [key: string]: string }, b: { [key: string]: string }): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function defaultName(labels: { [key: string]: string }): string {
  const base = Object.keys(labels).sort().map((k) => labels[k]).join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${(base || 'workload').slice(0, 248)}-mtls`;
}
