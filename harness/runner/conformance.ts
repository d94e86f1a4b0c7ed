/**
 * The one conformance iterator: `gentcp conformance` (harness/cli/conformance.ts) and the
 * Jest suites (suites/verify.ts) both walk a run's references and cases through here, so
 * both run them in the same order and share reference traces the same way.
 */
import type { Scenario } from '../scenario/schema.js';
import { parseSubject, type Subject, type SubjectName } from '../vocabulary/subject.js';
import type { CaseResult } from './case.js';
import { CaseRunner, matrixCases, runMatrix, type CaseRunnerOptions, type MatrixCase } from './matrix.js';
import { unsupportedReason, type RunContext } from './run.js';

/** One reference's share of a run: the cases it runs, in report order. */
export interface ReferenceCases<R> {
  reference: R;
  cases: MatrixCase[];
}

export interface PlanOptions<R> {
  /** Whether a reference takes a subject (default: it takes every one). */
  serves?: (reference: R, subject: Subject) => boolean;
  /** A reference's OTP release when known before its node starts: cases that cannot run there are left out. */
  otpOf?: (reference: R) => string | undefined;
}

/**
 * The scenarios whose id starts with one of `only`'s comma-separated prefixes (all of them
 * without `only`), in their order: --only on the CLI, GENTCP_ONLY in Jest.
 */
export function selectScenarios<S extends { id: string }>(scenarios: readonly S[], only: string | undefined): S[] {
  const prefixes = only?.split(',').filter((p) => p !== '');
  const selected = scenarios.filter((s) => prefixes === undefined || prefixes.some((p) => s.id.startsWith(p)));
  if (selected.length === 0) throw new Error(`no scenario id starts with "${only}"`);
  return selected;
}

/**
 * The references in the order given, each with matrixCases' order (scenario by scenario, each
 * on every subject it serves). Without `otpOf`, a case a release cannot run still runs and
 * gives `unsupported`, as the CLI reports it.
 */
export function conformancePlan<R>(scenarios: readonly Scenario[], subjects: readonly SubjectName[], references: readonly R[], o: PlanOptions<R> = {}): ReferenceCases<R>[] {
  return references.map((reference) => {
    const served = o.serves ? subjects.filter((s) => o.serves!(reference, parseSubject(s))) : subjects;
    const otp = o.otpOf?.(reference);
    const cases = matrixCases(scenarios, served).filter((c) => otp === undefined || !unsupportedReason(c.scenario, parseSubject(c.subject), otp));
    return { reference, cases };
  });
}

export interface PoolOptions extends CaseRunnerOptions {
  /** Cases at once over all references, as their weights allow. */
  workers: number;
  /** Each result as its case ends: which reference, and the case's index in that reference's cases. */
  onResult?: (r: CaseResult, reference: number, index: number) => void;
}

/** One reference node's share of a pooled run. */
export interface ReferenceRun {
  ctx: RunContext;
  cases: readonly MatrixCase[];
  /** Awaited before each of its cases starts (the CLI starts a node that died again here). */
  beforeCase?: () => Promise<void>;
}

/**
 * Every reference's cases in one pool of workers, so the rules on what may run beside
 * what hold across nodes too; one CaseRunner per node (one reference trace per scenario
 * and backend). Results per reference, each in the order of its cases.
 */
export async function runOnReferences(refs: readonly ReferenceRun[], o: PoolOptions): Promise<CaseResult[][]> {
  const runners = refs.map((r) => new CaseRunner(r.ctx, { divergences: o.divergences, ...(o.capture ? { capture: o.capture } : {}) }));
  const all = refs.flatMap((r, ref) => r.cases.map((c, index) => ({ ...c, ref, index })));
  const run = async (c: (typeof all)[number]): Promise<CaseResult> => {
    await refs[c.ref]!.beforeCase?.();
    return runners[c.ref]!.run(c);
  };
  const done = await runMatrix(all, { run }, o.workers, o.onResult && ((r, i) => o.onResult!(r, all[i]!.ref, all[i]!.index)));
  const out: CaseResult[][] = refs.map(() => []);
  done.forEach((r, i) => (out[all[i]!.ref]![all[i]!.index] = r));
  return out;
}
