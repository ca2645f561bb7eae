import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { isKustomizeConfig } from '../kustomize-config';
import { coreValueIssues } from './core-value-checks';
import { withDefaults } from './defaults';
import { Issue, IssueKind } from './issue';
import { OBJECT_META, objectMetaIssues } from './object-meta';
import { schemaAt } from './schema-path';
import { SchemaStore } from './schema-store';
import { JsonSchema, SchemaEntry } from './schema-types';
import { SchemaWalker, WalkCounters } from './schema-walker';

/** Finding ids of schema and CEL validation. */
export enum SchemaFindingId {
  /** The object violates the OpenAPI schema of its kind. */
  SCHEMA_VIOLATION = 'IGW0001',
  /** A CEL rule (`x-kubernetes-validations`) of the kind returned false. */
  CEL_RULE_VIOLATED = 'IGW0002',
  /** A CEL rule could not be evaluated; the API server would reject the object too. */
  CEL_RULE_NOT_EVALUATED = 'IGW0003',
  /** No schema is known for the object's kind and version, so it was not validated. */
  UNKNOWN_KIND = 'IGW0004',
}

/**
 * Options for `SchemaValidator`.
 */
export interface SchemaValidatorOptions {
  /**
   * Accept experimental-channel Gateway API fields and kinds (validate
   * Gateway API objects against the experimental CRDs).
   * @default false
   */
  readonly experimental?: boolean;
}

/**
 * Counters of what a `SchemaValidator` has done so far.
 */
export interface SchemaValidatorStats {
  /** Objects validated against a schema. */
  readonly objectsValidated: number;
  /** CEL rule evaluations (one rule on one value). */
  readonly celRulesEvaluated: number;
  /** Transition rules (using `oldSelf`) skipped: they only apply to updates. */
  readonly transitionRulesSkipped: number;
  /** CEL rule evaluations skipped because a value below the rule has the wrong type (already reported). */
  readonly celRulesNotEvaluated: number;
}

/**
 * Checks objects the way the API server does on create, offline: structural
 * defaults first, then the OpenAPI schema of the kind (types, required,
 * enum, pattern, lengths, bounds, list uniqueness, unknown fields), then
 * every CEL rule (`x-kubernetes-validations`) at its place in the schema.
 *
 * Gateway API and Istio kinds are checked against their CRDs, the core kinds
 * the library emits (Namespace, Deployment, Service, Secret, ServiceAccount,
 * ConfigMap, PodDisruptionBudget, HorizontalPodAutoscaler) against the
 * Kubernetes 1.28 schemas. The schema data ships with the package in
 * `imports/schemas/` and is read on first use. The API server's value
 * checks that those schemas lack run too: int32 counts (`replicas` of
 * Deployments, StatefulSets, ReplicaSets; HPA min/max replicas), port
 * numbers, env var names, 256 KiB of annotations, base64 Secret `data`; and
 * HTTPRoute/GRPCRoute header values with line breaks, control characters or
 * surrounding whitespace, which Envoy rejects or can never match.
 *
 * Finding ids: `IGW0001` schema violation, `IGW0002` CEL rule violated,
 * `IGW0003` CEL rule could not be evaluated, `IGW0004` unknown kind or
 * version (a warning: the object is not checked).
 */
export class SchemaValidator {
  private readonly experimental: boolean;
  private _store?: SchemaStore;
  private readonly counters: WalkCounters = { celRulesEvaluated: 0, transitionRulesSkipped: 0, celRulesNotEvaluated: 0 };
  private readonly walker = new SchemaWalker(this.counters);
  private readonly roots = new Map<SchemaEntry, JsonSchema>();
  private objectsValidated = 0;

  constructor(options: SchemaValidatorOptions = {}) {
    this.experimental = options.experimental ?? false;
  }

  /** What this validator has done so far. */
  public get stats(): SchemaValidatorStats {
    return { objectsValidated: this.objectsValidated, ...this.counters };
  }

  /**
   * Every finding for every object of the set, in input order.
   */
  public validate(set: ManifestSet): Finding[] {
    return set.all.flatMap((m) => this.validateManifest(m));
  }

