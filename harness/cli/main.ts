#!/usr/bin/env node
/**
 * gentcp — conformance CLI.
 *   gentcp list
 *   gentcp run <id|file.json> [--subject S] [--against S] [--reference auto|container|local] [--otp N] [--repeat N] [--json]
 *   gentcp record <id|file.json> [--subject S] [--reference R] [--otp N] [--out DIR]
 *   gentcp repro <id|file.json> [--subject S] [--otp N] [--out DIR]
 *   gentcp conformance [--subjects S,S] [--reference R] [--otp N[,N]] [--out DIR]
 * Exit codes: 0 pass, 1 fail, 2 harness error (see README).
 */
import { parseArgs } from 'node:util';
import { listCommand } from './list.js';
import { runCommand } from './run-command.js';
import { conformanceCommand } from './conformance.js';
import { recordCommand } from './record.js';
import { reproCommand } from './repro.js';
import type { ProviderChoice } from '../providers/types.js';
import type { ReferenceTarget } from './conformance.js';

const USAGE = `usage:
  gentcp list
  gentcp run <id|file.json> [--subject erlang:inet|erlang:socket|ts:inet|ts:socket]
                            [--against erlang:inet|erlang:socket] [--reference auto|container|local]
                            [--otp 25|27|29] [--image IMAGE] [--repeat N] [--json] [--capture]
  gentcp record <id|file.json> [--subject erlang:inet|erlang:socket] [--reference R] [--otp N] [--out DIR]
  gentcp repro <id|file.json> [--subject S] [--reference R] [--otp N] [--out DIR]
  gentcp conformance [--subjects S[,S...]] [--reference R[:OTP][,R[:OTP]...]] [--otp N[,N...]]
                     [--image IMAGE] [--out DIR] [--only PREFIX[,PREFIX...]] [--baseline results.json] [--write-baseline FILE] [--capture]`;

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
      baseline: { type: 'string' },
      capture: { type: 'boolean', default: false },
      'write-baseline': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      workers: { type: 'string', default: '8' },
    },
  });
  const targets = parseTargets(values.reference as string, values.otp);
  // Where run, record and repro find their reference node.
  const where = { reference: targets[0]!.provider, otp: targets[0]!.otp, image: values.image };
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
        ...where,
        repeat,
        json: values.json as boolean,
        capture: values.capture as boolean,
      });
    }
    case 'record':
      if (positionals.length !== 1) throw new UsageError('record takes one scenario id or .json file');
      return recordCommand({
        target: positionals[0]!,
        subject: values.subject ?? 'erlang:inet',
        ...where,
        out: values.out,
      });
    case 'repro':
      if (positionals.length !== 1) throw new UsageError('repro takes one scenario id or .json file');
      return reproCommand({
        target: positionals[0]!,
        subject: values.subject ?? 'ts:inet',
        ...where,
        out: values.out,
      });
    case 'conformance':
      return conformanceCommand({
        subjects: (values.subjects ?? 'erlang:inet,erlang:socket').split(','),
        targets,
        image: values.image,
        out: values.out,
        only: values.only,
        baseline: values.baseline,
        capture: values.capture as boolean,
        writeBaseline: values['write-baseline'],
        workers: Number(values.workers),
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

/** --reference container:27,local and --otp 25,27: the reference nodes to run against, in order. */
function parseTargets(reference: string, otp: string | undefined): ReferenceTarget[] {
  const otps = otp === undefined ? [undefined] : otp.split(',');
  for (const o of otps) if (o !== undefined && !OTPS.includes(o)) throw new UsageError(`--otp takes ${OTPS.join(', ')}, not ${o}`);
  const targets: ReferenceTarget[] = [];
  for (const item of reference.split(',')) {
    const [provider, own] = item.split(':');
    if (!['auto', 'container', 'local'].includes(provider!)) throw new UsageError(`--reference takes auto, container or local (optionally :OTP), not ${item}`);
    if (own !== undefined && !OTPS.includes(own)) throw new UsageError(`--reference ${item}: OTP must be one of ${OTPS.join(', ')}`);
    for (const o of own !== undefined ? [own] : otps) targets.push({ provider: provider as ProviderChoice, ...(o ? { otp: o } : {}) });
  }
  return targets;
}

const OTPS = ['25', '27', '29'];

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    console.error(e instanceof UsageError ? `${e.message}\n${USAGE}` : `gentcp: ${e.message}`);
    process.exitCode = 2;
  },
);
