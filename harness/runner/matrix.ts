/**
 * The conformance matrix on one reference node: every scenario on every subject,
 * several cases at once. One reference trace per scenario and backend serves every
 * subject compared with it (shared as a promise, so concurrent subjects wait for
 * the same run). The CLI and the Jest verifier both reach it through conformance.ts.
 */
import type { Divergence } from '../compare/divergences.js';
import { normalise, type NormTrace } from '../compare/normalise.js';
import type { Scenario, TermIn } from '../scenario/schema.js';
import { familyOf } from '../vocabulary/ids.js';
import { recordedReference, runCase, type CaseResult } from './case.js';
import { Unsupported } from './executor.js';
import { runScenario, type RunContext } from './run.js';
import { defaultAgainst, parseSubject, type SubjectName } from '../vocabulary/subject.js';

export interface MatrixCase {
  scenario: Scenario;
  subject: SubjectName;
  against: SubjectName;
}

/** Cases in report order: scenario by scenario, each on every subject. */
export function matrixCases(scenarios: readonly Scenario[], subjects: readonly string[]): MatrixCase[] {
  const parsed = subjects.map(parseSubject);
  return scenarios.flatMap((scenario) => parsed.map((s) => ({ scenario, subject: s.name, against: defaultAgainst(s) })));
}

export interface CaseRunnerOptions {
  divergences: Divergence[];
  /** --capture: each case runs (and records) its own reference. */
  capture?: { dir: string; reportDir: string };
}

/** Runs cases against one reference node, sharing reference traces between subjects. */
export class CaseRunner {
  private readonly references = new Map<string, Promise<NormTrace>>();

  constructor(
    readonly ctx: RunContext,
    private readonly opts: CaseRunnerOptions,
  ) {}

  async run(c: MatrixCase): Promise<CaseResult> {
    const { scenario: s, subject, against } = c;
    if (this.opts.capture) return runCase(s, subject, against, this.ctx, { divergences: this.opts.divergences, capture: this.opts.capture });
    let reference: NormTrace;
    try {
      reference = await this.reference(s, against);
    } catch (e) {
      const { ctx } = this;
      return {
        id: s.id, family: familyOf(s.id), title: s.title, subject, against,
        otp: ctx.reference.otp, otpVersion: ctx.reference.version, provider: ctx.reference.provider,
        verdict: e instanceof Unsupported ? 'unsupported' : 'error', reasons: [`reference: ${(e as Error).message}`], durationMs: 0, diff: [],
      };
    }
    return runCase(s, subject, against, this.ctx, { divergences: this.opts.divergences, reference });
  }

  private reference(s: Scenario, against: string): Promise<NormTrace> {
    const key = `${s.id}\u0000${against}`;
    let p = this.references.get(key);
    if (!p) {
      const recorded = this.ctx.recorded;
      p = recorded ? recordedReference(s, against, recorded) : runScenario(s, against, this.ctx).then((t) => normalise(t, s));
      // A rejected promise is awaited by each subject; keep it from counting as unhandled meanwhile.
      p.catch(() => undefined);
      this.references.set(key, p);
    }
    return p;
  }
}

/** A fill this large makes the kernel's buffers and memory part of the outcome. */
const BULK_BYTES = 1 << 20;

/**
 * How a case may share the machine.
 * - `alone`: it binds a fixed port number or one another socket had (another
 *   case could hold it meanwhile), or it sets the kernel's default options (every
 *   socket made meanwhile would take them), so it runs with nothing else, after the rest.
 * - `timed`: it claims a duration (timing bands) or races a call left running
 *   (nowait) against a fixed wait. Cases that mostly wait on timers disturb it
 *   little, so it runs beside light and other timed cases, but never beside a
 *   heavy one, whose bulk copying can hold the event loop and the schedulers.
 * - `heavy`: it moves bulk data (how much the kernel takes, and when, is its
 *   outcome), so at most HEAVY_AT_ONCE run at a time, beside light cases only.
 * - `light`: anything else.
 */
export type Weight = 'alone' | 'timed' | 'heavy' | 'light';

