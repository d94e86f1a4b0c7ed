/** gentcp selfcheck: conformance with real Erlang as the subject, an explicit check of the oracle. */
import type { Command } from 'commander';
import { SELFCHECK_SUBJECTS } from '../runner/subject.js';
import { conformanceCommand, conformanceOptions, fromFlags, type ConformanceFlags } from './conformance.js';

/** gentcp selfcheck: real Erlang against itself, which checks the oracle and the harness, not the library. */
export function registerSelfcheck(program: Command): void {
  conformanceOptions(
    program
      .command('selfcheck')
      .summary('conformance with real Erlang as the subject: checks the oracle against itself')
      .description(
        `Runs conformance with the subjects ${SELFCHECK_SUBJECTS.join(',')}: each Erlang backend against itself. ` +
          'Every case should match; anything else is a harness fault or a flaky scenario, not a library bug.\n\n' +
          'Exit codes: 0 pass, 1 a failure, 2 a harness error or bad usage.',
      ),
    false,
  ).action(async (f: ConformanceFlags) => {
    process.exitCode = await conformanceCommand(fromFlags(f, SELFCHECK_SUBJECTS));
  });
}
