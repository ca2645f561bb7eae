import { Command } from 'commander';

/**
 * Registers `validate <paths...>`.
 * @internal
 */
export function registerValidateCommand(program: Command, setCode: (code: number) => void): void {
  program.command('validate')
    .description('validate manifests against the CRD schemas, CEL rules and cross-object checks')
    .argument('<paths...>', 'YAML files or directories')
    .action(() => {
      process.stderr.write('validate: not implemented yet\n');
      setCode(2);
    });
}
