/**
 * The shared verifier every family's test file uses: each scenario, on each
 * subject, against each reference node of the run, must give match, match-alt
 * or a registered known divergence. A failure prints both traces' diff and the
 * command that re-runs the case.
 */
import { ACCEPTABLE, explain } from '../harness/report/explain.js';
import { loadDivergences } from '../harness/compare/divergences.js';
import type { CaseResult } from '../harness/runner/case.js';
import { CaseRunner, matrixCases, runMatrix, type MatrixCase } from '../harness/runner/matrix.js';
import { unsupportedReason } from '../harness/runner/run.js';
import { DEFAULT_WORKERS } from '../harness/runner/sharing.js';
import { parseSubject, subjectsFromEnv } from '../harness/vocabulary/subject.js';
import type { Scenario } from '../harness/scenario/schema.js';

export { explain };
import { connectReference, publishedReferences, servesSubject, type PublishedReference } from '../harness/testing/references.js';

/** GENTCP_SUBJECTS (default: ts:inet,ts:socket, as the CLI's), narrowed by what a reference is published for. */
export function subjectsUnderTest(ref?: PublishedReference): string[] {
  const all: string[] = subjectsFromEnv();
  if (!ref) return all;
  return all.filter((s) => servesSubject(ref, parseSubject(s)));
}

/**
 * Each scenario of a family on each subject, against each published reference:
 * the family's cases run through the same worker pool as the CLI's (GENTCP_WORKERS
 * at once, as their weights allow) before its tests, and each test judges one case.
 */
export function conformance(family: string, scenarios: Scenario[]): void {
  const divergences = loadDivergences();
  // Jest runs GENTCP_JEST_WORKERS family files at once: together they run about as many cases as the CLI does.
  const workers = Number(process.env.GENTCP_WORKERS ?? Math.max(1, Math.floor(DEFAULT_WORKERS / Number(process.env.GENTCP_JEST_WORKERS ?? 2))));
  for (const ref of publishedReferences()) {
    describe(`${family} — OTP ${ref.version} (${ref.provider})`, () => {
      // A scenario limited to one backend or release has no case elsewhere.
      const cases = matrixCases(scenarios, subjectsUnderTest(ref)).filter((c) => !unsupportedReason(c.scenario, parseSubject(c.subject), ref.otp));
      const results = new Map<MatrixCase, CaseResult>();
      let close: () => void = () => undefined;
      beforeAll(async () => {
        const conn = await connectReference(ref);
        close = conn.close;
        const done = await runMatrix(cases, new CaseRunner(conn.ctx, { divergences }), workers);
        done.forEach((r, i) => results.set(cases[i]!, r));
        // Every case has its own step and scenario budgets, so this bound is never what ends a run.
      }, 30 * 60_000);
      afterAll(() => close());
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
