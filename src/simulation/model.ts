import { grpcRoute } from './grpc-matching';
import { IstioBehaviour } from './istio-behaviour';
import { listenerTlsProblem } from './listener-tls';
import { SchemaValidator } from '../analysis/schema/schema-validator';
import { ExternalObjects } from '../gateway-api/external-objects';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { composeListeners, GatewayListener, ListenerSetCandidate } from '../gateway-api/listeners';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

export { GATEWAY_GROUP } from '../gateway-api/gateway-api';

/** A Gateway listener (its own, or one of an attached ListenerSet) as the simulator reads it. */
export interface ListenerInfo extends GatewayListener {
  /**
   * Why Istio does not program the listener (its TLS does not resolve).
   * @default - it is programmed
   */
  readonly notProgrammed?: string;
}

/** Options of the simulation model. */
export interface SimulationModelOptions {
  /** Treat Secrets and ConfigMaps that are not in the input as existing. */
  readonly assumeSecretsExist: boolean;
  /** The simulated Istio release. */
  readonly behaviour: IstioBehaviour;
  /** Objects declared to exist outside the input. */
  readonly externals: ExternalObjects;
  /** Validate Gateway API objects against the experimental-channel CRDs (the cluster runs them). */
  readonly experimental?: boolean;
}

/** A Gateway (Gateway API, not Istio's) as the simulator reads it. */
export interface GatewayInfo {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly listeners: ListenerInfo[];
  readonly manifest: Manifest;
}

/** A route (HTTPRoute, GRPCRoute, TLSRoute or TCPRoute) as the simulator reads it. */
export interface RouteInfo {
  /**
   * The route's kind.
   * @default 'HTTPRoute'
   */
  readonly kind?: string;
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly hostnames: string[];
  readonly parentRefs: any[];
  readonly rules: any[];
  readonly creationTimestamp?: string;
  readonly manifest: Manifest;
  /**
   * Why Istio cannot convert the route, so that it attaches nowhere.
   * @default - it converts
   */
  readonly invalid?: string;
}

/** The filter types Istio accepts on an individual backendRef (conversion.go `buildHTTPDestination`). */
const BACKEND_FILTER_TYPES = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier']);

/**
 * Why Istio rejects a whole HTTPRoute: another filter type on a backendRef
 * is a hard `InvalidFilter` error ("unsupported filter type") that aborts
 * the route's conversion, so no virtual host gets any of its rules.
 */
