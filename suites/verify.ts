/**
 * The shared verifier every family's test file uses: each scenario, on each
 * subject, against each reference node of the run, must give match, match-alt
 * or a registered known divergence. A failure prints both traces' diff and the
 * command that re-runs the case.
 */
import { renderSideBySide } from '../harness/compare/diff.js';
import { loadDivergences } from '../harness/compare/divergences.js';
import type { NormTrace } from '../harness/compare/normalise.js';
import { runCase, type CaseResult } from '../harness/runner/case.js';
import { unsupportedReason, type RunContext } from '../harness/runner/run.js';
import { defaultAgainst, parseSubject, subjectsFromEnv } from '../harness/runner/subject.js';
import type { Scenario } from '../harness/scenario/schema.js';
import { connectReference, publishedReferences, type PublishedReference } from '../harness/testing/references.js';

const ACCEPTABLE = new Set(['match', 'match-alt', 'known-divergence']);

/** GENTCP_SUBJECTS (default: ts:inet,ts:socket, as the CLI's), narrowed by what a reference is published for. */
export function subjectsUnderTest(ref?: PublishedReference): string[] {
  const all: string[] = subjectsFromEnv();
  if (!ref || ref.subjects === 'all') return all;
  return all.filter((s) => s.startsWith(`${ref.subjects}:`));
}

export function explain(r: CaseResult): string {
  return [
    `${r.id} on ${r.subject} vs ${r.against} (OTP ${r.otpVersion}, ${r.provider}): ${r.verdict}`,
    ...r.reasons.map((x) => `  ${x}`),
    r.diff.length ? renderSideBySide(r.diff, `reference ${r.against}`, `subject ${r.subject}`) : '',
    `re-run: gentcp run ${r.id} --subject ${r.subject} --against ${r.against} --reference ${r.provider} --otp ${r.otp}`,
  ].join('\n');
}

export function conformance(family: string, scenarios: Scenario[]): void {
  const divergences = loadDivergences();
  for (const ref of publishedReferences()) {
    describe(`${family} — OTP ${ref.version} (${ref.provider})`, () => {
      let ctx: RunContext;
      let close: () => void = () => undefined;
      // One reference trace per scenario and backend serves every subject compared with it.
      const references = new Map<string, NormTrace>();
      beforeAll(async () => {
        ({ ctx, close } = await connectReference(ref));
      });
      afterAll(() => close());
      for (const s of scenarios)
        for (const subjectName of subjectsUnderTest(ref)) {
          const subject = parseSubject(subjectName);
          // A scenario limited to one backend or release has no case elsewhere.
          if (unsupportedReason(s, subject, ref.otp)) continue;
          test(`${s.id} [${subjectName}]: ${s.rationale}`, async () => {
            const against = defaultAgainst(subject);
            const key = `${s.id}|${against}`;
            const cached = references.get(key);
            const r = await runCase(s, subjectName, against, ctx, { divergences, ...(cached ? { reference: cached } : {}) });
            if (!cached && r.referenceTrace && r.referenceTrace.errors.length === 0) references.set(key, r.referenceTrace);
            if (!ACCEPTABLE.has(r.verdict)) throw new Error(explain(r));
            expect(ACCEPTABLE.has(r.verdict)).toBe(true);
          });
        }
    });
  }
}
