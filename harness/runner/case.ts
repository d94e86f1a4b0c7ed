/** One case: a scenario run on a subject and on its reference, normalised, compared and judged. */
import { performance } from 'node:perf_hooks';
import { normalise, type NormTrace } from '../compare/normalise.js';
import { judge, type Verdict } from '../compare/verdict.js';
import type { Divergence } from '../compare/divergences.js';
import type { DiffRow } from '../compare/diff.js';
import { traceLines } from '../compare/lines.js';
import { familyOf } from '../vocabulary/ids.js';
import type { Scenario } from '../scenario/schema.js';
import { Unsupported } from './executor.js';
import { runScenario, unsupportedReason, type RunContext } from './run.js';
import type { Trace } from '../vocabulary/trace.js';
import path from 'node:path';
import { Capture, type CaptureSummary } from '../capture/pcap.js';
import { NoRecording, readRecorded, type RecordedBackend } from '../recorded/store.js';
import { parseSubject } from '../vocabulary/subject.js';

/**
 * Real Erlang's trace of the scenario as recorded on that release: one that was never recorded,
 * or whose runs disagreed when it was (stable: false), gives no verdict.
 */
export async function recordedReference(s: Scenario, against: string, recorded: { otp: string; root?: string }): Promise<NormTrace> {
  const erlang = parseSubject(against);
  const skip = unsupportedReason(s, erlang, recorded.otp);
  if (skip) throw new Unsupported(skip);
  try {
    const r = await readRecorded(recorded.otp, erlang.backend as RecordedBackend, s.id, recorded.root);
    if (!r.stable) throw new Unsupported(`real Erlang's runs of it disagreed when it was recorded (OTP ${r.otpVersion}): no stable trace to judge by`);
    return r.trace;
  } catch (e) {
    throw e instanceof NoRecording ? new Unsupported(e.message) : e;
  }
}

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
  /** With --capture: the reference's and the subject's traffic. */
  capture?: { reference?: CaptureSummary; subject?: CaptureSummary };
  /** With --repeat: how many runs gave each distinct subject trace. */
  stability?: { runs: number; distinct: number; counts: Array<{ count: number; verdict: Verdict; firstLine?: string }> };
  /** The command that re-runs this case (harness/report/rerun.ts), where the run knew more than the id (a scenario file, divergence files). */
  rerun?: string;
}

export interface CaseOptions {
  divergences: Divergence[];
  /** A reference trace already recorded in this run, to reuse. */
  reference?: NormTrace;
  /** --capture: write each run's traffic to a pcap under `dir` (inside the report directory `reportDir`). */
  capture?: { dir: string; reportDir: string };
}

/** Each port of the run to the sockets that had it (a listener and the sockets it accepted share one). */
function portNames(t: Trace): Map<number, string> {
  const m = new Map<number, string>();
  for (const b of t.sockets) if (b.port !== undefined) m.set(b.port, m.has(b.port) ? `${m.get(b.port)}/${b.name}` : b.name);
  return m;
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
  const capture: NonNullable<CaseResult['capture']> = {};
  const runOne = async (who: 'reference' | 'subject', subjectName: string): Promise<NormTrace> => {
    if (!opts.capture) return normalise(await runScenario(s, subjectName, ctx), s);
    const file = path.join(opts.capture.dir, `${s.id}.${subject.replace(':', '-')}.otp${ctx.reference.otp}.${who}.pcap`);
    const cap = await Capture.start(`${file}.raw`);
    const trace = await runScenario(s, subjectName, ctx).catch(async (e: unknown) => {
      await cap.stop(file, new Map(), opts.capture!.reportDir).catch(() => undefined);
      throw e;
    });
    capture[who] = await cap.stop(file, portNames(trace), opts.capture.reportDir);
    return normalise(trace, s);
  };
  try {
    const reference = opts.reference ?? (ctx.recorded ? await recordedReference(s, against, ctx.recorded) : await runOne('reference', against));
    if (reference.errors.length)
      return { ...base, verdict: 'error', reasons: reference.errors.map((e) => `reference: ${e}`), durationMs: Math.round(performance.now() - t0), referenceTrace: reference, diff: [] };
    const sub = await runOne('subject', subject);
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
      ...(opts.capture ? { capture } : {}),
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
