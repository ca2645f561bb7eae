import * as kplus from 'cdk8s-plus-28';
import { assertFactoryValue, factoryProblem } from '../internal/errors';
import { DNS_LABEL_RE } from '../internal/names';
import { portProblem } from '../internal/port';
import { namespaceOf } from '../internal/scope';

/**
 * A `backendRefs[]` target, with the API server's defaults spelled out
 * (group `""`, kind `Service`).
 */
export interface BackendReference {
  /** API group of the backend, `""` for a core Service. */
  readonly group: string;
  /** Kind of the backend, `Service` for a Service. */
  readonly kind: string;
  /** Name of the backend. */
  readonly name: string;
  /**
   * Namespace of the backend.
   * @default - the route's own namespace
   */
  readonly namespace?: string;
  /** The Service port (required for a Service). */
  readonly port: number;
}

/**
 * Something a route can send traffic to: a version of a `ResilientBackend`,
 * a cdk8s-plus Service, or a Service managed elsewhere.
 */
export interface IBackend {
  /** The reference a route writes into `backendRefs`. */
  backendReference(): BackendReference;
}

/**
 * Backends for targets that are not a `ResilientBackend` version.
 *
 * The factories check their arguments; an invalid backend is reported by the
 * route that uses it (and throws when its reference is read), with a message
 * that names the call and the fix.
 */
export class Backend {
  /**
   * A Service known by name, e.g. one managed outside this app.
   *
   * @param name the Service name
   * @param port the Service port
   * @param namespace the Service namespace; when it differs from the route's,
   * the route writes a ReferenceGrant in it
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendref (Core support for Services)
   */
  public static fromServiceName(name: string, port: number, namespace?: string): IBackend {
    const problem = factoryProblem('Backend.fromServiceName', [name, port, namespace], serviceNameProblem(name, port, namespace));
    return new ServiceBackend({ group: '', kind: 'Service', name, namespace, port }, true, problem);
  }

  /**
   * A cdk8s-plus Service of this app. Without `port`, the Service must have
   * exactly one port; with it, the port must exist on the Service.
   *
   * @param service the Service
   * @param port the Service port to send traffic to
   */
  public static fromService(service: kplus.Service, port?: number): IBackend {
    const ports = service.ports.map(p => p.port);
    const chosen = port ?? (ports.length === 1 ? ports[0] : undefined);
    const call = `Backend.fromService(service "${service.name}"${port === undefined ? '' : `, ${port}`})`;
    let problem: string | undefined;
    if (port === undefined && ports.length !== 1) {
      problem = `service "${service.name}" has ${ports.length === 0 ? 'no ports; add a port to the Service' : `ports ${ports.join(', ')}; pass the port to send traffic to`}`;
    } else if (port !== undefined && portProblem(port)) {
      problem = `port ${portProblem(port)}; pass one of the Service's ports (${ports.join(', ') || 'none'})`;
    } else if (!ports.includes(chosen!)) {
      problem = `service "${service.name}" has no port ${chosen}; pass one of its ports (${ports.join(', ') || 'none'})`;
    }
    return new ServiceBackend({
      group: '', kind: 'Service', name: service.name, namespace: namespaceOf(service, service.metadata.namespace), port: chosen!,
    }, false, problem === undefined ? undefined : `${call}: ${problem}`);
  }

  /**
   * Whether the backend names a Service managed outside this app (`fromServiceName`),
   * so the app-wide analysis must not report it missing.
   * @internal
   */
  public static _isExternal(backend: IBackend): boolean {
    return backend instanceof ServiceBackend && backend.external;
  }

  /**
   * What the factory that made `backend` found wrong with its arguments, if
   * anything: routes report it with `checkFactoryValue(this, field, problem)`.
   * @internal
   */
  public static _problemOf(backend: IBackend): string | undefined {
    return backend instanceof ServiceBackend ? backend.problem : undefined;
  }

  private constructor() {}
}

function serviceNameProblem(name: string, port: number, namespace: string | undefined): string | undefined {
  if (typeof name !== 'string' || name.length > 63 || !DNS_LABEL_RE.test(name)) {
    return `service name "${name}" must be a DNS label (lowercase letters, digits and "-", at most 63 characters); use the Service's metadata.name`;
  }
  if (portProblem(port)) return `port ${portProblem(port)}; pass the Service port to send traffic to, e.g. 80`;
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL_RE.test(namespace))) {
    return `namespace "${namespace}" must be a DNS label; use the Service's metadata.namespace, or leave it out for the route's own namespace`;
  }
  return undefined;
}

class ServiceBackend implements IBackend {
  constructor(
    private readonly ref: BackendReference,
    public readonly external: boolean = false,
    public readonly problem?: string,
  ) {}

  public backendReference(): BackendReference {
    assertFactoryValue(this.problem);
    return { ...this.ref };
  }
}
