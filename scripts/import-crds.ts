/**
 * Regenerates `imports/` from the official CRD bundles:
 *
 * - the typed bindings, through `cdk8s import` (one file per API group);
 * - `imports/schemas/*.json`: every served version's openAPIV3Schema with its
 *   `x-kubernetes-validations` CEL rules, which the analysis module needs at
 *   run time (so a fresh clone or an installed package works offline).
 *
 * Usage:
 *   npx projen import                                  # upstream release URLs
 *   npx projen import -- --crd-dir path/to/crds        # local copies, same file names
 *   npx projen import -- --gateway-standard F --gateway-experimental F --istio F
 *
 * Each source may be a file path or an http(s) URL.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

interface Source {
  readonly key: string;
  readonly fileName: string;
  readonly url: string;
  /** cdk8s import module prefix; empty keeps the API group file name */
  readonly prefix: string;
}

const GATEWAY_API_VERSION = 'v1.6.1';
const ISTIO_VERSION = '1.30.3';

const SOURCES: Source[] = [
  {
    key: 'gateway-standard',
    fileName: `gateway-api-${GATEWAY_API_VERSION}-standard.yaml`,
    url: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`,
    prefix: '',
  },
  {
    key: 'gateway-experimental',
    fileName: `gateway-api-${GATEWAY_API_VERSION}-experimental.yaml`,
    url: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/experimental-install.yaml`,
    prefix: 'experimental',
  },
  {
    key: 'istio',
    fileName: `istio-${ISTIO_VERSION}-crds.yaml`,
    url: `https://raw.githubusercontent.com/istio/istio/${ISTIO_VERSION}/manifests/charts/base/files/crd-all.gen.yaml`,
    prefix: '',
  },
];

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'imports');

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (!a.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`unexpected argument ${a}; see the header of scripts/import-crds.ts`);
    }
    args.set(a.slice(2), argv[++i]);
  }
  return args;
}

async function readSource(location: string): Promise<string> {
  if (/^https?:\/\//.test(location)) {
    const res = await fetch(location);
    if (!res.ok) throw new Error(`cannot fetch ${location}: HTTP ${res.status}`);
    return res.text();
  }
  return fs.readFileSync(location, 'utf8');
}

/** One served version of one CRD, as the analysis module consumes it. */
interface SchemaEntry {
  group: string;
  kind: string;
  plural: string;
  scope: string;
  version: string;
  storage: boolean;
  schema: unknown;
}

function extractSchemas(text: string): SchemaEntry[] {
  const entries: SchemaEntry[] = [];
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS();
    if (!obj || obj.kind !== 'CustomResourceDefinition') continue;
    const spec = obj.spec;
    for (const v of spec.versions ?? []) {
      if (!v.served) continue;
      entries.push({
        group: spec.group,
        kind: spec.names.kind,
        plural: spec.names.plural,
        scope: spec.scope,
        version: v.name,
        storage: !!v.storage,
        schema: v.schema?.openAPIV3Schema,
      });
    }
  }
  entries.sort((a, b) => `${a.group}/${a.kind}/${a.version}`.localeCompare(`${b.group}/${b.kind}/${b.version}`));
  return entries;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const crdDir = args.get('crd-dir');
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'crd-import-'));
  const provenance: Record<string, { source: string; sha256: string }> = {};
  fs.mkdirSync(path.join(OUT, 'schemas'), { recursive: true });

  for (const src of SOURCES) {
    const location = args.get(src.key) ?? (crdDir ? path.join(crdDir, src.fileName) : src.url);
    const text = await readSource(location);
    const file = path.join(tmp, src.fileName);
    fs.writeFileSync(file, text);
    const spec = src.prefix ? `${src.prefix}:=${file}` : file;
    console.log(`importing ${src.key} from ${location}`);
    execFileSync('npx', ['cdk8s', 'import', spec, '--language', 'typescript', '--output', OUT, '--no-check-upgrade'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const schemas = extractSchemas(text);
    fs.writeFileSync(path.join(OUT, 'schemas', `${src.key}.json`), JSON.stringify(schemas) + '\n');
    provenance[src.key] = {
      source: /^https?:/.test(location) ? location : `${src.url} (local copy: ${src.fileName})`,
      sha256: createHash('sha256').update(text).digest('hex'),
    };
  }
  fs.writeFileSync(path.join(OUT, 'SOURCES.json'), JSON.stringify(provenance, null, 2) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
