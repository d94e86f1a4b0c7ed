/** gentcp list: every scenario id, one per line. */
import type { Command } from 'commander';
import { allScenarios } from '../../suites/index.js';

export function listCommand(): number {
  for (const s of allScenarios()) console.log(s.id);
  return 0;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .summary('print every scenario id, one per line')
    .action(() => {
      process.exitCode = listCommand();
    });
}
