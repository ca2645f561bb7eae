import { fqdnOf } from '../istio-api/istio-hosts';
import { IstioApiModel } from '../istio-api/istio-model';
import { ManifestSet } from '../manifests/manifest-set';

/**
 * The names the old side's backends are compared under: an explicit alias
 * of `namespace/name#subset` or `namespace/name` first; else, for an Istio
 * subset, the one Service of the new side in the same namespace whose
 * selector is the old Service's selector plus the subset's labels (the
 * per-version Service a migration makes; the subset is resolved with
 * Istio's DestinationRule lookup, `IstioApiModel.subset`); else
 * `namespace/name` (`#subset` kept).
 * @internal
 */
export class BackendAliases {
  private readonly inferred = new Map<string, string | undefined>();
  private readonly remarks = new Set<string>();
  private istio?: IstioApiModel;

  constructor(
    private readonly explicit: { [oldBackend: string]: string },
    private readonly oldSet: ManifestSet,
    private readonly newSet: ManifestSet,
  ) {}

  /** The name of an old-side backend; `clientNamespace` is the namespace of the gateway that sends to it. */
  public name(namespace: string, name: string, subset: string | undefined, clientNamespace: string): string {
    const key = `${namespace}/${name}`;
    if (subset !== undefined && this.explicit[`${key}#${subset}`] !== undefined) return this.explicit[`${key}#${subset}`];
    if (this.explicit[key] !== undefined) return this.explicit[key];
    if (subset === undefined) return key;
    return this.infer(namespace, name, subset, clientNamespace) ?? `${key}#${subset}`;
  }

  /** Which aliases were inferred, and subsets that could not be because several Services fit. */
  public get notes(): string[] {
    return [...this.remarks].sort();
  }

  private infer(namespace: string, name: string, subset: string, clientNamespace: string): string | undefined {
    const memo = `${namespace}/${name}#${subset} ${clientNamespace}`;
    if (this.inferred.has(memo)) return this.inferred.get(memo);
    const result = this.search(namespace, name, subset, clientNamespace);
    this.inferred.set(memo, result);
    return result;
  }

  private search(namespace: string, name: string, subset: string, clientNamespace: string): string | undefined {
    const service = this.oldSet.find('Service', '', namespace, name);
    const selector = service?.object.spec?.selector;
    if (!isStringMap(selector) || Object.keys(selector).length === 0) return undefined;
    this.istio ??= IstioApiModel.read(this.oldSet);
    const labels = this.istio.subset(fqdnOf(name, namespace), subset, clientNamespace)?.subset?.labels;
    if (!labels) return undefined;
    // the subset's endpoints are the Service's pods that also carry the subset's labels; a label the subset
    // gives another value selects nothing, which no selector reproduces
    if (Object.entries(labels).some(([k, v]) => selector[k] !== undefined && selector[k] !== v)) return undefined;
    const wanted = canonical({ ...selector, ...labels });
    const fits = this.newSet.ofKind('Service', '')
      .filter((s) => this.newSet.namespaceOf(s) === namespace && isStringMap(s.object.spec?.selector) && canonical(s.object.spec.selector) === wanted)
      .map((s) => `${namespace}/${s.name}`)
      .sort();
    const old = `${namespace}/${name}#${subset}`;
    const labelText = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
    if (fits.length === 1) {
      this.remarks.add(`backend ${old} is compared as ${fits[0]}: inferred, its selector is that of Service ${namespace}/${name} `
        + `plus the subset's labels ${labelText} (give an alias to override)`);
      return fits[0];
    }
    if (fits.length > 1) {
      this.remarks.add(`backend ${old} was not given an alias: several Services of the new side select the subset's pods `
        + `(${fits.join(', ')}); give one with backendAliases / --alias`);
    }
    return undefined;
  }
}

function isStringMap(v: unknown): v is { [k: string]: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function canonical(map: { [k: string]: string }): string {
  return JSON.stringify(Object.keys(map).sort().map((k) => [k, map[k]]));
}