export function weight(s: Scenario): Weight {
  const portOf = (t: TermIn): boolean => t !== null && typeof t === 'object' && !Array.isArray(t) && 'portOf' in t;
  const portOption = (t: TermIn): boolean =>
    Array.isArray(t) ? (t.length === 2 && t[0] === 'port' && portOf(t[1]!)) || t.some(portOption) : t !== null && typeof t === 'object' && 'list' in t && t.list.some(portOption);
  const bulk = (t: TermIn): boolean =>
    Array.isArray(t) ? t.some(bulk) : t !== null && typeof t === 'object' && (('fill' in t && t.fill >= BULK_BYTES) || ('list' in t && t.list.some(bulk)));
  const steps = s.steps.filter((step) => 'args' in step) as Array<{ op: string; args: TermIn[]; nowait?: boolean }>;
  const boundPort = (st: { op: string; args: TermIn[] }): boolean =>
    (st.op === 'listen' && (portOf(st.args[0]!) || (typeof st.args[0] === 'number' && st.args[0] !== 0))) || st.args.some(portOption);
  const racesAWait = steps.some((st) => st.nowait) && s.steps.some((st) => st.op === 'wait');
  if (steps.some(boundPort) || s.kernel !== undefined) return 'alone';
  if ((s.timing?.length ?? 0) > 0 || racesAWait) return 'timed';
  if (steps.some((st) => st.op === 'fill' || st.op === 'send_until_error' || st.args.some(bulk))) return 'heavy';
  return 'light';
}

/** Bulk copies at once: two keep both cores of a small machine busy without starving the light cases. */
export const HEAVY_AT_ONCE = 2;

/** Whether a case of weight `w` (not `alone`: those run after the rest) may start beside the cases running now. */
function mayStart(w: Weight, running: ReadonlyMap<Weight, number>): boolean {
  const n = (k: Weight): number => running.get(k) ?? 0;
  if (w === 'timed') return n('heavy') === 0;
  if (w === 'heavy') return n('heavy') < HEAVY_AT_ONCE && n('timed') === 0;
  return true;
}

/** Timed cases first (they need the machine calm, so while it still is), then heavy ones, then light ones. */
const START_ORDER: Record<Exclude<Weight, 'alone'>, number> = { timed: 0, heavy: 1, light: 2 };

/**
 * Runs `cases` with at most `workers` at once, as their weights allow (cases that
 * run alone come last, one at a time); `onResult` sees each as it ends. The
 * results come back in the order of `cases`, whatever order they ended in.
 */
export async function runMatrix<C extends MatrixCase>(
  cases: readonly C[],
  runner: { run(c: C): Promise<CaseResult> },
  workers: number,
  onResult?: (r: CaseResult, index: number) => void,
): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  const weights = cases.map((c) => weight(c.scenario));
  const waiting = cases
    .map((_, i) => i)
    .filter((i) => weights[i] !== 'alone')
    .sort((a, b) => START_ORDER[weights[a] as Exclude<Weight, 'alone'>] - START_ORDER[weights[b] as Exclude<Weight, 'alone'>] || a - b);
  const running = new Map<Weight, number>();
  let wakers: Array<() => void> = [];
  const run = async (i: number): Promise<void> => {
    const w = weights[i]!;
    running.set(w, (running.get(w) ?? 0) + 1);
    try {
      const r = await runner.run(cases[i]!);
      results[i] = r;
      onResult?.(r, i);
    } finally {
      running.set(w, running.get(w)! - 1);
      const wake = wakers;
      wakers = [];
      for (const f of wake) f();
    }
  };
  const worker = async (): Promise<void> => {
    while (waiting.length > 0) {
      const k = waiting.findIndex((i) => mayStart(weights[i]!, running));
      if (k < 0) {
        // What is left must wait for a running case to end.
        await new Promise<void>((resolve) => wakers.push(resolve));
        continue;
      }
      const [i] = waiting.splice(k, 1) as [number];
      await run(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, waiting.length)) }, worker));
  for (const i of cases.keys()) if (weights[i] === 'alone') await run(i);
  return results;
}
