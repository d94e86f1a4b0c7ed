/** Compares a subject's normalised trace with the reference's and gives the verdict. */
import { makesSocket } from '../scenario/ops.js';
import { covers, expectationFor, expectWhere } from '../scenario/expectations.js';
import type { Scenario, StepExpect } from '../scenario/schema.js';
import { fromJson } from '../term/json.js';
import { termKey } from '../vocabulary/term.js';
import { diffLines, type DiffRow } from './diff.js';
import { findDivergence, type Divergence } from './divergences.js';
import { resultText, shapeOf, traceLines, type Line } from './lines.js';
import type { NormTrace, NormStep, ResultJson } from './normalise.js';
import { UNBOUND } from '../vocabulary/trace.js';

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
  // The subject failing to make a socket real Erlang made is the subject's fault, and so is what
  // follows from it (a peer step waiting on a connection that never came runs past its budget).
  // Only a driver that went away stays an error: then nothing of the run can be trusted.
  errors.push(...unmetExpectations(scenario, reference).map((e) => `reference: ${e}`));
  const lost = errors.every((e) => e.startsWith('subject: ')) ? failedSetup(scenario, reference, subject) : undefined;
  if (lost && !subject.errors.some(isDriverGone)) {
    const reasons = [lost, ...subject.errors.map((e) => `then, on the subject: ${e}`)];
    const d = findDivergence(divergences, scenario.id, subject.info.subject, subject.info.otp, subject.info.variant);
    if (d) return { verdict: 'known-divergence', reasons: [`known divergence: ${d.reason}`, ...reasons], rows, divergence: d };
    return { verdict: 'fail', reasons, rows };
  }
  if (errors.length) return { verdict: 'error', reasons: errors, rows };

  const timing = timingMisses(scenario, reference, 'reference').concat(timingMisses(scenario, subject, 'subject'));
  const same = sameLines(refLines, subLines);
  let verdict: Verdict;
  const reasons: string[] = [];
  if (same && timing.length === 0) verdict = 'match';
  else if (!same && timing.length === 0 && sameLines(withAlts(refLines, scenario, reference, reference), withAlts(subLines, scenario, subject, reference))) {
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

/**
 * Steps whose `expect` covers the reference's backend and release with a result the reference did
 * not return: real Erlang is the oracle, so the scenario is wrong there, not the subject.
 */
export function unmetExpectations(s: Scenario, reference: NormTrace): string[] {
  const out: string[] = [];
  const { subject, otp } = reference.info;
  const backend = backendOf(reference);
  for (const [index, step] of s.steps.entries()) {
    if (!('expect' in step)) continue;
    const want = expectationFor(step.expect, backend, otp);
    if (!want) continue;
    const rec = reference.steps.find((x) => x.index === index);
    const r = rec?.status === 'done' ? rec.result : undefined;
    const shape = 'observe' in step && step.observe === 'shape';
    if (rec?.status === 'done' && r !== undefined && (shape ? shapeOf(r) === shapeOf(want.result as ResultJson) : sameResult(r, want.result))) continue;
    const what = `step ${index}${step.id ? ` (${step.id})` : ''}, ${step.actor}: ${rec?.call ?? step.op}`;
    const got = rec === undefined ? 'nothing (it did not run)' : rec.status === 'done' ? resultText(r) : `no result (${rec.status})`;
    out.push(
      `${what}: ${subject} on OTP ${otp} returned ${got}, but the scenario expects ${shape ? `the shape ${shapeOf(want.result as ResultJson)}` : resultText(want.result as ResultJson)} (${expectWhere(want)}); a scenario problem: real Erlang is the oracle`,
    );
  }
  return out;
}

/** The reference is real Erlang on one backend: erlang:inet or erlang:socket. */
function backendOf(reference: NormTrace): string {
  const { subject } = reference.info;
  return subject.slice(subject.lastIndexOf(':') + 1);
}

/** The step's alternatives where the reference's backend and release show them; undefined elsewhere. */
function altsFor(s: Scenario, index: number, reference: NormTrace): readonly unknown[] | undefined {
  const step = s.steps[index];
  if (!step || !('alts' in step) || !step.alts) return undefined;
  return covers(step.altsWhere, backendOf(reference), reference.info.otp) ? step.alts : undefined;
}

/** A recorded result equals an expected one: the same term, or the same exception class and reason. */
function sameResult(r: ResultJson, want: StepExpect['result']): boolean {
  const raised = (x: unknown): x is { raise: string; reason: unknown } => x !== null && typeof x === 'object' && !Array.isArray(x) && 'raise' in x;
  if (r !== null && typeof r === 'object' && !Array.isArray(r) && 'exited' in r) return false;
  if (raised(want) || raised(r)) return raised(want) && raised(r) && want.raise === r.raise && termKey(fromJson(want.reason)) === termKey(fromJson(r.reason));
  return termKey(fromJson(r)) === termKey(fromJson(want));
}


function isOkSocket(r: unknown): boolean {
  return Array.isArray(r) && r.length === 2 && r[0] === 'ok';
}

/** The first subject-side listen, connect or accept that failed where real Erlang's succeeded, described; undefined when none did. */
export function failedSetup(s: Scenario, reference: NormTrace, subject: NormTrace): string | undefined {
  for (const ref of reference.steps) {
    if (ref.side !== 'subject' || !makesSocket(ref.op) || ref.status !== 'done' || !isOkSocket(ref.result)) continue;
    const sub = subject.steps.find((x) => x.index === ref.index);
    if (sub === undefined) return `step ${ref.index} (${ref.actor}: ${ref.op}) never ran on the subject; real Erlang returned ${shown(ref.result)}`;
    if (sub.status === 'done' && isOkSocket(sub.result)) continue;
    // A failure real Erlang itself shows here (the step's alternatives) is not the subject's fault.
    const alts = altsFor(s, ref.index, reference);
    if (alts && sub.status === 'done' && sub.result !== undefined && Array.isArray(sub.result) && alts.some((a) => termKey(fromJson(a)) === termKey(fromJson(sub.result))))
      continue;
    const got = sub.status === 'done' ? shown(sub.result) : sub.status === 'error' ? `no result (${sub.error ?? 'a harness fault'})` : 'no result (it never finished)';
    return `step ${ref.index} (${ref.actor}: ${sub.call}) returned ${got} on the subject; real Erlang returned ${shown(ref.result)}`;
  }
  return undefined;
}

function shown(r: NormStep['result']): string {
  return resultText(r);
}

function isDriverGone(e: string): boolean {
  return /driver went away/.test(e);
}

function sameLines(a: Line[], b: Line[]): boolean {
  return a.length === b.length && a.every((l, i) => l.key === b[i]!.key && l.text === b[i]!.text);
}

/** Step results that are among the step's declared alternatives compare equal. */
function withAlts(lines: Line[], s: Scenario, t: NormTrace, reference: NormTrace): Line[] {
  return lines.map((l) => {
    if (l.step === undefined) return l;
    const alts = altsFor(s, l.step, reference);
    const rec = t.steps.find((x) => x.index === l.step);
    if (!alts || !rec || rec.status !== 'done' || rec.result === undefined) return l;
    const keys = new Set(alts.map((a) => termKey(fromJson(a))));
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
