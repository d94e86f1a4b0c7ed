/** One case: a scenario run on a subject and on its reference, normalised, compared and judged. */
import { performance } from 'node:perf_hooks';
import { normalise, type NormTrace } from '../compare/normalise.js';
import { judge, type Verdict } from '../compare/verdict.js';
import type { Divergence } from '../compare/divergences.js';
import type { DiffRow } from '../compare/diff.js';
import { traceLines } from '../compare/lines.js';
import type { Scenario } from '../scenario/schema.js';
import { Unsupported } from './executor.js';
import { runScenario, type RunContext } from './run.js';

export interface CaseResult {
  id: string;
  family: string;
  title: string;
  subject: string;
  against: string;
  otp: string;
  otpVersion: string;
  provider: string;
  verdict: Verdict;
  reasons: string[];
  durationMs: number;
  divergence?: Divergence;
  subjectTrace?: NormTrace;
  referenceTrace?: NormTrace;
  diff: DiffRow[];
  /** With --repeat: how many runs gave each distinct subject trace. */
  stability?: { runs: number; distinct: number; counts: Array<{ count: number; verdict: Verdict; firstLine?: string }> };
}

export interface CaseOptions {
  divergences: Divergence[];
  /** A reference trace already recorded in this run, to reuse. */
  reference?: NormTrace;
}

export function familyOf(id: string): string {
  return id.split('.')[0]!;
}

export async function runCase(s: Scenario, subject: string, against: string, ctx: RunContext, opts: CaseOptions): Promise<CaseResult> {
  const t0 = performance.now();
  const base = {
    id: s.id,
    family: familyOf(s.id),
    title: s.title,
    subject,
    against,
    otp: ctx.reference.otp,
    otpVersion: ctx.reference.version,
    provider: ctx.reference.provider,
  };
  try {
    const reference = opts.reference ?? normalise(await runScenario(s, against, ctx), s);
    if (reference.errors.length)
      return { ...base, verdict: 'error', reasons: reference.errors.map((e) => `reference: ${e}`), durationMs: Math.round(performance.now() - t0), referenceTrace: reference, diff: [] };
    const sub = normalise(await runScenario(s, subject, ctx), s);
    const j = judge({ scenario: s, reference, subject: sub, divergences: opts.divergences });
    return {
      ...base,
      verdict: j.verdict,
      reasons: j.reasons,
      durationMs: Math.round(performance.now() - t0),
      ...(j.divergence ? { divergence: j.divergence } : {}),
      subjectTrace: sub,
      referenceTrace: reference,
      diff: j.rows,
    };
  } catch (e) {
    const verdict: Verdict = e instanceof Unsupported ? 'unsupported' : 'error';
    return { ...base, verdict, reasons: [(e as Error).message], durationMs: Math.round(performance.now() - t0), diff: [] };
  }
}

/** Runs a case N times and reports how stable the subject's trace was. */
export async function runRepeated(s: Scenario, subject: string, against: string, ctx: RunContext, opts: CaseOptions, n: number): Promise<CaseResult> {
  const seen = new Map<string, { count: number; verdict: Verdict; firstLine?: string }>();
  let worst: CaseResult | undefined;
  const rank: Verdict[] = ['match', 'match-alt', 'known-divergence', 'unsupported', 'fail', 'error'];
  for (let i = 0; i < n; i++) {
    const r = await runCase(s, subject, against, ctx, opts);
    const key = r.subjectTrace ? traceLines(r.subjectTrace, s).map((l) => l.text).join('\n') : `${r.verdict}: ${r.reasons.join(';')}`;
    const entry = seen.get(key) ?? { count: 0, verdict: r.verdict, ...(r.subjectTrace ? {} : { firstLine: r.reasons[0] }) };
    entry.count++;
    seen.set(key, entry);
    if (!worst || rank.indexOf(r.verdict) > rank.indexOf(worst.verdict)) worst = r;
  }
  return { ...worst!, stability: { runs: n, distinct: seen.size, counts: [...seen.values()].sort((a, b) => b.count - a.count) } };
}
