/**
 * Known divergences: places where a subject cannot match real Erlang, each with
 * the exact reason and the evidence. They live in one file,
 * fixtures/known-divergences.json, and every report shows them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../vocabulary/project.js';
import { fieldPath } from '../scenario/validate.js';
import { SUBJECTS } from '../vocabulary/subject.js';

export const Divergence = z.strictObject({
  scenario: z.string().describe('the scenario id'),
  subjects: z.array(z.enum(SUBJECTS)).min(1),
  otp: z.array(z.enum(['25', '27', '29'])).optional().describe('the OTP releases it applies to (default: all)'),
  variant: z.enum(['native', 'fallback']).optional().describe('ts subjects: only with the native addon, or only with the pure-TypeScript fallback (default: both)'),
  reason: z.string().min(10).describe('why this cannot be fixed on Node, exactly'),
  evidence: z.string().min(10).describe('what was measured or tried, and where'),
});
export type Divergence = z.infer<typeof Divergence>;

export const DivergenceFile = z.strictObject({
  $schema: z.string().optional(),
  divergences: z.array(Divergence),
});

export function divergencesFile(): string {
  return path.join(projectRoot(), 'fixtures', 'known-divergences.json');
}

export function loadDivergences(file = divergencesFile()): Divergence[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const parsed = DivergenceFile.safeParse(data);
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ')}`);
  return parsed.data.divergences;
}

/** The built-in divergences, then those of each --divergences file in order (the first that fits a case wins). */
export function loadAllDivergences(extraFiles: readonly string[] = []): Divergence[] {
  return [...loadDivergences(), ...extraFiles.flatMap((f) => loadDivergences(f))];
}

export function findDivergence(list: Divergence[], scenario: string, subject: string, otp: string, variant?: string): Divergence | undefined {
  return list.find(
    (d) =>
      d.scenario === scenario &&
      (d.subjects as string[]).includes(subject) &&
      (d.otp === undefined || (d.otp as string[]).includes(otp)) &&
      (d.variant === undefined || d.variant === variant),
  );
}
