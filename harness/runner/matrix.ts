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
import { runCase, type CaseResult } from './case.js';
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
      p = runScenario(s, against, this.ctx).then((t) => normalise(t, s));
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
 * How a case may share the machine. `alone`: it claims a duration (timing
 * bands), binds a fixed port number or one another socket had (another case
 * could hold it meanwhile), or races a call left running (nowait) against a
 * fixed wait (the wait must outlast the call's start), so it runs with nothing
 * else. `heavy`: it moves bulk data (how much the kernel takes, and when, is its
 * outcome), so it runs beside light cases but never beside another heavy one.
 * `light`: anything else.
 */
export function weight(s: Scenario): 'alone' | 'heavy' | 'light' {
  const portOf = (t: TermIn): boolean => t !== null && typeof t === 'object' && !Array.isArray(t) && 'portOf' in t;
  const portOption = (t: TermIn): boolean =>
    Array.isArray(t) ? (t.length === 2 && t[0] === 'port' && portOf(t[1]!)) || t.some(portOption) : t !== null && typeof t === 'object' && 'list' in t && t.list.some(portOption);
  const bulk = (t: TermIn): boolean =>
    Array.isArray(t) ? t.some(bulk) : t !== null && typeof t === 'object' && (('fill' in t && t.fill >= BULK_BYTES) || ('list' in t && t.list.some(bulk)));
  const steps = s.steps.filter((step) => 'args' in step) as Array<{ op: string; args: TermIn[]; nowait?: boolean }>;
  const boundPort = (st: { op: string; args: TermIn[] }): boolean =>
    (st.op === 'listen' && (portOf(st.args[0]!) || (typeof st.args[0] === 'number' && st.args[0] !== 0))) || st.args.some(portOption);
  const racesAWait = steps.some((st) => st.nowait) && s.steps.some((st) => st.op === 'wait');
  if ((s.timing?.length ?? 0) > 0 || steps.some(boundPort) || racesAWait) return 'alone';
  if (steps.some((st) => st.op === 'fill' || st.op === 'send_until_error' || st.args.some(bulk))) return 'heavy';
  return 'light';
}

/**
 * Runs `cases` with at most `workers` at once, as their weights allow (cases that
 * run alone come last, one at a time); `onResult` sees each as it ends. The
 * results come back in the order of `cases`, whatever order they ended in.
 */
export async function runMatrix(cases: readonly MatrixCase[], runner: Pick<CaseRunner, 'run'>, workers: number, onResult?: (r: CaseResult, index: number) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  const weights = cases.map((c) => weight(c.scenario));
  const waiting = cases.map((_, i) => i).filter((i) => weights[i] !== 'alone');
  let heavyRunning = false;
  const heavyWaiters: Array<() => void> = [];
  const run = async (i: number): Promise<void> => {
    const r = await runner.run(cases[i]!);
    results[i] = r;
    onResult?.(r, i);
  };
  const worker = async (): Promise<void> => {
    while (waiting.length > 0) {
      const k = heavyRunning ? waiting.findIndex((i) => weights[i] === 'light') : 0;
      if (k < 0) {
        // Only heavy cases are left, and one runs: wait for it.
        await new Promise<void>((resolve) => heavyWaiters.push(resolve));
        continue;
      }
      const [i] = waiting.splice(k, 1) as [number];
      if (weights[i] !== 'heavy') {
        await run(i);
        continue;
      }
      heavyRunning = true;
      try {
        await run(i);
      } finally {
        heavyRunning = false;
        for (const wake of heavyWaiters.splice(0)) wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, waiting.length)) }, worker));
  for (const i of cases.keys()) if (weights[i] === 'alone') await run(i);
  return results;
}