  /**
   * Every finding for one object. kustomize's own files (`Kustomization` and
   * `Component` of `kustomize.config.k8s.io`, e.g. a `kustomization.yaml`)
   * are not API objects: they get no finding.
   */
  public validateManifest(m: Manifest): Finding[] {
    if (isKustomizeConfig(m)) return [];
    const store = this.store;
    const entry = store.lookup(m.group, m.version, m.kind);
    const line = m.line !== undefined ? { line: m.line } : {};
    const finding = (id: SchemaFindingId, severity: Severity, message: string, path?: string, fix?: string): Finding => ({
      id, severity, message, object: m.ref, location: m.location, ...line, ...(path ? { path } : {}), ...(fix ? { fix } : {}),
    });
    const apiVersion = m.group ? `${m.group}/${m.version}` : m.version;
    if (!entry) {
      if (store.experimentalOnly(m.group, m.version, m.kind)) {
        return [finding(SchemaFindingId.UNKNOWN_KIND, Severity.WARNING,
          `${m.kind} ${apiVersion} is only in the experimental Gateway API channel; it was not validated`,
          undefined, 'install the experimental CRDs and validate with experimental: true, or use a standard-channel kind')];
      }
      const known = store.knowsKind(m.group, m.kind);
      // the value checks that need no schema still run, e.g. the int32 replicas of a StatefulSet
      const values = coreValueIssues(m.group, m.kind, m.object)
        .map((i) => finding(SchemaFindingId.SCHEMA_VIOLATION, Severity.ERROR, i.message, i.path || undefined));
      return [finding(SchemaFindingId.UNKNOWN_KIND, Severity.WARNING,
        known ? `no schema for ${m.kind} in version ${apiVersion}; it was not validated` : `no schema for kind ${m.kind} (${apiVersion}); it was not validated`,
        undefined, known ? 'use a served version of the kind' : undefined), ...values];
    }
    this.objectsValidated++;
    const root = this.rootSchema(entry);
    const obj = withDefaults(m.object, root) as any;
    const issues: Issue[] = [...objectMetaIssues(m.kind, obj.metadata), ...this.walker.walk(obj, root, ''), ...coreValueIssues(m.group, m.kind, obj)];
    const experimentalSchema = store.experimentalEntry(m.group, m.version, m.kind)?.schema;
    return issues.map((i) => {
      switch (i.kind) {
        case IssueKind.SCHEMA:
          if (i.unknownField && experimentalSchema && schemaAt(experimentalSchema, i.path)) {
            return finding(SchemaFindingId.SCHEMA_VIOLATION, Severity.ERROR,
              `${i.path} is an experimental-channel field, unknown to the standard-channel ${m.kind} CRD`, i.path,
              'remove it, or install the experimental CRDs and validate with experimental: true');
          }
          return finding(SchemaFindingId.SCHEMA_VIOLATION, Severity.ERROR, i.message, i.path || undefined);
        case IssueKind.CEL_VIOLATED:
          return finding(SchemaFindingId.CEL_RULE_VIOLATED, Severity.ERROR, i.message, i.path || undefined);
        default:
          return finding(SchemaFindingId.CEL_RULE_NOT_EVALUATED, Severity.ERROR, i.message, i.path || undefined,
            'the API server rejects an object whose rule cannot be evaluated; check the field types and required fields at this path');
      }
    });
  }

  private get store(): SchemaStore {
    this._store = this._store ?? new SchemaStore(this.experimental);
    return this._store;
  }

  /** The kind's schema with the common `metadata` checks, and without `status` (ignored on create). */
  private rootSchema(entry: SchemaEntry): JsonSchema {
    let root = this.roots.get(entry);
    if (!root) {
      const props: { [name: string]: JsonSchema } = {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        ...(entry.schema.properties ?? {}),
        metadata: OBJECT_META,
      };
      props.status = { 'x-kubernetes-preserve-unknown-fields': true };
      root = {
        ...entry.schema,
        properties: props,
        required: [...new Set([...(entry.schema.required ?? []), 'apiVersion', 'kind'])].filter((r) => r !== 'status'),
      };
      this.roots.set(entry, root);
    }
    return root;
  }
}
