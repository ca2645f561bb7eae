import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { registerDiffCommand } from './diff-command';
import { registerGraphCommand } from './graph-command';
import { INPUT_HELP } from './input';
import { registerMigrateCommand } from './migrate-command';
import { registerSimulateCommand } from './simulate-command';
import { errorLine, escapeControlKeepNewlines } from './terminal-text';
import { registerValidateCommand } from './validate-command';

/**
 * The `cdk8s-istio-gateway` command line: `validate`, `simulate` and `graph` over YAML
 * files and directories. Resolves to the process exit code: 0 on success,
 * 1 when validation found errors, 2 on usage errors, unreadable input or
 * an unexpected failure. Never rejects: every failure is one `error:` line
 * on stderr, never a stack trace.
 *
 * @internal
 */
export async function main(argv: string[]): Promise<number> {
  if (!process.stdout.listeners('error').includes(onStdoutError)) process.stdout.on('error', onStdoutError);
  try {
    return await run(argv);
  } catch (e) {
    process.stderr.write(`error: ${errorLine(e)}\n`);
    return 2;
  }
}

/**
 * Handles a failed write to stdout: when the reader went away (EPIPE, e.g.
 * `validate dist/ | head`), exits quietly as Unix tools do; any other write
 * error is one line on stderr and exit 2. Never a stack trace.
 * @internal
 */
export function onStdoutError(e: NodeJS.ErrnoException, exit: (code: number) => void = (c) => process.exit(c)): void {
  if (e?.code === 'EPIPE') {
    exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    return;
  }
  process.stderr.write(`error: cannot write the output: ${errorLine(e)}\n`);
  exit(2);
}

async function run(argv: string[]): Promise<number> {
  const program = new Command('cdk8s-istio-gateway')
    .description('offline validation, traffic simulation, routing graphs, migration from VirtualServices and routing diffs for Istio + Gateway API manifests')
    .version(packageVersion(), '--version', 'print the version of cdk8s-istio-gateway')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(escapeControlKeepNewlines(s)) })
    .addHelpText('after', INPUT_HELP);
  let code = 0;
  const setCode = (c: number) => { code = c; };
  registerValidateCommand(program, setCode);
  registerSimulateCommand(program, setCode);
  registerGraphCommand(program, setCode);
  registerMigrateCommand(program, setCode);
  registerDiffCommand(program, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`error: ${errorLine(e)}\n`);
    return 2;
  }
  return code;
}

/**
 * The version in the package's package.json, found by walking up from this
 * file: it sits at `src/cli/` in the source tree and at `lib/src/cli/` in
 * the package.
 */
export function packageVersion(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === 'cdk8s-istio-gateway' && typeof pkg.version === 'string') return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

// `npx ts-node src/cli/main.ts <command>` in this repository runs the CLI as bin/cdk8s-istio-gateway does
if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
