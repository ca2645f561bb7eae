import { Command, Option } from 'commander';
import { Analyzer } from '../analysis/analyzer';
import { ManifestSet } from '../manifests/manifest-set';

interface ValidateOptions {
  readonly format: string;
  readonly experimental?: boolean;
  readonly disable?: string;
  readonly defaultNamespace: string;
  readonly schema: boolean;
}

/**
 * Registers `validate <paths...>`: analyzes YAML files and directories and
 * prints the report. Exit code 0 without error findings, 1 with error
 * findings, 2 on usage errors or unreadable input.
 * @internal
 */
export function registerValidateCommand(program: Command, setCode: (code: number) => void): void {
  program.command('validate')
    .description('validate manifests against the CRD schemas, CEL rules and cross-object checks')
    .argument('<paths...>', 'YAML files or directories (searched for .yaml/.yml files)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--experimental', 'accept experimental-channel Gateway API fields and kinds')
    .option('--disable <ids>', 'comma-separated check ids to skip, e.g. IGW1016,IGW1006')
    .option('--default-namespace <namespace>', 'namespace of objects that name none', 'default')
    .option('--no-schema', 'skip schema and CEL validation (cross-object checks only)')
    .action((paths: string[], opts: ValidateOptions) => {
      let set: ManifestSet;
      try {
        set = ManifestSet.fromPaths(paths, { defaultNamespace: opts.defaultNamespace });
      } catch (e) {
        process.stderr.write(`error: ${readError(e)}\n`);
        setCode(2);
        return;
      }
      const disabledChecks = (opts.disable ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      const report = new Analyzer({
        disabledChecks,
        experimental: opts.experimental ?? false,
        schemaValidation: opts.schema,
      }).analyze(set);
      process.stdout.write(opts.format === 'json' ? report.toJson() : report.toText());
      setCode(report.errors.length > 0 ? 1 : 0);
    });
}

function readError(e: unknown): string {
  const err = e as { code?: string; path?: string; message?: string };
  if (err?.code === 'ENOENT') return `cannot read ${err.path}: no such file or directory`;
  if (err?.code === 'EACCES') return `cannot read ${err.path}: permission denied`;
  return typeof err?.message === 'string' ? err.message : String(e);
}
