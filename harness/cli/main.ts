#!/usr/bin/env node
/**
 * gentcp — the conformance CLI: list, run, record, repro, conformance, selfcheck, doctor.
 * Each command lives in its own module; this one wires them to commander and maps
 * outcomes to the exit codes: 0 pass, 1 fail, 2 harness error or bad usage (see README).
 */
import { Command, CommanderError } from 'commander';
import { coloursFor } from './colour.js';
import { registerConformance } from './conformance.js';
import { registerDoctor } from './doctor.js';
import { registerList } from './list.js';
import { registerRecord } from './record.js';
import { registerRepro } from './repro.js';
import { registerRun } from './run-command.js';
import { registerSelfcheck } from './selfcheck.js';
import { suiteVersion } from './version.js';

/** Bad usage: commander's own errors exit 1, the documented code is 2. */
const USAGE_EXIT = 2;

function program(): Command {
  const errColours = coloursFor(process.stderr);
  const p = new Command('gentcp')
    .description("Runs gen_tcp scenarios on a subject (the gentcp library by default) and on real Erlang, and diffs the traces.")
    .version(suiteVersion(), '-v, --version', 'print the version of gentcp-conformance')
    .helpOption('-h, --help', 'print usage and options')
    .helpCommand('help [command]', 'print the usage of a command')
    // Inherited by every command made with .command() below.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ outputError: (s, write) => write(errColours.red(s)) })
    .addHelpText(
      'after',
      [
        '',
        'Subjects: conformance tests ts:inet,ts:socket (the gentcp library) unless --subjects or',
        'GENTCP_SUBJECTS says otherwise; the Jest suites use the same default. run and repro test ts:inet.',
        'Exit codes: 0 pass, 1 fail, 2 a harness error or bad usage.',
      ].join('\n'),
    );
  for (const register of [registerList, registerRun, registerRecord, registerRepro, registerConformance, registerSelfcheck, registerDoctor]) register(p);
  return p;
}

async function main(argv: string[]): Promise<number> {
  const p = program();
  try {
    await p.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    // --help, --version and help <command> end with exit code 0; every other commander error is bad usage.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_EXIT;
    console.error(`gentcp: ${(e as Error).message}`);
    return 2;
  }
}

// `gentcp list | head` closes the pipe early: stop quietly instead of throwing EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
