/**
 * The verifier of suites/conformance.test.ts: each scenario, on each
 * subject, against each reference node of the run, must give match, match-alt
 * or a registered known divergence. A failure prints both traces' diff and the
 * command that re-runs the case.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/**
 * Each scenario on each subject of GENTCP_SUBJECTS (default: ts:inet,ts:socket, as the CLI's)
 * that a published reference serves, against that reference. Every case runs first, through the
 * CLI's iterator and one worker pool over all families and references (GENTCP_WORKERS at once, as
 * their weights allow): a pool per family would wait for each family's slowest case. Then each
 * test judges one case, under a describe per family and reference.
 */
export function conformance(scenarios: Scenario[]): void {
  const divergences = loadDivergences();
  const workers = Number(process.env.GENTCP_WORKERS ?? DEFAULT_WORKERS);
  // A scenario limited to one backend or release has no case elsewhere.
  const plan = conformancePlan(scenarios, subjectsFromEnv(), publishedReferences(), { serves: servesSubject, otpOf: (ref) => ref.otp });
  const results = new Map<MatrixCase, CaseResult>();
  let closers: Array<() => void> = [];
  beforeAll(async () => {
    const settled = await Promise.allSettled(plan.map((p) => connectReference(p.reference)));
    const conns = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    closers = conns.map((c) => c.close);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const total = plan.reduce((n, p) => n + p.cases.length, 0);
    let ended = 0;
    const progress = (): void => {
      // A line per tenth, so a long run shows it is moving (Jest prints nothing until the tests).
      if (++ended % Math.max(1, Math.ceil(total / 10)) === 0 || ended === total) process.stderr.write(`conformance: ${ended}/${total} cases\n`);
    };
    const done = await runOnReferences(plan.map((p, k) => ({ ctx: conns[k]!.ctx, cases: p.cases })), { divergences, workers, onResult: progress });
    done.forEach((rs, k) => rs.forEach((r, i) => results.set(plan[k]!.cases[i]!, r)));
    // GENTCP_VERDICTS_OUT: each case's verdict, for checks that compare runs (the offline check in CI).
    const out = process.env.GENTCP_VERDICTS_OUT;
    if (out) {
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, JSON.stringify([...results.values()].map((r) => ({ id: r.id, subject: r.subject, otp: r.otp, verdict: r.verdict })), null, 0) + '\n');
    }
    // Every case has its own step and scenario budgets, so this bound is never what ends a run.
  }, 60 * 60_000);
  afterAll(() => closers.forEach((close) => close()));
  const families = [...new Set(scenarios.map((s) => familyOf(s.id)))];
  for (const family of families)
    for (const { reference: ref, cases } of plan) {
      const mine = cases.filter((c) => familyOf(c.scenario.id) === family);
      if (mine.length === 0) continue;
      describe(`${family} — OTP ${ref.version} (${ref.provider})`, () => {
        for (const c of mine)
          test(`${c.scenario.id} [${c.subject}]: ${c.scenario.rationale}`, () => {
            const r = results.get(c);
            if (!r) throw new Error(`${c.scenario.id} [${c.subject}] did not run: the run failed (see its beforeAll)`);
            if (!ACCEPTABLE.has(r.verdict)) throw new Error(explain(r));
            expect(ACCEPTABLE.has(r.verdict)).toBe(true);
          });
      });
    }
}
