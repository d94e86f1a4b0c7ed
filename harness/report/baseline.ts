/**
 * The CI gate: compare a run with a baseline results.json. Only cases that got
 * worse fail it (a new fail, a new error); improvements are reported and pass.
 */
import { readFileSync } from 'node:fs';
import { ResultsSchema, type Results } from './results.js';

type Case = Results['results'][number];

export interface Change {
  key: string;
  id: string;
  subject: string;
  otp: string;
  was: string;
  now: string;
}

export interface GateOutcome {
  regressions: Change[];
  improvements: Change[];
  /** 0: nothing got worse; 1: a case newly fails; 2: a case newly errors (a harness fault). */
  exitCode: number;
}

const keyOf = (c: Case): string => `${c.id}|${c.subject}|${c.against}|${c.otp}`;
const bad = (v: string | undefined): boolean => v === 'fail' || v === 'error';

export function loadBaseline(file: string): Results {
  const parsed = ResultsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a gentcp results.json: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function compareWithBaseline(current: Results, baseline: Results): GateOutcome {
  const before = new Map(baseline.results.map((c) => [keyOf(c), c.verdict as string]));
  const regressions: Change[] = [];
  const improvements: Change[] = [];
  for (const c of current.results) {
    const was = before.get(keyOf(c));
    const change = { key: keyOf(c), id: c.id, subject: c.subject, otp: c.otp, was: was ?? 'absent', now: c.verdict };
    // A case the baseline does not have is judged on its own: failing is a regression.
    if (bad(c.verdict) && (!bad(was) || (was === 'fail' && c.verdict === 'error'))) regressions.push(change);
    else if (bad(was) && !bad(c.verdict)) improvements.push(change);
  }
  const exitCode = regressions.some((r) => r.now === 'error') ? 2 : regressions.length ? 1 : 0;
  return { regressions, improvements, exitCode };
}

export function describeGate(g: GateOutcome): string {
  const lines: string[] = [];
  lines.push(`baseline gate: ${g.regressions.length} regression(s), ${g.improvements.length} improvement(s)`);
  for (const r of g.regressions) lines.push(`  WORSE  ${r.id} ${r.subject} OTP ${r.otp}: ${r.was} -> ${r.now}`);
  for (const r of g.improvements) lines.push(`  better ${r.id} ${r.subject} OTP ${r.otp}: ${r.was} -> ${r.now}`);
  return lines.join('\n');
}
