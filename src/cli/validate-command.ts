import { Command, Option } from 'commander';
import { DEFAULT_MAX_FILE_MIB, INPUT_HELP, loadManifests, MAX_FILE_SIZE_HELP, parseMaxFileSize } from './input';
import { errorLine, escapeControl, escapeJson } from './terminal-text';
import { Analyzer } from '../analysis/analyzer';
import { Finding } from '../analysis/finding';
import { AnalysisReport } from '../analysis/report';
import { ManifestSet } from '../manifests/manifest-set';

interface ValidateOptions {
  readonly format: string;
  readonly experimental?: boolean;
  readonly disable?: string;
  readonly defaultNamespace: string;
  readonly schema: boolean;
  readonly external: string[];
  readonly maxFileSize: number;
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
    .argument('<paths...>', 'YAML files or directories (searched for .yaml/.yml files; files there that hold no Kubernetes object are skipped with a warning)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--experimental', 'accept experimental-channel Gateway API fields and kinds')
    .option('--disable <ids>', 'comma-separated check ids to skip, e.g. IGW1016,IGW1006')
    .option('--default-namespace <namespace>', 'namespace of objects that name none', 'default')
    .option('--no-schema', 'skip schema and CEL validation (cross-object checks only)')
    .option('--external <object>', 'an object that exists but is not in the files, as \'Kind namespace/name\' (repeatable), e.g. \'Service shop/api\'',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--max-file-size <MiB>', MAX_FILE_SIZE_HELP, parseMaxFileSize, DEFAULT_MAX_FILE_MIB)
    .addHelpText('after', INPUT_HELP)
    .action((paths: string[], opts: ValidateOptions) => {
      try {
        setCode(validate(paths, opts));
      } catch (e) {
        process.stderr.write(`error: ${errorLine(e)}\n`);
        setCode(2);
      }
    });
}

/** Runs `validate`; returns the exit code. Throws (one line) on unreadable input. */
function validate(paths: string[], opts: ValidateOptions): number {
  const disabledChecks = (opts.disable ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = Analyzer.knownIds();
  const unknown = disabledChecks.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new Error(`unknown check id ${unknown.join(', ')}; known ids: ${known.join(', ')}`);
  }
  const analyzer = new Analyzer({
    disabledChecks,
    experimental: opts.experimental ?? false,
    schemaValidation: opts.schema,
    externalObjects: opts.external,
  });
  const set: ManifestSet = loadManifests(paths, opts);
  if (set.files.length === 0) {
    throw new Error(`no YAML files found in ${paths.join(', ')} (files must end in .yaml or .yml)`);
  }
  const report = analyzer.analyze(set);
  if (opts.format === 'json') {
    process.stdout.write(escapeJson(report.toJson()));
  } else {
    writeText(report);
  }
  return report.errors.length > 0 ? 1 : 0;
}

/** Findings rendered per slice, so a report of 250,000 findings never becomes one string. */
const TEXT_SLICE = 1000;

/**
 * Writes the report as `AnalysisReport.toText()` renders it, a slice of
 * findings at a time (each slice without its summary line, then the
 * summary), with control characters escaped in every field that can echo
 * input. Writes to files and pipes are synchronous, so memory holds one
 * slice of text at a time.
 */
function writeText(report: AnalysisReport): void {
  const all = report.findings;
  for (let i = 0; i < all.length; i += TEXT_SLICE) {
    const text = new AnalysisReport(all.slice(i, i + TEXT_SLICE).map(escapeFinding), 0).toText();
    process.stdout.write(text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
  }
  process.stdout.write(`${report.summary}\n`);
}

/** A finding with control characters escaped in every field that can echo input. */
function escapeFinding(f: Finding): Finding {
  return {
    ...f,
    object: escapeControl(f.object),
    path: f.path === undefined ? undefined : escapeControl(f.path),
    message: escapeControl(f.message),
    fix: f.fix === undefined ? undefined : escapeControl(f.fix),
    location: escapeControl(f.location),
  };
}
