import * as kplus from 'cdk8s-plus-28';
import { DNS_LABEL_RE } from '../internal/names';
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
 */
export class Backend {
  /**
   * A Service known by name, e.g. one managed outside this app.
   *
   * @param name the Service name
   * @param port the Service port
   * @param namespace the Service namespace; when it differs from the route's,
   * the route writes a ReferenceGrant in it
   */
  public static fromServiceName(name: string, port: number, namespace?: string): IBackend {
    if (typeof name !== 'string' || !DNS_LABEL_RE.test(name)) {
      throw new Error(`service name "${name}" must be a DNS label (lowercase letters, digits and "-", at most 63 characters)`);
    }
    checkPort(port, `service "${name}"`);
    if (namespace !== undefined && !DNS_LABEL_RE.test(namespace)) {
      throw new Error(`namespace "${namespace}" of service "${name}" must be a DNS label`);
    }
    return new ServiceBackend({ group: '', kind: 'Service', name, namespace, port }, true);
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
    let chosen = port;
    if (chosen === undefined) {
      if (ports.length !== 1) {
        throw new Error(`service "${service.name}" has ${ports.length === 0 ? 'no ports' : `ports ${ports.join(', ')}`}; `
          + 'pass the port to send traffic to');
      }
      chosen = ports[0];
    } else {
      checkPort(chosen, `service "${service.name}"`);
      if (!ports.includes(chosen)) {
        throw new Error(`service "${service.name}" has no port ${chosen}; its ports are ${ports.join(', ') || 'none'}`);
      }
    }
    return new ServiceBackend({
      group: '', kind: 'Service', name: service.name, namespace: namespaceOf(service, service.metadata.namespace), port: chosen,
    });
  }

  /**
   * Whether the backend names a Service managed outside this app (`fromServiceName`),
   * so the app-wide analysis must not report it missing.
   * @internal
   */
  public static _isExternal(backend: IBackend): boolean {
    return backend instanceof ServiceBackend && backend.external;
  }

  private constructor() {}
}

function checkPort(port: number, what: string) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${what} port must be an integer between 1 and 65535, got ${port}`);
  }
}

class ServiceBackend implements IBackend {
  constructor(private readonly ref: BackendReference, public readonly external: boolean = false) {}
  public backendReference(): BackendReference {
    return { ...this.ref };
  }
}
