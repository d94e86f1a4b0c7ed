/** What the standalone repro scripts cannot express: said plainly, before anything runs, instead of wrong code. */
import { LOOP_OPS } from '../scenario/ops.js';
import type { Scenario } from '../scenario/schema.js';
import { Unsupported } from '../runner/executor.js';

/** The error for an op the scripts have no code for. */
export function notInRepro(op: string, index?: number): Unsupported {
  return new Unsupported(
    `the repro scripts cannot express ${op}${index === undefined ? '' : ` (step ${index})`}: it loops on the actor, and the scripts have no such helper; run the scenario with gentcp run instead`,
  );
}

/** Throws Unsupported naming the first step the repro scripts cannot express. */
export function checkReproducible(s: Scenario): void {
  const i = s.steps.findIndex((st) => LOOP_OPS.has(st.op));
  if (i >= 0) throw notInRepro(s.steps[i]!.op, i);
}
