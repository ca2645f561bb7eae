import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { Analyzer } from '../analysis/analyzer';
import { ManifestSet } from '../manifests/manifest-set';

interface ValidateOptions {
  readonly format: string;
  readonly experimental?: boolean;
  readonly disable?: string;
  readonly defaultNamespace: string;
  readonly schema: boolean;
  readonly external: string[];
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
    .option('--external <object>', 'an object that exists but is not in the files, as \'Kind namespace/name\' (repeatable), e.g. \'Service shop/api\'',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .action((paths: string[], opts: ValidateOptions) => {
      let set: ManifestSet;
      try {
        set = ManifestSet.fromPaths(paths, { defaultNamespace: opts.defaultNamespace });
      } catch (e) {
        process.stderr.write(`error: ${readError(e)}\n`);
        setCode(2);
        return;
      }
      if (!paths.some(holdsYaml)) {
        process.stderr.write(`error: no YAML files found in ${paths.join(', ')} (files must end in .yaml or .yml)\n`);
        setCode(2);
        return;
      }
      const disabledChecks = (opts.disable ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      const known = Analyzer.knownIds();
      const unknown = disabledChecks.filter((id) => !known.includes(id));
      if (unknown.length > 0) {
        process.stderr.write(`error: unknown check id ${unknown.join(', ')}; known ids: ${known.join(', ')}\n`);
        setCode(2);
        return;
      }
      let analyzer: Analyzer;
      try {
        analyzer = new Analyzer({
          disabledChecks,
          experimental: opts.experimental ?? false,
          schemaValidation: opts.schema,
          externalObjects: opts.external,
        });
      } catch (e) {
        process.stderr.write(`error: ${readError(e)}\n`);
        setCode(2);
        return;
      }
      const report = analyzer.analyze(set);
      process.stdout.write(opts.format === 'json' ? report.toJson() : report.toText());
      setCode(report.errors.length > 0 ? 1 : 0);
    });
}

/** Whether `p` is a file (read whatever its name) or a directory with a .yaml/.yml file below it. */
function holdsYaml(p: string): boolean {
  if (!fs.statSync(p).isDirectory()) return true;
  return fs.readdirSync(p).some((e) => {
    const full = path.join(p, e);
    return fs.statSync(full).isDirectory() ? holdsYaml(full) : /\.ya?ml$/.test(e);
  });
}

function readError(e: unknown): string {
  const err = e as { code?: string; path?: string; message?: string };
  if (err?.code === 'ENOENT') return `cannot read ${err.path}: no such file or directory`;
  if (err?.code === 'EACCES') return `cannot read ${err.path}: permission denied`;
  return typeof err?.message === 'string' ? err.message : String(e);
}
