/**
 * gentcp drift: runs real Erlang again and judges every scenario, on both backends, by the trace
 * recorded for that release (fixtures/traces). A case that no longer matches its recording has
 * drifted: the report shows both traces side by side, and the exit status is 1. Run it when
 * Debian or the official image moves to a new OTP patch release; --update records again, once a
 * person has looked.
 */
import { SELFCHECK_SUBJECTS } from '../vocabulary/subject.js';
import { conformanceCommand } from './conformance.js';
import type { ReferenceTarget } from './options.js';
import { recordAllCommand } from './record-all.js';

export interface DriftOptions {
  targets: ReferenceTarget[];
  image: string | undefined;
  out: string | undefined;
  only: string | undefined;
  workers: number;
  /** Record the releases again after the check (what the check found stays in its report). */
  update: boolean;
}

export async function driftCommand(o: DriftOptions): Promise<number> {
  const code = await conformanceCommand({
    subjects: [...SELFCHECK_SUBJECTS],
    targets: o.targets,
    image: o.image,
    out: o.out,
    only: o.only,
    baseline: undefined,
    writeBaseline: undefined,
    capture: false,
    workers: o.workers,
    judgeByRecording: true,
  });
  console.log(code === 0 ? 'drift: every scenario matches its recording' : 'drift: some scenarios no longer match their recording (fail above; the report shows each side by side)');
  if (!o.update) return code;
  console.log('drift --update: recording again');
  const recorded = await recordAllCommand({ targets: o.targets, image: o.image, repeat: 2, only: o.only, workers: o.workers, out: undefined });
  return recorded === 0 ? 0 : recorded;
}
