#!/usr/bin/env node
/**
 * gentcp — the conformance CLI: list, run, record, repro, conformance, selfcheck, doctor.
 * program.ts declares the commands, each command's code lives in its own module; this one
 * runs the command line and maps outcomes to the exit codes: 0 pass, 1 fail, 2 harness error or bad usage (see README).
 */
import { CommanderError } from 'commander';
import { program } from './program.js';

/** Bad usage: commander's own errors exit 1, the documented code is 2. */
const USAGE_EXIT = 2;

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
