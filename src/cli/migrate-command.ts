import { Command } from 'commander';

/**
 * Registers `migrate` (stub: being written).
 * @internal
 */
export function registerMigrateCommand(_program: Command, _setCode: (code: number) => void): void {
  // filled in by the migrate implementation
}
