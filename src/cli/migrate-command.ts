import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { DEFAULT_MAX_FILE_MIB, INPUT_HELP, loadManifests, MAX_FILE_SIZE_HELP, parseMaxFileSize } from './input';
import { errorLine, escapeControl, escapeControlKeepNewlines } from './terminal-text';
import { RoutingDiff } from '../diff/routing-diff';
import { ISTIO_NETWORKING_GROUP } from '../istio-api/istio-model';
import { ManifestSet } from '../manifests/manifest-set';
import { findingLine, findingSummary } from '../migration/finding-collector';
import { IstioMigration } from '../migration/istio-migration';
import { MigrationFinding } from '../migration/migration-finding';
import { emitTypescriptApp } from '../migration/typescript-app';

interface MigrateOptions {
  readonly out?: string;
  readonly emit: string;
  readonly verify?: boolean;
  readonly assumeServices?: boolean;
  readonly gatewayClass: string;
  readonly gatewayNamespace?: string;
  readonly gatewayPodsNamespace?: string;
  readonly experimental?: boolean;
  readonly segmentPrefixes?: boolean;
  readonly singleFile?: boolean;
  readonly defaultNamespace: string;
  readonly maxFileSize: number;
}

/** The file `--single-file` writes, and the TypeScript app's file. */
const SINGLE_FILE = 'gateway-api.yaml';
const TS_FILE = 'main.ts';

/**
 * Registers `migrate <paths...> --out <dir>`: converts Istio Gateways,
 * VirtualServices and DestinationRule subsets to Gateway API manifests
 * (or a cdk8s app with `--emit typescript`) and prints a finding per part
 * without an equivalent. Exit 0, 1 when a part was refused (an error
 * finding) or `--verify` found a routing difference, 2 on usage or input
 * errors.
 * @internal
 */
export function registerMigrateCommand(program: Command, setCode: (code: number) => void): void {
  program.command('migrate')
    .description('convert Istio Gateways, VirtualServices and DestinationRule subsets to Gateway API manifests, with a finding for every field without an equivalent')
    .argument('<paths...>', 'YAML files or directories with the Istio objects (and the Services, Deployments and DestinationRules they use)')
    .option('--out <dir>', 'directory to write to (created if missing): one <namespace>.yaml per namespace, or main.ts with --emit typescript')
    .addOption(new Option('--emit <format>', 'what to write').choices(['yaml', 'typescript']).default('yaml'))
    .option('--verify', 'simulate the input and the output and report every request that routes differently (exit 1 on a difference)')
    .option('--gateway-class <name>', 'gatewayClassName of the Gateways written', 'istio')
    .option('--gateway-namespace <namespace>', 'namespace of the Gateways written (default: each Istio Gateway\'s namespace)')
    .option('--gateway-pods-namespace <namespace>', 'namespace of the Istio gateway pods, where Istio reads credentialName Secrets (default: found from the gateway Deployment in the input, else istio-system for the default ingress labels, else the Istio Gateway\'s namespace, with a warning)')
    .option('--no-assume-services', 'with --verify: treat backend Services that are not in the input as missing on both sides (by default they are taken to exist, as in the cluster)')
    .option('--experimental', 'write experimental-channel fields (HTTPRoute retry)')
    .option('--segment-prefixes', 'write Istio uri prefixes as PathPrefix alone (drops paths such as /productpagex that only the string prefix admits; each noted)')
    .option('--single-file', `write every object to one file, ${SINGLE_FILE}`)
    .option('--default-namespace <namespace>', 'namespace of objects that name none', 'default')
    .option('--max-file-size <MiB>', MAX_FILE_SIZE_HELP, parseMaxFileSize, DEFAULT_MAX_FILE_MIB)
    .addHelpText('after', `${INPUT_HELP}
Migrate exit codes: 0 migrated; 1 a part was refused (error finding) or --verify
found a routing difference; 2 usage or input error.
`)
    .action((paths: string[], opts: MigrateOptions) => {
      try {
        setCode(migrate(paths, opts));
      } catch (e) {
        process.stderr.write(`error: ${errorLine(e)}\n`);
        setCode(2);
      }
    });
}

function migrate(paths: string[], opts: MigrateOptions): number {
  if (!opts.out) throw new Error('--out <dir> is required: the directory to write the Gateway API manifests to');
  if (fs.existsSync(opts.out) && !fs.statSync(opts.out).isDirectory()) throw new Error(`--out ${opts.out} exists and is not a directory`);
  const set = loadManifests(paths, opts);
  if (set.files.length === 0) throw new Error(`no YAML files found in ${paths.join(', ')} (files must end in .yaml or .yml)`);
  const istio = ['Gateway', 'VirtualService'].flatMap((k) => set.ofKind(k, ISTIO_NETWORKING_GROUP));
  if (istio.length === 0) throw new Error(`no Istio Gateway or VirtualService (${ISTIO_NETWORKING_GROUP}) in ${paths.join(', ')}`);
  const migration = IstioMigration.fromManifests(set, {
    gatewayClassName: opts.gatewayClass,
    gatewayNamespace: opts.gatewayNamespace,
    gatewayPodsNamespace: opts.gatewayPodsNamespace,
    experimental: opts.experimental ?? false,
    segmentPrefixes: opts.segmentPrefixes ?? false,
  });
  fs.mkdirSync(opts.out, { recursive: true });
  const written: string[] = [];
  if (opts.emit === 'typescript') {
    const file = path.join(opts.out, TS_FILE);
    fs.writeFileSync(file, emitTypescriptApp(migration.manifests, {}));
    written.push(file);
  } else if (opts.singleFile) {
    const file = path.join(opts.out, SINGLE_FILE);
    fs.writeFileSync(file, migration.toYaml());
    written.push(file);
  } else {
    for (const [name, text] of Object.entries(migration.toYamlFiles())) {
      const file = path.join(opts.out, name);
      fs.writeFileSync(file, text);
      written.push(file);
    }
  }
  writeFindings(migration.findings);
  const kinds = new Map<string, number>();
  for (const m of migration.createdManifests) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  const counts = [...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${n} ${k}`).join(', ') || 'no objects';
  process.stdout.write(`migrated: made ${counts}; wrote ${written.map(escapeControl).join(', ') || 'nothing'}\n`);
  process.stdout.write(`findings: ${findingSummary(migration.findings)}\n`);
  let code = migration.hasErrors ? 1 : 0;
  if (opts.verify) {
    const after = ManifestSet.fromObjects(migration.manifests, 'migrated', { defaultNamespace: opts.defaultNamespace });
    // Services deployed outside the Istio configuration (e.g. by the application's own chart) exist in the cluster:
    // without them both sides would only disagree on how a missing cluster is answered (503 for a VirtualService, 500 for an HTTPRoute)
    const diff = RoutingDiff.compare(set, after, {
      backendAliases: migration.backendAliases, experimental: opts.experimental ?? false, assumeServicesExist: opts.assumeServices !== false,
    });
    process.stdout.write(escapeControlKeepNewlines(`verify: ${diff.toText().trimEnd()}\n`));
    if (!diff.equal) code = 1;
  }
  return code;
}

function writeFindings(findings: readonly MigrationFinding[]): void {
  for (const f of findings) process.stdout.write(`${escapeControl(findingLine(f))}\n`);
}
