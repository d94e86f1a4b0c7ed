/** gentcp repro: one case as a bundle to attach to a bug report (scripts, traces, diff, README). */
import path from 'node:path';
import { loadDivergences } from '../compare/divergences.js';
import { runCase } from '../runner/case.js';
import { defaultAgainst, parseSubject } from '../vocabulary/subject.js';
import { writeReproBundle } from '../repro/bundle.js';
import type { RecordOptions } from './record.js';
import { findScenario } from './run-command.js';
import { withReference } from './session.js';

/** One case, one reference, an output directory: the same as record's. */
export type ReproOptions = RecordOptions;

export async function reproCommand(o: ReproOptions): Promise<number> {
  const scenario = await findScenario(o.target, o.scenarioPaths);
  const subject = parseSubject(o.subject);
  const against = defaultAgainst(subject);
  return withReference(o.reference, o.otp, o.image, console.log, async (ctx) => {
    const result = await runCase(scenario, subject.name, against, ctx, { divergences: loadDivergences() });
    const outDir = o.out ?? path.join('reports', 'repro', `${scenario.id}.${subject.name.replace(':', '-')}.otp${ctx.reference.otp}`);
    const bundle = writeReproBundle({ scenario, subject: subject.name, against, otp: ctx.reference.otp, result, outDir });
    console.log(`${scenario.id} on ${subject.name} vs ${against}, OTP ${ctx.reference.version}: ${result.verdict}`);
    console.log(`wrote ${bundle.dir}: ${Object.keys(bundle.files).join(', ')}`);
    console.log(`see ${path.join(bundle.dir, 'README.md')} for how to run each script`);
    return 0;
  });
}
