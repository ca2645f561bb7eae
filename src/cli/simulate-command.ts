import { Command } from 'commander';

/**
 * Registers `simulate <paths...>`.
 * @internal
 */
export function registerSimulateCommand(program: Command, setCode: (code: number) => void): void {
  program.command('simulate')
    .description('answer which listener, route, rule and backends a request reaches')
    .argument('<paths...>', 'YAML files or directories')
    .action(() => {
      process.stderr.write('simulate: not implemented yet\n');
      setCode(2);
    });
}
