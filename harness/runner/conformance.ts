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

export interface ReferenceRunOptions extends CaseRunnerOptions {
  /** Cases at once, as their weights allow. */
  workers: number;
  /** Awaited before each case starts (the CLI starts a node that died again here). */
  beforeCase?: () => Promise<void>;
  /** Each result as its case ends. */
  onResult?: (r: CaseResult, index: number) => void;
}

/** One reference's cases on its node, through one CaseRunner (one reference trace per scenario and backend); results in the order of `cases`. */
export function runOnReference(ctx: RunContext, cases: readonly MatrixCase[], o: ReferenceRunOptions): Promise<CaseResult[]> {
  const runner = new CaseRunner(ctx, { divergences: o.divergences, ...(o.capture ? { capture: o.capture } : {}) });
  const { beforeCase } = o;
  const run = beforeCase
    ? async (c: MatrixCase): Promise<CaseResult> => {
        await beforeCase();
        return runner.run(c);
      }
    : (c: MatrixCase): Promise<CaseResult> => runner.run(c);
  return runMatrix(cases, { run }, o.workers, o.onResult);
}