function routeConversionError(rules: any[]): string | undefined {
  for (const [i, rule] of rules.entries()) {
    for (const [j, ref] of (Array.isArray(rule?.backendRefs) ? rule.backendRefs : []).entries()) {
      for (const f of Array.isArray(ref?.filters) ? ref.filters : []) {
        if (!BACKEND_FILTER_TYPES.has(f?.type)) {
          return `rules[${i}].backendRefs[${j}] has a ${f?.type} filter; Istio supports only RequestHeaderModifier and ResponseHeaderModifier there `
            + 'and rejects the whole route (InvalidFilter: unsupported filter type)';
        }
      }
    }
  }
  return undefined;
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
  /** The HTTPRoutes. */
  public readonly routes: RouteInfo[];
  /**
   * The GRPCRoutes, their method matches rewritten as the path matches Istio
   * programs for them (`grpcRules`), next to the original rules.
   */
  public readonly grpcRoutes: RouteInfo[];
  /** The TLSRoutes. */
  public readonly tlsRoutes: RouteInfo[];
  /** The TCPRoutes. */
  public readonly tcpRoutes: RouteInfo[];
  public readonly notes: string[] = [];
  /** Why Gateways of the input were rejected (also in `notes`), for the error when a request names none. */
  public readonly rejectedGateways: string[] = [];

  private readonly deduped = new Map<string, Manifest[]>();
  private readonly memos = new Map<string, { value: unknown; notes: string[] }>();

  constructor(public readonly set: ManifestSet, public readonly options: SimulationModelOptions) {
    // a ListenerSet's listeners are read (and a malformed list noted) only by a Gateway that admits it
    const listenersOf = (m: Manifest) => this.listField(m, 'spec.listeners', m.object.spec?.listeners);
    const listenerSets: ListenerSetCandidate[] = this.objects('ListenerSet', GATEWAY_GROUP).map((m) => ({
      namespace: set.namespaceOf(m),
      name: m.name,
      creationTimestamp: m.object.metadata?.creationTimestamp,
      parentRef: m.object.spec?.parentRef,
      get listeners() { return listenersOf(m); },
    }));
    // sorted by namespace/name, so that no decision depends on the input order
    this.gateways = this.objects('Gateway', GATEWAY_GROUP).map((m) => this.gateway(m, listenerSets)).sort(byKey);
    this.routes = this.objects('HTTPRoute', GATEWAY_GROUP).map((m) => this.route(m)).sort(byKey);
    this.grpcRoutes = this.objects('GRPCRoute', GATEWAY_GROUP).map((m) => grpcRoute(this.route(m))).sort(byKey);
    this.tlsRoutes = this.objects('TLSRoute', GATEWAY_GROUP).map((m) => this.route(m)).sort(byKey);
    this.tcpRoutes = this.objects('TCPRoute', GATEWAY_GROUP).map((m) => this.route(m)).sort(byKey);
  }

  /**
   * Manifests of a kind in any API group, later duplicates replacing earlier
   * ones, without those the cluster rejects (see `rejection`).
   */
  public objects(kind: string, group: string): Manifest[] {
    const key = `${group}/${kind}`;
    let list = this.deduped.get(key);
    if (!list) {
      list = this.dedupe(this.set.ofKind(kind, group)).filter((m) => !this.rejected(m));
      this.deduped.set(key, list);
    }
    return list;
  }

  /** A Service of the input that the cluster accepts, or undefined. */
  public service(namespace: string, name: string): Manifest | undefined {
    const byName = this.memo('services by namespace/name', new Set(), () => {
      const index = new Map<string, Manifest>();
      for (const m of this.objects('Service', '')) {
        const key = `${this.set.namespaceOf(m)}/${m.name}`;
        if (!index.has(key)) index.set(key, m); // the first, as a search from the start finds it
      }
      return index;
    });
    return byName.get(`${namespace}/${name}`);
  }

  /**
   * A value that depends only on the (immutable) input, computed once per
   * key; the notes computing it added are added again on every later call,
   * so each decision still carries them. Keeps per-request work independent
   * of the number of objects (the lookups it memoizes scan every object of a
   * kind).
   */
  public memo<T>(key: string, notes: Set<string>, compute: (notes: Set<string>) => T): T {
    let entry = this.memos.get(key);
    if (!entry) {
      const added = new Set<string>();
      entry = { value: compute(added), notes: [...added] };
      this.memos.set(key, entry);
    }
    for (const n of entry.notes) notes.add(n);
    return entry.value as T;
  }

  /**
   * Whether the API server (or Istio, for header values Envoy rejects)
   * refuses an object: its schema, CEL and value checks find an error. Such
   * an object does not exist in the cluster, so the simulator ignores it and
   * says so in the notes. Objects of kinds without a schema are kept.
   */
  private rejected(m: Manifest): boolean {
    const error = schemaValidator(this.options.experimental ?? false).validateManifest(m).find((f) => String(f.severity) === 'error');
    if (!error) return false;
    const note = `${m.kind} ${this.set.namespaceOf(m)}/${m.name} (${whereIs(m)}) is rejected (${error.id}${error.path ? ` ${error.path}` : ''}: `
      + `${error.message}); it is ignored`;
    this.notes.push(note);
    if (m.kind === 'Gateway') this.rejectedGateways.push(note);
    return true;
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

  /**
   * A Gateway with its listeners, then those of the ListenerSets it admits
   * (`allowedListeners`), oldest ListenerSet first, without the conflicted
   * ones (`composeListeners`); what is left out goes into the notes.
   */
  private gateway(m: Manifest, listenerSets: ListenerSetCandidate[]): GatewayInfo {
    const namespace = this.set.namespaceOf(m);
    const key = `${namespace}/${m.name}`;
    const spec = this.objectField(m, 'spec', m.object.spec);
    const listeners = this.listField(m, 'spec.listeners', spec.listeners);
    const composed = composeListeners({ namespace, name: m.name, spec, listeners }, listenerSets, (ns) => this.set.namespaceLabels(ns));
    for (const x of composed.excluded) {
      if (x.type === 'NotAllowed') {
        this.notes.push(`ListenerSet ${x.listenerSet.key} is not attached to gateway ${key}: its allowedListeners.namespaces.from is ${x.from}`
          + `${x.from === 'None' ? ' (the default)' : ''} (NotAllowed)`);
      } else {
        const { listener: l, earlier, conflict } = x;
        const owner = (o: GatewayListener) => (o.listenerSet ? `ListenerSet ${o.listenerSet.key}` : `gateway ${key}`);
        this.notes.push(`listener ${l.name} of ${owner(l)} conflicts with listener ${earlier.name}`
          + ` of ${owner(earlier)} on port ${l.port} (${conflict.detail}), `
          + `which takes precedence; it is not programmed (Conflicted, ${conflict.reason})`);
      }
    }
    return { namespace, name: m.name, key, listeners: composed.listeners.map((l) => this.withTls(spec, l)), manifest: m };
  }

  private withTls(gatewaySpec: any, l: ListenerInfo): ListenerInfo {
    if (l.protocol !== 'HTTPS') return l;
    if (!l.raw?.tls && this.options.behaviour.skipsHttpsWithoutTls) {
      return { ...l, notProgrammed: `HTTPS listener ${l.name} has no tls; Istio ${this.options.behaviour.version} creates no listener for it (istio/istio#60562)` };
    }
    const problem = listenerTlsProblem({ set: this.set, grants: this.objects('ReferenceGrant', GATEWAY_GROUP) }, gatewaySpec, { ...l, ownerKind: l.listenerSet ? 'ListenerSet' : 'Gateway' }, this.options, this.notes);
    return problem ? { ...l, notProgrammed: problem } : l;
  }

  private route(m: Manifest): RouteInfo {
    const namespace = this.set.namespaceOf(m);
    const spec = this.objectField(m, 'spec', m.object.spec);
    const declared = this.listField(m, 'spec.rules', spec.rules).filter((r, i) => this.isObject(m, `spec.rules[${i}]`, r));
    const rules: any[] = declared.length > 0 ? declared : [{}];
    return {
      kind: m.kind,
      namespace,
      name: m.name,
      key: `${namespace}/${m.name}`,
      hostnames: this.listField(m, 'spec.hostnames', spec.hostnames).map((h) => String(h).toLowerCase()),
      parentRefs: this.listField(m, 'spec.parentRefs', spec.parentRefs).filter((r, i) => this.isObject(m, `spec.parentRefs[${i}]`, r)),
      rules,
      creationTimestamp: m.object.metadata?.creationTimestamp ?? undefined,
      manifest: m,
      invalid: m.kind === 'HTTPRoute' ? routeConversionError(declared) : undefined,
    };
  }

  /** A field that must be a list: anything else is reported in the notes and read as empty. */
  private listField(m: Manifest, field: string, value: unknown): any[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.notes.push(`${m.kind} ${this.set.namespaceOf(m)}/${m.name} (${whereIs(m)}): ${field} is ${describeValue(value)}, not a list; it is ignored`);
    return [];
  }

  /** A field that must be an object: anything else is reported in the notes and read as empty. */
  private objectField(m: Manifest, field: string, value: unknown): any {
    if (value === undefined || value === null) return {};
    return this.isObject(m, field, value) ? value : {};
  }

  private isObject(m: Manifest, field: string, value: unknown): boolean {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.notes.push(`${m.kind} ${this.set.namespaceOf(m)}/${m.name} (${whereIs(m)}): ${field} is ${describeValue(value)}, not an object; it is ignored`);
    return false;
  }
}

const validators = new Map<boolean, SchemaValidator>();

/** One schema validator per channel for every simulation: its compiled schemas and CEL programs are reused. */
function schemaValidator(experimental: boolean): SchemaValidator {
  let v = validators.get(experimental);
  if (!v) {
    v = new SchemaValidator({ experimental });
    validators.set(experimental, v);
  }
  return v;
}

/** Where an object comes from: `file:line` for YAML, the construct path for an App. */
function whereIs(m: Manifest): string {
  return m.line !== undefined ? `${m.location}:${m.line}` : m.location;
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${String(v)}`;
}
