import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { registerSimulateCommand } from './simulate-command';
import { registerValidateCommand } from './validate-command';

/**
 * The `cdk8s-istio-gateway` command line: `validate` and `simulate` over YAML
 * files and directories. Resolves to the process exit code: 0 on success,
 * 1 when validation found errors, 2 on usage errors or unreadable input.
 *
 * @internal
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('cdk8s-istio-gateway')
    .description('offline validation and traffic simulation for Istio + Gateway API manifests')
    .version(packageVersion(), '--version', 'print the version of cdk8s-istio-gateway')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  const setCode = (c: number) => { code = c; };
  registerValidateCommand(program, setCode);
  registerSimulateCommand(program, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
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
