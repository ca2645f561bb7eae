import * as fs from 'fs';
import * as path from 'path';
import { SchemaEntry } from './schema-types';

/** Groups whose kinds come from the Gateway API bundles (standard or experimental). */
const GATEWAY_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io']);

/** The schema files, by channel (Istio, cert-manager and core kinds are the same in both). */
const STANDARD_FILES = ['gateway-standard.json', 'istio.json', 'cert-manager.json', 'k8s-core.json'];
const EXPERIMENTAL_FILES = ['gateway-experimental.json', 'istio.json', 'cert-manager.json', 'k8s-core.json'];

let schemaDirCache: string | undefined;

/**
 * Finds `imports/schemas` by walking up from this file: it sits at
 * `src/analysis/schema/` in the source tree and at `lib/src/analysis/schema/`
 * in the package.
 */
export function findSchemaDir(start: string = __dirname): string {
  if (schemaDirCache && start === __dirname) return schemaDirCache;
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'imports', 'schemas');
    if (fs.existsSync(path.join(candidate, 'gateway-standard.json'))) {
      if (start === __dirname) schemaDirCache = candidate;
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find imports/schemas above ${start}; the package is incomplete, reinstall it`);
    }
    dir = parent;
  }
}

const fileCache = new Map<string, SchemaEntry[]>();

function loadFile(dir: string, file: string): SchemaEntry[] {
  const full = path.join(dir, file);
  let entries = fileCache.get(full);
  if (!entries) {
    entries = fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) as SchemaEntry[] : [];
    fileCache.set(full, entries);
  }
  return entries;
}

/**
 * The schemas of one channel, indexed by group, version and kind. Files are
 * read on first use and shared between stores.
 */
export class SchemaStore {
  private readonly index = new Map<string, SchemaEntry>();
  private readonly kinds = new Set<string>();
  private readonly experimentalIndex = new Map<string, SchemaEntry>();

  constructor(experimental: boolean, dir: string = findSchemaDir()) {
    for (const file of experimental ? EXPERIMENTAL_FILES : STANDARD_FILES) {
      for (const e of loadFile(dir, file)) {
        this.index.set(key(e.group, e.version, e.kind), e);
        this.kinds.add(`${e.group}|${e.kind}`);
      }
    }
    if (!experimental) {
      for (const e of loadFile(dir, 'gateway-experimental.json')) {
        this.experimentalIndex.set(key(e.group, e.version, e.kind), e);
      }
    }
  }

  /** The schema of a group/version/kind, or undefined. */
  public lookup(group: string, version: string, kind: string): SchemaEntry | undefined {
    return this.index.get(key(group, version, kind));
  }

  /** Whether the kind is known in some other version. */
  public knowsKind(group: string, kind: string): boolean {
    return this.kinds.has(`${group}|${kind}`);
  }

  /**
   * The experimental-channel schema of a Gateway API kind, when this store
   * is for the standard channel.
   */
  public experimentalEntry(group: string, version: string, kind: string): SchemaEntry | undefined {
    return GATEWAY_GROUPS.has(group) ? this.experimentalIndex.get(key(group, version, kind)) : undefined;
  }

  /** Whether the group/version/kind exists only in the experimental Gateway API channel. */
  public experimentalOnly(group: string, version: string, kind: string): boolean {
    return GATEWAY_GROUPS.has(group) && this.experimentalIndex.has(key(group, version, kind)) && !this.index.has(key(group, version, kind));
  }
}

function key(group: string, version: string, kind: string): string {
  return `${group}|${version}|${kind}`;
}
