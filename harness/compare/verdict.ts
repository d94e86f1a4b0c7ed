/** Compares a subject's normalised trace with the reference's and gives the verdict. */
import type { Scenario } from '../scenario/schema.js';
import { fromJson } from '../term/json.js';
import { termKey } from '../term/term.js';
import { diffLines, type DiffRow } from './diff.js';
import { findDivergence, type Divergence } from './divergences.js';
import { traceLines, type Line } from './lines.js';
import type { NormTrace, NormStep } from './normalise.js';
import { UNBOUND } from '../runner/trace.js';

export const VERDICTS = ['match', 'match-alt', 'known-divergence', 'fail', 'error', 'unsupported'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Judgement {
  verdict: Verdict;
  /** Why, in a few lines: the first differences, the timing misses, the errors. */
  reasons: string[];
  rows: DiffRow[];
  divergence?: Divergence;
}

export interface JudgeInput {
  scenario: Scenario;
  reference: NormTrace;
  subject: NormTrace;
  divergences: Divergence[];
}

export function judge({ scenario, reference, subject, divergences }: JudgeInput): Judgement {
  const refLines = traceLines(reference, scenario);
  const subLines = traceLines(subject, scenario);
  const rows = diffLines(refLines, subLines);

  const errors = [...reference.errors.map((e) => `reference: ${e}`), ...subject.errors.map((e) => `subject: ${e}`)];
  // A socket real Erlang never bound is a scenario fault; only the subject missing one is a difference.
  for (const st of reference.steps)
    if (Array.isArray(st.result) && st.result[0] === UNBOUND)
      errors.push(`reference: step ${st.index} uses socket ${String(st.result[1])}, which no earlier step bound on real Erlang (a scenario problem)`);
  if (errors.length) return { verdict: 'error', reasons: errors, rows };

  const timing = timingMisses(scenario, reference, 'reference').concat(timingMisses(scenario, subject, 'subject'));
  const same = sameLines(refLines, subLines);
  let verdict: Verdict;
  const reasons: string[] = [];
  if (same && timing.length === 0) verdict = 'match';
  else if (!same && timing.length === 0 && sameLines(withAlts(refLines, scenario, reference), withAlts(subLines, scenario, subject))) {
    verdict = 'match-alt';
    reasons.push('the traces differ only at steps whose alternatives real Erlang itself shows');
  } else {
    verdict = 'fail';
    reasons.push(...firstDifferences(rows), ...timing);
  }
  if (verdict === 'fail') {
    const d = findDivergence(divergences, scenario.id, subject.info.subject, subject.info.otp, subject.info.variant);
    if (d) return { verdict: 'known-divergence', reasons: [`known divergence: ${d.reason}`, ...reasons], rows, divergence: d };
  }
  return { verdict, reasons, rows };
}

function sameLines(a: Line[], b: Line[]): boolean {
  return a.length === b.length && a.every((l, i) => l.key === b[i]!.key && l.text === b[i]!.text);
}

/** Step results that are among the step's declared alternatives compare equal. */
function withAlts(lines: Line[], s: Scenario, t: NormTrace): Line[] {
  return lines.map((l) => {
    if (l.step === undefined) return l;
    const step = s.steps[l.step];
    const rec = t.steps.find((x) => x.index === l.step);
    if (!step || !('alts' in step) || !step.alts || !rec || rec.status !== 'done' || rec.result === undefined) return l;
    const keys = new Set(step.alts.map((a) => termKey(fromJson(a))));
    const r = rec.result;
    const isPlain = r === null || typeof r !== 'object' || Array.isArray(r) || !('raise' in r || 'exited' in r);
    return isPlain && keys.has(termKey(fromJson(r))) ? { ...l, text: `#${l.step} ∈ alternatives` } : l;
  });
}

function timingMisses(s: Scenario, t: NormTrace, who: string): string[] {
  const misses: string[] = [];
  // Steps are found by the scenario's ids, so a recorded trace needs none of its own.
  const step = (id: string): NormStep | undefined => {
    const index = s.steps.findIndex((x) => x.id === id);
    return t.steps.find((x) => x.index === index);
  };
  for (const band of s.timing ?? []) {
    const at = step(band.at);
    const from = band.from === undefined ? undefined : step(band.from);
    const end = at?.t1;
    const start = band.from === undefined ? at?.t0 : from?.t1;
    if (end === undefined || start === undefined) {
      misses.push(`${who}: timing of ${band.at} cannot be measured (the step did not finish)`);
      continue;
    }
    const took = Math.round(end - start);
    if (Math.abs(took - band.ms) > band.tol)
      misses.push(`${who}: ${band.at} took ${took} ms${band.from ? ` after ${band.from}` : ''}, expected ${band.ms} ± ${band.tol} ms`);
  }
  return misses;
}

function firstDifferences(rows: DiffRow[], max = 5): string[] {
  const diffs = rows.filter((r) => r.mark !== '=');
  const out = diffs.slice(0, max).map((r) =>
    r.mark === '≠' ? `reference ${r.left}  vs  subject ${r.right}` : r.mark === '<' ? `only in reference: ${r.left}` : `only in subject: ${r.right}`,
  );
  if (diffs.length > max) out.push(`… and ${diffs.length - max} more differing lines`);
  return out;
}
