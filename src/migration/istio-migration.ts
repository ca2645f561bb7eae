import { FindingCollector, sortFindings } from './finding-collector';
import { convertGateways, ConvertedGateway } from './gateway-conversion';
import { MigrationFinding } from './migration-finding';
import { convertVirtualService } from './route-conversion';
import { SubsetServices } from './subset-services';
import { mergeVirtualServices } from './virtual-service-merge';
import { Finding } from '../analysis/finding';
import { SchemaValidator } from '../analysis/schema/schema-validator';
import { yamlLibrary } from '../internal/yaml-library';
import { gatewayPodsNamespace } from '../istio-api/gateway-workload';
import { IstioApiModel, IstioGatewayInfo, ISTIO_NETWORKING_GROUP } from '../istio-api/istio-model';
import { Manifest } from '../manifests/manifest';
import { ManifestSet } from '../manifests/manifest-set';

/**
 * Options for `IstioMigration.fromManifests()`.
 */
export interface IstioMigrationOptions {
  /**
   * The `gatewayClassName` of the Gateways written.
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * The namespace of the Gateways written (and their HTTPS redirect routes).
   * When it differs from an Istio Gateway's namespace, a ReferenceGrant lets
   * the Gateway read the TLS Secrets left in the old namespace.
   * @default - the namespace of each Istio Gateway
   */
  readonly gatewayNamespace?: string;
  /**
   * Write experimental-channel fields (HTTPRoute rule `retry`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry
   * @default false
   */
  readonly experimental?: boolean;
  /**
   * Write an Istio `uri.prefix` as a PathPrefix alone (whole path elements),
   * dropping the requests only Istio's string prefix admits (`/productpagex`
   * for `/productpage`), each noted as a warning. By default the migration
   * keeps them with an extra RegularExpression match.
   * @default false
   */
  readonly segmentPrefixes?: boolean;
  /**
   * The namespace of the pods that run the Istio Gateways, where Istio reads
   * `credentialName` Secrets from (istio.io IST0161). The certificateRefs
   * written name Secrets there.
   * @see https://istio.io/latest/docs/reference/config/analysis/ist0161/
   * @default - the namespace of the Deployment, StatefulSet, DaemonSet or Pod of
   * the input that the Gateway's selector matches; else `istio-system` for
   * Istio's default ingress labels, else the Istio Gateway's namespace (both
   * with a warning)
   */
  readonly gatewayPodsNamespace?: string;
}

