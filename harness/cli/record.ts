/** gentcp record: runs a scenario on a real Erlang subject and saves its normalised trace as a fixture. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { normalise } from '../compare/normalise.js';
import { runScenario } from '../runner/run.js';
import { parseSubject, SELFCHECK_SUBJECTS, type SubjectName } from '../runner/subject.js';
import type { ProviderChoice } from '../providers/types.js';
import { projectRoot } from '../providers/paths.js';
import { findScenario } from './run-command.js';
import { withReference } from './session.js';
import { addOneReferenceOptions, oneTarget, subjectOption, type ReferenceTarget } from './options.js';

export interface RecordOptions {
  target: string;
  subject: string;
  reference: ProviderChoice;
  otp: string | undefined;
  image: string | undefined;
  out: string | undefined;
}

/** Where a recorded trace lives: fixtures/traces/otp-<N>/<backend>/<id>.json. */
export function recordedTracePath(otp: string, subject: string, id: string, root = path.join(projectRoot(), 'fixtures', 'traces')): string {
  return path.join(root, `otp-${otp}`, subject.replace(':', '-'), `${id}.json`);
}

export async function recordCommand(o: RecordOptions): Promise<number> {
  const scenario = await findScenario(o.target);
  const subject = parseSubject(o.subject);
  if (subject.impl !== 'erlang') throw new Error('record keeps traces of real Erlang only; pick an erlang:* subject');
  return withReference(o.reference, o.otp, o.image, console.log, async (ctx) => {
    const trace = normalise(await runScenario(scenario, subject.name, ctx), scenario);
    const file = recordedTracePath(ctx.reference.otp, subject.name, scenario.id, o.out);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(trace, null, 1) + '\n');
    console.log(`recorded ${scenario.id} on ${subject.name}, OTP ${ctx.reference.version}: ${file}`);
    return trace.errors.length ? 2 : 0;
  });
}

/** The flags record and repro share, as commander gives them. */
export interface OneCaseFlags {
  subject: SubjectName;
  reference: ReferenceTarget;
  otp?: string;
  image?: string;
  out?: string;
}

/** RecordOptions from the flags: one scenario, one reference. */
export function oneCaseOptions(id: string, f: OneCaseFlags): RecordOptions {
  const target = oneTarget(f.reference, f.otp);
  return { target: id, subject: f.subject, reference: target.provider, otp: target.otp, image: f.image, out: f.out };
}

/** gentcp record <id>: keeps real Erlang's trace (erlang:inet unless --subject says erlang:socket). */
export function registerRecord(program: Command): void {
  addOneReferenceOptions(
    program
      .command('record')
      .argument('<id>', 'a scenario id (gentcp list) or a scenario .json file')
      .summary('run one scenario on real Erlang and save its trace under fixtures/traces/')
      .description('Runs the scenario on a real Erlang backend and saves its normalised trace as fixtures/traces/otp-<N>/<backend>/<id>.json (or under --out).')
      .addOption(subjectOption(SELFCHECK_SUBJECTS, 'erlang:inet', 'the Erlang backend to record')),
  )
    .option('--out <dir>', 'the traces directory (default: fixtures/traces/ of the package)')
    .action(async (id: string, f: OneCaseFlags) => {
      process.exitCode = await recordCommand(oneCaseOptions(id, f));
    });
}
