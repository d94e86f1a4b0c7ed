/** gentcp record: runs a scenario on a real Erlang subject and saves its normalised trace as a fixture. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalise } from '../compare/normalise.js';
import { runScenario } from '../runner/run.js';
import { parseSubject } from '../vocabulary/subject.js';
import type { ProviderChoice } from '../providers/types.js';
import { recordedTracePath } from '../vocabulary/project.js';
import { findScenario } from './run-command.js';
import { withReference } from './session.js';

export interface RecordOptions {
  target: string;
  subject: string;
  reference: ProviderChoice;
  otp: string | undefined;
  image: string | undefined;
  out: string | undefined;
  /** --scenarios: files and directories where the id may also be found. */
  scenarioPaths?: string[];
}

export async function recordCommand(o: RecordOptions): Promise<number> {
  const scenario = await findScenario(o.target, o.scenarioPaths);
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
