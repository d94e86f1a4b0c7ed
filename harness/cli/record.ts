/** gentcp record <id>: runs a scenario on a real Erlang subject and saves its normalised trace as a fixture (record --all: record-all.ts). */
import { normalise } from '../compare/normalise.js';
import { runScenario } from '../runner/run.js';
import { parseSubject } from '../vocabulary/subject.js';
import type { ReferenceChoice } from '../providers/types.js';
import { writeRecorded, type RecordedBackend } from '../recorded/store.js';
import { findScenario } from './run-command.js';
import { withReference } from './session.js';

export interface RecordOptions {
  target: string;
  subject: string;
  reference: ReferenceChoice;
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
    // One run says nothing of stability: record --all checks each case over several.
    const file = await writeRecorded(
      { scenario: scenario.id, backend: subject.backend as RecordedBackend, otp: ctx.reference.otp, otpVersion: ctx.reference.version, stable: trace.errors.length === 0, trace },
      o.out,
    );
    console.log(`recorded ${scenario.id} on ${subject.name}, OTP ${ctx.reference.version}: ${file}`);
    return trace.errors.length ? 2 : 0;
  });
}