/**
 * The Gateway API equivalent of Istio's own routing API: Istio Gateways
 * become Gateways, VirtualServices HTTPRoutes (TLSRoutes for passthrough),
 * DestinationRule subsets per-version Services with the rule's traffic
 * policy, with a finding for each part that has no equivalent. Nothing is
 * silently dropped: a VirtualService the migration cannot convert without
 * changing how some request routes is refused with an `error` finding and
 * left out of `manifests`.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
export class IstioMigration {
  /**
   * Migrates the Istio Gateways and VirtualServices of `set` (Services,
   * Deployments and DestinationRules in it resolve subsets).
   */
  public static fromManifests(set: ManifestSet, options: IstioMigrationOptions = {}): IstioMigration {
    return new IstioMigration(set, options);
  }

  /**
   * The migrated configuration, in a stable order: the objects the migration
   * made (Gateways, HTTPRoutes, TLSRoutes, ReferenceGrants, per-version
   * Services and their DestinationRules), then every input object other
   * than Istio Gateways and VirtualServices (Services, Deployments,
   * DestinationRules), as read.
   */
  public readonly manifests: any[];
  /** Only the objects the migration made. */
  public readonly createdManifests: any[];
  private readonly namespaces: string[];
  /** The findings, sorted by file and line. */
  public readonly findings: MigrationFinding[];
  /** For `RoutingDiff`: `namespace/service#subset` -> `namespace/service-subset`. */
  public readonly backendAliases: { [oldBackend: string]: string };

  private constructor(set: ManifestSet, options: IstioMigrationOptions) {
    const findings = new FindingCollector();
    // the API server rejects an Istio object its schema refuses; reading it anyway would misread it
    // (a `match` object taken for no match, a `hosts` string for a delegate), so nothing is converted from it
    const invalid = invalidIstioObjects(set, options.experimental ?? false);
    for (const [m, f] of invalid) {
      findings.add('error', m, set.namespaceOf(m), f.path ?? 'spec', `the ${m.kind} fails schema validation (${f.id}): ${f.path ?? 'the object'} ${f.message}; nothing is migrated from it`,
        'fix the field (kubectl apply would reject the object), then migrate');
    }
    const model = IstioApiModel.read(invalid.size ? set._without((m) => invalid.has(m)) : set);
    const opts = {
      gatewayClassName: options.gatewayClassName ?? 'istio',
      gatewayNamespace: options.gatewayNamespace,
      // where Istio reads credentialName Secrets: the namespace of the gateway pods
      podsNamespace: (gw: IstioGatewayInfo) => gatewayPodsNamespace(gw, set, options.gatewayPodsNamespace),
    };
    const gateways: Map<string, ConvertedGateway> = convertGateways(model.gateways, opts, findings);
    const subsets = new SubsetServices(model);
    const routes: any[] = [];
    const aliases: { [k: string]: string } = {};
    for (const vs of model.virtualServices.filter((v) => v.isDelegate)) {
      findings.add('info', vs.manifest, vs.namespace, 'spec.hosts', 'a delegate VirtualService (no hosts) is only used through a delegating one; it is not migrated on its own', 'none needed');
    }
    // Istio merges VirtualServices for the same host on a gateway (oldest first); separate HTTPRoutes would rank by precedence instead
    const merge = mergeVirtualServices(model.virtualServices.filter((v) => !v.isDelegate), (g) => model.gateway(g) !== undefined);
    for (const i of merge.issues) findings.add(i.severity, i.vs.manifest, i.vs.namespace, i.field, i.message, i.suggestion);
    for (const vs of merge.virtualServices) {
      const out = convertVirtualService(vs, model, gateways, subsets, {
        experimental: options.experimental ?? false,
        segmentPrefixes: options.segmentPrefixes ?? false,
      });
      for (const i of out.issues) findings.add(i.severity, vs.manifest, vs.namespace, i.field, i.message, i.suggestion);
      if (out.refused) continue;
      routes.push(...out.objects);
      Object.assign(aliases, out.aliases);
    }
    const gatewayObjects = [...gateways.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).flatMap((g) => g.objects);
    const created = dedupe([...gatewayObjects, ...sortObjects(routes), ...subsets.objects]);
    // everything else of the input stays (Services, Deployments, DestinationRules, which still apply to gateway traffic)
    const kept = set.all.filter((m) => !(m.group === ISTIO_NETWORKING_GROUP && (m.kind === 'Gateway' || m.kind === 'VirtualService')));
    const createdKeys = new Set(created.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`));
    const replaced = kept.filter((m) => createdKeys.has(`${m.kind}/${set.namespaceOf(m)}/${m.name}`));
    for (const m of replaced) {
      findings.add('warning', m, set.namespaceOf(m), 'metadata.name', `the migration writes its own ${m.kind} ${set.namespaceOf(m)}/${m.name}, which replaces this one in the output`, 'rename the subset or this object if both are needed');
    }
    const rest = kept.filter((m) => !replaced.includes(m));
    this.createdManifests = created;
    this.manifests = [...created, ...rest.map((m) => m.object)];
    this.namespaces = [...created.map((o) => o.metadata?.namespace ?? ''), ...rest.map((m) => set.namespaceOf(m))];
    this.findings = sortFindings(findings.findings);
    const sorted: { [k: string]: string } = {};
    for (const k of Object.keys(aliases).sort()) sorted[k] = aliases[k];
    this.backendAliases = sorted;
  }

  /** Whether some part was refused (an `error` finding). */
  public get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === 'error');
  }

  /** The manifests as multi-document YAML, byte-identical for the same input. */
  public toYaml(): string {
    return this.manifests.map((m) => toYamlDoc(m)).join('---\n');
  }

  /**
   * The manifests as YAML files: one per namespace (`<namespace>.yaml`;
   * cluster-scoped objects in `cluster.yaml`), sorted by file name. An input
   * object that names no namespace goes to the default namespace's file.
   */
  public toYamlFiles(): { [file: string]: string } {
    const byNs = new Map<string, any[]>();
    this.manifests.forEach((m, i) => {
      const ns = this.namespaces[i] || 'cluster';
      byNs.set(ns, [...(byNs.get(ns) ?? []), m]);
    });
    const out: { [file: string]: string } = {};
    for (const ns of [...byNs.keys()].sort()) out[`${ns}.yaml`] = byNs.get(ns)!.map((m) => toYamlDoc(m)).join('---\n');
    return out;
  }
}

/**
 * One YAML document. Strings YAML 1.1 reads as other types (`yes`, `on`,
 * `1:20`) are quoted, since kubectl and most GitOps tools parse YAML 1.1.
 */
function toYamlDoc(o: any): string {
  return yamlLibrary().stringify(o, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false });
}

/** The kinds `migrate` reads, which must pass the schema to be read. */
const VALIDATED_KINDS = ['Gateway', 'VirtualService', 'DestinationRule'];

/** Istio Gateways, VirtualServices and DestinationRules with a schema or CEL error, and the first error of each. */
function invalidIstioObjects(set: ManifestSet, experimental: boolean): Map<Manifest, Finding> {
  const out = new Map<Manifest, Finding>();
  const validator = new SchemaValidator({ experimental });
  for (const kind of VALIDATED_KINDS) {
    for (const m of set.ofKind(kind, ISTIO_NETWORKING_GROUP)) {
      const error = validator.validateManifest(m).find((f) => String(f.severity) === 'error');
      if (error) out.set(m, error);
    }
  }
  return out;
}

function key(g: ConvertedGateway): string {
  return `${g.namespace}/${g.name}`;
}

const KIND_ORDER = ['HTTPRoute', 'TLSRoute', 'ReferenceGrant'];

function sortObjects(list: any[]): any[] {
  return list.map((o, i) => ({ o, i })).sort((a, b) => (KIND_ORDER.indexOf(a.o.kind) - KIND_ORDER.indexOf(b.o.kind))
    || cmp(a.o.metadata.namespace, b.o.metadata.namespace) || cmp(a.o.metadata.name, b.o.metadata.name) || a.i - b.i).map((x) => x.o);
}

/** Drops later objects of the same kind, namespace and name (e.g. a ReferenceGrant two routes need). */
function dedupe(list: any[]): any[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const k = `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
