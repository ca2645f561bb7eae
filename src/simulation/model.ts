import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';
import { GATEWAY_GROUP } from '../manifests/semantics/gateway-api';

export { GATEWAY_GROUP } from '../manifests/semantics/gateway-api';

/** A Gateway listener as the simulator reads it. */
export interface ListenerInfo {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly raw: any;
}

/** A Gateway (Gateway API, not Istio's) as the simulator reads it. */
export interface GatewayInfo {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly listeners: ListenerInfo[];
  readonly manifest: Manifest;
}

/** An HTTPRoute as the simulator reads it. */
export interface RouteInfo {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly hostnames: string[];
  readonly parentRefs: any[];
  readonly rules: any[];
  readonly creationTimestamp?: string;
  readonly manifest: Manifest;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The objects of a ManifestSet the simulator needs, read once. When the
 * same object appears twice, the later one wins, as with `kubectl apply`.
 */
export class SimulationModel {
  public readonly gateways: GatewayInfo[];
  public readonly routes: RouteInfo[];
  public readonly notes: string[] = [];

  constructor(public readonly set: ManifestSet) {
    // sorted by namespace/name, so that no decision depends on the input order
    this.gateways = this.dedupe(set.ofKind('Gateway', GATEWAY_GROUP)).map((m) => this.gateway(m)).sort(byKey);
    this.routes = this.dedupe(set.ofKind('HTTPRoute', GATEWAY_GROUP)).map((m) => this.route(m)).sort(byKey);
  }

  /** Manifests of a kind in any API group, later duplicates replacing earlier ones. */
  public objects(kind: string, group: string): Manifest[] {
    return this.dedupe(this.set.ofKind(kind, group));
  }

  private dedupe(list: Manifest[]): Manifest[] {
    const latest = new Map<string, Manifest>();
    const counts = new Map<string, number>();
    for (const m of list) {
      const key = `${this.set.namespaceOf(m)}/${m.name}`;
      latest.set(key, m);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      if (n > 1) {
        const m = latest.get(key)!;
        this.notes.push(`${m.kind} ${key} appears ${n} times in the input; the last one (${m.location}) is used`);
      }
    }
    return [...latest.values()];
  }

  private gateway(m: Manifest): GatewayInfo {
    const namespace = this.set.namespaceOf(m);
    const listeners: ListenerInfo[] = (m.object.spec?.listeners ?? []).map((l: any) => ({
      name: String(l.name ?? ''),
      port: Number(l.port),
      protocol: String(l.protocol ?? ''),
      hostname: l.hostname ? String(l.hostname).toLowerCase() : undefined,
      raw: l,
    }));
    return { namespace, name: m.name, key: `${namespace}/${m.name}`, listeners, manifest: m };
  }

  private route(m: Manifest): RouteInfo {
    const namespace = this.set.namespaceOf(m);
    const spec = m.object.spec ?? {};
    const rules: any[] = Array.isArray(spec.rules) && spec.rules.length > 0 ? spec.rules : [{}];
    return {
      namespace,
      name: m.name,
      key: `${namespace}/${m.name}`,
      hostnames: (spec.hostnames ?? []).map((h: string) => String(h).toLowerCase()),
      parentRefs: spec.parentRefs ?? [],
      rules,
      creationTimestamp: m.object.metadata?.creationTimestamp ?? undefined,
      manifest: m,
    };
  }
}
