/**
 * The shared verifier every family's test file uses: each scenario, on each
 * subject, against each reference node of the run, must give match, match-alt
 * or a registered known divergence. A failure prints both traces' diff and the
 * command that re-runs the case.
 */
import { ACCEPTABLE, explain } from '../harness/report/explain.js';
import { loadDivergences } from '../harness/compare/divergences.js';
import type { CaseResult } from '../harness/runner/case.js';
import { conformancePlan, runOnReferences } from '../harness/runner/conformance.js';
import type { MatrixCase } from '../harness/runner/matrix.js';
import { DEFAULT_WORKERS } from '../harness/runner/sharing.js';
import type { Scenario } from '../harness/scenario/schema.js';
import { connectReference, publishedReferences, servesSubject } from '../harness/testing/references.js';
import { familyOf } from '../harness/vocabulary/ids.js';
import { subjectsFromEnv } from '../harness/vocabulary/subject.js';

export { explain };

/** The family all of `scenarios` belong to, by their ids. */
function familyOfAll(scenarios: readonly Scenario[]): string {
  const names = [...new Set(scenarios.map((s) => familyOf(s.id)))];
  if (names.length !== 1) throw new Error(`conformance() takes the scenarios of one family, not of ${names.join(', ') || 'none'}`);
  return names[0]!;
}

/**
 * Each scenario of a family on each subject of GENTCP_SUBJECTS (default: ts:inet,ts:socket, as
 * the CLI's) that a published reference serves, against that reference: the family's cases run
 * through the CLI's iterator and one worker pool over all references (GENTCP_WORKERS at once, as
 * their weights allow) before its tests, and each test judges one case.
 */
export function conformance(scenarios: Scenario[]): void {
  const family = familyOfAll(scenarios);
  const divergences = loadDivergences();
  // Jest runs GENTCP_JEST_WORKERS family files at once: together they run about as many cases as the CLI does.
  const workers = Number(process.env.GENTCP_WORKERS ?? Math.max(1, Math.floor(DEFAULT_WORKERS / Number(process.env.GENTCP_JEST_WORKERS ?? 2))));
  // A scenario limited to one backend or release has no case elsewhere.
  const plan = conformancePlan(scenarios, subjectsFromEnv(), publishedReferences(), { serves: servesSubject, otpOf: (ref) => ref.otp });
  const results = new Map<MatrixCase, CaseResult>();
  let closers: Array<() => void> = [];
  // All references' cases in one pool, as the CLI runs them.
  beforeAll(async () => {
    const settled = await Promise.allSettled(plan.map((p) => connectReference(p.reference)));
    const conns = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    closers = conns.map((c) => c.close);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const done = await runOnReferences(plan.map((p, k) => ({ ctx: conns[k]!.ctx, cases: p.cases })), { divergences, workers });
    done.forEach((rs, k) => rs.forEach((r, i) => results.set(plan[k]!.cases[i]!, r)));
    // Every case has its own step and scenario budgets, so this bound is never what ends a run.
  }, 30 * 60_000);
  afterAll(() => closers.forEach((close) => close()));
  for (const { reference: ref, cases } of plan) {
    describe(`${family} — OTP ${ref.version} (${ref.provider})`, () => {
      for (const c of cases)
        test(`${c.scenario.id} [${c.subject}]: ${c.scenario.rationale}`, () => {
          const r = results.get(c);
          if (!r) throw new Error(`${c.scenario.id} [${c.subject}] did not run: the family's run failed (see its beforeAll)`);
          if (!ACCEPTABLE.has(r.verdict)) throw new Error(explain(r));
          expect(ACCEPTABLE.has(r.verdict)).toBe(true);
        });
    });
  }
}
