import { Command } from 'commander';

/**
 * Registers `diff` (stub: being written).
 * @internal
 */
export function registerDiffCommand(_program: Command, _setCode: (code: number) => void): void {
  // filled in by the diff implementation
}
