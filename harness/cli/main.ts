#!/usr/bin/env node
/**
 * gentcp — conformance CLI.
 *   gentcp list
 *   gentcp run <id|file.json> [--subject S] [--against S] [--reference auto|container|local] [--otp N] [--repeat N] [--json]
 *   gentcp conformance [--subjects S,S] [--reference R] [--otp N[,N]] [--out DIR]
 * Exit codes: 0 pass, 1 fail, 2 harness error (see README).
 */
import { parseArgs } from 'node:util';
import { listCommand } from './list.js';
import { runCommand } from './run-command.js';
import { conformanceCommand } from './conformance.js';

const USAGE = `usage:
  gentcp list
  gentcp run <id|file.json> [--subject erlang:inet|erlang:socket|ts:inet|ts:socket]
                            [--against erlang:inet|erlang:socket] [--reference auto|container|local]
                            [--otp 25|27|29] [--image IMAGE] [--repeat N] [--json]
  gentcp conformance [--subjects S[,S...]] [--reference auto|container|local] [--otp N[,N...]]
                     [--image IMAGE] [--out DIR] [--only ID-PREFIX]`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      subject: { type: 'string' },
      subjects: { type: 'string' },
      against: { type: 'string' },
      reference: { type: 'string', default: 'auto' },
      otp: { type: 'string' },
      image: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const reference = values.reference as string;
  if (!['auto', 'container', 'local'].includes(reference)) throw new UsageError(`--reference must be auto, container or local, not ${reference}`);
  if (values.otp !== undefined && !values.otp.split(',').every((o) => ['25', '27', '29'].includes(o)))
    throw new UsageError(`--otp takes 25, 27 or 29 (comma-separated for conformance), not ${values.otp}`);
  switch (cmd) {
    case 'list':
      return listCommand();
    case 'run': {
      if (positionals.length !== 1) throw new UsageError('run takes one scenario id or .json file');
      const repeat = Number(values.repeat);
      if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new UsageError('--repeat takes a whole number from 1 to 1000');
      return runCommand({
        target: positionals[0]!,
        subject: values.subject ?? 'erlang:inet',
        against: values.against,
        reference: reference as 'auto',
        otp: values.otp,
        image: values.image,
        repeat,
        json: values.json as boolean,
      });
    }
    case 'conformance':
      return conformanceCommand({
        subjects: (values.subjects ?? 'erlang:inet,erlang:socket').split(','),
        reference: reference as 'auto',
        otps: values.otp ? values.otp.split(',') : [undefined],
        image: values.image,
        out: values.out ?? 'reports/latest',
        only: values.only,
      });
    case undefined:
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    console.error(e instanceof UsageError ? `${e.message}\n${USAGE}` : `gentcp: ${e.message}`);
    process.exitCode = 2;
  },
);
